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
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from assessor.answer_limits import AnswerLimits, packaged_limits
from assessor.cleantext import looks_binary, strip_controls
from assessor.errors import InputError
from assessor.text import UTF16_BOMS, decode_vendor_text
from assessor.zipguard import zip_problem

_MB = 1024 * 1024
MAX_TABLE_BYTES = packaged_limits().max_file_bytes
EXCEL_MAX_ROWS = 1_048_576
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class RawSheet:
    """One sheet (or a CSV, or a Word table) as rows of trimmed cell text; ``rows`` keeps the row numbers a
    spreadsheet shows. ``kind`` is "sheet" or "table" (a Word table, named "table N")."""

    name: str
    rows: list[tuple[int, list[str]]]
    kind: str = "sheet"
    delimiter: str = ""  # a CSV's field separator

    @property
    def label(self) -> str:
        """How messages name it: "sheet 'Governance'", "table 2", or "" for a CSV."""
        if not self.name:
            return ""
        return f"sheet '{self.name}'" if self.kind == "sheet" else self.name

    def place(self, line: int) -> str:
        """Where a row is, for messages: "sheet 'Governance' row 7", "table 2 row 5" or "row 7"."""
        return f"{self.label} row {line}" if self.label else f"row {line}"


def normalize_header(name: str) -> str:
    """'Question ID ' -> 'question_id' so headers match case- and space-insensitively."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-./]+", "_", cleaned).strip("_")


def read_sheets(path: str | Path, max_bytes: int = MAX_TABLE_BYTES) -> tuple[list[RawSheet], str]:
    """Every sheet of a workbook (or the one table of a CSV, named "") as raw rows, and the CSV's encoding.

    The checks and limits of ``read_sheet_parts`` (their notes are not kept); blank rows are left out, row
    numbers kept.
    """
    found = read_sheet_parts(path, replace(packaged_limits(), max_file_mb=max_bytes / _MB))
    return list(found.sheets), found.encoding


@dataclass(frozen=True)
class SheetParts:
    """The sheets read from a file, its CSV encoding, and notes on what was not read (limits hit, row damage)."""

    sheets: tuple[RawSheet, ...]
    encoding: str
    notes: tuple[str, ...]


def read_sheet_parts(path: str | Path, limits: AnswerLimits | None = None) -> SheetParts:
    """Every sheet as raw rows within ``limits`` (the packaged ``answer_limits`` by default).

    Rows past the row or cell budget, sheets past the sheet limit and cells right of the column limit are not
    read, and each such cut is noted with its place. A damaged sheet is noted and passed over; damage that
    leaves nothing readable is an InputError naming the file, the place and the problem.
    """
    path = Path(path)
    limits = limits or packaged_limits()
    data, is_xlsx = _checked_bytes(path, limits.max_file_bytes)
    budget = _Budget(limits)
    if not is_xlsx:
        sheet, encoding = _csv_sheet(path, data, budget)
        return SheetParts((sheet,), encoding, tuple(budget.notes))
    sheets: list[RawSheet] = []
    damaged: list[InputError] = []
    with open_workbook(path, data, limits) as workbook:
        for number, sheet in enumerate(workbook.worksheets):
            if number >= limits.max_sheets or budget.full:
                names = ", ".join(f"'{s.title}'" for s in workbook.worksheets[number:])
                why = f"more than {limits.max_sheets} sheets" if number >= limits.max_sheets else "row limit reached"
                budget.notes.append(f"sheets not read ({why}): {names}")
                break
            try:
                sheets.append(_xlsx_sheet(path, sheet, budget))
            except InputError as exc:  # a damaged sheet is reported; the others are still read
                damaged.append(exc)
                budget.notes.append(f"{exc.where}: not read: {exc.problem}")
    if damaged and not sheets:
        raise damaged[0]
    return SheetParts(tuple(sheets), "", tuple(budget.notes))


class _Budget:
    """Rows and cells still to be read in the file, and the notes on what was left out."""

    def __init__(self, limits: AnswerLimits) -> None:
        self.limits = limits
        self.rows = limits.max_rows
        self.cells = limits.max_cells
        self.full = False
        self.notes: list[str] = []

    def take(self, cells: list[str], where: str) -> bool:
        """Whether a non-blank row fits; the first that does not is noted and ends the reading."""
        filled = sum(1 for cell in cells if cell)
        if self.rows >= 1 and filled <= self.cells:
            self.rows -= 1
            self.cells -= filled
            return True
        if not self.full:
            what = f"{self.limits.max_rows:,} rows" if self.rows < 1 else f"{self.limits.max_cells:,} filled cells"
            self.notes.append(
                f"{where}: the file holds more than {what} (answer_limits); this row and the rest are not read"
            )
        self.full = True
        return False


def _clean(record: list | tuple) -> list[str]:
    """A row's cells as trimmed clean text, trailing blank cells dropped."""
    cells = [strip_controls(_cell_text(value)).strip() for value in record]
    while cells and not cells[-1]:
        cells.pop()
    return cells


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


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a CSV's bytes (see ``decode_vendor_text``); undecodable text is an InputError naming the file."""
    try:
        return decode_vendor_text(data)
    except UnicodeDecodeError as exc:
        if data.startswith(UTF16_BOMS):
            raise InputError(path, "starts like UTF-16 text but is not valid UTF-16; save it as UTF-8 CSV") from exc
        raise InputError(path, "text is neither UTF-8 nor Windows-1252; save it as UTF-8 CSV") from exc


