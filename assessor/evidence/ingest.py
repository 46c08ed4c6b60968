"""Turn evidence files and folders into citable documents, and every unusable file into a problem."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

from assessor.evidence import cache, timeouts
from assessor.evidence.attestation import find_attestation
from assessor.evidence.facts import find_dates, guess_doc_type, guess_title
from assessor.evidence.garbled import TextQuality, looks_garbled
from assessor.evidence.model import (
    EvidenceDocument,
    EvidenceProblem,
    EvidenceSet,
    Extraction,
    IngestLimits,
    Passage,
)
from assessor.evidence.passages import split_passages
from assessor.evidence.pdf_reader import sniff_pdf
from assessor.evidence.sniff import HEAD_BYTES, READ_AS, WHAT, sniff_kind
from assessor.evidence.text_reader import read_text
from assessor.evidence.workers import over_budget, read_files
from assessor.safe_walk import SPECIAL, Skipped, walk_files

SUFFIX_KINDS = {
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
}

Progress = Callable[[int, int, str], None]
# Documents read in this process are kept for re-assessment, at most this many (about two vendors' evidence).
MEMO_DOCUMENTS = 128
_CHUNK = 1024 * 1024
# UTF-8 takes at most four bytes a character, so this many bytes of a text file hold its first ``max_chars``.
_BYTES_PER_CHAR = 4


@dataclasses.dataclass(frozen=True)
class _File:
    """What reading a file in this process learnt: its content hash, size and kind, as its bytes show."""

    sha256: str = ""
    size: int = 0
    kind: str = ""


def ingest(
    paths: Iterable[str | Path] | str | Path,
    limits: IngestLimits | None = None,
    use_cache: bool = True,
    workers: int = 2,
    progress: Progress | None = None,
    retry_timeouts: bool = False,
) -> EvidenceSet:
    """Read evidence files and folders (searched recursively for .pdf, .txt, .md, .docx, .html/.htm and .xlsx).

    PDF, DOCX, HTML and XLSX files are parsed in up to ``workers`` child processes under ``limits`` and
    their results cached by file content; text and Markdown are read in this process.
    ``progress(done, total, doc_id)`` is called as each file finishes. Problems never hide the good files.
    Each document keeps at most ``limits.max_chars`` characters; once ``limits.budget_s`` seconds have passed,
    files not yet read are reported as not read. Garbled documents are reported, not used.
    A file that timed out on an earlier run with the same limits is not read again unless ``retry_timeouts``.

    Each document's ``doc_id`` is its path relative to the folder it was found under
    (``legal/policy.pdf``), or its file name when named directly; see ``_unique_ids``
    for ids two roots would share.
    """
    limits = limits or IngestLimits()
    started = time.monotonic()
    ids, problems = _collect([paths] if isinstance(paths, (str, Path)) else paths)
    files = list(ids)
    finished: dict[Path, tuple[_File, Extraction]] = {}
    done = 0

    def finish(path: Path, file: _File, extraction: Extraction) -> None:
        nonlocal done
        finished[path] = (file, extraction)
        done += 1
        if progress:
            progress(done, len(files), ids[path])

    waiting: dict[str, list[tuple[Path, _File]]] = {}  # the files each worker read settles, by content hash
    for path in files:
        if time.monotonic() - started >= limits.budget_s:
            finish(path, _File(), over_budget(started=False))
            continue
        file, extraction = _read_in_process(path, limits, use_cache)
        if extraction is None and use_cache and not retry_timeouts:
            extraction = timeouts.earlier(file.sha256, limits)
        if extraction is not None:
            finish(path, file, extraction)
        else:
            waiting.setdefault(file.sha256, []).append((path, file))

    def on_result(sha256: str, extraction: Extraction) -> None:
        if use_cache and not extraction.cut:  # a cut extraction depends on the limit; a whole one holds for any
            cache.store(sha256, limits.max_pages, extraction)
            timeouts.remember(sha256, limits, extraction)
        for path, file in waiting[sha256]:
            finish(path, file, extraction)

    read_files(
        [(sha256, same[0][0], same[0][1].kind) for sha256, same in waiting.items()],
        on_result,
        max_pages=limits.max_pages,
        timeout_s=limits.timeout_s,
        memory_mb=limits.memory_mb,
        workers=workers,
        max_chars=limits.max_chars,
        budget_s=max(0.0, limits.budget_s - (time.monotonic() - started)),
    )
    documents = []
    for path, (file, whole) in finished.items():
        problems.extend(_settle(path, ids[path], file, whole, limits, documents))
    return EvidenceSet(
        documents=tuple(sorted(documents, key=lambda d: d.doc_id)),
        problems=tuple(sorted(problems, key=lambda p: (p.doc_id, p.path, p.code))),
    )


def _collect(paths: Iterable[str | Path]) -> tuple[dict[Path, str], list[EvidenceProblem]]:
    """Supported files named or found in folders, each once, with their document ids, and problems
    for named files that cannot be used and for entries of folders that were not read (links out, pipes).

    A file's id is its path relative to the folder it was found under (a named file: its file name).
    """
    entries: list[tuple[Path, Path, str]] = []  # (file, evidence root, id relative to that root)
    unusable: dict[int, tuple[str, str]] = {}  # entry number -> (problem code, detail)
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walked, skipped = _walk(path)
            found = [(file, path, PurePath(os.path.relpath(file, path)).as_posix()) for file in walked]
            for item in skipped:
                unusable[len(entries)] = (item.code, item.detail)
                entries.append((item.path, path, PurePath(os.path.relpath(item.path, path)).as_posix()))
        elif path.is_file() and path.suffix.lower() in SUFFIX_KINDS:
            found = [(path, path.parent, path.name)]
        else:
            if path.exists() and not path.is_file():  # named directly: a pipe or device is never opened
                unusable[len(entries)] = (SPECIAL, "is not a regular file; not read")
            elif path.exists():
                suffix = f"'{path.suffix}'" if path.suffix else "without an extension"
                detail = f"unsupported file type {suffix}; evidence must be PDF, .docx, .html, .xlsx, .txt or .md"
                unusable[len(entries)] = ("unsupported", detail)
            else:
                unusable[len(entries)] = ("unreadable", "file not found")
            entries.append((path, path.parent, path.name))
            continue
        for entry in found:
            if (key := entry[0].resolve()) not in seen:
                seen.add(key)
                entries.append(entry)
    ids = _unique_ids([(root, relative) for _, root, relative in entries])
    files = {entry[0]: doc_id for number, (entry, doc_id) in enumerate(zip(entries, ids)) if number not in unusable}
    problems = [_problem(entries[number][0], ids[number], *unusable[number]) for number in sorted(unusable)]
    return files, problems


def _unique_ids(entries: list[tuple[Path, str]]) -> list[str]:
    """Document ids from (evidence root, path relative to it), kept apart where two roots give the same one.

    Clashing ids are prefixed with their root's folder name, then its parent's and so on, until
    they differ; ids that still clash (the same path named twice) are numbered in input order.
    """
    folders = [root.resolve().parts[1:] for root, _ in entries]  # absolute, so parts[0] is the anchor
    depths = [0] * len(entries)

    def current() -> list[str]:
        return [
            "/".join([*(folder[len(folder) - depth :] if depth else ()), relative])
            for folder, depth, (_, relative) in zip(folders, depths, entries)
        ]

    while True:
        ids = current()
        counts = Counter(ids)
        grown = False
        for number, doc_id in enumerate(ids):
            if counts[doc_id] > 1 and depths[number] < len(folders[number]):
                depths[number] += 1
                grown = True
        if not grown:
            break
    seen: Counter[str] = Counter()
    unique = []
    for doc_id in ids:
        seen[doc_id] += 1
        unique.append(doc_id if seen[doc_id] == 1 else f"{doc_id}#{seen[doc_id]}")
    return unique


def _walk(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Supported files below ``folder`` (never outside it, regular files only) and the entries skipped."""
    return walk_files(folder, lambda name: Path(name).suffix.lower() in SUFFIX_KINDS)


