"""A clause claiming certification to a standard (ISO/IEC 42001, 27001, SOC 2 ...), checked against the
certificates and reports provided for that standard: present, in force, current, and covering what the
vendor sells. A plan elsewhere in the answer changes nothing."""

from __future__ import annotations

import datetime
import re

from assessor.answer_doc import CERTIFIABLE, AnswerClaim, AnswerDoc
from assessor.evidence import EvidenceDocument
from assessor.retrieval import EvidenceIndex
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, verdict
from scoring.staleness import attestation_too_old

# "Scope: ..." or a "Scope of certification" heading, up to the next "Label:" line or blank line.
SCOPE = re.compile(
    r"^[ \t]*scope\b[^:\n]{0,30}(?::|\n)\s*(.+?)(?=\n[A-Z][\w /()-]{2,40}:|\n\s*\n|\Z)", re.I | re.S | re.M
)
LIMITING = re.compile(
    r"\b(?:only|limited\s+to|restricted\s+to|excluding|excludes|excluded|pilot|single\s+site)\b", re.I
)
# A scope about the vendor's own staff or internal systems that names nothing it offers customers.
INTERNAL = re.compile(r"\b(?:internal|employees|staff|in-house)\b", re.I)
WITHDRAWN = re.compile(
    r"\b(?:withdrawn|suspended|revoked|cancel+ed|lapsed|no\s+longer\s+(?:valid|in\s+force|certified))\b", re.I
)
EXCLUSION = re.compile(
    r"[^.\n]*\b(?:not\s+(?:in|within|part\s+of|covered\s+by)\s+(?:the\s+)?scope|out\s+of\s+(?:the\s+)?scope|"
    r"excluded\s+from\s+(?:the\s+)?(?:scope|certification|report))\b[^.\n]*",
    re.I,
)
CUSTOMER_FACING = re.compile(r"\b(?:customers?|clients?|platform|products?|commercial|saas|customer-facing)\b", re.I)


def check_certification(
    doc: AnswerDoc, index: EvidenceIndex, as_of: datetime.date, staleness: dict
) -> list[ClaimCheck]:
    claims = [c for c in doc.claims if c.kind == "certification" and not c.plan]
    return [check for claim in claims for check in _check(claim, index, as_of, staleness)]


def _check(claim: AnswerClaim, index: EvidenceIndex, as_of: datetime.date, staleness: dict) -> list[ClaimCheck]:
    standard = re.search(CERTIFIABLE, claim.text, re.I)
    number = re.sub(r"\s+", " ", standard.group(0).upper()) if standard else "42001"
    certificates = [
        d
        for d in index.evidence.documents
        if d.doc_type in ("certificate", "report") and number in re.sub(r"\s+", " ", " ".join(d.pages).upper())
    ]
    if not certificates:
        return [verdict(claim, NOT_FOUND, f"no certificate or report for {number} is among the evidence")]
    certificate = max(certificates, key=lambda d: d.valid_until or datetime.date.min)
    first_page = certificate.passages[0] if certificate.passages else None
    expiry, scope = certificate.valid_until, _scope(certificate)
    name = certificate.doc_id
    problems = []
    withdrawn = WITHDRAWN.search("\n".join(certificate.pages))
    if withdrawn:
        explanation = f"the answer claims certification but {name} says it is {withdrawn.group(0)}"
        sentence = _sentence_with(certificate, withdrawn.group(0))
        problems.append(verdict(claim, CONTRADICTED, explanation, first_page, sentence, index))
    if expiry and expiry < as_of:
        explanation = f"the answer claims certification but {name} expired on {expiry.isoformat()}"
        problems.append(verdict(claim, CONTRADICTED, explanation, first_page, _expiry_text(certificate), index))
    if scope and (LIMITING.search(scope) or (INTERNAL.search(scope) and not CUSTOMER_FACING.search(scope))):
        explanation = f"the certificate's scope is narrower than the answer suggests: {scope}"
        problems.append(verdict(claim, CONTRADICTED, explanation, first_page, scope, index))
    excluded = EXCLUSION.search("\n".join(certificate.pages))
    if excluded and not problems:
        explanation = f"{name} excludes part of what the answer claims: {' '.join(excluded.group(0).split())}"
        problems.append(verdict(claim, CONTRADICTED, explanation, first_page, excluded.group(0), index))
    if problems:
        return problems
    attestation = certificate.attestation
    if attestation and attestation.period_end:
        covered = f"{name} is a {attestation.kind} report for the period ending {attestation.period_end.isoformat()}"
        if attestation_too_old(attestation, as_of, staleness):
            explanation = f"{covered}, more than {staleness['attestation_max_age_months']} months ago: not current"
            return [verdict(claim, NOT_FOUND, explanation, first_page, attestation.span_text, index)]
        return [verdict(claim, SUPPORTED, covered, first_page, attestation.span_text, index)]
    validity = f", valid until {expiry.isoformat()}" if expiry else ""
    return [verdict(claim, SUPPORTED, f"{name} is current{validity}", first_page, scope, index)]


def _scope(certificate: EvidenceDocument) -> str:
    match = SCOPE.search("\n".join(certificate.pages))
    return " ".join(match.group(1).split()) if match else ""


def _expiry_text(certificate: EvidenceDocument) -> str:
    return next((d.text for d in certificate.dates if d.kind == "valid_until"), "")


def _sentence_with(certificate: EvidenceDocument, words: str) -> str:
    for passage in certificate.passages:
        if words in passage.text:
            return passage.text
    return words
