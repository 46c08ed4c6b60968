"""Read a vendor's answers file (CSV or XLSX) into answer rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from assessor.errors import InputError
from assessor.tabular import Table, read_table

COLUMN_ALIASES = {
    "question_id": ("question_id", "id", "qid", "question_no", "question_number", "ref"),
    "question": ("question", "question_text", "questions"),
    "answer": ("answer", "response", "vendor_answer", "vendor_response", "answers"),
    "evidence": ("evidence", "evidence_reference", "evidence_references", "references", "supporting_evidence"),
}


@dataclass(frozen=True)
class VendorAnswer:
    """One row of the vendor's file; ``line`` is the row number the vendor sees."""

    line: int
    question_id: str
    question: str
    answer: str
    evidence_refs: str


@dataclass(frozen=True)
class AnswerSheet:
    path: str
    sha256: str
    answers: tuple[VendorAnswer, ...]
    encoding: str
    sheet: str


def read_answers(path: str | Path) -> AnswerSheet:
    """Read answers; header names match case-insensitively and common synonyms are accepted."""
    path = Path(path)
    table = read_table(path, fits=lambda columns: any(alias in columns for alias in COLUMN_ALIASES["answer"]))
    columns = _resolve_columns(table)
    answers = tuple(
        VendorAnswer(
            line=row.line,
            question_id=row.get(columns["question_id"]) if "question_id" in columns else "",
            question=" ".join(row.get(columns["question"]).split()) if "question" in columns else "",
            answer=row.get(columns["answer"]),
            evidence_refs=row.get(columns["evidence"]) if "evidence" in columns else "",
        )
        for row in table.rows
    )
    return AnswerSheet(
        path=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        answers=answers,
        encoding=table.encoding,
        sheet=table.sheet,
    )


def _resolve_columns(table: Table) -> dict[str, str]:
    columns = {}
    for field, aliases in COLUMN_ALIASES.items():
        found = next((alias for alias in aliases if alias in table.columns), None)
        if found:
            columns[field] = found
    found_list = ", ".join(table.columns) or "none"
    if "answer" not in columns:
        raise InputError(table.path, f"no 'answer' column; found columns: {found_list}")
    if "question_id" not in columns and "question" not in columns:
        raise InputError(table.path, f"needs a 'question_id' or 'question' column; found columns: {found_list}")
    return columns
