"""Read a vendor's answers file (CSV, XLSX or Word DOCX) into answer rows.

Besides the tool's own questionnaire, the layouts vendors send back are read: the buyer's workbook
with an instructions sheet first, banner rows above a header that may sit on any of the first 30 rows,
a sheet per domain, and columns such as "Ref / Question / Response (Yes/No) / Vendor Comments". The
mapping used (sheets, header row, which column is which) is kept on the sheet so it can be reported,
and every row that cannot be read is noted with its sheet and row number. A Word document's tables are read like
sheets ("table 1", "table 2"), and questions written as paragraphs are read too (``assessor.docx_questionnaire``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from assessor.answer_limits import AnswerLimits, packaged_limits
from assessor.docx_questionnaire import ParagraphQuestion, is_word_file, read_docx_parts
from assessor.errors import InputError
from assessor.tabular import RawSheet, normalize_header, read_sheet_parts

HEADER_SEARCH_ROWS = 30
# Far longer than any real answer (about 3,000 words): the scorer (scoring.question) judges, and the reader
# reads, no more of an answer, so a pasted 1 MB "answer" is judged on its start.
MAX_ANSWER_CHARS = 20_000

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
# A question id in a header-less table's first column: "GOV-01", "Q4", "3.2", "7."
_QUESTION_ID = re.compile(r"Q\s?\d+[a-z]?|[A-Z]{2,6}[-_ ]?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)*\.?", re.IGNORECASE)


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
    """How one sheet was read: its header row and, per role, the column letter and header text.

    ``kind`` is "sheet", "table" (a Word table) or "paragraphs" (a Word document's numbered questions, under
    ``headings`` headings). ``assumed`` names the columns guessed for a table without a header row, read from
    the row after ``header_row``.
    """

    sheet: str
    header_row: int
    columns: dict[str, tuple[str, str]]  # role -> (letter, header text)
    rows: int = 0
    kind: str = "sheet"
    assumed: str = ""
    headings: int = 0

    def describe(self) -> str:
        if self.kind == "paragraphs":
            return f"paragraphs: {_count(self.rows, 'numbered question')} under {_count(self.headings, 'heading')}"
        where = (f"sheet '{self.sheet}', " if self.kind == "sheet" else f"{self.sheet}, ") if self.sheet else ""
        cols = ", ".join(
            f"{role} = {letter} '{header}'" if header else f"{role} = {letter}"
            for role, (letter, header) in self.columns.items()
        )
        parts = [role for role in ("choice", "answer", "comment") if role in self.columns]
        made = f"; answer = {' + '.join(parts)}" if len(parts) > 1 else ""
        header = f"header row {self.header_row}"
        if self.assumed:
            header = f"no header row, assumed {self.assumed} from row {self.header_row + 1}"
        return f"{where}{header}: {cols}{made} ({self.rows} rows)"

    def to_dict(self) -> dict:
        found = {
            "sheet": self.sheet,
            "kind": self.kind,
            "header_row": self.header_row,
            "columns": {role: {"column": letter, "header": header} for role, (letter, header) in self.columns.items()},
            "rows": self.rows,
        }
        if self.assumed:
            found["assumed"] = self.assumed
        if self.kind == "paragraphs":
            found["headings"] = self.headings
        return found


@dataclass(frozen=True)
class VendorAnswer:
    """One row of the vendor's file; ``line`` is the row (or paragraph) number the vendor sees, ``source`` its
    sheet, table or section, and ``place`` both for messages: "sheet 'Governance' row 7", "paragraph 14"."""

    line: int
    question_id: str
    question: str
    answer: str
    evidence_refs: str
    source: str = ""
    place: str = ""
    cut_from: int = 0  # the answer's length in the file when it was cut to MAX_ANSWER_CHARS (0: read whole)


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


def read_answers(
    path: str | Path, overrides: LayoutOverrides | None = None, limits: AnswerLimits | None = None
) -> AnswerSheet:
    """Read answers; header names match case-insensitively and common questionnaire names are accepted.

    ``limits`` bound the reading (the packaged ``answer_limits`` by default); each one hit is a note.
    For a file from a vendor, ``assessor.answer_reader_process.read_answers_isolated`` reads it in a child process.
    """
    path = Path(path)
    overrides = overrides or LayoutOverrides()
    limits = limits or packaged_limits()
    from assessor.followup_workbook import is_followup_workbook, read_followup_responses

    if is_followup_workbook(path):  # our follow-up workbook, returned: earlier answers plus the responses
        return read_followup_responses(path)
    word = is_word_file(path)
    notes: list[str] = []
    parts, encoding = _parts(path, word, limits, notes)
    if overrides.sheet:
        parts = _chosen_parts(path, parts, overrides.sheet)
    raw_sheets = [part for part in parts if isinstance(part, RawSheet)]
    guided = bool(overrides.header_row or overrides.columns())
    questions = [part for part in parts if isinstance(part, ParagraphQuestion)]
    answers: list[VendorAnswer] = []
    layouts: list[SheetLayout] = []
    skipped: list[str] = []
    failures: list[InputError] = []
    for raw in parts:
        if isinstance(raw, ParagraphQuestion):
            place = f"paragraph {raw.line}"
            question = _capped(raw.question, place, "question", notes)
            answer = _capped(raw.answer, place, "answer", notes)
            cut = len(raw.answer) if answer != raw.answer else 0
            answers.append(VendorAnswer(raw.line, raw.question_id, question, answer, "", raw.section, place, cut))
            continue
        if not raw.rows and raw.name:
            skipped.append(f"{raw.label}: empty")
            continue
        try:
            layout, sheet_notes = _detect_layout(path, raw, overrides)
        except InputError as exc:
            layout, sheet_notes = _headerless_layout(raw) if raw.kind == "table" and not guided else None, []
            if layout is None:
                if (len(raw_sheets) == 1 and not questions) or overrides.sheet:
                    raise
                failures.append(exc)
                skipped.append(f"{raw.label}: {_skip_reason(raw, exc)}")
                continue
        rows, row_notes = _read_rows(raw, layout)
        layouts.append(replace(layout, rows=len(rows)))
        answers.extend(rows)
        notes.extend(sheet_notes + row_notes)
    if questions:
        headings = len({question.section for question in questions if question.section})
        layouts.append(SheetLayout("paragraphs", 0, {}, len(questions), kind="paragraphs", headings=headings))
    if not layouts:
        if failures:
            raise next((f for f in failures if "needs a 'question_id'" in f.problem), failures[0])
        if word:
            raise InputError(path, "the document has no questionnaire table and no numbered questions")
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


def read_raw_sheets(path: str | Path, limits: AnswerLimits | None = None) -> list[RawSheet]:
    """The file's sheets (or a Word document's tables) as raw numbered rows, before any header is looked for."""
    path = Path(path)
    parts, _ = _parts(path, is_word_file(path), limits or packaged_limits(), [])
    return [part for part in parts if isinstance(part, RawSheet)]


def _parts(
    path: Path, word: bool, limits: AnswerLimits, notes: list[str]
) -> tuple[list[RawSheet | ParagraphQuestion], str]:
    """The sheets or Word tables and paragraph questions of the file, and a CSV's encoding; what the limits
    left unread is added to ``notes``."""
    if word:
        return read_docx_parts(path, limits, notes), ""
    found = read_sheet_parts(path, limits)
    notes.extend(found.notes)
    return list(found.sheets), found.encoding


def _capped(text: str, place: str, what: str, notes: list[str]) -> str:
    """``text`` cut at MAX_ANSWER_CHARS, with a note naming the place when it is cut."""
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    notes.append(
        f"{place}: the {what} is {len(text):,} characters long; only its first {MAX_ANSWER_CHARS:,} are read "
        "(the scorer judges no more)"
    )
    return text[:MAX_ANSWER_CHARS]


def _chosen_parts(
    path: Path, parts: list[RawSheet | ParagraphQuestion], name: str
) -> list[RawSheet | ParagraphQuestion]:
    """The sheet (or Word table, or "paragraphs") the analyst named."""

    def part_name(part: RawSheet | ParagraphQuestion) -> str:
        return part.name if isinstance(part, RawSheet) else "paragraphs"

    chosen = [part for part in parts if part_name(part).casefold() == name.strip().casefold()]
    if not chosen:
        names = dict.fromkeys(part_name(part) for part in parts)
        listed = ", ".join(f"'{n}'" for n in names if n) or "none (a CSV has one table)"
        raise InputError(path, f"no sheet named '{name}'; sheets: {listed}")
    return chosen


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _skip_reason(raw: RawSheet, exc: InputError) -> str:
    if not exc.problem.startswith("no 'answer' column"):
        return exc.problem
    if raw.kind == "table":
        first = " | ".join(cell for cell in raw.rows[0][1] if cell)
        return f"no header row with an answer column and no question | answer rows (first row: {first})"
    return f"no header row with an answer column in its first {HEADER_SEARCH_ROWS} rows"


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


def _place(raw: RawSheet, row: int) -> str:
    """Where a note points: "Questions!5" in a workbook, "table 2 row 5" in a Word document, "row 5" in a CSV."""
    return f"{raw.name}!{row}" if raw.name and raw.kind == "sheet" else raw.place(row)


def _roles(cells: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        role = _ROLE_OF.get(header_key(cell))
        if role:
            found.setdefault(role, []).append(index)
    return found


def _detect_layout(path: Path, raw: RawSheet, overrides: LayoutOverrides) -> tuple[SheetLayout, list[str]]:
    """The header row and the column of each role, with notes on guesses; InputError when there is no header."""
    where = raw.label
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
    _refuse_repeated_headers(path, raw, line, cells)
    notes = []
    columns: dict[str, int] = {}
    for role in ROLE_ALIASES:
        indexes = found.get(role, [])
        if len(indexes) > 1:
            letters = " and ".join(column_letter(i) for i in indexes)
            notes.append(
                f"{_place(raw, line)}: {len(indexes)} columns look like {ROLE_WORDS[role]}: {letters}; "
                f"using {column_letter(indexes[0])}"
            )
        if indexes:
            columns[role] = indexes[0]
    for role, wanted in given.items():
        columns[role] = _column_for(path, raw, line, cells, wanted, role)
    if "answer" in given and "choice" in columns:  # the analyst named the answer column
        choice = columns.pop("choice")
        if choice != columns["answer"]:
            notes.append(
                f"{_place(raw, line)}: yes/no column {column_letter(choice)} '{cells[choice]}' not read; "
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
    return SheetLayout(raw.name, line, mapped, kind=raw.kind), notes


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


def _refuse_repeated_headers(path: Path, raw: RawSheet, line: int, cells: list[str]) -> None:
    seen: set[str] = set()
    where = raw.place(line)
    for cell in cells:
        col = normalize_header(cell)
        if col and col in seen and header_key(cell) in _ROLE_OF:  # a repeated column nobody reads is harmless
            raise InputError(path, f"column '{col}' appears twice in the header", where)
        seen.add(col)


def _column_for(path: Path, raw: RawSheet, line: int, cells: list[str], wanted: str, role: str) -> int:
    """The column the analyst named: a header text first, else a column letter."""
    key = header_key(wanted)
    for index, cell in enumerate(cells):
        if key and header_key(cell) == key:
            return index
    if _LETTERS.fullmatch(wanted):
        return _letter_index(wanted)
    headers = ", ".join(f"'{c}'" for c in cells if c) or "none"
    raise InputError(
        path, f"no column '{wanted}' for the {role} (give a header or a letter); headers: {headers}", raw.place(line)
    )


def _headerless_layout(raw: RawSheet) -> SheetLayout | None:
    """A Word table without a header row whose rows read "question | answer" or "id | question | answer"
    (the id like GOV-01, Q4 or 3.2); a banner row above them is passed over. None for any other shape."""
    width = max(len(_trimmed(cells)) for _, cells in raw.rows)
    roles = {2: ("question", "answer"), 3: ("id", "question", "answer")}.get(width)
    if roles is None:
        return None

    def fits(cells: list[str]) -> bool:
        cells = _trimmed(cells)
        if len(cells) != width or not cells[-2]:
            return False
        question = cells[-2]
        return (question.endswith("?") or len(question.split()) >= 4) and (
            width == 2 or bool(_QUESTION_ID.fullmatch(cells[0]))
        )

    fitting = [line for line, cells in raw.rows if fits(cells)]
    if not fitting or len(fitting) * 2 < len(raw.rows):
        return None
    columns = {role: (column_letter(index), "") for index, role in enumerate(roles)}
    return SheetLayout(raw.name, fitting[0] - 1, columns, kind=raw.kind, assumed=" | ".join(roles))


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


# -- rows ----------------------------------------------------------------------------------------------------------


def _read_rows(raw: RawSheet, layout: SheetLayout) -> tuple[list[VendorAnswer], list[str]]:
    index = {role: _letter_index(letter) for role, (letter, _) in layout.columns.items()}

    def cell(cells: list[str], role: str) -> str:
        i = index.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    rows, notes = [], []
    header = next((cells for line, cells in raw.rows if line == layout.header_row), [])
    joined_into = next((index[role] for role in ("answer", "comment", "question") if role in index), None)
    for line, cells in raw.rows:
        if line <= layout.header_row:
            continue
        place = _place(raw, line)
        if raw.delimiter and header and len(cells) > len(header) and joined_into is not None:
            cells = _rejoined(cells, len(header), joined_into, raw.delimiter, place, notes)
        question_id = cell(cells, "id")
        question = _capped(" ".join(cell(cells, "question").split()), place, "question", notes)
        whole = _join(cell(cells, "choice"), cell(cells, "answer"), cell(cells, "comment"))
        answer = _capped(whole, place, "answer", notes)
        evidence = cell(cells, "evidence")
        if not (question_id or question or answer):
            notes.append(f"{place}: no id, question or answer text; row not read")
            continue
        if not answer and not question and "question" in index:
            notes.append(f"{place}: no question and no answer text ('{question_id[:60]}' looks like a heading)")
            continue
        cut = len(whole) if answer != whole else 0
        rows.append(VendorAnswer(line, question_id, question, answer, evidence, raw.name, raw.place(line), cut))
    return rows, notes


def _rejoined(cells: list[str], width: int, at: int, delimiter: str, place: str, notes: list[str]) -> list[str]:
    """A CSV row with more fields than its header: the extra fields are taken as the text of column ``at`` that an
    unquoted separator cut, and joined back into it."""
    extra = len(cells) - width
    glue = f"{delimiter} " if delimiter in ",;" else delimiter
    notes.append(
        f"{place}: {len(cells)} fields where the header has {width} (an unquoted '{delimiter}' in the text?); "
        f"fields {column_letter(at)}-{column_letter(at + extra)} were joined back into column {column_letter(at)}"
    )
    return [*cells[:at], glue.join(part for part in cells[at : at + extra + 1]), *cells[at + extra + 1 :]]


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
