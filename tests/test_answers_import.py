import pytest
from openpyxl import Workbook

from assessor.alignment import align_answers
from assessor.answers import read_answers
from assessor.errors import InputError
from assessor.questionnaire import write_questionnaire
from scoring.config import load_config

ALIGNMENT = load_config()["alignment"]

OWNER_Q = "Who owns AI governance inside your organization, and how are accountability decisions made?"
ANSWER = "Our Chief AI Risk Officer – Dana Ortiz – owns it; the AI Council decides by majority vote."


def bank_id(bank, text):
    return next(q.id for q in bank.questions if q.text == text)


def write_csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings_are_read_correctly(tmp_path, bank, encoding):
    path = write_csv(tmp_path / "answers.csv", f'question_id,question,answer\n,"{OWNER_Q}","{ANSWER}"\n', encoding)
    sheet = read_answers(path)
    assert sheet.answers[0].answer == ANSWER
    assert sheet.answers[0].question == OWNER_Q


def test_headers_match_case_insensitively_with_semicolons(tmp_path, bank):
    qid = bank.questions[0].id
    path = write_csv(tmp_path / "a.csv", f"Question ID;QUESTION;Answer ;Evidence\n{qid};x;Yes we do;Policy v2 §3\n")
    answer = read_answers(path).answers[0]
    assert (answer.question_id, answer.answer, answer.evidence_refs) == (qid, "Yes we do", "Policy v2 §3")
    assert answer.line == 2


def test_xlsx_answers_are_read_from_the_sheet_with_an_answer_column(tmp_path, bank):
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Vendor questionnaire"])
    sheet = workbook.create_sheet("Answers")
    sheet.append(["Question_ID", "Question", "Answer"])
    sheet.append([bank.questions[1].id, bank.questions[1].text, '=HYPERLINK("x")'])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    imported = read_answers(path)
    assert imported.sheet == "Answers"
    assert imported.answers[0].question_id == bank.questions[1].id


def test_reworded_question_without_id_is_aligned_by_text_and_reported(tmp_path, bank):
    reworded = "Who in your company owns governance of AI, and how do you make accountability decisions?"
    path = write_csv(tmp_path / "a.csv", f'question_id,question,answer\n,"{reworded}",The CTO owns it.\n')
    alignment = align_answers(read_answers(path), bank, ALIGNMENT)
    owner_id = bank_id(bank, OWNER_Q)
    aligned = alignment.matched[owner_id]
    assert aligned.method == "text" and 65 <= aligned.score < 100
    assert f"matched by question text to {owner_id}" in aligned.note


def test_unrelated_question_is_unmatched_not_dropped(tmp_path, bank):
    path = write_csv(
        tmp_path / "a.csv", "question,answer\nDo you offer a volume discount for multi-year contracts?,Yes\n"
    )
    alignment = align_answers(read_answers(path), bank, ALIGNMENT)
    assert not alignment.matched
    assert len(alignment.unmatched) == 1
    assert "below 65" in alignment.unmatched[0].note
    assert any(line.startswith("row 2: unmatched") for line in alignment.notes())


def test_unknown_id_falls_back_to_question_text(tmp_path, bank):
    path = write_csv(tmp_path / "a.csv", f'question_id,question,answer\nZZ-9,"{OWNER_Q}",The CTO.\n')
    aligned = align_answers(read_answers(path), bank, ALIGNMENT).matched[bank_id(bank, OWNER_Q)]
    assert aligned.method == "text" and "id 'ZZ-9' is not in the bank" in aligned.note


def test_duplicates_and_unanswered_questions_are_reported(tmp_path, bank):
    first, second = bank.questions[0].id, bank.questions[1].id
    path = write_csv(tmp_path / "a.csv", f"question_id,answer\n{first},One\n{second},Two\n{first},Again\n")
    alignment = align_answers(read_answers(path), bank, ALIGNMENT)
    assert alignment.matched[first].answer.answer == "One"
    assert [d.answer.line for d in alignment.duplicates] == [4]
    assert set(alignment.unanswered) == {q.id for q in bank.questions[2:]}
    assert f"row 4: duplicate answer to {first}; the earlier row is used" in alignment.notes()


