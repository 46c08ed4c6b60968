"""Answers in the layouts vendors send back: the buyer's workbook, a sheet per domain, banners, overrides."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from assessor.alignment import align_answers
from assessor.answers import LayoutOverrides, read_answers
from assessor.batch import discover, merged_layout
from assessor.cli import main
from assessor.errors import InputError
from assessor.questionnaire import write_questionnaire
from scoring.config import load_config

ALIGNMENT = load_config()["alignment"]
BUYER_HEADER = ["Ref", "Question", "Response (Yes/No)", "Vendor Comments", "Supporting documents"]


def buyer_workbook(path, bank, rows=None, header=BUYER_HEADER):
    """Instructions first; on the questions sheet a merged title, a supplier line, a blank row, the header on row 4."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    instructions.append(["How to complete this questionnaire"])
    instructions.append(["Answer every question. Use the comments column to explain your answer."])
    sheet = workbook.create_sheet("Questions")
    sheet.append(["Acme Bank - AI Supplier Due Diligence Questionnaire"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Supplier:", "Northwind Ltd"])
    sheet.append([])
    sheet.append(header)
    q0, q1, q2 = bank.questions[:3]
    for row in rows or [
        [q0.id, q0.text, "Yes", "We review AI risks every quarter.", "AI Policy v2 §3"],
        [q1.id, q1.text, "No", "", ""],
        [q2.id, q2.text, "", "", ""],
    ]:
        sheet.append(row)
    workbook.save(path)
    return path


def test_buyer_workbook_is_read_with_its_mapping(tmp_path, bank):
    path = buyer_workbook(tmp_path / "acme.xlsx", bank)
    sheet = read_answers(path)
    (layout,) = sheet.layouts
    assert layout.sheet == "Questions" and layout.header_row == 4
    assert {role: letter for role, (letter, _) in layout.columns.items()} == {
        "id": "A",
        "question": "B",
        "choice": "C",
        "comment": "D",
        "evidence": "E",
    }
    first, second, third = sheet.answers
    assert first.answer == "Yes. We review AI risks every quarter." and first.evidence_refs == "AI Policy v2 §3"
    assert second.answer == "No"  # a choice alone stays as it is
    assert third.answer == "" and third.line == 7 and first.source == "Questions"
    assert sheet.skipped == ("sheet 'Instructions': no header row with an answer column in its first 30 rows",)
    assert "header row 4" in sheet.mapping_lines()[0] and "answer = choice + comment" in sheet.mapping_lines()[0]
    alignment = align_answers(sheet, bank, ALIGNMENT)
    assert set(alignment.matched) == {q.id for q in bank.questions[:3]} and alignment.blank == (bank.questions[2].id,)


def test_one_sheet_per_domain_is_read_together_with_each_row_keeping_its_sheet(tmp_path, bank):
    workbook = Workbook()
    workbook.active.title = "Governance"
    workbook.active.append(["ID", "Requirement", "Supplier Response"])
    workbook.active.append([bank.questions[0].id, bank.questions[0].text, "Our board owns AI risk."])
    data = workbook.create_sheet("Data")
    data.append(["Domain: Data"])
    data.append(["#", "Question text", "Compliance", "Explanation", "Attachments"])
    data.append([bank.questions[1].id, bank.questions[1].text, "Partial", "Some datasets lack lineage.", "DPIA.pdf"])
    path = tmp_path / "domains.xlsx"
    workbook.save(path)
    sheet = read_answers(path)
    assert [(layout.sheet, layout.header_row) for layout in sheet.layouts] == [("Governance", 1), ("Data", 2)]
    assert [(a.source, a.line, a.answer) for a in sheet.answers] == [
        ("Governance", 2, "Our board owns AI risk."),
        ("Data", 3, "Partial. Some datasets lack lineage."),
    ]
    assert sheet.sheet == "Governance, Data" and sheet.answers[1].evidence_refs == "DPIA.pdf"


def test_merged_title_cells_and_a_heading_row_are_reported_not_read_as_answers(tmp_path, bank):
    q0 = bank.questions[0]
    rows = [["Section 1: Governance"], [q0.id, q0.text, "Yes", "Quarterly review.", ""], ["", "", "", "", "x.pdf"]]
    path = buyer_workbook(tmp_path / "acme.xlsx", bank, rows=rows)
    sheet = read_answers(path)
    assert [a.question_id for a in sheet.answers] == [q0.id]
    assert sheet.notes == (
        "Questions!5: no question and no answer text ('Section 1: Governance' looks like a heading)",
        "Questions!7: no id, question or answer text; row not read",
    )


def test_csv_exported_with_a_banner_line_is_read(tmp_path, bank):
    q0 = bank.questions[0]
    path = tmp_path / "answers.csv"
    path.write_text(
        f"Acme Bank supplier questionnaire\n\nRef;Question;Response;Notes\n{q0.id};{q0.text};We do;see policy\n",
        encoding="utf-8",
    )
    sheet = read_answers(path)
    assert sheet.layouts[0].header_row == 3 and sheet.layouts[0].sheet == ""
    assert sheet.answers[0].answer == "We do. see policy" and sheet.answers[0].source == ""


def test_ambiguous_header_is_reported_and_the_first_column_used(tmp_path, bank):
    q0 = bank.questions[0]
    header = ["Ref", "Question", "Answer", "Comments", "Response"]
    path = buyer_workbook(tmp_path / "acme.xlsx", bank, rows=[[q0.id, q0.text, "Yes", "", "No"]], header=header)
    sheet = read_answers(path)
    assert "Questions!4: 2 columns look like answers: C and E; using C" in sheet.notes
    assert sheet.answers[0].answer == "Yes"


def test_overrides_by_header_name_and_by_letter(tmp_path, bank):
    q0 = bank.questions[0]
    header = ["Item", "Wording", "Vendor reply", "Remarks", "Proof"]
    path = buyer_workbook(tmp_path / "odd.xlsx", bank, rows=[[q0.id, q0.text, "Yes", "Every year.", "SOC2.pdf"]],
                          header=header)  # fmt: skip
    with pytest.raises(InputError, match="odd.xlsx"):
        read_answers(path)
    by_name = LayoutOverrides(sheet="Questions", question_col="wording", answer_col="Vendor reply",
                              comment_col="Remarks", evidence_col="Proof")  # fmt: skip
    by_letter = LayoutOverrides(sheet="questions", header_row=4, id_col="A", question_col="B", answer_col="C",
                                comment_col="D", evidence_col="E")  # fmt: skip
    for overrides in (by_name, by_letter):
        answer = read_answers(path, overrides).answers[0]
        assert (answer.question_id, answer.answer, answer.evidence_refs) == (q0.id, "Yes. Every year.", "SOC2.pdf")
    with pytest.raises(InputError, match="no sheet named 'Answers'; sheets: 'Instructions', 'Questions'"):
        read_answers(path, LayoutOverrides(sheet="Answers"))
    with pytest.raises(InputError, match=r"odd.xlsx \(sheet 'Questions' row 4\): no column 'Reply text'"):
        read_answers(path, LayoutOverrides(sheet="Questions", answer_col="Reply text"))


def test_answers_command_prints_the_mapping_and_takes_overrides(tmp_path, bank):
    path = buyer_workbook(tmp_path / "acme.xlsx", bank)
    result = CliRunner().invoke(main, ["answers", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "  layout: read sheet 'Questions', header row 4: id = A 'Ref', question = B 'Question', "
        "choice = C 'Response (Yes/No)', comment = D 'Vendor Comments', evidence = E 'Supporting documents'; "
        "answer = choice + comment (3 rows)"
    ) in result.output
    assert "  layout: skipped sheet 'Instructions'" in result.output
    result = CliRunner().invoke(main, ["answers", str(path), "--sheet", "Questions", "--answer-col", "D"])
    assert result.exit_code == 0, result.output
    assert "answer = D 'Vendor Comments'" in result.output and "choice" not in result.output
    result = CliRunner().invoke(main, ["answers", str(path), "--sheet", "Nope"])
    assert result.exit_code == 2 and "acme.xlsx: no sheet named 'Nope'" in result.output


def test_score_and_batch_take_the_layout_options():
    for command in ("score", "batch", "answers"):
        result = CliRunner().invoke(main, [command, "--help"])
        for option in ("--sheet", "--header-row", "--id-col", "--question-col", "--answer-col", "--comment-col"):
            assert option in result.output, (command, option)


def test_vendor_yaml_layout_keys_are_read_and_checked(tmp_path):
    root = tmp_path / "vendors"
    for folder, yaml_text in {
        "good": "name: Good Co\nsheet: Questions\nheader_row: 4\nanswer_col: C\n",
        "badrow": "header_row: four\n",
        "badcol": "answer_col: 3\n",
    }.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "vendor.yaml").write_text(yaml_text, encoding="utf-8")
        (root / folder / "answers.csv").write_text("question_id,answer\nHR-01,x\n", encoding="utf-8")
    found = {vendor.folder.name: vendor for vendor in discover(root)}
    assert found["good"].layout == {"sheet": "Questions", "header_row": 4, "answer_col": "C"}
    assert found["good"].name == "Good Co" and not found["good"].problem
    assert found["badrow"].problem == "vendor.yaml: 'header_row' must be a row number (1 or more), not 'four'"
    assert found["badcol"].problem.startswith("vendor.yaml: 'answer_col' must be a header or a column letter")
    merged = merged_layout(LayoutOverrides(sheet="Sheet1", comment_col="D"), found["good"].layout)
    assert merged == LayoutOverrides(sheet="Questions", header_row=4, answer_col="C", comment_col="D")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_tools_own_template_reads_as_before(tmp_path, bank, suffix):
    path = write_questionnaire(bank, tmp_path / f"blank{suffix}")
    sheet = read_answers(path)
    assert len(sheet.answers) == len(bank.questions) and not sheet.notes
    assert [a.question_id for a in sheet.answers] == [q.id for q in bank.questions]
    (layout,) = sheet.layouts
    assert layout.header_row == 1 and layout.sheet == ("Questionnaire" if suffix == ".xlsx" else "")
    assert {role: header for role, (_, header) in layout.columns.items()} == {
        "id": "question_id",
        "question": "question",
        "answer": "answer",
        "evidence": "evidence",
    }
    if suffix == ".xlsx":
        assert sheet.sheet == "Questionnaire" and sheet.skipped[0].startswith("sheet 'About'")
    assert json.dumps(sheet.mapping())  # goes into the JSON report's provenance


def test_the_json_report_records_the_mapping_and_the_row_notes(tmp_path, bank, engine):
    from assessor.exports import report_dict
    from assessor.pipeline import assess

    q0 = bank.questions[0]
    rows = [["Section 1"], [q0.id, q0.text, "Yes", "Quarterly review.", ""]]
    path = buyer_workbook(tmp_path / "acme.xlsx", bank, rows=rows)
    report = report_dict(assess("Acme", path, [], engine, bank=bank))
    layout = report["provenance"]["inputs"]["answers"]["layout"]
    assert layout["sheets"][0]["header_row"] == 4 and layout["sheets"][0]["columns"]["choice"]["column"] == "C"
    assert layout["skipped"][0].startswith("sheet 'Instructions'")
    assert "Questions!5: no question and no answer text ('Section 1' looks like a heading)" in report["notes"]
    overridden = assess("Acme", path, [], engine, bank=bank, layout=LayoutOverrides(answer_col="D"))
    assert overridden.prepared.sheet.answers[0].answer == "Quarterly review."


def test_batch_reads_each_vendor_with_its_vendor_yaml_layout(tmp_path, bank, engine):
    from assessor.batch import run_batch

    q0 = bank.questions[0]
    root = tmp_path / "vendors"
    (root / "acme").mkdir(parents=True)
    buyer_workbook(root / "acme" / "answers.xlsx", bank, rows=[[q0.id, q0.text, "Yes", "Quarterly review.", ""]])
    (root / "acme" / "vendor.yaml").write_text("name: Acme\nanswer_col: Vendor Comments\n", encoding="utf-8")
    result = run_batch(
        discover(root), tmp_path / "out", engine=engine, bank=bank, layout=LayoutOverrides(sheet="Questions")
    )
    assert not result.failures
    report = json.loads((tmp_path / "out" / "Acme.json").read_text(encoding="utf-8"))
    sheets = report["provenance"]["inputs"]["answers"]["layout"]["sheets"]
    assert [s["sheet"] for s in sheets] == ["Questions"] and sheets[0]["columns"]["answer"]["column"] == "D"


def test_a_repeated_column_nobody_reads_does_not_stop_the_file(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("question_id,score,score,answer\nHR-01,1,2,We do\n", encoding="utf-8")
    assert read_answers(path).answers[0].answer == "We do"
    path.write_text("question_id,answer,Answer\nHR-01,We do,again\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"answers.csv \(row 1\): column 'answer' appears twice in the header"):
        read_answers(path)
