"""An answer that claims ISO/IEC 42001 certification, checked against the certificates provided."""

from __future__ import annotations

import datetime
import re

from assessor.evidence import EvidenceDocument
from assessor.retrieval import EvidenceIndex
from assessor.text import sentence_around
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck

CLAIMS_CERTIFIED = re.compile(
    r"\b(?:certified|certificate|certification)\b[^.]{0,80}42001|42001[^.]{0,80}\bcertifi", re.I
)
NOT_YET = re.compile(
    r"\b(?:not (?:yet )?certified|working towards|pursuing|plan(?:ning)? to|in progress|aim to|intend)\b", re.I
)
# "Scope: ..." or a "Scope of certification" heading, up to the next "Label:" line or blank line.
SCOPE = re.compile(
    r"^[ \t]*scope\b[^:\n]{0,30}(?::|\n)\s*(.+?)(?=\n[A-Z][\w /()-]{2,40}:|\n\s*\n|\Z)", re.I | re.S | re.M
)
LIMITING = re.compile(r"\b(?:internal|only|limited to|excluding|excludes|pilot|single site)\b", re.I)


def check_certification(answer: str, index: EvidenceIndex, as_of: datetime.date) -> list[ClaimCheck]:
    claim = CLAIMS_CERTIFIED.search(answer)
    if not claim or NOT_YET.search(answer):
        return []
    words = sentence_around(answer, claim.start(), claim.end())
    certificates = [d for d in index.evidence.documents if d.doc_type == "certificate" and "42001" in "".join(d.pages)]
    if not certificates:
        return [ClaimCheck("certification", words, NOT_FOUND, "no ISO/IEC 42001 certificate is among the evidence")]
    certificate = max(certificates, key=lambda d: d.valid_until or datetime.date.min)
    citation = f"{certificate.name} p.1"
    expiry, scope = certificate.valid_until, _scope(certificate)
    problems = []
    if expiry and expiry < as_of:
        explanation = f"the answer claims certification but {certificate.name} expired on {expiry.isoformat()}"
        problems.append(
            ClaimCheck("certification", words, CONTRADICTED, explanation, citation, _expiry_text(certificate))
        )
    if scope and LIMITING.search(scope):
        explanation = f"the certificate's scope is narrower than the answer suggests: {scope}"
        problems.append(ClaimCheck("certification", words, CONTRADICTED, explanation, citation, scope))
    if problems:
        return problems
    validity = f", valid until {expiry.isoformat()}" if expiry else ""
    return [ClaimCheck("certification", words, SUPPORTED, f"{certificate.name} is current{validity}", citation, scope)]


def _scope(certificate: EvidenceDocument) -> str:
    match = SCOPE.search("\n".join(certificate.pages))
    return " ".join(match.group(1).split()) if match else ""


def _expiry_text(certificate: EvidenceDocument) -> str:
    return next((d.text for d in certificate.dates if d.kind == "valid_until"), "")
