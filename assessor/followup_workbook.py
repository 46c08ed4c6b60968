"""The follow-up workbook sent to the vendor, and reading it back as answers to score again.

``write_followups`` lays out one row per follow-up question (Ref, Question, Your earlier answer, Our follow-up,
Your response), with an instructions sheet, and a very hidden sheet that marks the workbook as ours and keeps
every question's earlier answer, so the answers read back do not depend on what the vendor could edit.
``read_followup_responses`` turns the returned workbook into an ``AnswerSheet`` whose answers are the earlier
answer followed by the vendor's responses; ``is_followup_workbook`` recognises the workbook by its marker.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from assessor.answers import AnswerSheet, VendorAnswer
from assessor.errors import InputError
from assessor.safe_cells import FORMULA_TRIGGERS, safe_row
from assessor.tabular import MAX_TABLE_BYTES, capped_bytes, normalize_header, open_workbook
from assessor.zipguard import zip_problem

MARKER = "ai-vendor-assessor follow-up workbook"
FORMAT_VERSION = 1
INSTRUCTIONS_SHEET = "Instructions"
FOLLOWUPS_SHEET = "Follow-ups"
DATA_SHEET = "assessor_data"  # very hidden: the marker, then each question's earlier answer
RESPONSE_PREFIX = "Follow-up response: "
# (header, width); the last column is for reading the workbook back and is hidden.
COLUMNS = (
    ("Ref", 10),
    ("Question", 40),
    ("Your earlier answer", 55),
    ("Our follow-up", 50),
    ("Your response", 60),
    ("Follow-up no.", 8),
)
RESPONSE_COLUMN = 5
DATA_COLUMNS = ("question_id", "question", "earlier_answer", "evidence_references", "answer_row")
INSTRUCTIONS = (
    "Each row of the 'Follow-ups' sheet is one question we have about an answer you gave earlier.",
    "Type your response in the 'Your response' column (E), one response per row; it is the only column you can "
    "edit. You may leave a row blank if you have nothing to add.",
    "Where a follow-up asks for a document, name it in your response (title, id, version and section or page) and "
    "send the document with this workbook.",
    "Please do not rename the sheets, add, delete or reorder rows, or change the 'Ref' column: we read your "
    "responses back by these.",
    "Save the workbook as .xlsx and return it to us.",
)


def write_followups(report: dict, path: str | Path) -> Path:
    """Write the follow-up workbook for the report's questions that have follow-ups; returns the path."""
    path = Path(path)
    path.write_bytes(followups_bytes(report))
    return path


def followups_bytes(report: dict) -> bytes:
    """The workbook in memory (for downloads)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    questions = report.get("questions", [])
    provenance = report.get("provenance") or {}
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    wrap = Alignment(wrap_text=True, vertical="top")
    _append(instructions, ["Follow-up questions on your AI governance answers"])
    _append(instructions, [f"Vendor: {report.get('vendor', '')}"])
    _append(instructions, [f"Assessment as of: {provenance.get('as_of', '')}"])
    _append(instructions, [])
    for number, step in enumerate(INSTRUCTIONS, 1):
        _append(instructions, [f"{number}. {step}"])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 110
    for row in instructions.iter_rows(min_row=2):
        row[0].alignment = wrap

    sheet = workbook.create_sheet(FOLLOWUPS_SHEET)
    _append(sheet, [header for header, _ in COLUMNS])
    for q in questions:
        for number, ask in enumerate(q.get("follow_up") or [], 1):
            _append(sheet, [q["question_id"], q.get("question", ""), q.get("answer", ""), ask, "", number])
    header_fill = PatternFill("solid", fgColor="1F3B57")
    response_fill = PatternFill("solid", fgColor="FFF8E1")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = wrap
    for index, (_, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.column_dimensions[_letter(len(COLUMNS))].hidden = True
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        response = row[RESPONSE_COLUMN - 1]
        response.protection = Protection(locked=False)
        response.fill = response_fill
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True  # no password: it guards against slips, not against the vendor
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.active = workbook.index(sheet)

    data = workbook.create_sheet(DATA_SHEET)
    data.sheet_state = "veryHidden"
    _append(data, [MARKER, FORMAT_VERSION, report.get("vendor", ""), provenance.get("as_of", "")])
    _append(data, DATA_COLUMNS)
    for q in questions:
        _append(
            data,
            [
                q["question_id"],
                q.get("question", ""),
                q.get("answer", ""),
                q.get("evidence_references", ""),
                q.get("answer_row") or "",
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def is_followup_workbook(path: str | Path) -> bool:
    """Whether the file is a follow-up workbook written by ``write_followups`` (by its hidden marker)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:  # every answers file passes here: a CSV is told by its first bytes
            if handle.read(4) != b"PK\x03\x04":
                return False
        data = path.read_bytes() if path.stat().st_size <= MAX_TABLE_BYTES else b""
    except OSError:
        return False
    if not data or zip_problem(data):
        return False
    try:
        with open_workbook(path, data) as workbook:
            return DATA_SHEET in workbook.sheetnames and _cell(workbook[DATA_SHEET], 1, 1) == MARKER
    except InputError:
        return False


