"""Turn evidence files and folders into citable documents, and every unusable file into a problem."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from assessor.evidence import cache
from assessor.evidence.facts import find_dates, guess_doc_type, guess_title
from assessor.evidence.model import EvidenceDocument, EvidenceProblem, EvidenceSet, Extraction, IngestLimits
from assessor.evidence.passages import split_passages
from assessor.evidence.pdf_reader import HEAD_BYTES, sniff_pdf
from assessor.evidence.text_reader import read_text
from assessor.evidence.workers import read_pdfs

SUFFIX_KINDS = {".pdf": "pdf", ".txt": "text", ".md": "text"}

Progress = Callable[[int, int, str], None]


def ingest(
    paths: Iterable[str | Path] | str | Path,
    limits: IngestLimits | None = None,
    use_cache: bool = True,
    workers: int = 2,
    progress: Progress | None = None,
) -> EvidenceSet:
    """Read evidence files and folders (searched recursively for .pdf, .txt and .md).

    PDFs are parsed in up to ``workers`` child processes under ``limits``;
    results are cached by file content. ``progress(done, total, name)`` is
    called as each file finishes. Problems never hide the good files.
    """
    limits = limits or IngestLimits()
    files, problems = _collect([paths] if isinstance(paths, (str, Path)) else paths)
    finished: dict[Path, tuple[str, Extraction]] = {}
    done = 0

    def finish(path: Path, sha256: str, extraction: Extraction) -> None:
        nonlocal done
        finished[path] = (sha256, extraction)
        done += 1
        if progress:
            progress(done, len(files), path.name)

    waiting: dict[str, list[Path]] = {}
    for path in files:
        sha256, extraction = _read_in_process(path, limits, use_cache)
        if extraction is not None:
            finish(path, sha256, extraction)
        else:
            waiting.setdefault(sha256, []).append(path)

    def on_result(sha256: str, extraction: Extraction) -> None:
        if use_cache:
            cache.store(sha256, limits.max_pages, extraction)
        for path in waiting[sha256]:
            finish(path, sha256, extraction)

    read_pdfs(
        [(sha256, same[0]) for sha256, same in waiting.items()],
        on_result,
        max_pages=limits.max_pages,
        timeout_s=limits.timeout_s,
        memory_mb=limits.memory_mb,
        workers=workers,
    )
    documents = []
    for path, (sha256, extraction) in finished.items():
        if extraction.problem:
            problems.append(_problem(path, extraction.problem, extraction.detail))
        else:
            documents.append(_document(path, sha256, extraction))
    return EvidenceSet(
        documents=tuple(sorted(documents, key=lambda d: (d.name, d.path))),
        problems=tuple(sorted(problems, key=lambda p: (p.name, p.path, p.code))),
    )


def _collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[EvidenceProblem]]:
    """Supported files named or found in folders, each once, and problems for named files that cannot be used."""
    files: dict[Path, Path] = {}
    problems: list[EvidenceProblem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path)
        elif path.is_file() and path.suffix.lower() in SUFFIX_KINDS:
            found = [path]
        elif path.exists():
            suffix = f"'{path.suffix}'" if path.suffix else "without an extension"
            detail = f"unsupported file type {suffix}; evidence must be PDF, .txt or .md"
            problems.append(_problem(path, "unsupported", detail))
            continue
        else:
            problems.append(_problem(path, "unreadable", "file not found"))
            continue
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values()), problems


def _walk(folder: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(folder):
        # Hidden entries are tool debris (.git, macOS "._x.pdf" resource forks), never evidence.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIX_KINDS
        )
    return found


def _read_in_process(path: Path, limits: IngestLimits, use_cache: bool) -> tuple[str, Extraction | None]:
    """(sha256, extraction) for everything settled without a worker; extraction None means "parse this PDF"."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            detail = f"is {_size(size)}, more than the limit of {_size(limits.max_bytes)}"
            return "", Extraction(problem="too_large", detail=detail + "; ask the vendor for a smaller file")
        data = path.read_bytes()
    except OSError as exc:
        return "", Extraction(problem="unreadable", detail=f"cannot be opened ({exc.strerror or exc})")
    sha256 = hashlib.sha256(data).hexdigest()
    if SUFFIX_KINDS[path.suffix.lower()] == "text":
        return sha256, read_text(data, limits.max_pages)
    early = sniff_pdf(data[:HEAD_BYTES], len(data))
    if early:
        return sha256, early
    return sha256, cache.load(sha256, limits.max_pages) if use_cache else None


def _document(path: Path, sha256: str, extraction: Extraction) -> EvidenceDocument:
    pages = extraction.pages
    title = guess_title(pages, extraction.metadata_title, path.name)
    doc_type, reason = guess_doc_type(title, path.name, pages)
    return EvidenceDocument(
        name=path.name,
        path=str(path),
        sha256=sha256,
        kind=SUFFIX_KINDS[path.suffix.lower()],
        title=title,
        page_count=len(pages),
        pages=pages,
        dates=find_dates(pages),
        doc_type=doc_type,
        doc_type_reason=reason,
        passages=split_passages(path.name, pages),
    )


def _problem(path: Path, code: str, detail: str) -> EvidenceProblem:
    return EvidenceProblem(name=path.name, path=str(path), code=code, message=f"{path.name}: {detail}")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"
