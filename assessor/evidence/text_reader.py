"""Read plain-text and Markdown evidence into pages (form feeds separate pages)."""

from __future__ import annotations

from assessor.evidence.model import Extraction
from assessor.evidence.normalize import normalize_text
from assessor.evidence.sections import text_sections
from assessor.text import UTF16_BOMS, decode_vendor_text


def read_text(data: bytes, max_pages: int, markdown: bool = False) -> Extraction:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; one page per form-feed section.

    Sections start at numbered heading lines ("4 Incident response") and, in Markdown, at ``#`` headings.
    """
    if not data:
        return Extraction(problem="empty", detail="the file is empty (0 bytes); ask the vendor to send it again")
    text = _decode(data)
    if text is None:
        return Extraction(
            problem="unsupported", detail="named as text but holds binary data; ask the vendor for a PDF or plain text"
        )
    pages = [normalize_text(page) for page in text.split("\f")]
    # A trailing form feed is a page separator with nothing after it, not an empty page.
    while pages and not pages[-1]:
        pages.pop()
    if not pages:
        return Extraction(problem="empty", detail="the file contains no text; ask the vendor to send it again")
    if len(pages) > max_pages:
        return Extraction(
            problem="too_many_pages",
            detail=f"has {len(pages):,} pages, more than the limit of {max_pages:,}; ask for the relevant excerpt",
        )
    return Extraction(pages=tuple(pages), sections=text_sections(pages, markdown))


def _decode(data: bytes) -> str | None:
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        return None
    try:
        return decode_vendor_text(data, cp1252_errors="replace")[0]
    except UnicodeDecodeError:
        return None
