"""Read a buyer's question bank from a CSV or workbook in the buyer's own shape.

The header may sit on any of the first 30 rows below banners, columns go by many names
("Ref / Question / Domain"), each sheet may hold one domain (the sheet name is then the
category), and sheets with no such header (instructions, a cover page) are skipped and listed.
The tool's own layout, a header on row 1 named id, text, category, iso42001, is one case of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assessor.answers import HEADER_SEARCH_ROWS, column_letter, header_key
from assessor.errors import InputError
from assessor.tabular import RawSheet, read_sheets

# Header words as ``header_key`` writes them; within a role, earlier names win when a sheet has several.
BANK_ROLE_ALIASES = {
    "id": (
        "id", "question id", "qid", "ref", "ref no", "ref id", "control id", "control ref", "no",
        "number", "question no", "question number", "item", "item no", "#",
    ),
    "text": ("text", "question", "question text", "questions", "requirement", "control", "question description"),
    "category": ("category", "domain", "section", "area", "topic"),
    "iso42001": (
        "iso42001", "iso 42001", "iso iec 42001", "iso ids", "iso 42001 ids", "iso 42001 mapping", "iso mapping",
        "clauses", "clause", "annex a control", "annex a controls", "mapping",
    ),
    "criteria": ("criteria", "specific answer names"),
    "evidence": ("evidence", "evidence expected", "expected evidence"),
    "weight": ("weight",),
}  # fmt: skip
REQUIRED_ROLES = ("id", "text")
_RANK = {alias: (role, rank) for role, aliases in BANK_ROLE_ALIASES.items() for rank, alias in enumerate(aliases)}


@dataclass(frozen=True)
class BankRows:
    """The question rows found, each with its place ("sheet 'Governance' row 7"), and how they were found."""

    entries: list[tuple[str, dict[str, str]]]
    mapping: list[str]  # sheets read (header row, columns), sheets skipped and heading rows passed over


def read_bank_rows(path: Path) -> BankRows:
    """Every question row of every sheet with a bank header; InputError when no sheet has one."""
    sheets, _ = read_sheets(path)
    entries: list[tuple[str, dict[str, str]]] = []
    read: list[str] = []
    skipped: list[str] = []
    notes: list[str] = []
    for sheet in sheets:
        header = _find_header(sheet)
        if header is None:
            if sheet.name:
                skipped.append(f"skipped sheet '{sheet.name}': {_no_header(sheet)}")
                continue
            raise InputError(path, _no_header(sheet))
        line, columns = header
        if "category" not in columns and not sheet.name:
            raise InputError(path, f"missing required column(s) category; found: {_found(sheet, line)}", f"row {line}")
        rows, sheet_notes = _rows(sheet, line, columns)
        entries += rows
        read.append(_describe(sheet, line, columns, len(rows)))
        notes += sheet_notes
    if not read:
        raise InputError(path, "no sheet has a question bank header; " + "; ".join(skipped))
    return BankRows(entries, read + skipped + notes)


def _roles(cells: list[str]) -> dict[str, int]:
    """Column index per role; when several columns name one role, the best-ranked name wins."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = _RANK.get(header_key(cell))
        if found and (found[0] not in best or found[1] < best[found[0]][0]):
            best[found[0]] = (found[1], index)
    return {role: index for role, (_, index) in best.items()}


def _find_header(sheet: RawSheet) -> tuple[int, dict[str, int]] | None:
    """The row among the first 30 naming an id and a question column and the most roles; earliest on ties."""
    best = None
    for line, cells in sheet.rows:
        if line > HEADER_SEARCH_ROWS:
            break
        roles = _roles(cells)
        if all(role in roles for role in REQUIRED_ROLES) and (best is None or len(roles) > len(best[1])):
            best = (line, roles)
    return best


def _no_header(sheet: RawSheet) -> str:
    if not sheet.rows:
        return "empty"
    first = _found(sheet, sheet.rows[0][0])
    return (
        f"missing required column(s) {', '.join(REQUIRED_ROLES)}: no header row naming them in the first "
        f"{HEADER_SEARCH_ROWS} rows; first row found: {first}"
    )


def _found(sheet: RawSheet, line: int) -> str:
    cells = next(cells for number, cells in sheet.rows if number == line)
    return ", ".join(cell for cell in cells if cell)[:200] or "none"


def place(sheet: str, line: int) -> str:
    return f"sheet '{sheet}' row {line}" if sheet else f"row {line}"


def _rows(
    sheet: RawSheet, header_line: int, columns: dict[str, int]
) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """The rows below the header; a row with one filled cell and no question is a heading, noted and passed over."""
    entries, notes = [], []
    for line, cells in sheet.rows:
        if line <= header_line:
            continue
        filled = [cell for cell in cells if cell]
        text_index = columns["text"]
        if len(filled) == 1 and not (text_index < len(cells) and cells[text_index]):
            notes.append(f"{place(sheet.name, line)}: '{filled[0][:60]}' looks like a heading; not read")
            continue
        values = {role: cells[index] if index < len(cells) else "" for role, index in columns.items()}
        if "category" not in columns:
            values["category"] = sheet.name
        entries.append((place(sheet.name, line), values))
    return entries, notes


def _describe(sheet: RawSheet, line: int, columns: dict[str, int], count: int) -> str:
    header = next(cells for number, cells in sheet.rows if number == line)
    named = ", ".join(f"{role} = {column_letter(i)} '{header[i]}'" for role, i in columns.items())
    category = "" if "category" in columns else f", category = the sheet name '{sheet.name}'"
    where = f"sheet '{sheet.name}', " if sheet.name else ""
    return f"read {where}header row {line}: {named}{category} ({count} rows)"
