"""A sentence stated as a whole ("releases pass an offline evaluation gate") is supported when an
evidence passage is close in meaning and shares most of its content words; topic alone is not support."""

from __future__ import annotations

import re

import numpy as np

from assessor.answer_doc import AnswerDoc
from assessor.retrieval import EvidenceIndex
from assessor.text import sentence_spans
from scoring.checks.model import NOT_FOUND, SUPPORTED, ClaimCheck, verdict

_WORD = re.compile(r"[a-z][a-z-]{3,}")
_STOP_WORDS = """this that with from have been were will their there which when where what also into each every
such they them than then only more most other some over under must shall should would could about after before
these those does done using used uses within without upon very ours your"""
_STOP = frozenset(_STOP_WORDS.split())


def content_stems(text: str) -> set[str]:
    """Content words cut to a common stem, so 'reviews' meets 'reviewed'."""
    return {word[:6] for word in _WORD.findall(text.lower()) if word not in _STOP}


def check_statements(doc: AnswerDoc, index: EvidenceIndex, settings: dict) -> list[ClaimCheck]:
    statements = [c for c in doc.claims if c.kind == "statement"]
    if not statements:
        return []
    if index.vectors is None:
        return [verdict(c, NOT_FOUND, "no evidence passage states this") for c in statements]
    similarity = index.embedder.encode([c.text for c in statements]) @ index.vectors.T
    checks = []
    for claim, row in zip(statements, similarity):
        words = content_stems(claim.text)
        best = None
        for number in np.argsort(-row, kind="stable")[: settings["statement_candidates"]]:
            if row[number] < settings["statement_similarity"]:
                break
            passage = index.passages[int(number)]
            for start, end in sentence_spans(passage.text):
                sentence = passage.text[start:end]
                share = len(words & content_stems(sentence)) / max(len(words), 1)
                if share >= settings["statement_overlap"] and (best is None or share > best[0]):
                    best = (share, passage, sentence)
            if best:
                break
        if best:
            share, passage, sentence = best
            explanation = f"{passage.doc} says the same ({share:.0%} of the content words, similar in meaning)"
            checks.append(
                verdict(claim, SUPPORTED, explanation, passage, sentence, index.documents[passage.doc].doc_type)
            )
        else:
            checks.append(verdict(claim, NOT_FOUND, "no evidence passage states this"))
    return checks
