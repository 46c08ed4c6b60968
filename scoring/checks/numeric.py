"""Quantities compared by value in a similar context: durations, percentages, cadences and counts.

The same value in a similar sentence supports the answer; a different value of the same dimension
in a very similar sentence contradicts it (24 hours vs 72 hours, quarterly vs annually, 3 reviewers vs 2).
"""

from __future__ import annotations

import numpy as np

from assessor.answer_doc import AnswerClaim, AnswerDoc
from assessor.claims import COMPARED_BY_VALUE
from assessor.retrieval import EvidenceIndex, Statement
from assessor.text import content_stems
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, verdict

Candidate = tuple[float, Statement]


def check_numeric(doc: AnswerDoc, index: EvidenceIndex, settings: dict) -> list[ClaimCheck]:
    numeric = doc.value_claims
    near = index.statements_near(doc.text, settings["nearest_passages"]) if numeric else []
    if not len(near):
        return [_verdict(claim, "", None, None, index, settings) for claim in numeric]
    statements = [index.statements[i] for i in near]
    contexts = [doc.context_of(c) for c in numeric]
    similarity = index.embedder.encode(contexts) @ index.statement_vectors(near).T
    by_dimension, own, in_sentence = (
        {key: mask[near] for key, mask in masks.items()} for masks in index.statement_facts
    )
    nothing = np.zeros(len(near), dtype=bool)
    checks = []
    for claim, row in zip(numeric, similarity):
        fact = claim.fact
        agrees = in_sentence.get((fact.dimension, fact.value), nothing)
        # A different value counts against the claim only when the answer's own sentence does not state
        # it too: "15 minutes ... 30 minutes" is not contradicted by a sentence about the 15 minutes.
        stated_by_answer = nothing.copy()
        for other in doc.claims:
            if other.sentence == claim.sentence and other.fact is not None and other.kind in COMPARED_BY_VALUE:
                stated_by_answer |= own.get((other.fact.dimension, other.fact.value), nothing)
        disagrees = by_dimension.get(fact.dimension, nothing) & ~stated_by_answer & ~agrees
        same, different = _closest(statements, row, agrees), _closest(statements, row, disagrees)
        clause = doc.text[slice(*doc.sentence_of(claim).clause_at(claim.start))]
        checks.append(_verdict(claim, clause, same, different, index, settings))
    return checks


def _same_subject(clause: str, other: Candidate, settings: dict) -> bool:
    """The different value speaks of the same thing: its context is very close in meaning and its sentence shares
    some of the answer clause's words, or close and it shares most of them ("roll back ... below 95%" / "rolled
    back ... below 85%", where the words around each number alone differ). A sentence that shares only a name
    ("targets set by the AI Risk Committee" / "the AI Risk Committee meets monthly") speaks of something else."""
    similarity, statement = other
    words = content_stems(clause)
    share = len(words & content_stems(statement.sentence)) / max(len(words), 1)
    if similarity >= settings["contradiction_similarity"] and share >= settings["value_contradiction_min_overlap"]:
        return True
    return similarity >= settings["support_similarity"] and share >= settings["statement_contradiction_overlap"]


def _closest(statements: list[Statement], scores: np.ndarray, wanted: np.ndarray) -> Candidate | None:
    """Among the wanted evidence statements, the one whose sentence is closest to the answer's."""
    if not wanted.any():
        return None
    best = int(np.argmax(np.where(wanted, scores, -np.inf)))
    return float(scores[best]), statements[best]


def _verdict(claim: AnswerClaim, clause: str, same, other, index: EvidenceIndex, settings: dict) -> ClaimCheck:
    closer = settings["clearly_closer"]
    if same and same[0] >= settings["support_similarity"] and not (other and other[0] >= same[0] + closer):
        statement = same[1]
        explanation = f"{statement.passage.doc} states {statement.claim.text} in a similar context"
        return verdict(claim, SUPPORTED, explanation, statement.passage, statement.sentence, index)
    if other and _same_subject(clause, other, settings):
        statement = other[1]
        explanation = f"the answer says {claim.text} but {statement.passage.doc} says {statement.claim.text}"
        return verdict(claim, CONTRADICTED, explanation, statement.passage, statement.sentence, index)
    return verdict(claim, NOT_FOUND, f"no evidence states {claim.text} in a similar context")
