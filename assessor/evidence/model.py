"""The data ingestion hands to the rest of the assessor: documents, passages, dates and problems."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

DATE_KINDS = ("issued", "effective", "valid_until", "review", "other")
DOC_TYPES = ("policy", "procedure", "plan", "certificate", "contract", "report", "marketing", "other")


@dataclass(frozen=True)
class ProblemDefinition:
    code: str
    label: str  # short, for tables and filters
    explanation: str  # what the problem means, for an analyst who has not read the code


def _define(*definitions: ProblemDefinition) -> Mapping[str, ProblemDefinition]:
    registry = {definition.code: definition for definition in definitions}
    if len(registry) != len(definitions):
        raise ValueError("an evidence problem code is defined twice")
    return MappingProxyType(registry)


# The one registry of evidence problems; each EvidenceProblem's ``code`` is one of these.
PROBLEMS: Mapping[str, ProblemDefinition] = _define(
    ProblemDefinition("encrypted", "encrypted", "The file is protected by a password and could not be opened."),
    ProblemDefinition("corrupt", "damaged", "The file is damaged or malformed, so its text could not be read."),
    ProblemDefinition("not_pdf", "not a PDF", "The file is named as a PDF but its content is something else."),
    ProblemDefinition("empty", "empty", "The file holds no text (or no data rows)."),
    ProblemDefinition("needs_ocr", "needs OCR", "The file has no text layer (a scan) and OCR found no text in it."),
    ProblemDefinition("unread_pages", "pages unread", "Some pages gave no text, even by OCR; the rest is used."),
    ProblemDefinition("too_many_pages", "too many pages", "The file has more pages than the configured limit."),
    ProblemDefinition("too_large", "too large", "The file, or reading it, exceeds a configured size or memory limit."),
    ProblemDefinition("timeout", "timed out", "Reading the file took longer than the per-file time limit."),
    ProblemDefinition("unsupported", "unsupported", "The file is of a type the assessor does not read."),
    ProblemDefinition("unreadable", "unreadable", "The file could not be opened (missing, or no permission)."),
    ProblemDefinition(
        "outside_folder", "outside the folder", "A link in the evidence folder points outside it; it is not followed."
    ),
    ProblemDefinition(
        "special_file", "not a regular file", "A pipe, device or socket where a file was expected; it is never opened."
    ),
    ProblemDefinition(
        "text_cut",
        "text cut",
        "The document has more text than the per-document character limit; only its first part is used.",
    ),
    ProblemDefinition(
        "over_budget",
        "not read (time budget)",
        "The time budget for the vendor's whole evidence set was spent before this file was read.",
    ),
    ProblemDefinition(
        "garbled",
        "garbled text",
        "The extracted text is mostly not words (often a PDF font without a correct character map), "
        "so it is not used as support.",
    ),
    ProblemDefinition(
        "misnamed",
        "wrong extension",
        "The file's content is another format than its extension says; it was read as what it is.",
    ),
)
PROBLEM_CODES: tuple[str, ...] = tuple(PROBLEMS)


@dataclass(frozen=True)
class IngestLimits:
    """Bounds that keep one hostile or oversized file from stalling or exhausting the caller.

    ``timeout_s`` is wall-clock time per file read in a worker (PDF, DOCX, HTML, XLSX); ``memory_mb`` is the
    address space such a worker may add to its start-up footprint. ``max_chars`` bounds the text kept per
    document (the rest is not read); ``budget_s`` is wall-clock time for one ingest, all files together.
    A document with at least ``garbled_min_words`` letter words of which fewer than ``garbled_word_share``
    look like words is garbled (``assessor.evidence.garbled``). Defaults: the ``evidence_limits`` config section.
    """

    max_pages: int = 1000
    max_bytes: int = 50 * 1024 * 1024
    timeout_s: float = 60.0
    memory_mb: int = 1024
    max_chars: int = 2_000_000
    budget_s: float = 120.0
    garbled_min_words: int = 40
    garbled_word_share: float = 0.5

    @classmethod
    def from_config(cls, section: Mapping[str, float]) -> IngestLimits:
        """Limits from the ``evidence_limits`` section of the scoring config."""
        return cls(
            max_pages=int(section["max_pages"]),
            max_bytes=int(section["max_megabytes"] * 1024 * 1024),
            timeout_s=float(section["file_timeout_s"]),
            memory_mb=int(section["memory_mb"]),
            max_chars=int(section["max_chars"]),
            budget_s=float(section["budget_s"]),
            garbled_min_words=int(section["garbled_min_words"]),
            garbled_word_share=float(section["garbled_word_share"]),
        )


def cite(doc_id: str, page: int | None = None, section: str = "", ocr: bool = False) -> str:
    """The one way to write where something is in the evidence: ``"legal/policy.pdf p.3"``;
    with a section, ``"policy.docx §4 Incident response"`` (``"notes.txt p.2 §3 Scope"`` past page 1);
    just the document id when neither is known. Text read by OCR says so: ``"scan.pdf p.1 (OCR)"``."""
    mark = " (OCR)" if ocr else ""
    if section:
        return (f"{doc_id} p.{page} §{section}" if page and page > 1 else f"{doc_id} §{section}") + mark
    return (f"{doc_id} p.{page}" if page else doc_id) + mark


@dataclass(frozen=True)
class Passage:
    """A few sentences of one page; ``pages[page - 1][start:end] == text`` holds exactly.

    ``doc`` is the ``doc_id`` of the document the passage comes from; ``section`` is the heading
    (or ``"Sheet!row"``) it falls under, when the reader knows one; ``ocr`` says its page was read by OCR
    (a scan), so its text may hold misread characters.
    """

    doc: str
    page: int
    start: int
    end: int
    text: str
    section: str = ""
    ocr: bool = False

    @property
    def citation(self) -> str:
        """Where an analyst finds the passage: ``"legal/policy.pdf p.3"``, ``"policy.docx §4 Incident response"``,
        ``"scan.pdf p.1 (OCR)"``."""
        return cite(self.doc, self.page, self.section, self.ocr)


@dataclass(frozen=True)
class FoundDate:
    """A date printed in a document; ``kind`` comes from the words just before it."""

    kind: str
    value: datetime.date
    page: int
    text: str


@dataclass(frozen=True)
class Attestation:
    """An independent audit or assurance report, recognised because the report names itself.

    ``kind`` is its label ("SOC 2 Type II", "ISO/IEC 27001 surveillance audit"); ``cue`` is the line that
    named it, on page ``cue_page`` (0: the document's title). The period it covers runs from ``period_start``
    to ``period_end``; a point-in-time report ("as of 30 June 2025") has only ``period_end``.
    ``pages[page - 1][start:end] == span_text`` is where the period was read (page 0 and empty text when none
    is stated). ``auditor`` is the auditor or certification body named on a labelled line, or "".
    """

    kind: str
    cue: str
    cue_page: int
    period_start: datetime.date | None
    period_end: datetime.date | None
    page: int
    start: int
    end: int
    span_text: str
    auditor: str = ""

    @property
    def period(self) -> str:
        """The period as an analyst reads it: "2025-01-01 to 2025-12-31", "as of 2025-06-30", or ""."""
        if self.period_end is None:
            return ""
        if self.period_start is None:
            return f"as of {self.period_end.isoformat()}"
        return f"{self.period_start.isoformat()} to {self.period_end.isoformat()}"


@dataclass(frozen=True)
class EvidenceDocument:
    """One readable evidence file with its text split into citable passages.

    ``doc_id`` is the document's identity: its path relative to the evidence folder it was found
    under, with POSIX separators (``legal/policy.pdf``; a file named directly is its file name),
    unique within one ingest. ``name`` is only the file name, for display. ``attestation`` is set when the
    document is an independent audit report that names itself one (see ``assessor.evidence.attestation``).
    """

    doc_id: str
    name: str
    path: str
    sha256: str
    kind: str
    title: str
    page_count: int
    pages: tuple[str, ...]
    dates: tuple[FoundDate, ...]
    doc_type: str
    doc_type_reason: str
    passages: tuple[Passage, ...]
    attestation: Attestation | None = None

    @property
    def valid_until(self) -> datetime.date | None:
        """The latest expiry date printed in the document, if any."""
        expiries = [found.value for found in self.dates if found.kind == "valid_until"]
        return max(expiries, default=None)

    def page_text(self, n: int) -> str:
        """Text of page ``n`` (1-based), as the passage offsets refer to it."""
        if not 1 <= n <= len(self.pages):
            raise IndexError(f"{self.doc_id} has {len(self.pages)} pages, not page {n}")
        return self.pages[n - 1]


@dataclass(frozen=True)
class EvidenceProblem:
    """A file that could not be used; ``message`` names the file (by ``doc_id``) and says what to do."""

    doc_id: str
    name: str
    path: str
    code: str
    message: str


@dataclass(frozen=True)
class EvidenceSet:
    """Everything one ingest produced: the usable documents and the files that were not."""

    documents: tuple[EvidenceDocument, ...]
    problems: tuple[EvidenceProblem, ...]


@dataclass(frozen=True)
class Extraction:
    """Raw result of reading one file, before passages and facts: page texts, or a problem code.

    ``sections`` are where sections start, as (page, offset in that page's text, label), in order.
    ``ocr_pages`` are the (1-based) pages whose text OCR read; ``unread_pages`` those that gave no text,
    even by OCR, in a document whose other pages did. ``cut`` says the reader stopped at the character limit.
    """

    pages: tuple[str, ...] = ()
    metadata_title: str = ""
    problem: str = ""
    detail: str = ""
    sections: tuple[tuple[int, int, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()
    unread_pages: tuple[int, ...] = ()
    cut: bool = False

    def within(self, max_chars: int) -> Extraction:
        """This extraction with its text cut to the first ``max_chars`` characters (pages past them dropped)."""
        pages: list[str] = []
        room = max_chars
        for page in self.pages:
            if len(page) > room:
                if room:
                    pages.append(page[:room].rstrip())
                break
            pages.append(page)
            room -= len(page)
        else:
            return self
        kept = len(pages)
        return replace(
            self,
            pages=tuple(pages),
            sections=tuple(section for section in self.sections if section[0] <= kept),
            ocr_pages=tuple(n for n in self.ocr_pages if n <= kept),
            unread_pages=tuple(n for n in self.unread_pages if n <= kept),
            cut=True,
        )
