"""Evidence ingestion: vendor PDFs and text files read into citable passages, dates and type guesses."""

from assessor.evidence.ingest import ingest
from assessor.evidence.model import (
    DATE_KINDS,
    DOC_TYPES,
    PROBLEM_CODES,
    Attestation,
    EvidenceDocument,
    EvidenceProblem,
    EvidenceSet,
    FoundDate,
    IngestLimits,
    Passage,
    cite,
)

__all__ = [
    "DATE_KINDS",
    "DOC_TYPES",
    "PROBLEM_CODES",
    "Attestation",
    "EvidenceDocument",
    "EvidenceProblem",
    "EvidenceSet",
    "FoundDate",
    "IngestLimits",
    "Passage",
    "cite",
    "ingest",
]
