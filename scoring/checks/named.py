"""Names and ids (documents, certificates, roles, standards, dates): found in the evidence or not."""

from __future__ import annotations

from assessor.claims import Claim
from assessor.retrieval import EvidenceIndex
from scoring.checks.model import NOT_FOUND, SUPPORTED, ClaimCheck

NAMED_KINDS = ("identifier", "role", "standard", "date")


def check_named(claims: list[Claim], index: EvidenceIndex) -> list[ClaimCheck]:
    named = [c for c in claims if c.kind in NAMED_KINDS]
    checks = []
    for location in index.locate_facts(named):
        claim, passage = location.claim, location.passage
        if passage is None:
            checks.append(
                ClaimCheck(claim.kind, claim.text, NOT_FOUND, f"{claim.text} appears in no evidence document")
            )
        else:
            checks.append(
                ClaimCheck(
                    claim.kind,
                    claim.text,
                    SUPPORTED,
                    f"{claim.text} appears in {passage.doc}",
                    passage.citation,
                    passage.text,
                )
            )
    return checks
