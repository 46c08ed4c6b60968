"""Claim checks: each fact an answer states is supported, not found, or contradicted by the evidence."""

from __future__ import annotations

import datetime

from assessor.claims import extract_claims
from assessor.retrieval import EvidenceIndex
from scoring.checks.certification import check_certification
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck
from scoring.checks.named import check_named
from scoring.checks.numeric import check_numeric
from scoring.checks.training import check_training

__all__ = ["CONTRADICTED", "NOT_FOUND", "SUPPORTED", "ClaimCheck", "check_claims"]


def check_claims(answer: str, index: EvidenceIndex, as_of: datetime.date, settings: dict) -> list[ClaimCheck]:
    """Every check that applies to the answer, in a stable order."""
    if not answer.strip():
        return []
    claims = extract_claims(answer)
    return [
        *check_numeric(answer, claims, index, settings),
        *check_named(claims, index),
        *check_certification(answer, index, as_of),
        *check_training(answer, index),
    ]
