"""Read Word (DOCX) and Excel (XLSX) evidence into one page of text with section starts.

Both are zip containers: the zip directory is checked (``assessor.zipguard``) before any parser inflates a member,
so a zip bomb or a broken file becomes a problem, never a crash or an exhausted machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from assessor.evidence.model import Extraction, IngestLimits
from assessor.evidence.normalize import normalize_text
from assessor.evidence.sections import MAX_HEADING, numbered_heading
from assessor.zipguard import zip_problem

MAX_ROWS = 50_000
_RETRY = "ask the vendor to save it again or send a PDF"


def preload() -> None:
    """Import the Word and workbook parsers now, so processes forked later share them instead of importing."""
    import docx  # noqa: F401
    import openpyxl  # noqa: F401


def read_docx(data: bytes, max_chars: int = IngestLimits.max_chars) -> Extraction:
    """Paragraphs and tables of the body in document order, up to ``max_chars`` characters; headings (Word heading
    styles or short numbered lines) start sections. Headers, footers, comments and text boxes are left out."""
    refused = _refuse(data, "Word document")
    if refused:
        return refused
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        blocks, cut = _take(_docx_blocks(document), max_chars)
        title = (document.core_properties.title or "").strip()
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many types for a broken file
        return _broken("Word document", exc)
    return _assemble(blocks, title, max_chars, cut=cut)


def read_xlsx(data: bytes, max_chars: int = IngestLimits.max_chars) -> Extraction:
    """One passage per non-blank row, written with the header names ("Name: Northcloud; Location: EU"), up to
    ``max_chars`` characters; each row is its own section, ``"Sheet!row"``. Formulas are read as their last saved
    values."""
    refused = _refuse(data, "Excel workbook")
    if refused:
        return refused
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken file
        return _broken("Excel workbook", exc)
    blocks: list[tuple[str, str]] = []
    chars = 0
    try:
        title = (workbook.properties.title or "").strip()
        for sheet in workbook.worksheets:
            if chars > max_chars:
                break
            header: list[str] | None = None
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in row]
                if not any(cells):
                    continue
                if header is None:
                    header = cells
                    continue
                parts = [f"{_column_name(header, index)}: {value}" for index, value in enumerate(cells) if value]
                blocks.append(("; ".join(parts), f"{sheet.title}!{number}"))
                chars += len(blocks[-1][0]) + 2
                if chars > max_chars:
                    break
                if len(blocks) > MAX_ROWS:
                    return Extraction(
                        problem="too_large",
                        detail=f"has more than {MAX_ROWS:,} rows; ask the vendor for the relevant sheet",
                    )
    except Exception as exc:  # noqa: BLE001
        return _broken("Excel workbook", exc)
    finally:
        workbook.close()
    return _assemble(blocks, title, max_chars, rows=True, cut=chars > max_chars)


def _broken(what: str, exc: Exception) -> Extraction:
    return Extraction(problem="corrupt", detail=f"is not a readable {what} ({exc.__class__.__name__}); {_RETRY}")


def _refuse(data: bytes, what: str) -> Extraction | None:
    if not data:
        return Extraction(problem="empty", detail="the file is empty (0 bytes); ask the vendor to send it again")
    problem = zip_problem(data)
    if not problem:
        return None
    code = "corrupt" if problem.startswith("not a readable") else "too_large"
    return Extraction(problem=code, detail=f"is not a safe {what}: {problem}; {_RETRY}")


def _docx_blocks(document: object) -> Iterable[tuple[str, str]]:
    """(text, heading label or "") for each paragraph and table row, in document order."""
    from docx.table import Table

    for item in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # a merged cell repeats in every grid column
                        cells.append(text)
                if cells:
                    yield " | ".join(cells), ""
            continue
        text = item.text
        if not text.strip():
            continue
        style = getattr(item.style, "name", "") or ""
        styled = style.lower().startswith("heading") and len(text.strip()) <= MAX_HEADING * 2
        label = " ".join(text.split()) if styled else numbered_heading(text)
        yield text, label[:MAX_HEADING]


def _take(blocks: Iterable[tuple[str, str]], max_chars: int) -> tuple[list[tuple[str, str]], bool]:
    """The blocks until they hold more than ``max_chars`` characters, and whether any were left."""
    taken: list[tuple[str, str]] = []
    chars = 0
    for block in blocks:
        taken.append(block)
        chars += len(block[0]) + 2
        if chars > max_chars:
            return taken, True
    return taken, False


def _assemble(
    blocks: Iterable[tuple[str, str]], title: str, max_chars: int, rows: bool = False, cut: bool = False
) -> Extraction:
    """One page from blocks separated by blank lines, cut to ``max_chars``; a block with a label starts a section."""
    parts: list[str] = []
    sections: list[tuple[int, int, str]] = []
    offset = 0
    for raw, label in blocks:
        text = normalize_text(raw)
        if not text:
            continue
        if parts:
            offset += 2
        if label:
            sections.append((1, offset, label))
        parts.append(text)
        offset += len(text)
    page = "\n\n".join(parts)
    if not page:
        what = "no data rows" if rows else "no text"
        return Extraction(problem="empty", detail=f"the file contains {what}; ask the vendor to send it again")
    return Extraction(pages=(page,), metadata_title=title, sections=tuple(sections), cut=cut).within(max_chars)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _column_name(header: list[str], index: int) -> str:
    if index < len(header) and header[index]:
        return header[index]
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"Column {letters}"
