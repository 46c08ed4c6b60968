"""Read CSV and XLSX files into rows of text, whatever the encoding or delimiter.

One reader serves vendor answers and custom question banks, so both accept
the same files and report problems the same way.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessor.errors import InputError
from assessor.text import UTF16_BOMS, decode_vendor_text

MAX_TABLE_BYTES = 25 * 1024 * 1024
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class TableRow:
    """One non-blank data row; ``line`` is the row number a spreadsheet shows."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class RawSheet:
    """One sheet (or a CSV, or a Word table) as rows of trimmed cell text; ``rows`` keeps the row numbers a
    spreadsheet shows. ``kind`` is "sheet" or "table" (a Word table, named "table N")."""

    name: str
    rows: list[tuple[int, list[str]]]
    kind: str = "sheet"

    @property
    def label(self) -> str:
        """How messages name it: "sheet 'Governance'", "table 2", or "" for a CSV."""
        if not self.name:
            return ""
        return f"sheet '{self.name}'" if self.kind == "sheet" else self.name

    def place(self, line: int) -> str:
        """Where a row is, for messages: "sheet 'Governance' row 7", "table 2 row 5" or "row 7"."""
        return f"{self.label} row {line}" if self.label else f"row {line}"


@dataclass(frozen=True)
class Table:
    path: Path
    columns: list[str]
    rows: list[TableRow] = field(default_factory=list)
    encoding: str = ""
    sheet: str = ""


def normalize_header(name: str) -> str:
    """'Question ID ' -> 'question_id' so headers match case- and space-insensitively."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-./]+", "_", cleaned).strip("_")


def read_table(path: str | Path, fits: Callable[[list[str]], bool] = bool, max_bytes: int = MAX_TABLE_BYTES) -> Table:
    """Read a CSV or XLSX file; raise InputError naming the file and the problem.

    In a workbook, the first sheet whose header ``fits`` is used (else the first non-empty one).
    """
    path = Path(path)
    data, is_xlsx = _checked_bytes(path, max_bytes)
    if is_xlsx:
        return _read_xlsx(path, data, fits)
    return _read_csv(path, data)


def read_sheets(path: str | Path, max_bytes: int = MAX_TABLE_BYTES) -> tuple[list[RawSheet], str]:
    """Every sheet of a workbook (or the one table of a CSV, named "") as raw rows, and the CSV's encoding.

    The same size, type and workbook checks as ``read_table``; blank rows are left out, row numbers kept.
    """
    path = Path(path)
    data, is_xlsx = _checked_bytes(path, max_bytes)
    if not is_xlsx:
        records, encoding = _csv_records(path, data)
        return [RawSheet("", _numbered(records))], encoding
    sheets = []
    with open_workbook(path, data) as workbook:
        for sheet in workbook.worksheets:
            records = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            sheets.append(RawSheet(sheet.title, _numbered(records)))
    return sheets, ""


def capped_bytes(path: Path, max_bytes: int = MAX_TABLE_BYTES) -> bytes:
    """The bytes of a vendor's file that exists, is not empty and is at most ``max_bytes`` long."""
    if not path.is_file():
        raise InputError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise InputError(path, f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    return path.read_bytes()


def _checked_bytes(path: Path, max_bytes: int) -> tuple[bytes, bool]:
    """The file's bytes after the size and type checks, and whether it is a workbook."""
    data = capped_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES or data.startswith(b"PK\x03\x04"):
        return data, True
    if suffix in CSV_SUFFIXES or not suffix:
        return data, False
    raise InputError(path, f"unsupported file type '{suffix}': use .csv or .xlsx")


def _numbered(records: list[list[str]]) -> list[tuple[int, list[str]]]:
    numbered = [
        (i + 1, [cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in rec])
        for i, rec in enumerate(records)
    ]
    return [(line, cells) for line, cells in numbered if any(cells)]


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a CSV's bytes (see ``decode_vendor_text``); undecodable text is an InputError naming the file."""
    try:
        return decode_vendor_text(data)
    except UnicodeDecodeError as exc:
        if data.startswith(UTF16_BOMS):
            raise InputError(path, "starts like UTF-16 text but is not valid UTF-16; save it as UTF-8 CSV") from exc
        raise InputError(path, "text is neither UTF-8 nor Windows-1252; save it as UTF-8 CSV") from exc


def _read_csv(path: Path, data: bytes) -> Table:
    records, encoding = _csv_records(path, data)
    return _build_table(path, records, encoding=encoding)


def _csv_records(path: Path, data: bytes) -> tuple[list[list[str]], str]:
    if b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS):
        raise InputError(path, "this looks like a binary file, not a CSV")
    text, encoding = decode_text(path, data)
    delimiter = _delimiter(text)
    csv.field_size_limit(
        max(csv.field_size_limit(), MAX_TABLE_BYTES)
    )  # one long answer is fine; the file size is capped
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}") from exc
    return records, encoding


def _delimiter(text: str) -> str:
    """The first separated line's most frequent separator among , ; tab and | (Excel in many locales uses ;)."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    for line in lines[:30]:  # a banner line above the header (a CSV exported from a workbook) has no separator
        counts = {candidate: line.count(candidate) for candidate in DELIMITERS}
        best = max(counts, key=lambda candidate: counts[candidate])
        if counts[best]:
            return best
    return ","


@contextlib.contextmanager
def open_workbook(path: Path, data: bytes):
    """The workbook in ``data`` opened read-only (values, not formulas), closed afterwards; InputError if broken."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable XLSX workbook ({exc.__class__.__name__})") from exc
    try:
        yield workbook
    finally:
        workbook.close()


def _read_xlsx(path: Path, data: bytes, fits: Callable[[list[str]], bool]) -> Table:
    tables = []
    with open_workbook(path, data) as workbook:
        for sheet in workbook.worksheets:
            records = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            table = _build_table(path, records, sheet=sheet.title, tolerate_empty=True)
            if table.columns and fits(table.columns):
                return table
            tables.append(table)
    non_empty = [t for t in tables if t.columns]
    if not non_empty:
        raise InputError(path, "the workbook has no sheet with a header row")
    return non_empty[0]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _build_table(
    path: Path, records: list[list[str]], encoding: str = "", sheet: str = "", tolerate_empty: bool = False
) -> Table:
    numbered = _numbered(records)
    if not numbered:
        if tolerate_empty:
            return Table(path=path, columns=[], sheet=sheet)
        raise InputError(path, "no header row and no data: the table is empty")
    header_line, header_cells = numbered[0]
    columns = [normalize_header(cell) for cell in header_cells]
    where = f"sheet '{sheet}' row {header_line}" if sheet else f"row {header_line}"
    seen: set[str] = set()
    for col in columns:
        if col and col in seen:
            raise InputError(path, f"column '{col}' appears twice in the header", where)
        seen.add(col)
    rows = []
    for line, cells in numbered[1:]:
        values = {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns) if col}
        rows.append(TableRow(line=line, values=values))
    return Table(path=path, columns=[c for c in columns if c], rows=rows, encoding=encoding, sheet=sheet)
