"""The outcome of checking one claim of an answer against the evidence, and how much its source counts."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.answer_doc import AnswerClaim
from assessor.evidence import Passage, cite
from assessor.retrieval import EvidenceIndex

SUPPORTED = "supported"
NOT_FOUND = "not_found"
CONTRADICTED = "contradicted"

# How far a document's word goes, by its type: an independent auditor's above the vendor's signed
# policy, above a contract, above what the vendor says of itself (marketing, trust-center copy).
AUTHORITY_OF_TYPE = {
    "certificate": "independent_attestation",
    "report": "independent_attestation",
    "policy": "signed_policy",
    "procedure": "signed_policy",
    "plan": "signed_policy",
    "contract": "contract",
    "marketing": "self_attestation",
    "other": "self_attestation",
}
AUTHORITY_LABELS = {
    "independent_attestation": "independent attestation (certificate, audit or SOC report)",
    "signed_policy": "the vendor's signed policy, procedure or plan",
    "contract": "a contract",
    "self_attestation": "the vendor's own statement (marketing, questionnaire, trust-center copy)",
}


@dataclass(frozen=True)
class ClaimCheck:
    """A claim of the answer (with its exact span), what the evidence says of it, where, and with what authority."""

    kind: str  # an AnswerClaim kind: duration, cadence, quantity, role, name, commitment, statement, certification ...
    claim: str  # the answer's own words: answer[start:end]
    status: str  # supported, not_found or contradicted
    explanation: str
    start: int = -1
    end: int = -1
    doc: str = ""  # the evidence document's id
    page: int = 0
    section: str = ""  # the evidence passage's section, where its format has them (DOCX, HTML, Markdown, XLSX)
    ocr: bool = False  # the evidence passage was read by OCR from a scanned page
    evidence_text: str = ""  # the evidence sentence, for side-by-side display
    authority: str = ""  # a key of AUTHORITY_LABELS
    plan: bool = False  # the answer states it as a plan or aim, not as a current fact

    @property
    def citation(self) -> str:
        return cite(self.doc, self.page, self.section, self.ocr) if self.doc else ""

    @property
    def material(self) -> bool:
        return not self.plan

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "claim": self.claim,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "explanation": self.explanation,
            "doc": self.doc,
            "page": self.page,
            "section": self.section,
            "ocr": self.ocr,
            "citation": self.citation,
            "authority": self.authority,
            "plan": self.plan,
            "evidence_text": self.evidence_text,
        }


def authority_of(index: EvidenceIndex, doc_id: str) -> str:
    """The authority of an evidence document, from its type."""
    return AUTHORITY_OF_TYPE.get(index.documents[doc_id].doc_type, "self_attestation")


def flat(text: str) -> str:
    """Evidence text as a check quotes it: on one line, single-spaced."""
    return " ".join(text.split())


def verdict(
    claim: AnswerClaim,
    status: str,
    explanation: str,
    passage: Passage | None = None,
    evidence_text: str = "",
    index: EvidenceIndex | None = None,
) -> ClaimCheck:
    """A check for ``claim``, citing ``passage`` (document id, page and authority) when the evidence speaks to it."""
    where = {}
    if passage is not None and index is not None:
        where = {
            "doc": passage.doc,
            "page": passage.page,
            "section": passage.section,
            "ocr": passage.ocr,
            "authority": authority_of(index, passage.doc),
        }
    return ClaimCheck(
        claim.kind, claim.text, status, explanation, claim.start, claim.end,
        evidence_text=flat(evidence_text), plan=claim.plan, **where,
    )  # fmt: skip
