"""Questionnaires sent back as Word documents: tables, numbered paragraphs, or both."""

from __future__ import annotations

import zipfile

import docx
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from assessor import app_support as ui
from assessor.alignment import align_answers
from assessor.answers import LayoutOverrides, read_answers
from assessor.cli import main
from assessor.docx_questionnaire import read_docx_parts
from assessor.errors import InputError
from scoring.config import load_config

ALIGNMENT = load_config()["alignment"]


def add_table(document, rows, cols=None):
    """A table with these rows; a row given as a string is one cell merged across the whole width."""
    width = cols or max(len(row) for row in rows if not isinstance(row, str))
    table = document.add_table(rows=0, cols=width)
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            cells[0].merge(cells[-1]).text = row
            continue
        for cell, text in zip(cells, row):
            cell.text = text
    return table


def save(document, path):
    document.save(path)
    return path


def test_table_with_a_merged_banner_above_the_header_is_read_like_a_sheet(tmp_path, bank):
    q0, q1 = bank.questions[:2]
    document = docx.Document()
    document.add_paragraph("Acme Bank - supplier questionnaire")
    add_table(
        document,
        [
            "Section A: AI governance",
            ["Ref", "Question", "Response"],
            [q0.id, q0.text, "We review AI risks every quarter."],
            [q1.id, q1.text, ""],
        ],
    )
    path = save(document, tmp_path / "acme.docx")
    (table,) = read_docx_parts(path)
    assert table.name == "table 1" and table.rows[0] == (1, ["Section A: AI governance", "", ""])  # not tripled
    sheet = read_answers(path)
    (layout,) = sheet.layouts
    assert layout.sheet == "table 1" and layout.header_row == 2
    assert sheet.mapping_lines() == [
        "read table 1, header row 2: id = A 'Ref', question = B 'Question', answer = C 'Response' (2 rows)"
    ]
    first, second = sheet.answers
    assert (first.line, first.question_id, first.answer, first.source) == (
        3,
        q0.id,
        "We review AI risks every quarter.",
        "table 1",
    )
    assert first.place == "table 1 row 3" and second.answer == "" and second.line == 4
    assert align_answers(sheet, bank, ALIGNMENT).blank == (q1.id,)


def test_choice_and_comment_columns_are_merged_into_the_answer(tmp_path, bank):
    q0, q1 = bank.questions[:2]
    document = docx.Document()
    add_table(
        document,
        [
            ["Ref", "Question", "Response (Yes/No)", "Vendor Comments", "Supporting documents"],
            [q0.id, q0.text, "Yes", "A risk register is kept.", "AI Policy v2"],
            [q1.id, q1.text, "No", "", ""],
        ],
    )
    sheet = read_answers(save(document, tmp_path / "choice.docx"))
    first, second = sheet.answers
    assert first.answer == "Yes. A risk register is kept." and first.evidence_refs == "AI Policy v2"
    assert second.answer == "No"
    assert "answer = choice + comment" in sheet.mapping_lines()[0]


def test_header_less_two_and_three_column_tables_are_inferred_and_said_so(tmp_path, bank):
    q0, q1, q2, q3 = bank.questions[:4]
    document = docx.Document()
    add_table(document, [[q0.text, "Our board owns AI risk."], [q1.text, "Every release is reviewed."]])
    add_table(
        document,
        ["Part B", [q2.id, q2.text, "Quarterly audits."], [q3.id, q3.text, "We log every model change."]],
    )
    sheet = read_answers(save(document, tmp_path / "bare.docx"))
    two, three = sheet.layouts
    assert (two.assumed, two.header_row, three.assumed, three.header_row) == (
        "question | answer",
        0,
        "id | question | answer",
        1,
    )
    assert sheet.mapping_lines() == [
        "read table 1, no header row, assumed question | answer from row 1: question = A, answer = B (2 rows)",
        "read table 2, no header row, assumed id | question | answer from row 2: id = A, question = B, answer = C "
        "(2 rows)",
    ]
    assert [(a.place, a.question_id, a.answer) for a in sheet.answers] == [
        ("table 1 row 1", "", "Our board owns AI risk."),
        ("table 1 row 2", "", "Every release is reviewed."),
        ("table 2 row 2", q2.id, "Quarterly audits."),
        ("table 2 row 3", q3.id, "We log every model change."),
    ]
    assert sheet.mapping()["sheets"][1]["assumed"] == "id | question | answer"
    assert set(align_answers(sheet, bank, ALIGNMENT).matched) == {q0.id, q1.id, q2.id, q3.id}


