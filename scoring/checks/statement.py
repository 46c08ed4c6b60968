"""Sentences checked by what they say, not by a typed value.

A sentence stated as a whole ("releases pass an offline evaluation gate") is supported when an evidence
passage is close in meaning and has a sentence sharing most of its content words without a conflicting
stance. It is contradicted when a sentence on the same topic takes the opposite stance (see
``assessor.stance``): it denies what the answer states, allows what it denies, makes optional what it
states without exception, or says is not yet in place what it states as current practice. The same
stance test runs on the clauses of sentences with typed facts: "tested every year" is contradicted by
"no test has been carried out yet". Same topic means sharing most content words, or sharing many and
being close in meaning. Topic alone is neither support nor contradiction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assessor.answer_doc import AnswerClaim, AnswerDoc
from assessor.retrieval import EvidenceClause, EvidenceIndex, EvidenceSentence
from assessor.stance import ABSENT, CONFLICTS, Stance, stance_of
from assessor.text import clause_spans, content_stems
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, verdict


@dataclass(frozen=True)
class Conflict:
    """An evidence clause on the same topic as an answer clause, with a stance that contradicts it."""

    reason: str  # a key of assessor.stance.CONFLICTS
    sentence: EvidenceSentence
    clause: EvidenceClause
    share: float  # of the answer clause's content words found in the evidence clause

    def explanation(self) -> str:
        return f"{self.sentence.passage.doc} {CONFLICTS[self.reason]} ({self.share:.0%} of the content words shared)"


def check_statements(doc: AnswerDoc, index: EvidenceIndex, settings: dict) -> list[ClaimCheck]:
    statements = [c for c in doc.claims if c.kind == "statement"]
    if not statements:
        return []
    if index.vectors is None:
        return [verdict(c, NOT_FOUND, "no evidence passage states this") for c in statements]
    similarity = index.embedder.encode([c.text for c in statements]) @ index.vectors.T
    return [
        _check(claim, _candidates(claim.text, row, index, settings), index, settings)
        for claim, row in zip(statements, similarity)
    ]


def check_typed_clauses(doc: AnswerDoc, index: EvidenceIndex, settings: dict) -> dict[tuple[int, int], Conflict]:
    """Clauses holding typed facts (``doc.typed_clauses``) that the evidence denies or says are not yet in place,
    by span. An option or a denial elsewhere in the sentence is no conflict here: the typed check weighs the
    fact itself ("kept 3 years, shared on request" still states the 3 years)."""
    if index.vectors is None:
        return {}
    clauses = doc.typed_clauses
    if not clauses:
        return {}
    similarity = index.embedder.encode([doc.text[a:b] for a, b in clauses]) @ index.vectors.T
    found = {}
    for (start, end), row in zip(clauses, similarity):
        text = doc.text[start:end]
        conflict = _conflict(text, _candidates(text, row, index, settings), index, settings, ABSENT)
        if conflict:
            found[start, end] = conflict
    return found


def _check(claim: AnswerClaim, candidates: list[EvidenceSentence], index: EvidenceIndex, settings: dict) -> ClaimCheck:
    words, stance = content_stems(claim.text), stance_of(claim.text)
    support, share = None, 0.0
    for sentence in candidates:
        if stance.conflict(sentence.units[0].stance):
            continue  # a sentence that takes the other stance as a whole supports nothing, whatever its clauses say
        overlap = _share(words, sentence.units[0].stems)
        if overlap > share:
            support, share = sentence, overlap
    conflicts = [_conflict(claim.text[a:b], candidates, index, settings) for a, b in clause_spans(claim.text)]
    conflict = max((c for c in conflicts if c), key=lambda c: c.share, default=None)
    if conflict and not (share >= settings["statement_overlap"] and share > conflict.share):
        sentence = conflict.sentence
        return verdict(claim, CONTRADICTED, conflict.explanation(), sentence.passage, sentence.text, index)
    if support and share >= settings["statement_overlap"]:
        explanation = f"{support.passage.doc} says the same ({share:.0%} of the content words, similar in meaning)"
        return verdict(claim, SUPPORTED, explanation, support.passage, support.text, index)
    return verdict(claim, NOT_FOUND, "no evidence passage states this")


def _candidates(text: str, row: np.ndarray, index: EvidenceIndex, settings: dict) -> list[EvidenceSentence]:
    """The prose sentences of the passages closest in meaning to an answer sentence, and of those sharing
    many of its words."""
    k = settings["statement_candidates"]
    close = [int(n) for n in np.argsort(-row, kind="stable")[:k] if row[n] >= settings["statement_similarity"]]
    sharing = index.passages_sharing(content_stems(text), settings["contradiction_meaning_overlap"], k)
    return [sentence for number in dict.fromkeys(close + sharing) for sentence in index.sentences_of(number)]


def _conflict(
    text: str, candidates: list[EvidenceSentence], index: EvidenceIndex, settings: dict, kinds=tuple(CONFLICTS)
) -> Conflict | None:
    """The evidence clause on the same topic as ``text`` whose stance contradicts it (in one of ``kinds``),
    sharing most words."""
    words, stance = content_stems(text), stance_of(text)
    if len(words) < settings["stance_min_words"]:
        return None
    opposed = [
        Conflict(reason, sentence, clause, _share(words, clause.stems))
        for sentence in candidates
        if not _mixed(sentence, words, stance, settings)
        for clause in sentence.units
        if (reason := stance.conflict(clause.stance)) in kinds
    ]
    opposed = [
        c
        for c in opposed
        if c.share >= settings["contradiction_meaning_overlap"]
        and len(words & c.clause.stems) >= settings["stance_min_shared"]
    ]
    if any(c.share < settings["statement_contradiction_overlap"] for c in opposed):
        meaning = index.embedder.encode([c.clause.text for c in opposed]) @ index.embedder.encode([text])[0]
        opposed = [
            c
            for c, similarity in zip(opposed, meaning)
            if c.share >= settings["statement_contradiction_overlap"] or similarity >= settings["contradiction_meaning"]
        ]
    return max(opposed, key=lambda c: c.share, default=None)


def _mixed(sentence: EvidenceSentence, words: set[str], stance: Stance, settings: dict) -> bool:
    """One clause agrees with the answer while the sentence as a whole takes the other stance ("transcripts are
    never used for training; they are deleted when the contract ends"): too mixed to contradict it."""
    clauses = sentence.units[1:]
    return any(
        _share(words, clause.stems) >= settings["statement_overlap"] and not stance.conflict(clause.stance)
        for clause in clauses
    )


def _share(words: set[str], stems: frozenset[str]) -> float:
    return len(words & stems) / max(len(words), 1)