def _read_in_process(path: Path, limits: IngestLimits, use_cache: bool) -> tuple[_File, Extraction | None]:
    """What the file is, and its extraction when settled without a worker; extraction None means "parse this file".

    The whole file is hashed, but only as much of a text file is kept as its first ``max_chars`` characters need.
    """
    named = SUFFIX_KINDS[path.suffix.lower()]
    keep = limits.max_chars * _BYTES_PER_CHAR + _BYTES_PER_CHAR
    digest = hashlib.sha256()
    head = bytearray()
    read = 0
    try:
        size = path.stat().st_size
        if size <= limits.max_bytes:
            with path.open("rb") as stream:
                while size <= limits.max_bytes and (chunk := stream.read(_CHUNK)):
                    digest.update(chunk)
                    read += len(chunk)
                    size = max(size, read)  # a file growing while it is read is stopped at the limit all the same
                    if len(head) < keep:
                        head += chunk[: keep - len(head)]
        if size > limits.max_bytes:
            detail = f"is {_size(size)}, more than the limit of {_size(limits.max_bytes)}"
            return _File(), Extraction(problem="too_large", detail=detail + "; ask the vendor for a smaller file")
    except OSError as exc:
        return _File(), Extraction(problem="unreadable", detail=f"cannot be opened ({exc.strerror or exc})")
    file = _File(digest.hexdigest(), read, sniff_kind(bytes(head[:HEAD_BYTES]), path, named))
    if file.kind == "text":
        data = bytes(head)
        partial = len(data) < read
        return file, read_text(data, limits.max_pages, path.suffix.lower() == ".md", limits.max_chars, partial)
    if file.kind == "pdf":
        early = sniff_pdf(bytes(head[:HEAD_BYTES]), read)
        if early:
            return file, early
    return file, cache.load(file.sha256, limits.max_pages) if use_cache else None