def paragraph_document(bank):
    """Two headed sections: numbered questions, labelled and multi-paragraph answers, a list inside an answer,
    Word-numbered questions, a bold question and an unanswered one."""
    q = bank.questions
    document = docx.Document()
    document.add_heading("Governance", level=1)  # 1
    document.add_paragraph("Scope:", style="List Bullet")  # 2, a bullet under a heading is not a question
    document.add_paragraph(f"1. {q[0].text}")  # 3
    document.add_paragraph("Answer: The AI Council owns it.")  # 4
    document.add_paragraph("It meets monthly.")  # 5
    document.add_paragraph(f"2. {q[1].text}")  # 6
    document.add_paragraph("We use three steps:")  # 7
    document.add_paragraph("1. Screening of every use case.")  # 8
    document.add_paragraph(f"{q[2].id} {q[2].text}")  # 9
    document.add_paragraph("")  # 10
    document.add_heading("Operations", level=1)  # 11
    document.add_paragraph(q[3].text, style="List Number")  # 12
    document.add_paragraph("Response - Dashboards alert the on-call team.")  # 13
    document.add_paragraph(q[4].text, style="List Number")  # 14
    document.add_paragraph("Yes.")  # 15
    document.add_paragraph("Weekly reports", style="List Bullet")  # 16, a bullet inside the answer
    document.add_paragraph().add_run(q[5].text).bold = True  # 17
    document.add_paragraph("Every change is tested.")  # 18
    return document


def test_numbered_question_paragraphs_are_read_with_their_answers_under_headings(tmp_path, bank):
    q = bank.questions
    sheet = read_answers(save(paragraph_document(bank), tmp_path / "paragraphs.docx"))
    assert [(a.line, a.question_id, a.question, a.answer, a.source) for a in sheet.answers] == [
        (3, "1", q[0].text, "The AI Council owns it.\nIt meets monthly.", "Governance"),
        (6, "2", q[1].text, "We use three steps:\n1. Screening of every use case.", "Governance"),
        (9, q[2].id, q[2].text, "", "Governance"),
        (12, "", q[3].text, "Dashboards alert the on-call team.", "Operations"),
        (14, "", q[4].text, "Yes.\nWeekly reports", "Operations"),
        (17, "", q[5].text, "Every change is tested.", "Operations"),
    ]
    assert sheet.mapping_lines() == ["read paragraphs: 6 numbered questions under 2 headings"]
    assert sheet.mapping()["sheets"] == [
        {"sheet": "paragraphs", "kind": "paragraphs", "header_row": 0, "columns": {}, "rows": 6, "headings": 2}
    ]
    alignment = align_answers(sheet, bank, ALIGNMENT)
    assert alignment.blank == (q[2].id,) and f"question {q[2].id}: answer left blank" in alignment.notes()
    grouped = "2 rows carry ids that are not the bank's (1, 2); each matched its bank question by question text"
    assert f"{grouped} (similarity 100)" in alignment.notes()


def test_a_mixed_document_is_read_in_document_order_and_a_control_table_is_skipped(tmp_path, bank):
    q = bank.questions
    document = docx.Document()
    add_table(document, [["Version", "Date", "Author"], ["1.0", "2024-03-01", "J. Smith"]])
    document.add_heading("Governance", level=1)
    add_table(document, [["Question ID", "Question", "Answer"], [q[0].id, q[0].text, "The board owns it."]])
    document.add_heading("Data", level=1)
    document.add_paragraph(f"{q[1].id}: {q[1].text}")
    document.add_paragraph("Lineage is recorded for every dataset.")
    sheet = read_answers(save(document, tmp_path / "mixed.docx"))
    assert [(a.question_id, a.source, a.place) for a in sheet.answers] == [
        (q[0].id, "table 2", "table 2 row 2"),
        (q[1].id, "Data", "paragraph 3"),  # the two headings are paragraphs 1 and 2
    ]
    assert sheet.answers[1].answer == "Lineage is recorded for every dataset."
    assert sheet.skipped == (
        "table 1: no header row with an answer column and no question | answer rows "
        "(first row: Version | Date | Author)",
    )
    assert sheet.mapping_lines()[-1].startswith("skipped table 1: ")
    assert [layout["kind"] for layout in sheet.mapping()["sheets"]] == ["table", "paragraphs"]


def test_a_document_with_no_questionnaire_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("Thank you for your interest.")
    with pytest.raises(InputError, match="no questionnaire table and no numbered questions"):
        read_answers(save(document, tmp_path / "letter.docx"))


