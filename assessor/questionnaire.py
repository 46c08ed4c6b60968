"""Write a blank questionnaire from a bank for vendors to fill in."""

from __future__ import annotations

import csv
from pathlib import Path

from assessor.errors import InputError
from assessor.safe_cells import safe_cell, safe_row
from question_bank import CRITERIA, QuestionBank

COLUMNS = ("question_id", "category", "question", "what_to_include", "evidence_expected", "answer", "evidence")
COLUMN_WIDTHS = {
    "question_id": 12,
    "category": 28,
    "question": 60,
    "what_to_include": 45,
    "evidence_expected": 25,
    "answer": 80,
    "evidence": 40,
}


def questionnaire_rows(bank: QuestionBank) -> list[dict[str, str]]:
    """One row per question: what to answer, what a good answer names, and empty answer cells."""
    return [
        {
            "question_id": q.id,
            "category": bank.category_title(q.category),
            "question": q.text,
            "what_to_include": "; ".join(CRITERIA[c] for c in q.criteria),
            "evidence_expected": "; ".join(q.evidence),
            "answer": "",
            "evidence": "",
        }
        for q in bank.questions
    ]


def write_questionnaire(bank: QuestionBank, out: str | Path) -> Path:
    """Write the questionnaire as CSV (UTF-8 with BOM, for Excel) or XLSX, chosen by suffix."""
    out = Path(out)
    rows = [{key: safe_cell(value) for key, value in row.items()} for row in questionnaire_rows(bank)]
    suffix = out.suffix.lower()
    if suffix == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    elif suffix == ".xlsx":
        _write_xlsx(rows, out, bank)
    else:
        raise InputError(out, "the questionnaire must be written as .csv or .xlsx")
    return out


def _write_xlsx(rows: list[dict[str, str]], out: Path, bank: QuestionBank) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Questionnaire"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[col] for col in COLUMNS])
    header_fill = PatternFill("solid", fgColor="1F3B57")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS[column]
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("About")
    about.append(safe_row(["Bank", bank.name]))
    about.append(safe_row(["Version", bank.version]))
    about.append(["How to answer", "Fill in the 'answer' and 'evidence' columns; keep question_id unchanged."])
    workbook.save(out)