def _settle(
    path: Path, doc_id: str, file: _File, whole: Extraction, limits: IngestLimits, documents: list[EvidenceDocument]
) -> list[EvidenceProblem]:
    """The file's problems; its document, when it is usable, appended to ``documents``."""
    problems = []
    named = SUFFIX_KINDS[path.suffix.lower()]
    if file.kind and file.kind != named:
        detail = f"named {path.suffix.lower()} but is {WHAT[file.kind]}; read as {READ_AS[file.kind]}"
        problems.append(_problem(path, doc_id, "misnamed", detail))
    extraction = whole.within(limits.max_chars)  # a cached extraction may have been made under a higher limit
    if extraction.problem == "over_budget":
        detail = f"{extraction.detail}: the evidence budget of {limits.budget_s:g} s was spent"
        return [*problems, _problem(path, doc_id, extraction.problem, detail)]
    if extraction.problem:
        return [*problems, _problem(path, doc_id, extraction.problem, extraction.detail)]
    read = _read_document(path, doc_id, file, extraction, limits.garbled_min_words, limits.garbled_word_share)
    if isinstance(read, TextQuality):
        fix = "check the PDF's fonts or OCR it" if file.kind == "pdf" else "check the file's encoding"
        detail = (
            f"text looks garbled ({read.share:.0%} of {read.words:,} words look like words); {fix}; "
            "it is not used as support"
        )
        return [*problems, _problem(path, doc_id, "garbled", detail)]
    documents.append(read)
    if extraction.unread_pages:
        problems.append(_problem(path, doc_id, "unread_pages", _unread(extraction.unread_pages)))
    if extraction.cut:
        problems.append(_problem(path, doc_id, "text_cut", _cut(extraction, file, limits.max_chars)))
    return problems


def _cut(extraction: Extraction, file: _File, max_chars: int) -> str:
    read = sum(map(len, extraction.pages))
    upto = f", up to page {len(extraction.pages)}" if file.kind == "pdf" or len(extraction.pages) > 1 else ""
    return (
        f"read the first {read:,} characters of {_size(file.size)}{upto}; the rest is not used "
        f"(the limit is {max_chars:,} characters per document); ask the vendor for the relevant excerpt"
    )


@functools.lru_cache(maxsize=MEMO_DOCUMENTS)
def _read_document(
    path: Path, doc_id: str, file: _File, extraction: Extraction, garbled_min_words: int, garbled_share: float
) -> EvidenceDocument | TextQuality:
    """The document read from a usable extraction, or why its text is garbled; kept for the process, so
    re-assessing the same evidence (the app, a re-score) does not split passages and find facts again."""
    garbled = looks_garbled(extraction.pages, garbled_min_words, garbled_share)
    return garbled or _document(path, doc_id, file, extraction)


def forget_read_documents() -> None:
    """Drop the documents this process has read (a batch does so after each vendor: memory stays flat)."""
    _read_document.cache_clear()


def _document(path: Path, doc_id: str, file: _File, extraction: Extraction) -> EvidenceDocument:
    pages = extraction.pages
    sha256 = file.sha256
    if file.kind == "xlsx":  # a workbook's first line is a data row, not a title
        title = guess_title((), extraction.metadata_title, path.name)
    else:
        title = guess_title(pages, extraction.metadata_title, path.name)
    doc_type, reason = guess_doc_type(title, path.name, pages, web_page=file.kind == "html")
    attestation = find_attestation(pages, title, doc_type)
    if attestation and doc_type != "certificate":
        named_on = "title" if attestation.cue_page == 0 else f"p.{attestation.cue_page}"
        doc_type, reason = "report", f"{attestation.kind} report ({named_on}: '{attestation.cue}')"
    return EvidenceDocument(
        doc_id=doc_id,
        name=path.name,
        path=str(path),
        sha256=sha256,
        kind=file.kind,
        title=title,
        page_count=len(pages),
        pages=pages,
        dates=find_dates(pages),
        doc_type=doc_type,
        doc_type_reason=reason,
        passages=_mark_ocr(split_passages(doc_id, pages, extraction.sections), extraction.ocr_pages),
        attestation=attestation,
    )


def _mark_ocr(passages: tuple[Passage, ...], ocr_pages: tuple[int, ...]) -> tuple[Passage, ...]:
    """The passages, those on pages read by OCR marked so their citations say so."""
    scanned = set(ocr_pages)
    return tuple(dataclasses.replace(p, ocr=True) if p.page in scanned else p for p in passages)


def _unread(pages: tuple[int, ...]) -> str:
    listed = ", ".join(map(str, pages))
    return (
        f"no text on page{'s' if len(pages) > 1 else ''} {listed}, even by OCR (blank, or a scan too faint "
        "or small to read); the rest of the document is used, check those pages or ask for a clearer copy"
    )


def _problem(path: Path, doc_id: str, code: str, detail: str) -> EvidenceProblem:
    return EvidenceProblem(doc_id=doc_id, name=path.name, path=str(path), code=code, message=f"{doc_id}: {detail}")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"