def test_broken_and_legacy_word_files_are_input_errors_naming_the_file(tmp_path):
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match="corrupt.docx: not a safe Word document: not a readable zip"):
        read_answers(corrupt)
    no_body = tmp_path / "nobody.docx"
    with zipfile.ZipFile(no_body, "w") as archive:
        archive.writestr("word/styles.xml", "<styles/>")
    with pytest.raises(InputError, match=r"nobody.docx: not a readable Word document \(\w+\)"):
        read_answers(no_body)
    legacy = tmp_path / "answers.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(InputError, match="answers.doc: this is a legacy Word .doc file.*save it as .docx"):
        read_answers(legacy)


def test_a_docx_saved_under_another_name_is_still_read_as_word(tmp_path, bank):
    document = docx.Document()
    add_table(document, [["Question", "Answer"], [bank.questions[0].text, "Yes."]])
    sheet = read_answers(save(document, tmp_path / "answers.bin"))
    assert sheet.answers[0].answer == "Yes." and sheet.answers[0].place == "table 1 row 2"


def reply_table(path, bank):
    document = docx.Document()
    q0 = bank.questions[0]
    add_table(document, [["Ref", "Question", "Reply", "Owner"], [q0.id, q0.text, "We do.", "CISO"]])
    return save(document, path)


def test_answer_column_override_applies_to_a_docx_table(tmp_path, bank):
    path = reply_table(tmp_path / "reply.docx", bank)
    with pytest.raises(InputError, match="no 'answer' column"):
        read_answers(path)
    sheet = read_answers(path, LayoutOverrides(answer_col="Reply"))
    assert (sheet.answers[0].question_id, sheet.answers[0].answer) == (bank.questions[0].id, "We do.")
    assert sheet.layouts[0].columns["answer"] == ("C", "Reply")


def test_cli_answers_prints_the_docx_mapping_and_rows(tmp_path, bank):
    path = reply_table(tmp_path / "reply.docx", bank)
    result = CliRunner().invoke(main, ["answers", str(path), "--answer-col", "C"])
    assert result.exit_code == 0, result.output
    assert "reply.docx: 1 rows; 1/" in result.output
    assert "layout: read table 1, header row 1: id = A 'Ref', question = B 'Question', answer = C 'Reply'" in (
        result.output
    )
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    result = CliRunner().invoke(main, ["answers", str(legacy)])
    assert result.exit_code == 2 and "old.doc: this is a legacy Word .doc file" in result.output


def test_alignment_notes_name_the_sheet_table_or_paragraph(tmp_path, bank):
    first = bank.questions[0].id
    workbook = Workbook()
    workbook.active.title = "Governance"
    for row in (["ID", "Answer"], [first, "One"], [first, "Again"]):
        workbook.active.append(row)
    path = tmp_path / "dup.xlsx"
    workbook.save(path)
    notes = align_answers(read_answers(path), bank, ALIGNMENT).notes()
    assert f"sheet 'Governance' row 3: duplicate answer to {first}; the earlier row is used" in notes

    document = docx.Document()
    add_table(document, [["ID", "Answer"], [first, "One"], [first, "Again"]])
    document.add_paragraph("Do you offer a volume discount for multi-year contracts?").runs[0].bold = True
    document.add_paragraph("Yes.")
    notes = align_answers(read_answers(save(document, tmp_path / "dup.docx")), bank, ALIGNMENT).notes()
    assert f"table 1 row 3: duplicate answer to {first}; the earlier row is used" in notes
    assert any(line.startswith("paragraph 1: unmatched (closest bank question") for line in notes)


def test_the_app_accepts_docx_answers_by_content():
    assert ".docx" in ui.ANSWER_SUFFIXES
    assert ui.check_upload("a.docx", b"PK\x03\x04...", ui.ANSWER_SUFFIXES) is None
    assert "not a Word document" in ui.check_upload("a.docx", b"{\\rtf1", ui.ANSWER_SUFFIXES)


def test_sheet_override_picks_a_table_or_the_paragraphs(tmp_path, bank):
    q = bank.questions
    document = docx.Document()
    add_table(document, [["Question", "Answer"], [q[0].text, "Yes."]])
    document.add_paragraph(f"{q[1].id} {q[1].text}")
    document.add_paragraph("No.")
    path = save(document, tmp_path / "both.docx")
    assert [a.place for a in read_answers(path, LayoutOverrides(sheet="Paragraphs")).answers] == ["paragraph 1"]
    assert [a.place for a in read_answers(path, LayoutOverrides(sheet="table 1")).answers] == ["table 1 row 2"]
    with pytest.raises(InputError, match="no sheet named 'table 3'; sheets: 'table 1', 'paragraphs'"):
        read_answers(path, LayoutOverrides(sheet="table 3"))
