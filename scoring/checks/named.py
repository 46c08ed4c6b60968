"""Names and ids (documents, versions, certificates, roles, tools, suppliers, standards, dates):
stated word for word in the evidence, or not. The most authoritative document that names it is cited."""

from __future__ import annotations

from assessor.answer_doc import AnswerDoc
from assessor.claims import LOOKED_UP_BY_NAME
from assessor.retrieval import EvidenceIndex
from scoring.checks.model import NOT_FOUND, SUPPORTED, ClaimCheck, authority_of, verdict

AUTHORITY_ORDER = ("independent_attestation", "signed_policy", "contract", "self_attestation")


def check_named(doc: AnswerDoc, index: EvidenceIndex) -> list[ClaimCheck]:
    checks = []
    for claim in (c for c in doc.claims if c.fact is not None and c.kind in LOOKED_UP_BY_NAME):
        passages = index.passages_naming(claim.fact)
        if not passages:
            checks.append(verdict(claim, NOT_FOUND, f"{claim.text} appears in no evidence document"))
            continue
        passage = min(passages, key=lambda p: AUTHORITY_ORDER.index(authority_of(index, p.doc)))
        checks.append(verdict(claim, SUPPORTED, f"{claim.text} appears in {passage.doc}", passage, passage.text, index))
    return checks
