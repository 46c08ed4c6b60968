"""Claim checks: each material claim of an answer is supported, not found, or contradicted by the evidence."""

from __future__ import annotations

import datetime

from assessor.answer_doc import AnswerDoc
from assessor.retrieval import EvidenceIndex
from scoring.checks.certification import check_certification
from scoring.checks.commitment import check_commitments
from scoring.checks.model import AUTHORITY_LABELS, CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck
from scoring.checks.named import check_named
from scoring.checks.numeric import check_numeric
from scoring.checks.statement import check_statements

__all__ = ["AUTHORITY_LABELS", "CONTRADICTED", "NOT_FOUND", "SUPPORTED", "ClaimCheck", "check_claims"]


def check_claims(doc: AnswerDoc, index: EvidenceIndex, as_of: datetime.date, settings: dict) -> list[ClaimCheck]:
    """Every claim of the answer checked by the comparison its type needs, in answer order."""
    if not doc.text.strip():
        return []
    checks = [
        *check_numeric(doc, index, settings),
        *check_named(doc, index),
        *check_commitments(doc, index),
        *check_certification(doc, index, as_of),
        *check_statements(doc, index, settings),
    ]
    return sorted(checks, key=lambda c: (c.start, c.end, c.kind))
