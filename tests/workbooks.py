"""Questionnaire workbooks the app tests upload."""

from __future__ import annotations

import io


def unnamed_answer_column_workbook(questions) -> bytes:
    """A buyer workbook whose answer column has a name the reader does not know, under a banner: header row 3,
    columns Ref / Question / Supplier reply / Files, one row per question."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Questions"
    sheet.append(["Acme Bank - AI supplier questionnaire"])
    sheet.append([])
    sheet.append(["Ref", "Question", "Supplier reply", "Files"])
    for question in questions:
        sheet.append([question.id, question.text, f"For {question.id} the Head of AI reviews the system quarterly."])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
