"""Hostile answers files (issue 14): each is bounded, reported by name with its place, and never a traceback.

Every case builds its file in tmp_path with a generator below and runs the real reader; cases that could
blow memory are read by ``read_answers_isolated``, whose worker runs under a memory cap, so a blow-up would
fail the test as an InputError instead of passing.
"""

from __future__ import annotations

import random
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assessor.alignment import align_answers
from assessor.answer_doc import AnswerDoc, build_answer
from assessor.answer_limits import packaged_limits
from assessor.answer_reader_process import read_answers_isolated, read_raw_sheets_isolated
from assessor.answers import MAX_ANSWER_CHARS, read_answers, read_raw_sheets
from assessor.errors import InputError
from scoring.config import load_config
from scoring.duplicates import DuplicateAnswer, find_duplicate_answers
from tests.test_config_settings import FakeEmbedder

ALIGNMENT = load_config()["alignment"]
LIMITS = packaged_limits()
CAPPED = replace(LIMITS, reader_memory_mb=768, reader_timeout_s=30)  # the memory bound the cases must stay in
ANSWER = "The Head of AI Risk runs a harm review every quarter and reports the findings to the AI Board."


class Clock:
    """Elapsed seconds since it was made; each case asserts a generous bound."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __float__(self) -> float:
        return time.monotonic() - self.start


# -- generators -----------------------------------------------------------------------------------------------------


def big_answer_csv(path: Path, megabytes: float) -> Path:
    """One answer of about ``megabytes`` MB (under the 25 MB file cap) and one ordinary row."""
    long = ("We log every event and review it weekly. " * int(megabytes * 1e6 / 42)).strip()
    path.write_text(f'question_id,answer\nMO-01,"{long}"\nHR-01,"{ANSWER}"\n', encoding="utf-8")
    return path


def many_rows_csv(path: Path, rows: int, distinct: bool) -> Path:
    """``rows`` rows: distinct questions no bank question resembles, or one bank question answered again and again."""
    if distinct:
        body = "".join(f"Is colour {i} of the rainbow your favourite?,Yes\n" for i in range(rows))
        path.write_text("question,answer\n" + body, encoding="utf-8")
    else:
        path.write_text("question_id,answer\n" + "HR-01,Yes we do\n" * rows, encoding="utf-8")
    return path


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def text_row(number: int, qid: str, answer: str) -> str:
    return (
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{qid}</t></is></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>{answer}</t></is></c></row>'
    )


def handmade_xlsx(path: Path, rows_xml: str, dimension: str = "A1:B2", shared: bytes | None = None) -> Path:
    """A minimal workbook written part by part, so any part can be made hostile."""
    shared = (
        shared
        or f'<sst {_NS} count="2" uniqueCount="2"><si><t>question_id</t></si><si><t>answer</t></si></sst>'.encode()
    )
    sheet = f'<worksheet {_NS}><dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return path


def dimension_bomb_xlsx(path: Path) -> Path:
    """A 2 KB workbook whose <dimension> claims every row and column Excel allows."""
    return handmade_xlsx(path, HEADER_ROW + text_row(2, "HR-01", ANSWER), dimension="A1:XFD1048576")


def shared_strings_bomb_xlsx(path: Path, count: int = 40_000_000) -> Path:
    """``count`` empty shared strings, compressed chunk by chunk into a small file."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet {_NS}><sheetData>{HEADER_ROW}</sheetData></worksheet>"
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst {_NS} count="{count}" uniqueCount="{count}">'.encode())
            chunk = b"<si/>" * 1_000_000
            for _ in range(count // 1_000_000):
                part.write(chunk)
            part.write(b"</sst>")
    return path


def damaged_member_xlsx(path: Path) -> Path:
    """A workbook whose sheet part has its compressed bytes altered (a bad CRC, or a broken deflate stream)."""
    handmade_xlsx(path, HEADER_ROW + "".join(text_row(n, f"GV-{n:02}", ANSWER) for n in range(2, 60)))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    middle = start + member.compress_size // 2
    data[middle : middle + 8] = bytes(b ^ 0x5A for b in data[middle : middle + 8])
    path.write_bytes(bytes(data))
    return path


def unclosed_quote_csv(path: Path) -> Path:
    """Five answers; the third opens a quote it never closes."""
    path.write_text(
        "question_id,answer\n"
        "HR-01,We have a policy.\n"
        "HR-02,The AI Board approves it.\n"
        'OW-01,"We assess risk before each release.\n'
        "OW-02,Risks are scored 1-25.\n"
        "MO-01,Accuracy is checked daily.\n",
        encoding="utf-8",
    )
    return path


def unquoted_commas_csv(path: Path) -> Path:
    path.write_text(
        f"question_id,question,answer\nHR-01,Who reviews harms?,{ANSWER.replace(' quarter', ' quarter, and')}\n",
        encoding="utf-8",
    )
    return path


# -- cases ------------------------------------------------------------------------------------------------------------


def test_24_mb_answer_is_read_up_to_what_the_scorer_judges(tmp_path):
    clock = Clock()
    sheet = read_answers_isolated(big_answer_csv(tmp_path / "answers.csv", 24), limits=CAPPED)
    assert float(clock) < 20
    first = sheet.answers[0]
    assert len(first.answer) == MAX_ANSWER_CHARS and first.cut_from > 23_000_000
    assert any(note.startswith("row 2: the answer is") and "first 20,000" in note for note in sheet.notes)
    assert sheet.answers[1].answer == ANSWER  # the row after it is read as it is


def test_100000_unmatched_rows_send_at_most_the_limit_to_meaning_matching(tmp_path, bank):
    path = many_rows_csv(tmp_path / "answers.csv", 100_000, distinct=True)
    clock = Clock()
    sheet = read_answers_isolated(path, limits=CAPPED)
    assert len(sheet.answers) == LIMITS.max_rows - 1  # the header is the first row read
    assert any("row 20001: the file holds more than 20,000 rows" in note for note in sheet.notes)
    asked: list[int] = []
    embedder = FakeEmbedder()

    def meaning(queries, targets):
        asked.append(len(queries))
        return embedder.similarity(queries, targets)

    alignment = align_answers(sheet, bank, ALIGNMENT, meaning, max_meaning_rows=500)
    notes = alignment.notes(max_per_kind=50)
    assert float(clock) < 30
    assert asked == [500]
    over = [a for a in alignment.unmatched if "not matched by meaning: more than 500" in a.note]
    assert len(over) == len(sheet.answers) - 500
    assert any("more unmatched rows like these" in line for line in notes) and len(notes) < 400


def test_1000000_rows_answering_one_question_are_bounded(tmp_path, bank):
    path = many_rows_csv(tmp_path / "answers.csv", 1_000_000, distinct=False)
    clock = Clock()
    sheet = read_answers_isolated(path, limits=CAPPED)
    alignment = align_answers(sheet, bank, ALIGNMENT)
    notes = alignment.notes()
    assert float(clock) < 20
    assert alignment.matched["HR-01"].answer.line == 2
    assert len(alignment.duplicates) == LIMITS.max_rows - 2
    assert any(n.startswith("row 20001: the file holds more than 20,000 rows") for n in sheet.notes)
    assert len(notes) < LIMITS.max_row_notes + 300


def test_dimension_bomb_xlsx_reads_only_the_rows_present(tmp_path):
    path = dimension_bomb_xlsx(tmp_path / "answers.xlsx")
    assert path.stat().st_size < 4000
    clock = Clock()
    sheet = read_answers_isolated(path, limits=CAPPED)
    assert float(clock) < 10
    assert [a.question_id for a in sheet.answers] == ["HR-01"]
    assert any("declares 1,048,576 rows x 16,384 columns; the declared size is ignored" in n for n in sheet.notes)


def test_40_million_shared_strings_are_refused_from_the_zip_directory(tmp_path):
    path = shared_strings_bomb_xlsx(tmp_path / "answers.xlsx")
    assert path.stat().st_size < 2_000_000
    clock = Clock()
    with pytest.raises(InputError, match=r"part 'xl/sharedStrings.xml' would unpack to 200 MB, more than the limit"):
        read_answers(path)
    assert float(clock) < 5


def test_declared_shared_string_count_over_the_limit_is_refused(tmp_path):
    shared = f'<sst {_NS} count="40000000" uniqueCount="40000000"><si><t>question_id</t></si></sst>'.encode()
    path = handmade_xlsx(tmp_path / "answers.xlsx", HEADER_ROW, shared=shared)
    with pytest.raises(InputError, match="declares 40,000,000 shared strings, more than the limit of 2,000,000"):
        read_answers(path)


@pytest.mark.parametrize(
    ("rows_xml", "problem"),
    [
        (HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>HR-01</t></is></c><c r="B2"', "the XML is malformed"),
        (HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>', "refers to a shared string that does not"),
        (HEADER_ROW + '<row r="2"><c r="A2"><v>twelve</v></c></row>', "text in a number cell"),
    ],
    ids=["malformed-sheet-xml", "shared-string-out-of-range", "twelve-in-a-number-cell"],
)
def test_damaged_sheet_content_is_an_input_error_naming_sheet_and_row(tmp_path, rows_xml, problem):
    path = handmade_xlsx(tmp_path / "answers.xlsx", rows_xml)
    clock = Clock()
    with pytest.raises(InputError, match=problem) as raised:
        read_answers_isolated(path, limits=CAPPED)  # the error crosses the process boundary whole
    assert raised.value.where == "sheet 'Answers' row 2" and raised.value.path == str(path)
    assert float(clock) < 10


def test_a_damaged_sheet_beside_good_ones_is_noted_and_the_others_read(tmp_path):
    good = handmade_xlsx(tmp_path / "good.xlsx", HEADER_ROW + text_row(2, "HR-01", ANSWER))
    path = tmp_path / "answers.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="Broken" sheetId="2" r:id="rId3"/></sheets>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                target_xml = f'<Relationship Id="rId3" Type="{_REL}/worksheet" Target="worksheets/sheet2.xml"/>'
                data = data.replace(b"</Relationships>", target_xml.encode() + b"</Relationships>")
            target.writestr(item, data)
        broken = '<row r="1"><c r="A1"><v>twelve</v></c></row>'  # well-formed XML, found only while streaming
        target.writestr("xl/worksheets/sheet2.xml", f"<worksheet {_NS}><sheetData>{broken}</sheetData></worksheet>")
    sheet = read_answers(path)
    assert [a.question_id for a in sheet.answers] == ["HR-01"]
    assert any(note.startswith("sheet 'Broken' row 1: not read: the sheet cannot be read") for note in sheet.notes)


def test_damaged_zip_member_is_an_input_error(tmp_path):
    path = damaged_member_xlsx(tmp_path / "answers.xlsx")
    with pytest.raises(InputError, match=r"answers.xlsx.*(damaged|malformed|not a readable)"):
        read_answers_isolated(path, limits=CAPPED)


def test_unclosed_quote_is_reported_and_the_rows_after_it_are_read(tmp_path):
    sheet = read_answers(unclosed_quote_csv(tmp_path / "answers.csv"))
    assert [a.question_id for a in sheet.answers] == ["HR-01", "HR-02", "OW-01", "OW-02", "MO-01"]
    assert sheet.answers[2].answer == "We assess risk before each release."
    assert any(note.startswith("row 4 (line 4): a quote opened here is never closed") for note in sheet.notes)


def test_a_quote_closed_rows_later_is_reported_as_swallowing_rows(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        'question_id,answer\nHR-01,"We have a policy.\nHR-02,The Board approves it.\nOW-01,We score risk."\n'
        "MO-01,Daily.\n",
        encoding="utf-8",
    )
    sheet = read_answers(path)
    assert [a.question_id for a in sheet.answers] == ["HR-01", "MO-01"]
    assert any("row 2 (lines 2-4): a quoted field runs over 2 line(s) that look like rows" in n for n in sheet.notes)


def test_unquoted_commas_are_joined_back_into_the_answer_with_a_note(tmp_path):
    sheet = read_answers(unquoted_commas_csv(tmp_path / "answers.csv"))
    (row,) = sheet.answers
    assert row.answer == ANSWER.replace(" quarter", " quarter, and")
    assert any(note.startswith("row 2: 4 fields where the header has 3") for note in sheet.notes)


def text_only(text: str) -> AnswerDoc:
    """An answer document with only its text: the duplicate check reads nothing else (building a 3 MB one is the
    scorer's business, and it never builds one: it judges the first 20,000 characters)."""
    return AnswerDoc(text, (), ())


def test_3_mb_answers_are_checked_for_duplicates_in_bounded_time():
    long = "We log every event and review the log weekly with the AI Board. " * 47_000  # about 3 MB
    docs = {"A": text_only(long), "B": text_only(long + " Also monthly."), "C": text_only(ANSWER * 3)}
    clock = Clock()
    found = find_duplicate_answers(docs)
    assert float(clock) < 5
    assert found["A"].literal == ("B",) and found["B"].literal == ("A",) and "C" not in found


def test_duplicate_check_is_bounded_for_a_bank_of_thousands_of_answers():
    words = [f"{stem}{n}" for stem in ("review", "board", "model", "risk", "owner") for n in range(40)]
    pick = random.Random(14)
    docs = {f"Q{i}": text_only(" ".join(pick.choice(words) for _ in range(15))) for i in range(3000)}
    docs["COPY"] = docs["Q5"]
    clock = Clock()
    found = find_duplicate_answers(docs)
    assert float(clock) < 10
    assert found == {"Q5": DuplicateAnswer(("COPY",), ()), "COPY": DuplicateAnswer(("Q5",), ())}


def test_a_reworded_copy_is_still_found_with_vectors():
    texts = {"A": ANSWER, "B": ANSWER.replace("runs", "leads"), "C": "Our list price is twelve dollars per seat."}
    vectors = dict(zip(texts, FakeEmbedder().encode(list(texts.values()))))
    found = find_duplicate_answers({k: build_answer(v) for k, v in texts.items()}, vectors=vectors)
    assert found["A"].literal == ("B",) and "C" not in found
    assert isinstance(vectors["A"], np.ndarray)


def test_the_reader_process_stops_at_its_time_and_memory_limits(tmp_path):
    path = many_rows_csv(tmp_path / "answers.csv", 400_000, distinct=True)
    with pytest.raises(InputError, match=r"reading stopped after 0.01 s"):
        read_answers_isolated(path, limits=replace(CAPPED, reader_timeout_s=0.01))
    with pytest.raises(InputError, match=r"needs over 1 MB of memory"):
        read_answers_isolated(path, limits=replace(CAPPED, reader_memory_mb=1, max_rows=2_000_000))
    assert read_answers_isolated(unquoted_commas_csv(tmp_path / "ok.csv")).answers[0].question_id == "HR-01"


def test_control_characters_are_stripped_on_reading(tmp_path):
    path = tmp_path / "answers.csv"
    first = "We keep a policy. " * 300  # past the first 4 KB, where a NUL means a binary file
    path.write_text(f'question_id,answer\nOW-01,{first}\nHR-01,"We\x00 have\x1b[2J a\x07 policy.\r\nSigned."\n')
    rows = read_answers(path).answers
    assert rows[1].answer == "We have[2J a policy.\nSigned."


@pytest.mark.parametrize("name", ["brightpath-bots/answers.csv", "northwind-assist/answers.xlsx"])
def test_isolated_reading_gives_what_direct_reading_gives(name):
    path = Path(__file__).parents[1] / "examples" / "vendors" / name
    read_answers_isolated(path)  # the helper is started once; later reads cost a fork
    clock = Clock()
    isolated = read_answers_isolated(path)
    assert float(clock) < 5
    assert isolated == read_answers(path)


def test_word_answers_are_cleaned_and_cut_like_sheet_answers(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (qid, answer) in enumerate([("question_id", "answer"), ("HR-01", "We\x9b have\x85 a policy."),
                                         ("OW-01", "The Board owns it. " * 2000)]):  # fmt: skip
        table.cell(row, 0).text, table.cell(row, 1).text = qid, answer
    path = tmp_path / "answers.docx"
    document.save(path)
    first, second = read_answers(path).answers
    assert first.answer == "We have a policy."  # C1 controls (a terminal's CSI) are legal XML, and removed
    assert len(second.answer) == MAX_ANSWER_CHARS and second.cut_from == len("The Board owns it. " * 2000) - 1


def test_damaged_word_document_is_an_input_error(tmp_path):
    path = tmp_path / "answers.docx"
    import docx

    docx.Document().save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="answers.docx: not a (readable|safe) Word document"):
        read_answers_isolated(path, limits=CAPPED)


def test_sheets_past_the_limit_are_named_and_not_read(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["question_id", "answer"])
    workbook.active.append(["HR-01", ANSWER])
    for number in range(LIMITS.max_sheets + 2):
        workbook.create_sheet(f"Extra {number}").append(["question_id", "answer"])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    sheet = read_answers(path)
    assert [a.question_id for a in sheet.answers] == ["HR-01"]
    (note,) = [n for n in sheet.notes if n.startswith("sheets not read")]
    assert note.startswith(f"sheets not read (more than {LIMITS.max_sheets} sheets): 'Extra {LIMITS.max_sheets - 1}'")


def test_cells_and_columns_past_the_limits_are_noted(tmp_path):
    path = tmp_path / "answers.csv"
    wide = ",".join(["x"] * 100)
    path.write_text(
        "question_id,answer\n" + "".join(f"HR-0{i},{ANSWER.replace(',', '')}\n" for i in range(1, 9)) + wide + "\n"
    )
    sheet = read_answers(path, limits=replace(LIMITS, max_cells=9))
    assert [a.question_id for a in sheet.answers] == ["HR-01", "HR-02", "HR-03"]  # the header holds 2 of the 9
    assert "row 5: the file holds more than 9 filled cells (answer_limits); this row and the rest are not read" in (
        sheet.notes
    )
    sheet = read_answers(path, limits=replace(LIMITS, max_columns=10))
    assert "row 10: 100 fields; fields past column 10 are not read" in sheet.notes


def test_the_apps_mapping_preview_reads_rows_in_the_reader_process_too(tmp_path):
    path = Path(__file__).parents[1] / "examples" / "vendors" / "northwind-assist" / "answers.xlsx"
    assert read_raw_sheets_isolated(path) == read_raw_sheets(path)
    hostile = many_rows_csv(tmp_path / "answers.csv", 400_000, distinct=True)
    with pytest.raises(InputError, match=r"needs over 1 MB of memory"):
        read_raw_sheets_isolated(hostile, limits=replace(CAPPED, reader_memory_mb=1, max_rows=2_000_000))


def test_a_stray_quote_after_many_multi_line_answers_is_read_in_linear_time(tmp_path):
    path = tmp_path / "answers.csv"
    rows = "".join(f'Q-{i:05},"first line of answer {i}\nits second line"\n' for i in range(8000))
    tail = 'OW-01,"a quote never closed\nOW-02,We score risks.\nMO-01,We check accuracy daily.\n'
    path.write_text("question_id,answer\n" + rows + tail, encoding="utf-8")
    clock = Clock()
    sheet = read_answers(path)
    assert float(clock) < 3  # 11 s when every multi-line record recounted the file's lines
    assert len(sheet.answers) == 8003 and any("never closed" in note for note in sheet.notes)
