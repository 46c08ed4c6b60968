"""Extract normalized page texts from a PDF with pypdf, turning every failure into a problem code.

Pages without a text layer (scans) are read by OCR (``ocr``), page by page, in the same worker.

This module runs inside the ingestion worker processes, so it stays free of
anything the parent process has to share with it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import DecodedStreamObject, NameObject

from assessor.evidence import ocr
from assessor.evidence.model import Extraction
from assessor.evidence.normalize import normalize_text

HEAD_BYTES = 1024
# pypdf parses a page's whole content stream before it shows any text, so a page whose stream is far longer than
# the text still wanted is read from the start of its stream only: this many bytes per wanted character, plus slack.
_CONTENT_BYTES_PER_CHAR = 2
_CONTENT_SLACK = 1024 * 1024
_SHOW_TEXT = re.compile(rb"(?:Tj|TJ|T\*|')\s")
_LOOKALIKES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or Word/Excel file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word/Excel file"),
    (b"{\\rtf", "an RTF document"),
    (b"<", "an HTML or XML page"),
)


def sniff_pdf(head: bytes, size: int) -> Extraction | None:
    """The problem visible from a file's size and first bytes, or None if it may be a PDF."""
    if size == 0:
        return Extraction(problem="empty", detail="the file is empty (0 bytes); ask the vendor to send it again")
    if b"%PDF-" not in head[:HEAD_BYTES]:
        start = head.lstrip()
        looks = next((what for signature, what in _LOOKALIKES if start.startswith(signature)), "")
        seems = f" (it looks like {looks})" if looks else ""
        return Extraction(problem="not_pdf", detail=f"not a PDF{seems}; ask the vendor for the document as a PDF")
    return None


class _Enough(Exception):
    """Raised from pypdf's text visitor once a page has given all the characters still wanted."""


def read_pdf(path: str | Path, max_pages: int, max_chars: int) -> Extraction:
    """Read the pages' text up to ``max_chars`` characters, or say why the file cannot be used;
    only MemoryError escapes."""
    data = Path(path).read_bytes()
    problem = sniff_pdf(data[:HEAD_BYTES], len(data))
    if problem:
        return problem
    if b"%%EOF" not in data:
        # pypdf can rebuild a cut-off file from the objects it finds, silently dropping the rest.
        return _corrupt("it is truncated: the end-of-file marker is missing")
    try:
        return _extract(PdfReader(io.BytesIO(data)), max_pages, max_chars, data)
    except MemoryError:
        raise
    except FileNotDecryptedError:
        return _encrypted()
    except DependencyError as exc:
        return Extraction(problem="encrypted", detail=f"encrypted in a way this installation cannot open ({exc})")
    except Exception as exc:  # malformed PDFs make pypdf raise almost any exception type
        return _corrupt(_describe(exc))


def _extract(reader: PdfReader, max_pages: int, max_chars: int, data: bytes) -> Extraction:
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        return _encrypted()
    count = len(reader.pages)
    if count > max_pages:
        return Extraction(
            problem="too_many_pages",
            detail=f"has {count:,} pages, more than the limit of {max_pages:,}; ask for the relevant excerpt",
        )
    if count == 0:
        return Extraction(problem="empty", detail="the PDF has no pages; ask the vendor to send it again")
    pages: list[str] = []
    total = 0
    cut = False
    for page in reader.pages:
        text, stopped = _page_text(page, max_chars - total)
        pages.append(text)
        total += len(text)
        if stopped or total >= max_chars:
            cut = stopped or len(pages) < count
            break
    scanned = [number for number, text in enumerate(pages, start=1) if not text]
    ocr_failure = ""
    if scanned and ocr.available():
        try:
            read = ocr.read_pages(data, scanned)
        except MemoryError:
            raise
        except Exception as exc:  # pdfium refuses some files pypdf repairs; the text layer still counts
            if "bad_alloc" in str(exc):  # onnxruntime's out-of-memory, wrapped in its own exception type
                raise MemoryError from None
            read, ocr_failure = {}, f"; OCR failed on it ({_describe(exc)})"
        for number, text in read.items():
            pages[number - 1] = normalize_text(text)
            total += len(pages[number - 1])
    elif scanned:
        ocr_failure = "; OCR is not installed here"
    unread = tuple(number for number in scanned if not pages[number - 1])
    if not any(pages):
        if scanned and not ocr_failure:
            detail = (
                f"no text layer on any of its {count} page(s), and OCR found no text on them either "
                "(blank pages, or a scan too faint or small to read); ask the vendor for a text PDF or a clearer scan"
            )
        else:
            detail = (
                f"no text layer on any of its {count} page(s) (scanned or image-only){ocr_failure}; "
                "run OCR or ask the vendor for a text PDF"
            )
        return Extraction(problem="needs_ocr", detail=detail)
    extraction = Extraction(
        pages=tuple(pages),
        metadata_title=_metadata_title(reader),
        ocr_pages=tuple(number for number in scanned if pages[number - 1]),
        unread_pages=unread,
        cut=cut,
    )
    return extraction.within(max_chars)


def _page_text(page: PageObject, wanted: int) -> tuple[str, bool]:
    """The page's normalized text, and whether extraction stopped once it had a margin over ``wanted`` characters.

    pypdf's time grows faster than the text, so a page holding millions of characters is stopped
    early through its text visitor rather than extracted whole and cut afterwards, and a content stream far
    longer than the text wanted is read from its start only.
    """
    enough = wanted + wanted // 4 + 1000  # normalizing only shrinks text, by runs of spaces and hyphenations
    original = page.get("/Contents")
    if _trim_contents(page, _CONTENT_BYTES_PER_CHAR * enough + _CONTENT_SLACK):
        try:
            text, _ = _show_text(page, enough)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - the stream's start may not parse on its own
            text = ""
        if text:
            return text, True
        # Cut inside an operand, the start gave no text: read the page whole after all.
        page[NameObject("/Contents")] = original
    return _show_text(page, enough)


def _show_text(page: PageObject, enough: int) -> tuple[str, bool]:
    """The page's normalized text, stopped once pypdf has shown more than ``enough`` characters (and whether it was)."""
    pieces: list[str] = []
    seen = 0

    def visit(text: str, *_: object) -> None:
        nonlocal seen
        pieces.append(text)
        seen += len(text)
        if seen > enough:
            raise _Enough

    try:
        return normalize_text(page.extract_text(visitor_text=visit)), False
    except _Enough:
        return normalize_text("".join(pieces)), True


def _trim_contents(page: PageObject, limit: int) -> bool:
    """Replace a content stream longer than ``limit`` bytes by its start, ending after a text-showing operator."""
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception:  # a broken stream is for the extraction itself to report
        return False
    if len(data) <= limit:
        return False
    ends = [match.end() for match in _SHOW_TEXT.finditer(data, max(0, limit - 65536), limit)]
    stream = DecodedStreamObject()
    stream.set_data(data[: ends[-1] if ends else limit])
    page[NameObject("/Contents")] = stream
    return True


def _metadata_title(reader: PdfReader) -> str:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata else None
    except Exception:  # a broken info dictionary must not cost the document its text
        return ""
    return normalize_text(title) if isinstance(title, str) else ""


def _encrypted() -> Extraction:
    return Extraction(problem="encrypted", detail="encrypted with a password; ask the vendor for an unprotected copy")


def _corrupt(reason: str) -> Extraction:
    return Extraction(
        problem="corrupt", detail=f"damaged PDF that cannot be read ({reason}); ask the vendor to export it again"
    )


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
