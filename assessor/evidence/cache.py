"""On-disk cache of PDF extraction results, so re-ingesting the same files skips the workers."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from assessor import cache_health
from assessor.evidence.model import Extraction
from assessor.settings import cache_dir

# Bump whenever pdf_reader or normalize would give a different result (text or message) for the same file,
# or the stored record changes shape (pdf-2 added ``sections``; pdf-3 OCR text with ``ocr_pages`` and
# ``unread_pages``). Only PDFs are cached: the other readers run in process and cost less than the cache
# lookup's disk read would save.
EXTRACTOR_VERSION = "pdf-3"
# Timeouts and memory failures depend on the machine and its load, so they are retried next time.
CACHEABLE_PROBLEMS = frozenset({"", "encrypted", "corrupt", "not_pdf", "empty", "needs_ocr", "too_many_pages"})
FOLDER = "extraction"
KIND = "evidence extraction"


def cache_path(sha256: str, max_pages: int) -> Path:
    """Where the extraction of the file with this content and page limit is kept."""
    return cache_dir() / FOLDER / f"{sha256}-{EXTRACTOR_VERSION}-p{max_pages}.json"


def load(sha256: str, max_pages: int) -> Extraction | None:
    """The cached extraction, or None when there is none; a damaged entry is set aside and the file read again."""
    path = cache_path(sha256, max_pages)
    record = cache_health.read_record(path, KIND)
    if record is None:
        return None
    if not _well_formed(record):
        cache_health.set_aside(path, "not a valid cache record")
        return None
    cache_health.mark_used(path)
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
    """Keep a deterministic extraction result, written atomically; a cache that cannot be written is switched off."""
    target = cache_path(sha256, max_pages)
    if extraction.problem not in CACHEABLE_PROBLEMS or not cache_health.usable_cache(target.parent, KIND):
        return
    cache_health.write_atomically(target, json.dumps(asdict(extraction), ensure_ascii=False).encode("utf-8"), KIND)


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
