"""Durations and percentages: the same value in a similar sentence supports the answer;
a different value in a very similar sentence contradicts it (24 hours vs 72 hours)."""

from __future__ import annotations

import numpy as np

from assessor.claims import Claim, extract_claims
from assessor.retrieval import NUMERIC_KINDS, EvidenceIndex, Statement
from assessor.text import sentence_around, window_around
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck

# A same-value statement loses to a different value only when that one's context is clearly closer.
CLEARLY_CLOSER = 0.15

Candidate = tuple[float, Statement]


def check_numeric(answer: str, claims: list[Claim], index: EvidenceIndex, settings: dict) -> list[ClaimCheck]:
    numeric = [c for c in claims if c.kind in NUMERIC_KINDS]
    near = index.statements_near(answer, settings["nearest_passages"]) if numeric else []
    if not len(near):
        return [_verdict(claim, None, None, settings) for claim in numeric]
    statements = [index.statements[i] for i in near]
    contexts = [window_around(answer, c.start, c.end) for c in numeric]
    similarity = index.embedder.encode(contexts) @ index.statement_vectors(near).T
    by_kind, own, in_sentence = ({key: mask[near] for key, mask in masks.items()} for masks in index.statement_facts)
    nothing = np.zeros(len(near), dtype=bool)
    checks = []
    for claim, row in zip(numeric, similarity):
        agrees = in_sentence.get((claim.kind, claim.value), nothing)
        # A different value counts against the claim only when the answer's own sentence
        # does not state it too: "15 minutes ... 30 minutes" is not contradicted by a
        # sentence about the 15 minutes.
        stated_by_answer = nothing.copy()
        for fact in _values(sentence_around(answer, claim.start, claim.end)):
            stated_by_answer |= own.get(fact, nothing)
        disagrees = by_kind.get(claim.kind, nothing) & ~stated_by_answer & ~agrees
        checks.append(
            _verdict(claim, _closest(statements, row, agrees), _closest(statements, row, disagrees), settings)
        )
    return checks


def _values(sentence: str) -> set[tuple[str, object]]:
    return {(c.kind, c.value) for c in extract_claims(sentence) if c.kind in NUMERIC_KINDS}


def _closest(statements: list[Statement], scores: np.ndarray, wanted: np.ndarray) -> Candidate | None:
    """Among the wanted evidence statements, the one whose sentence is closest to the answer's."""
    if not wanted.any():
        return None
    best = int(np.argmax(np.where(wanted, scores, -np.inf)))
    return float(scores[best]), statements[best]


def _verdict(claim: Claim, same: Candidate | None, other: Candidate | None, settings: dict) -> ClaimCheck:
    if same and same[0] >= settings["support_similarity"] and not (other and other[0] >= same[0] + CLEARLY_CLOSER):
        statement = same[1]
        explanation = f"{statement.passage.doc} states {statement.claim.text} in a similar context"
        return ClaimCheck(
            claim.kind, claim.text, SUPPORTED, explanation, statement.passage.citation, statement.sentence
        )
    if other and other[0] >= settings["contradiction_similarity"]:
        statement = other[1]
        explanation = f"the answer says {claim.text} but {statement.passage.doc} says {statement.claim.text}"
        return ClaimCheck(
            claim.kind, claim.text, CONTRADICTED, explanation, statement.passage.citation, statement.sentence
        )
    return ClaimCheck(claim.kind, claim.text, NOT_FOUND, f"no evidence states {claim.text} in a similar context")