def _csv_sheet(path: Path, data: bytes, budget: _Budget) -> tuple[RawSheet, str]:
    """The CSV as one sheet; rows a lone quote has merged are noted, and a quote never closed is read as text."""
    if looks_binary(data[:4096]):
        raise InputError(path, "this looks like a binary file, not a CSV")
    text, encoding = decode_text(path, data)
    delimiter = _delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # one long answer is fine; the file is capped
    rows: list[tuple[int, list[str]]] = []
    _csv_rows(path, text, delimiter, budget, rows, first_line=1, first_row=1)
    return RawSheet("", rows, delimiter=delimiter), encoding


def _csv_rows(
    path: Path,
    text: str,
    delimiter: str,
    budget: _Budget,
    rows: list[tuple[int, list[str]]],
    first_line: int,
    first_row: int,
) -> None:
    """Parse ``text`` (starting at physical line ``first_line``, record ``first_row``) into ``rows``."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    width = len(rows[0][1]) if rows else 0
    number = first_row - 1
    # Only an unclosed quote makes a record run to the text's last line; the lines are counted once, and only
    # when the quotes do not pair up, so a file of many multi-line answers stays linear.
    total_lines = sum(1 for _ in io.StringIO(text, newline="")) if text.count('"') % 2 == 1 else 0
    while True:
        start = first_line + reader.line_num
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(path, f"malformed CSV: {exc}", f"row {number + 1} (line {start})") from exc
        number += 1
        end = first_line + reader.line_num - 1
        if end > start and total_lines and reader.line_num >= total_lines:
            rest = _reread_unclosed(text, start - first_line, delimiter)
            if rest is not None:
                line, remainder = rest
                budget.notes.append(
                    f"row {number} (line {start}): a quote opened here is never closed; the quote is read as text "
                    "and the lines after it as rows of their own"
                )
                if budget.take(line, f"row {number}"):
                    rows.append((number, line))
                    _csv_rows(path, remainder, delimiter, budget, rows, start + 1, number + 1)
                return
        cells = _clean(record)
        if not cells:
            continue
        if len(cells) > budget.limits.max_columns:
            budget.notes.append(
                f"row {number}: {len(cells):,} fields; fields past column {budget.limits.max_columns} are not read"
            )
            cells = cells[: budget.limits.max_columns]
        if not budget.take(cells, f"row {number}"):
            return
        width = width or len(cells)
        if end > start:
            _note_swallowed_rows(record, delimiter, width, number, start, end, budget.notes)
        rows.append((number, cells))


def _reread_unclosed(text: str, line_offset: int, delimiter: str) -> tuple[list[str], str] | None:
    """The record at ``line_offset`` read with its stray quote as text, and the text after its first line."""
    lines = text.split("\n", line_offset + 1)
    if len(lines) <= line_offset + 1:
        return None
    first, remainder = lines[line_offset], lines[line_offset + 1]
    if first.count('"') % 2 == 0:
        return None
    (record,) = list(csv.reader([first.rstrip("\r")], delimiter=delimiter, quoting=csv.QUOTE_NONE)) or [[]]
    return _clean([value.replace('""', '"').strip('"') for value in record]), remainder


def _note_swallowed_rows(
    record: list[str], delimiter: str, width: int, number: int, start: int, end: int, notes: list[str]
) -> None:
    """Note a quoted field that runs over lines looking like rows of their own: a closing quote is likely missing."""
    if width < 2:
        return
    looking = sum(
        1 for value in record if "\n" in value for line in value.split("\n")[1:] if line.count(delimiter) >= width - 1
    )
    if looking:
        notes.append(
            f"row {number} (lines {start}-{end}): a quoted field runs over {looking} line(s) that look like rows of "
            "their own; a closing quote is probably missing, so they were read as part of this row"
        )


def _delimiter(text: str) -> str:
    """The first separated line's most frequent separator among , ; tab and | (Excel in many locales uses ;)."""
    lines = [line for line in text[:200_000].splitlines()[:200] if line.strip()]
    for line in lines[:30]:  # a banner line above the header (a CSV exported from a workbook) has no separator
        counts = {candidate: line.count(candidate) for candidate in DELIMITERS}
        best = max(counts, key=lambda candidate: counts[candidate])
        if counts[best]:
            return best
    return ","


