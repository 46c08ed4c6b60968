"""Claim checks: each material claim of an answer is supported, not found, or contradicted by the evidence."""

from __future__ import annotations

import datetime

from assessor.answer_doc import AnswerDoc
from assessor.retrieval import EvidenceIndex
from scoring.checks.certification import check_certification
from scoring.checks.commitment import check_commitments
from scoring.checks.model import AUTHORITY_LABELS, CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, flat, verdict
from scoring.checks.named import check_named
from scoring.checks.numeric import check_numeric
from scoring.checks.statement import check_statements, check_typed_clauses

__all__ = ["AUTHORITY_LABELS", "CONTRADICTED", "NOT_FOUND", "SUPPORTED", "ClaimCheck", "check_claims"]


def check_claims(
    doc: AnswerDoc, index: EvidenceIndex, as_of: datetime.date, settings: dict, staleness: dict
) -> list[ClaimCheck]:
    """Every claim of the answer checked by the comparison its type needs, in answer order; ``settings`` is the
    config's ``claims`` section, ``staleness`` its ``staleness`` section (how old a report may be)."""
    if not doc.text.strip():
        return []
    typed = [*check_numeric(doc, index, settings), *check_named(doc, index)]
    conflicts = check_typed_clauses(doc, index, settings)
    checks = [
        *(_against_stance(check, conflicts, doc, index) for check in typed),
        *check_commitments(doc, index),
        *check_certification(doc, index, as_of, staleness),
        *check_statements(doc, index, settings),
    ]
    return sorted(checks, key=lambda c: (c.start, c.end, c.kind))


def _against_stance(check: ClaimCheck, conflicts: dict, doc: AnswerDoc, index: EvidenceIndex) -> ClaimCheck:
    """A typed fact in a clause whose stance the evidence contradicts is contradicted, unless a sentence other
    than the contradicting one states it ("tested monthly" against "monthly testing has not yet started")."""
    conflict = next((c for (a, b), c in conflicts.items() if a <= check.start < b), None)
    if conflict is None or check.status == CONTRADICTED:
        return check
    sentence = conflict.sentence
    if check.status == SUPPORTED and (check.doc, check.evidence_text) != (sentence.passage.doc, flat(sentence.text)):
        return check
    claim = next(c for c in doc.claims if (c.start, c.end, c.kind) == (check.start, check.end, check.kind))
    return verdict(claim, CONTRADICTED, conflict.explanation(), sentence.passage, sentence.text, index)