def read_followup_responses(path: str | Path) -> AnswerSheet:
    """The returned workbook as answer rows: for every question, its earlier answer followed by each response
    ("<earlier answer>\\n\\nFollow-up response: <response>"). A row left blank keeps the earlier answer and is
    noted; a workbook that is not ours or has been restructured raises InputError naming the sheet and row."""
    path = Path(path)
    data = _checked_bytes(path)
    with open_workbook(path, data) as workbook:
        if DATA_SHEET not in workbook.sheetnames or _cell(workbook[DATA_SHEET], 1, 1) != MARKER:
            raise InputError(path, "not a follow-up workbook written by this tool (its hidden marker is missing)")
        earlier = _earlier_answers(path, workbook[DATA_SHEET])
        if FOLLOWUPS_SHEET not in workbook.sheetnames:
            raise InputError(path, f"the sheet '{FOLLOWUPS_SHEET}' is missing; was it renamed or deleted?")
        responses, notes = _responses(path, workbook[FOLLOWUPS_SHEET], earlier)
    answers = []
    for qid, (question, answer, refs, answer_row) in earlier.items():
        given = responses.get(qid, [])
        text = "\n\n".join([answer] * bool(answer.strip()) + [RESPONSE_PREFIX + response for _, _, response in given])
        if not text.strip():
            continue
        line, source = (given[0][0], FOLLOWUPS_SHEET) if given else (answer_row, "earlier answers")
        answers.append(VendorAnswer(line, qid, question, text, refs, source))
    return AnswerSheet(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        answers=tuple(answers),
        encoding="",
        sheet=FOLLOWUPS_SHEET,
        notes=tuple(notes),
    )


def _earlier_answers(path: Path, sheet) -> dict[str, tuple[str, str, str, int]]:
    """question id -> (question, earlier answer, evidence references, original answer row)."""
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    if not rows or tuple(_text(v) for v in rows[0][: len(DATA_COLUMNS)]) != DATA_COLUMNS:
        raise InputError(path, "the hidden question data has been changed", f"sheet '{DATA_SHEET}' row 2")
    earlier = {}
    for values in rows[1:]:
        qid, question, answer, refs, answer_row = (_restore(_text(v)) for v in (*values, *[None] * 5)[:5])
        if qid:
            earlier[qid] = (question, answer, refs, int(answer_row) if answer_row.isdigit() else 0)
    return earlier


def _responses(path: Path, sheet, earlier: dict) -> tuple[dict[str, list[tuple[int, int, str]]], list[str]]:
    """question id -> [(row, follow-up number, response)] in follow-up order, and a note per blank response."""
    rows = sheet.iter_rows(values_only=True)
    header = [normalize_header(_text(v)) for v in next(rows, ())]
    expected = [normalize_header(name) for name, _ in COLUMNS]
    if header[: len(expected)] != expected:
        raise InputError(
            path, "the header row is not the one we sent; the columns were changed", f"sheet '{FOLLOWUPS_SHEET}' row 1"
        )
    responses: dict[str, list[tuple[int, int, str]]] = {}
    notes = []
    for line, values in enumerate(rows, 2):
        cells = [_text(v) for v in (*values, *[None] * len(COLUMNS))[: len(COLUMNS)]]
        if not any(cells):
            continue
        where = f"sheet '{FOLLOWUPS_SHEET}' row {line}"
        qid, number, response = _restore(cells[0]), cells[-1], cells[RESPONSE_COLUMN - 1]
        if qid not in earlier:
            raise InputError(path, f"Ref '{qid}' is not one of the questions we sent", where)
        if not number.isdigit():
            raise InputError(path, f"the follow-up number '{number}' is not a number; was the row changed?", where)
        if response:
            responses.setdefault(qid, []).append((line, int(number), response))
        else:
            notes.append(f"{where}: no response to follow-up {number} on {qid}; the earlier answer is kept")
    for given in responses.values():
        given.sort(key=lambda item: item[1])
    return responses, notes


def _checked_bytes(path: Path) -> bytes:
    data = capped_bytes(path)
    problem = zip_problem(data)
    if problem:
        raise InputError(path, f"is not a safe XLSX workbook: {problem}")
    return data


def _cell(sheet, row: int, column: int) -> str:
    for values in sheet.iter_rows(min_row=row, max_row=row, min_col=column, max_col=column, values_only=True):
        return _text(values[0])
    return ""


def _append(sheet, values: list) -> None:
    sheet.append(safe_row(values))


def _restore(text: str) -> str:
    """Undo ``neutralize`` on text this module wrote: drop the apostrophe put before a formula trigger."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