# What a workbook's parts raise when damaged, and how the analyst is told.
_DAMAGE = (
    (IndexError, "a cell refers to a shared string that does not exist"),
    (zipfile.BadZipFile, "a part of the file is damaged"),
    (zlib.error, "a part of the file is damaged"),
    (EOFError, "a part of the file is cut short"),
    (SyntaxError, "the XML is malformed"),  # ElementTree's ParseError and lxml's XMLSyntaxError
    (ValueError, "a cell holds a value that does not fit its type (for example text in a number cell)"),
)


def _damage(exc: Exception) -> str:
    for kind, problem in _DAMAGE:
        if isinstance(exc, kind):
            return f"{problem} ({exc.__class__.__name__}: {str(exc)[:120]})"
    return f"it could not be read ({exc.__class__.__name__}: {str(exc)[:120]})"


@contextlib.contextmanager
def open_workbook(path: Path, data: bytes, limits: AnswerLimits | None = None):
    """The workbook in ``data`` opened read-only (values, not formulas), closed afterwards; InputError if broken.

    The zip directory is checked first (unpacked size, shared strings), so a bomb is refused before parsing.
    """
    from openpyxl import load_workbook

    limits = limits or packaged_limits()
    problem = zip_problem(
        data,
        max_unpacked=int(limits.max_unpacked_mb * _MB),
        max_part={"xl/sharedStrings.xml": int(limits.max_shared_strings_mb * _MB)},
    ) or _shared_strings_problem(data, limits.max_shared_strings)
    if problem:
        raise InputError(path, f"not a readable XLSX workbook: {problem}")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl, zipfile and the XML parsers raise many types
        raise InputError(path, f"not a readable XLSX workbook: {_damage(exc)}") from exc
    try:
        yield workbook
    finally:
        workbook.close()


def _shared_strings_problem(data: bytes, max_count: int) -> str:
    """Why the declared number of shared strings is refused ("" when within ``max_count`` or not declared)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("xl/sharedStrings.xml") as part:
            head = part.read(2048).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        return ""  # no shared strings, or damage the parser reports
    counts = [int(n) for n in re.findall(r'\b(?:uniqueCount|count)="(\d{1,12})"', head.split("<si", 1)[0])]
    if counts and max(counts) > max_count:
        return f"declares {max(counts):,} shared strings, more than the limit of {max_count:,}"
    return ""


def _xlsx_sheet(path: Path, sheet, budget: _Budget) -> RawSheet:
    """One worksheet streamed row by row, within the column limit and the file's row budget."""
    limits = budget.limits
    label = f"sheet '{sheet.title}'"
    rows: list[tuple[int, list[str]]] = []
    declared_rows, declared_cols = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > limits.max_rows or declared_cols > limits.max_columns:
        budget.notes.append(
            f"{label}: declares {declared_rows:,} rows x {declared_cols:,} columns; the declared size is ignored, "
            f"only rows present are read, up to column {limits.max_columns}"
        )
    sheet.reset_dimensions()  # never pad rows to a declared size
    line = 0
    try:
        for line, values in enumerate(sheet.iter_rows(max_col=limits.max_columns, values_only=True), start=1):
            if line > EXCEL_MAX_ROWS:
                budget.notes.append(f"{label}: rows past Excel's last row ({EXCEL_MAX_ROWS:,}) are not read")
                break
            cells = _clean(values)
            if cells and not budget.take(cells, f"{label} row {line}"):
                break
            if cells:
                rows.append((line, cells))
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - damage inside the sheet's XML, found only while streaming it
        raise InputError(path, f"the sheet cannot be read: {_damage(exc)}", f"{label} row {line + 1}") from exc
    return RawSheet(sheet.title, rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
