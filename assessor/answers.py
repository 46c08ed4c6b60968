"""Read a vendor's answers file (CSV or XLSX) into answer rows.

Besides the tool's own questionnaire, the layouts vendors send back are read: the buyer's workbook
with an instructions sheet first, banner rows above a header that may sit on any of the first 30 rows,
a sheet per domain, and columns such as "Ref / Question / Response (Yes/No) / Vendor Comments". The
mapping used (sheets, header row, which column is which) is kept on the sheet so it can be reported,
and every row that cannot be read is noted with its sheet and row number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assessor.errors import InputError
from assessor.tabular import RawSheet, normalize_header, read_sheets

HEADER_SEARCH_ROWS = 30

# Header words after lower-casing and turning punctuation into spaces ("Response (Yes/No)" -> "response yes no").
ROLE_ALIASES = {
    "id": (
        "question id", "id", "qid", "question no", "question number", "ref", "ref no", "ref id", "no", "number",
        "control id", "control ref", "item", "item no", "#",
    ),
    "question": ("question", "question text", "questions", "requirement", "control", "question description"),
    "answer": (
        "answer", "answers", "response", "vendor answer", "vendor response", "supplier response", "supplier answer",
    ),
    "choice": (
        "yes no", "response yes no", "answer yes no", "yes no n a", "yes no na", "compliance", "status", "compliant",
    ),
    "comment": (
        "comment", "comments", "vendor comments", "supplier comments", "additional information", "explanation",
        "notes", "details",
    ),
    "evidence": (
        "evidence", "supporting documents", "supporting documentation", "attachments", "reference", "references",
        "evidence reference", "evidence references", "supporting evidence",
    ),
}  # fmt: skip
ROLE_WORDS = {"id": "ids", "question": "questions", "answer": "answers", "choice": "yes/no choices",
              "comment": "comments", "evidence": "evidence"}  # fmt: skip
OVERRIDE_KEYS = ("sheet", "header_row", "id_col", "question_col", "answer_col", "comment_col", "evidence_col")
_LETTERS = re.compile(r"[A-Za-z]{1,3}")


@dataclass(frozen=True)
class LayoutOverrides:
    """What the analyst says when detection is wrong; columns by header text or by letter ("C")."""

    sheet: str = ""
    header_row: int = 0
    id_col: str = ""
    question_col: str = ""
    answer_col: str = ""
    comment_col: str = ""
    evidence_col: str = ""

    def columns(self) -> dict[str, str]:
        given = {"id": self.id_col, "question": self.question_col, "answer": self.answer_col}
        given |= {"comment": self.comment_col, "evidence": self.evidence_col}
        return {role: str(value).strip() for role, value in given.items() if str(value).strip()}

    def __bool__(self) -> bool:
        return bool(self.sheet or self.header_row or self.columns())


@dataclass(frozen=True)
class SheetLayout:
    """How one sheet was read: its header row and, per role, the column letter and header text."""

    sheet: str
    header_row: int
    columns: dict[str, tuple[str, str]]  # role -> (letter, header text)
    rows: int = 0

    def describe(self) -> str:
        where = f"sheet '{self.sheet}', " if self.sheet else ""
        cols = ", ".join(f"{role} = {letter} '{header}'" for role, (letter, header) in self.columns.items())
        parts = [role for role in ("choice", "answer", "comment") if role in self.columns]
        made = f"; answer = {' + '.join(parts)}" if len(parts) > 1 else ""
        return f"{where}header row {self.header_row}: {cols}{made} ({self.rows} rows)"

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": {role: {"column": letter, "header": header} for role, (letter, header) in self.columns.items()},
            "rows": self.rows,
        }


@dataclass(frozen=True)
class VendorAnswer:
    """One row of the vendor's file; ``line`` is the row number the vendor sees, ``source`` its sheet."""

    line: int
    question_id: str
    question: str
    answer: str
    evidence_refs: str
    source: str = ""


@dataclass(frozen=True)
class AnswerSheet:
    path: str
    sha256: str
    answers: tuple[VendorAnswer, ...]
    encoding: str
    sheet: str
    layouts: tuple[SheetLayout, ...] = ()
    skipped: tuple[str, ...] = ()  # sheets not read, and why
    notes: tuple[str, ...] = ()  # rows not read or read with a guess, each with its sheet and row

    def mapping_lines(self) -> list[str]:
        """The mapping used, for people: one line per sheet read, then the sheets skipped."""
        return [f"read {layout.describe()}" for layout in self.layouts] + [f"skipped {s}" for s in self.skipped]

    def mapping(self) -> dict:
        """The mapping used, for the JSON report."""
        return {
            "sheets": [layout.to_dict() for layout in self.layouts],
            "skipped": list(self.skipped),
            "notes": list(self.notes),
        }


