"""The outcome of checking one claim of an answer against the evidence."""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED = "supported"
NOT_FOUND = "not_found"
CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class ClaimCheck:
    """A claim from the answer, what the evidence says about it, and where."""

    kind: str  # duration, percentage, identifier, role, standard, date, certification, training
    claim: str  # the answer's own words
    status: str  # supported, not_found or contradicted
    explanation: str
    citation: str = ""  # "Document.pdf p.3" where the evidence says it
    evidence_text: str = ""  # the evidence sentence, for side-by-side display

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "claim": self.claim,
            "status": self.status,
            "explanation": self.explanation,
            "citation": self.citation,
            "evidence_text": self.evidence_text,
        }
