"""Out-of-date evidence: past its validity, overdue for review, or simply old.

Only the document's own validity counts: ``EvidenceDocument.valid_until`` and the dates of kind
issued, effective or review, which ``assessor.evidence.facts.find_dates`` keeps only where the document
states them about itself (a certificate's validity, a report's period, a policy's header or footer
labels). A date its text merely mentions ("the grace period expires on ...") is of kind "other" and is
never read here. An independent audit report (``EvidenceDocument.attestation``) ages from the end of the
period it covers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessor.evidence import Attestation, EvidenceDocument, cite


@dataclass(frozen=True)
class StaleDocument:
    doc: str
    reason: str


def stale_reason(doc: EvidenceDocument, as_of: datetime.date, settings: dict) -> str:
    """Why the document is stale on ``as_of``, or "" when it is current: expired; else an audit report whose
    period ended more than ``attestation_max_age_months`` ago (a report with a stated period is judged by
    that alone); else its next review overdue by more than ``review_grace_days``; else, with neither stated,
    issued or effective more than ``max_age_months`` ago."""
    expiry = doc.valid_until
    if expiry and expiry < as_of:
        return f"valid until {expiry.isoformat()}, expired before {as_of.isoformat()}"
    attestation = doc.attestation
    if attestation and attestation.period_end:
        return _attestation_reason(doc.doc_id, attestation, as_of, settings)
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


def attestation_too_old(attestation: Attestation, as_of: datetime.date, settings: dict) -> bool:
    """The report's period ended more than ``attestation_max_age_months`` whole months before ``as_of``."""
    months, limit = _months_since(attestation.period_end, as_of), settings["attestation_max_age_months"]
    return not (months < limit or (months == limit and as_of.day == attestation.period_end.day))


def _months_since(end: datetime.date, as_of: datetime.date) -> int:
    return (as_of.year - end.year) * 12 + as_of.month - end.month - (as_of.day < end.day)


def _attestation_reason(doc_id: str, attestation: Attestation, as_of: datetime.date, settings: dict) -> str:
    """Why the report is too old (its period end and where that was read), or "" while it is current."""
    if not attestation_too_old(attestation, as_of, settings):
        return ""
    end, limit = attestation.period_end, settings["attestation_max_age_months"]
    months = _months_since(end, as_of)
    ended = "period ended" if attestation.period_start else "as of"
    return (
        f"{attestation.kind} {ended} {end.isoformat()}, {months} months before {as_of.isoformat()} (limit {limit}); "
        f"period stated at {cite(doc_id, attestation.page)}"
    )


def stale_documents(documents: list[EvidenceDocument], as_of: datetime.date, settings: dict) -> list[StaleDocument]:
    return [StaleDocument(doc.doc_id, reason) for doc in documents if (reason := stale_reason(doc, as_of, settings))]
