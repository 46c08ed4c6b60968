"""The follow-up workbook: written for the vendor, filled in, read back as earlier answer plus response."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from assessor.errors import InputError
from assessor.followup_workbook import (
    DATA_SHEET,
    FOLLOWUPS_SHEET,
    INSTRUCTIONS_SHEET,
    is_followup_workbook,
    read_followup_responses,
    write_followups,
)

FORMULA = '=HYPERLINK("http://evil.example","click")'
REPORT = {
    "provenance": {"as_of": "2026-11-26"},
    "vendor": "Acme",
    "questions": [
        {
            "question_id": "MO-01",
            "question": "How do you monitor the model?",
            "answer": "We monitor it.",
            "answer_row": 2,
            "evidence_references": "Runbook v3",
            "follow_up": ["Which metric do you measure?", "How often does this happen?"],
        },
        {
            "question_id": "IR-01",
            "question": "How do you respond to incidents?",
            "answer": FORMULA,
            "answer_row": 3,
            "evidence_references": "",
            "follow_up": ["-1+1 looks like a formula too"],
        },
        {
            "question_id": "DR-01",
            "question": "How long do you keep data?",
            "answer": "Thirty days, then deleted by the platform team.",
            "answer_row": 4,
            "evidence_references": "",
            "follow_up": [],
        },
        {
            "question_id": "TR-01",
            "question": "Do you publish a model card?",
            "answer": "",
            "answer_row": None,
            "evidence_references": "",
            "follow_up": ["Please answer this question in full: Do you publish a model card?"],
        },
    ],
}


def fill(path, responses, out):
    """Type responses into the 'Your response' column as a vendor would: {row: text}."""
    workbook = load_workbook(path)
    sheet = workbook[FOLLOWUPS_SHEET]
    for row, text in responses.items():
        sheet.cell(row=row, column=5, value=text)
    workbook.save(out)
    return out


def by_id(sheet):
    return {answer.question_id: answer for answer in sheet.answers}


def test_layout_for_the_vendor(tmp_path):
    path = write_followups(REPORT, tmp_path / "followups.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, FOLLOWUPS_SHEET, DATA_SHEET]
    assert workbook[DATA_SHEET].sheet_state == "veryHidden"
    sheet = workbook[FOLLOWUPS_SHEET]
    assert [c.value for c in sheet[1]] == [
        "Ref",
        "Question",
        "Your earlier answer",
        "Our follow-up",
        "Your response",
        "Follow-up no.",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[3], r[5]) for r in rows] == [
        ("MO-01", "Which metric do you measure?", 1),
        ("MO-01", "How often does this happen?", 2),
        ("IR-01", "'-1+1 looks like a formula too", 1),
        ("TR-01", "Please answer this question in full: Do you publish a model card?", 1),
    ]
    assert all(r[4] is None for r in rows)
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["F"].hidden
    assert sheet["C2"].alignment.wrap_text and sheet.column_dimensions["C"].width > 40
    assert sheet.protection.sheet and not sheet["E2"].protection.locked and sheet["C2"].protection.locked
    assert "Your response" in "\n".join(str(c.value) for c in workbook[INSTRUCTIONS_SHEET]["A"])


def test_formula_looking_vendor_text_is_neutralised(tmp_path):
    path = write_followups(REPORT, tmp_path / "followups.xlsx")
    workbook = load_workbook(path)
    assert workbook[FOLLOWUPS_SHEET]["C4"].value == "'" + FORMULA
    assert workbook[FOLLOWUPS_SHEET]["C4"].data_type == "s"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_round_trip_earlier_answer_plus_response(tmp_path):
    path = write_followups(REPORT, tmp_path / "followups.xlsx")
    assert is_followup_workbook(path)
    filled = fill(
        path,
        {3: "We review it every month.", 2: "Drift in F1, weekly.", 5: "Yes, at acme.example/card."},
        tmp_path / "filled.xlsx",
    )
    assert is_followup_workbook(filled)
    sheet = read_followup_responses(filled)
    answers = by_id(sheet)
    assert answers["MO-01"].answer == (
        "We monitor it.\n\nFollow-up response: Drift in F1, weekly.\n\nFollow-up response: We review it every month."
    )
    assert (answers["MO-01"].line, answers["MO-01"].source, answers["MO-01"].evidence_refs) == (
        2,
        FOLLOWUPS_SHEET,
        "Runbook v3",
    )
    assert answers["MO-01"].question == "How do you monitor the model?"
    assert answers["IR-01"].answer == FORMULA  # the earlier answer as the vendor wrote it, not as neutralised
    assert answers["DR-01"].answer == "Thirty days, then deleted by the platform team."  # no follow-up: kept
    assert (answers["DR-01"].line, answers["DR-01"].source) == (4, "earlier answers")
    assert answers["TR-01"].answer == "Follow-up response: Yes, at acme.example/card."
    assert sheet.notes == ("sheet 'Follow-ups' row 4: no response to follow-up 1 on IR-01; the earlier answer is kept",)
    assert sheet.sha256 and sheet.sheet == FOLLOWUPS_SHEET


def test_edits_to_the_visible_earlier_answer_do_not_change_what_is_read(tmp_path):
    path = write_followups(REPORT, tmp_path / "followups.xlsx")
    workbook = load_workbook(path)
    workbook[FOLLOWUPS_SHEET]["C2"] = "We monitor it with a 12-step process owned by the CTO."
    workbook.save(tmp_path / "edited.xlsx")
    assert by_id(read_followup_responses(tmp_path / "edited.xlsx"))["MO-01"].answer == "We monitor it."


def test_other_files_are_not_follow_up_workbooks(tmp_path):
    plain = tmp_path / "answers.xlsx"
    workbook = Workbook()
    workbook.active.append(["question_id", "answer"])
    workbook.save(plain)
    text = tmp_path / "answers.csv"
    text.write_text("question_id,answer\n")
    assert not is_followup_workbook(plain)
    assert not is_followup_workbook(text)
    assert not is_followup_workbook(tmp_path / "missing.xlsx")
    with pytest.raises(InputError, match="not a follow-up workbook"):
        read_followup_responses(plain)


def test_malformed_workbooks_name_file_sheet_and_row(tmp_path):
    path = write_followups(REPORT, tmp_path / "followups.xlsx")
    workbook = load_workbook(path)
    workbook[FOLLOWUPS_SHEET]["A3"] = "XX-99"
    workbook.save(tmp_path / "bad_ref.xlsx")
    with pytest.raises(InputError) as error:
        read_followup_responses(tmp_path / "bad_ref.xlsx")
    assert error.value.where == "sheet 'Follow-ups' row 3"
    assert "XX-99" in error.value.problem and "bad_ref.xlsx" in str(error.value)

    workbook = load_workbook(path)
    workbook[FOLLOWUPS_SHEET]["E1"] = "Notes"
    workbook.save(tmp_path / "bad_header.xlsx")
    with pytest.raises(InputError) as error:
        read_followup_responses(tmp_path / "bad_header.xlsx")
    assert error.value.where == "sheet 'Follow-ups' row 1"

    workbook = load_workbook(path)
    workbook[FOLLOWUPS_SHEET].title = "Answers"
    workbook.save(tmp_path / "renamed.xlsx")
    with pytest.raises(InputError, match="'Follow-ups' is missing"):
        read_followup_responses(tmp_path / "renamed.xlsx")


def test_zip_bomb_is_refused_before_opening(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    assert not is_followup_workbook(bomb)
    with pytest.raises(InputError, match="not a safe XLSX workbook"):
        read_followup_responses(bomb)


@pytest.mark.slow
def test_real_report_round_trip(brightpath, tmp_path):
    from assessor.exports import report_dict

    report = report_dict(brightpath)
    path = write_followups(report, tmp_path / "brightpath-followups.xlsx")
    asks = [(q["question_id"], ask) for q in report["questions"] for ask in q["follow_up"]]
    sheet = load_workbook(path)[FOLLOWUPS_SHEET]
    assert sheet.max_row == len(asks) + 1
    filled = fill(path, {2: "Our CRO owns a six-step harm review, run quarterly."}, tmp_path / "filled.xlsx")
    answers = by_id(read_followup_responses(filled))
    first = report["questions"][0]
    assert answers[first["question_id"]].answer == (
        first["answer"] + "\n\nFollow-up response: Our CRO owns a six-step harm review, run quarterly."
    )
    answered = [q for q in report["questions"] if q["answer"].strip()]
    assert all(answers[q["question_id"]].answer.startswith(q["answer"]) for q in answered)
