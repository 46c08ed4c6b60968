"""A sentence stated as a whole ("releases pass an offline evaluation gate") is supported when an
evidence passage is close in meaning and has a sentence sharing most of its content words with the same
polarity; the same words with the opposite polarity ("every reply is reviewed" / "sent without review")
contradict it. Topic alone is neither."""

from __future__ import annotations

import re

import numpy as np

from assessor.answer_doc import AnswerDoc
from assessor.commitments import NEGATION
from assessor.retrieval import EvidenceIndex
from assessor.text import content_stems, sentence_spans
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, verdict

WITHOUT = re.compile(r"\bwithout\b", re.I)


def check_statements(doc: AnswerDoc, index: EvidenceIndex, settings: dict) -> list[ClaimCheck]:
    statements = [c for c in doc.claims if c.kind == "statement"]
    if not statements:
        return []
    if index.vectors is None:
        return [verdict(c, NOT_FOUND, "no evidence passage states this") for c in statements]
    similarity = index.embedder.encode([c.text for c in statements]) @ index.vectors.T
    checks = []
    for claim, row in zip(statements, similarity):
        words, negative = content_stems(claim.text), _negative(claim.text)
        best = None
        for number in np.argsort(-row, kind="stable")[: settings["statement_candidates"]]:
            if row[number] < settings["statement_similarity"]:
                break
            passage = index.passages[int(number)]
            for start, end in sentence_spans(passage.text):
                sentence = passage.text[start:end]
                share = len(words & content_stems(sentence)) / max(len(words), 1)
                if best is None or share > best[0]:
                    best = (share, passage, sentence)
        share, passage, sentence = best or (0.0, None, "")
        if passage and _negative(sentence) != negative and share >= settings["statement_contradiction_overlap"]:
            said = "denies" if negative else "states"
            explanation = f"the answer {said} this but {passage.doc} says the opposite in the same words ({share:.0%})"
            checks.append(verdict(claim, CONTRADICTED, explanation, passage, sentence, index))
        elif passage and _negative(sentence) == negative and share >= settings["statement_overlap"]:
            explanation = f"{passage.doc} says the same ({share:.0%} of the content words, similar in meaning)"
            checks.append(verdict(claim, SUPPORTED, explanation, passage, sentence, index))
        else:
            checks.append(verdict(claim, NOT_FOUND, "no evidence passage states this"))
    return checks


def _negative(sentence: str) -> bool:
    return bool(NEGATION.search(sentence) or WITHOUT.search(sentence))
