"""Evidence ingestion: vendor PDFs and text files read into citable passages, dates and type guesses."""

from assessor.evidence.ingest import ingest
from assessor.evidence.model import (
    EvidenceDocument,
    EvidenceProblem,
    EvidenceSet,
    FoundDate,
    IngestLimits,
    Passage,
)

__all__ = [
    "EvidenceDocument",
    "EvidenceProblem",
    "EvidenceSet",
    "FoundDate",
    "IngestLimits",
    "Passage",
    "ingest",
]
