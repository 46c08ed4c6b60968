"""Out-of-date evidence: past its validity, overdue for review, or simply old.

Only the document's own validity counts: ``EvidenceDocument.valid_until`` and the dates of kind
issued, effective or review, which ``assessor.evidence.facts.find_dates`` keeps only where the document
states them about itself (a certificate's validity, a report's period, a policy's header or footer
labels). A date its text merely mentions ("the grace period expires on ...") is of kind "other" and is
never read here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessor.evidence import EvidenceDocument


@dataclass(frozen=True)
class StaleDocument:
    doc: str
    reason: str


def stale_reason(doc: EvidenceDocument, as_of: datetime.date, settings: dict) -> str:
    """Why the document is stale on ``as_of``, or "" when it is current: expired; else its next review
    overdue by more than ``review_grace_days``; else, with neither stated, issued or effective more than
    ``max_age_months`` ago."""
    expiry = doc.valid_until
    if expiry and expiry < as_of:
        return f"valid until {expiry.isoformat()}, expired before {as_of.isoformat()}"
    reviews = [d.value for d in doc.dates if d.kind == "review"]
    if reviews and max(reviews) + datetime.timedelta(days=settings["review_grace_days"]) < as_of:
        return f"review was due on {max(reviews).isoformat()} and is overdue"
    issued = [d.value for d in doc.dates if d.kind in ("issued", "effective")]
    if issued and not expiry and not reviews:
        newest = max(issued)
        months = (as_of.year - newest.year) * 12 + as_of.month - newest.month
        if months > settings["max_age_months"]:
            return f"dated {newest.isoformat()}, {months} months old (limit {settings['max_age_months']})"
    return ""


def stale_documents(documents: list[EvidenceDocument], as_of: datetime.date, settings: dict) -> list[StaleDocument]:
    return [StaleDocument(doc.doc_id, reason) for doc in documents if (reason := stale_reason(doc, as_of, settings))]
