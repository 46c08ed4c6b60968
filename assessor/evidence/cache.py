"""On-disk cache of PDF extraction results, so re-ingesting the same files skips the workers."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from assessor.evidence.model import Extraction
from assessor.settings import cache_dir

# Bump whenever pdf_reader or normalize would give a different result (text or message) for the same file,
# or the stored record changes shape (pdf-2 added ``sections``; pdf-3 OCR text with ``ocr_pages`` and
# ``unread_pages``). Only PDFs are cached: the other readers run in process and cost less than the cache
# lookup's disk read would save.
EXTRACTOR_VERSION = "pdf-3"
# Timeouts and memory failures depend on the machine and its load, so they are retried next time.
CACHEABLE_PROBLEMS = frozenset({"", "encrypted", "corrupt", "not_pdf", "empty", "needs_ocr", "too_many_pages"})


def cache_path(sha256: str, max_pages: int) -> Path:
    """Where the extraction of the file with this content and page limit is kept."""
    return cache_dir() / "extraction" / f"{sha256}-{EXTRACTOR_VERSION}-p{max_pages}.json"


def load(sha256: str, max_pages: int) -> Extraction | None:
    """The cached extraction, or None when it is missing or unreadable (it is then simply redone)."""
    try:
        record = json.loads(cache_path(sha256, max_pages).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not _well_formed(record):
        return None
    return Extraction(
        pages=tuple(record["pages"]),
        metadata_title=record["metadata_title"],
        problem=record["problem"],
        detail=record["detail"],
        sections=tuple((int(page), int(offset), str(label)) for page, offset, label in record["sections"]),
        ocr_pages=tuple(record["ocr_pages"]),
        unread_pages=tuple(record["unread_pages"]),
    )


def store(sha256: str, max_pages: int, extraction: Extraction) -> None:
    """Keep a deterministic extraction result; a cache that cannot be written is skipped silently."""
    if extraction.problem not in CACHEABLE_PROBLEMS:
        return
    target = cache_path(sha256, max_pages)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.stem, suffix=".tmp")
    except OSError:
        return
    try:
        # Write then rename, so a concurrent reader or a crash never sees half a file.
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(extraction), stream, ensure_ascii=False)
        os.replace(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _well_formed(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    pages = record.get("pages")
    texts = [record.get(key) for key in ("metadata_title", "problem", "detail")]
    sections = record.get("sections")
    numbers = [record.get("ocr_pages"), record.get("unread_pages")]
    return (
        all(isinstance(found, list) and all(type(n) is int for n in found) for found in numbers)
        and isinstance(sections, list)
        and all(
            isinstance(item, list) and len(item) == 3 and all(map(isinstance, item, (int, int, str)))
            for item in sections
        )
        and isinstance(pages, list)
        and all(isinstance(page, str) for page in pages)
        and all(isinstance(text, str) for text in texts)
        and record["problem"] in CACHEABLE_PROBLEMS
        and (bool(pages) or record["problem"] != "")
    )