def read_answers(path: str | Path, overrides: LayoutOverrides | None = None) -> AnswerSheet:
    """Read answers; header names match case-insensitively and common questionnaire names are accepted."""
    path = Path(path)
    overrides = overrides or LayoutOverrides()
    raw_sheets, encoding = read_sheets(path)
    return _read_sheets(path, raw_sheets, encoding, overrides)


def read_raw_sheets(path: str | Path) -> list[RawSheet]:
    """The file's sheets as raw numbered rows, as ``read_answers`` sees them before finding the header."""
    return read_sheets(Path(path))[0]


def _read_sheets(path: Path, raw_sheets: list[RawSheet], encoding: str, overrides: LayoutOverrides) -> AnswerSheet:
    """Find each sheet's layout and read its rows; sheets without one are skipped and listed."""
    if overrides.sheet:
        chosen = [s for s in raw_sheets if s.name.casefold() == overrides.sheet.strip().casefold()]
        if not chosen:
            names = ", ".join(f"'{s.name}'" for s in raw_sheets if s.name) or "none (a CSV has one table)"
            raise InputError(path, f"no sheet named '{overrides.sheet}'; sheets: {names}")
        raw_sheets = chosen
    answers: list[VendorAnswer] = []
    layouts: list[SheetLayout] = []
    skipped: list[str] = []
    notes: list[str] = []
    failures: list[InputError] = []
    for raw in raw_sheets:
        if not raw.rows and raw.name:
            skipped.append(f"sheet '{raw.name}': empty")
            continue
        try:
            layout, sheet_notes = _detect_layout(path, raw, overrides)
        except InputError as exc:
            if len(raw_sheets) == 1 or overrides.sheet:
                raise
            failures.append(exc)
            reason = exc.problem
            if reason.startswith("no 'answer' column"):
                reason = f"no header row with an answer column in its first {HEADER_SEARCH_ROWS} rows"
            skipped.append(f"sheet '{raw.name}': {reason}")
            continue
        rows, row_notes = _read_rows(raw, layout)
        layouts.append(SheetLayout(layout.sheet, layout.header_row, layout.columns, len(rows)))
        answers.extend(rows)
        notes.extend(sheet_notes + row_notes)
    if not layouts:
        if failures:
            raise next((f for f in failures if "needs a 'question_id'" in f.problem), failures[0])
        raise InputError(path, "the workbook has no sheet with a header row")
    return AnswerSheet(
        path=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        answers=tuple(answers),
        encoding=encoding,
        sheet=", ".join(layout.sheet for layout in layouts),
        layouts=tuple(layouts),
        skipped=tuple(skipped),
        notes=tuple(notes),
    )


# -- detection -----------------------------------------------------------------------------------------------------


def header_key(cell: str) -> str:
    """'Response (Yes/No)' -> 'response yes no'; '#' stays '#'."""
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", cell.replace("\ufeff", "").casefold()).split())
    return key or ("#" if "#" in cell else "")


_ROLE_OF = {alias: role for role, aliases in ROLE_ALIASES.items() for alias in aliases}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _letter_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _place(sheet: str, row: int) -> str:
    return f"{sheet}!{row}" if sheet else f"row {row}"


