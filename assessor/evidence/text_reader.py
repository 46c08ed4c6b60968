"""Read plain-text and Markdown evidence into pages (form feeds separate pages)."""

from __future__ import annotations

import codecs

from assessor.evidence.model import Extraction, IngestLimits
from assessor.evidence.normalize import normalize_text
from assessor.evidence.sections import text_sections
from assessor.text import UTF16_BOMS, decode_vendor_text


def read_text(
    data: bytes, max_pages: int, markdown: bool = False, max_chars: int = IngestLimits.max_chars, partial: bool = False
) -> Extraction:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; one page per form-feed section.

    Sections start at numbered heading lines ("4 Incident response") and, in Markdown, at ``#`` headings.
    At most ``max_chars`` characters are kept; ``partial`` says ``data`` is only the start of the file
    (a character cut off at its end is dropped), so the extraction is marked cut.
    """
    if not data:
        return Extraction(problem="empty", detail="the file is empty (0 bytes); ask the vendor to send it again")
    text = _decode(data, partial)
    if text is None:
        return Extraction(
            problem="unsupported", detail="named as text but holds binary data; ask the vendor for a PDF or plain text"
        )
    # Normalizing only shrinks text (runs of spaces, hyphenations), so a margin over the limit is all it needs.
    wanted = max_chars + max_chars // 4 + 1000
    cut = partial or len(text) > wanted
    pages = [normalize_text(page) for page in text[:wanted].split("\f")]
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
    return Extraction(pages=tuple(pages), sections=text_sections(pages, markdown), cut=cut).within(max_chars)


def _decode(data: bytes, partial: bool) -> str | None:
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        return None
    try:
        if partial:  # an incremental decoder leaves a multi-byte character cut at the end undecoded
            name = "utf-16" if data.startswith(UTF16_BOMS) else "utf-8-sig"
            try:
                return codecs.getincrementaldecoder(name)().decode(data, final=False)
            except UnicodeDecodeError:
                if name == "utf-16":
                    raise
                return data.decode("cp1252", errors="replace")
        return decode_vendor_text(data, cp1252_errors="replace")[0]
    except UnicodeDecodeError:
        return None