def test_blank_row_does_not_shadow_a_later_real_answer(tmp_path, bank):
    qid = bank.questions[0].id
    path = write_csv(tmp_path / "a.csv", f"question_id,answer\n{qid},\n{qid},The real answer\n")
    alignment = align_answers(read_answers(path), bank, ALIGNMENT)
    assert alignment.matched[qid].answer.answer == "The real answer"
    assert len(alignment.duplicates) == 1


def test_id_match_with_different_question_text_is_flagged(tmp_path, bank):
    qid = bank_id(bank, OWNER_Q)
    path = write_csv(tmp_path / "a.csv", f"question_id,question,answer\n{qid},What is your pricing per seat?,10 USD\n")
    aligned = align_answers(read_answers(path), bank, ALIGNMENT).matched[qid]
    assert aligned.method == "id" and "question text differs" in aligned.note


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_questionnaire_round_trip_aligns_every_answer_by_id(tmp_path, bank, suffix):
    blank = write_questionnaire(bank, tmp_path / f"questionnaire{suffix}")
    if suffix == ".csv":
        lines = blank.read_text(encoding="utf-8-sig").splitlines()
        import csv

        rows = list(csv.DictReader(lines))
        for row in rows:
            row["answer"] = f"Answer to {row['question_id']}"
        with blank.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(blank)
        sheet = workbook["Questionnaire"]
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            row[header.index("answer")].value = f"Answer to {row[0].value}"
        workbook.save(blank)
    alignment = align_answers(read_answers(blank), bank, ALIGNMENT)
    assert list(alignment.matched) == [q.id for q in bank.questions]
    assert all(a.method == "id" and a.answer.answer == f"Answer to {qid}" for qid, a in alignment.matched.items())
    assert not alignment.unmatched and not alignment.duplicates and not alignment.unanswered


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"question_id,comment\nQ1,hello\n", "no 'answer' column; found columns: question_id, comment"),
        (b"answer,notes\nhi,there\n", "needs a 'question_id' or 'question' column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"question_id,question_id,answer\nQ1,Q1,x\n", "column 'question_id' appears twice"),
    ],
)
def test_bad_answer_files_name_the_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "vendor_answers.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_answers(path)
    assert str(caught.value).startswith("vendor_answers.csv")
    assert problem in str(caught.value)


def test_corrupt_xlsx_is_reported(tmp_path):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match="answers.xlsx: not a readable XLSX workbook"):
        read_answers(path)


def test_questionnaire_cells_are_neutralised_against_formulas(tmp_path):
    import yaml

    from question_bank import load_bank

    bank_path = tmp_path / "bank.yaml"
    bank_path.write_text(
        yaml.safe_dump(
            {
                "categories": {"g": "=cmd|' /C calc'!A0"},
                "questions": [{"id": "Q1", "category": "g", "text": "@SUM(1+1) who owns AI?", "iso42001": ["5.3"]}],
            }
        )
    )
    out = write_questionnaire(load_bank(bank_path), tmp_path / "q.csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "'@SUM(1+1)" in text and "'=cmd" in text


def test_question_reworded_with_other_words_is_aligned_by_meaning(tmp_path, bank, embedder):
    reworded = "What stops data belonging to one client from showing up in another client's AI conversations?"
    unrelated = "Do you offer a volume discount for multi-year contracts?"
    path = write_csv(tmp_path / "a.csv", f'question,answer\n"{reworded}",Separate indexes.\n"{unrelated}",Yes\n')
    sheet = read_answers(path)
    assert not align_answers(sheet, bank, ALIGNMENT).matched  # wording alone is too different
    alignment = align_answers(sheet, bank, ALIGNMENT, meaning=embedder.similarity)
    target = bank_id(
        bank, "How do you prevent one customer's data from surfacing in another customer's AI interactions?"
    )
    assert (
        alignment.matched[target].method == "meaning"
        and alignment.matched[target].score >= ALIGNMENT["meaning_threshold"]
    )
    assert [a.answer.question for a in alignment.unmatched] == [unrelated]