def _roles(cells: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        role = _ROLE_OF.get(header_key(cell))
        if role:
            found.setdefault(role, []).append(index)
    return found


def _detect_layout(path: Path, raw: RawSheet, overrides: LayoutOverrides) -> tuple[SheetLayout, list[str]]:
    """The header row and the column of each role, with notes on guesses; InputError when there is no header."""
    where = f"sheet '{raw.name}'" if raw.name else ""
    if not raw.rows:
        raise InputError(path, "no header row and no data: the table is empty", where)
    given = overrides.columns()
    if overrides.header_row:
        header = next(((line, cells) for line, cells in raw.rows if line == overrides.header_row), None)
        if header is None:
            raise InputError(path, f"header row {overrides.header_row} is blank or past the end", where)
    else:
        header = _find_header(raw, given)
    line, cells = header or raw.rows[0]
    hint = "" if header or overrides.header_row else f" (no header recognised in the first {HEADER_SEARCH_ROWS} rows)"
    found = _roles(cells)
    _refuse_repeated_headers(path, raw.name, line, cells)
    notes = []
    columns: dict[str, int] = {}
    for role in ROLE_ALIASES:
        indexes = found.get(role, [])
        if len(indexes) > 1:
            letters = " and ".join(column_letter(i) for i in indexes)
            notes.append(
                f"{_place(raw.name, line)}: {len(indexes)} columns look like {ROLE_WORDS[role]}: {letters}; "
                f"using {column_letter(indexes[0])}"
            )
        if indexes:
            columns[role] = indexes[0]
    for role, wanted in given.items():
        columns[role] = _column_for(path, raw.name, line, cells, wanted, role)
    if "answer" in given and "choice" in columns:  # the analyst named the answer column
        choice = columns.pop("choice")
        if choice != columns["answer"]:
            notes.append(
                f"{_place(raw.name, line)}: yes/no column {column_letter(choice)} '{cells[choice]}' not read; "
                f"the answer column given is {column_letter(columns['answer'])}"
            )
    taken = {columns[role] for role in given}
    for role in [r for r in columns if r not in given and columns[r] in taken]:
        del columns[role]  # one column cannot be two things; the analyst's choice wins
    found_list = ", ".join(c for c in (normalize_header(cell) for cell in cells) if c) or "none"
    if "answer" not in columns and "choice" not in columns:
        raise InputError(path, f"no 'answer' column; found columns: {found_list}", where)
    if "id" not in columns and "question" not in columns:
        problem = f"needs a 'question_id' or 'question' column; found columns: {found_list}{hint}"
        raise InputError(path, problem, where)
    order = ("id", "question", "choice", "answer", "comment", "evidence")
    mapped = {
        role: (column_letter(columns[role]), cells[columns[role]] if columns[role] < len(cells) else "")
        for role in order
        if role in columns
    }
    return SheetLayout(raw.name, line, mapped), notes


def _find_header(raw: RawSheet, given: dict[str, str]) -> tuple[int, list[str]] | None:
    """The row among the first 30 naming the most roles, with an answer (or yes/no) column; earliest on ties."""
    best, best_score = None, 0
    for line, cells in raw.rows:
        if line > HEADER_SEARCH_ROWS:
            break
        roles = _roles(cells)
        for role, wanted in given.items():  # a header named by the analyst counts too
            if any(header_key(cell) == header_key(wanted) for cell in cells):
                roles.setdefault(role, [0])
        if not ({"answer", "choice"} & roles.keys() or "answer" in given):
            continue
        score = len(roles) + (1 if {"id", "question"} & roles.keys() else 0)
        if score > best_score:
            best, best_score = (line, cells), score
    return best


def _refuse_repeated_headers(path: Path, sheet: str, line: int, cells: list[str]) -> None:
    seen: set[str] = set()
    where = f"sheet '{sheet}' row {line}" if sheet else f"row {line}"
    for cell in cells:
        col = normalize_header(cell)
        if col and col in seen and header_key(cell) in _ROLE_OF:  # a repeated column nobody reads is harmless
            raise InputError(path, f"column '{col}' appears twice in the header", where)
        seen.add(col)


def _column_for(path: Path, sheet: str, line: int, cells: list[str], wanted: str, role: str) -> int:
    """The column the analyst named: a header text first, else a column letter."""
    key = header_key(wanted)
    for index, cell in enumerate(cells):
        if key and header_key(cell) == key:
            return index
    if _LETTERS.fullmatch(wanted):
        return _letter_index(wanted)
    headers = ", ".join(f"'{c}'" for c in cells if c) or "none"
    where = f"sheet '{sheet}' row {line}" if sheet else f"row {line}"
    raise InputError(
        path, f"no column '{wanted}' for the {role} (give a header or a letter); headers: {headers}", where
    )


# -- rows ----------------------------------------------------------------------------------------------------------


def _read_rows(raw: RawSheet, layout: SheetLayout) -> tuple[list[VendorAnswer], list[str]]:
    index = {role: _letter_index(letter) for role, (letter, _) in layout.columns.items()}

    def cell(cells: list[str], role: str) -> str:
        i = index.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    rows, notes = [], []
    for line, cells in raw.rows:
        if line <= layout.header_row:
            continue
        question_id, question = cell(cells, "id"), " ".join(cell(cells, "question").split())
        answer = _join(cell(cells, "choice"), cell(cells, "answer"), cell(cells, "comment"))
        evidence = cell(cells, "evidence")
        place = _place(raw.name, line)
        if not (question_id or question or answer):
            notes.append(f"{place}: no id, question or answer text; row not read")
            continue
        if not answer and not question and "question" in index:
            notes.append(f"{place}: no question and no answer text ('{question_id[:60]}' looks like a heading)")
            continue
        rows.append(VendorAnswer(line, question_id, question, answer, evidence, raw.name))
    return rows, notes


def _join(*parts: str) -> str:
    """'Yes' and 'We encrypt.' -> 'Yes. We encrypt.'; a lone part stays as it is."""
    text = ""
    for part in (p for p in parts if p):
        if not text:
            text = part
        elif text[-1] in ".!?:;":
            text = f"{text} {part}"
        else:
            text = f"{text}. {part}"
    return text
