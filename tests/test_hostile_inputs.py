"""Files written by the party being judged: hostile or broken PDFs and answer sheets never crash, hang or hide work."""

import time
import zlib

import pytest

from assessor.alignment import align_answers
from assessor.answers import read_answers
from assessor.errors import InputError
from assessor.evidence import IngestLimits, ingest
from scoring.config import load_config

from .pdf_factory import hand_built_pdf, text_pdf

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
ALIGNMENT = load_config()["alignment"]


def content(text: bytes) -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET")
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"


def cyclic_page_tree() -> bytes:
    """The page tree's only kid is the tree itself."""
    return hand_built_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def xref_loop() -> bytes:
    """A trailer whose /Prev points back at its own cross-reference table."""
    data = hand_built_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           FONT, content(b"loop"), PAGE])  # fmt: skip
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % start)


def decompression_bomb() -> bytes:
    """A few kilobytes that inflate to hundreds of megabytes."""
    stream = zlib.compress(b" " * (400 * 1024 * 1024), 9)
    bomb = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return hand_built_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
                           FONT, bomb, PAGE.replace(b"2 0 R", b"2 0 R")])  # fmt: skip


def many_pages(count: int, text: bytes = b"page") -> bytes:
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    return hand_built_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>"
                           % count, FONT, content(text), *[PAGE] * count])  # fmt: skip


@pytest.fixture
def good_pdf(tmp_path):
    return text_pdf(tmp_path / "policy.pdf", ["AI Policy. The Chief AI Officer owns AI risk and reviews it quarterly."])


@pytest.mark.parametrize(
    ("name", "build", "limits", "codes"),
    [
        ("cycle.pdf", cyclic_page_tree, IngestLimits(), {"corrupt", "needs_ocr"}),
        ("loop.pdf", xref_loop, IngestLimits(), {"corrupt", "needs_ocr", "empty"}),
        ("bomb.pdf", decompression_bomb, IngestLimits(timeout_s=20, memory_mb=512), {"too_large", "timeout", "corrupt",
                                                                                       "needs_ocr"}),
        ("thousands.pdf", lambda: many_pages(3000), IngestLimits(), {"too_many_pages"}),
        ("blank-text.pdf", lambda: many_pages(3, b"   "), IngestLimits(), {"needs_ocr"}),
    ],
)  # fmt: skip
def test_hostile_pdf_is_a_named_problem_and_the_good_file_survives(tmp_path, good_pdf, name, build, limits, codes):
    hostile = tmp_path / name
    hostile.write_bytes(build())
    started = time.monotonic()
    result = ingest([hostile, good_pdf], limits=limits, use_cache=False)
    assert time.monotonic() - started < 60
    assert [doc.name for doc in result.documents] == ["policy.pdf"]
    (problem,) = result.problems
    assert problem.code in codes and problem.message.startswith(f"{name}: ")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_one_megabyte_answer_with_control_characters_rtl_and_emoji_is_read(tmp_path, bank):
    huge = "We log every event. " * 52_000  # about 1 MB
    odd = "Owner: مدير الذكاء الاصطناعي 🙂\u202e reversed\u0007 bell \x00 null"
    path = write(tmp_path / "answers.csv", f'question_id,answer\nHR-01,"{huge}"\nOW-01,"{odd}"\n')
    sheet = read_answers(path)
    assert len(sheet.answers[0].answer) == 20_000  # the scorer judges no more; the length read is kept
    assert sheet.answers[0].cut_from > 1_000_000
    assert "🙂" in sheet.answers[1].answer
    assert set(align_answers(sheet, bank, ALIGNMENT).matched) == {"HR-01", "OW-01"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"question_id,answer\n", None),  # header only: read, nothing answered
        (b"\n\n\nquestion_id,answer\n\n\nHR-01,Yes\n\n", None),  # blank lines around everything
        (b"id;response\nHR-01;We do\n", None),  # other header words and delimiter
        (b"qid\tanswer\nHR-01\tWe do\n", None),
        (b"foo,bar,baz\n1,2,3\n", "no 'answer' column"),
        (b"\xff\xfe\x00\x00garbage", None),
    ],
)
def test_odd_answer_files_are_read_or_refused_with_a_named_problem(tmp_path, bank, content, problem):
    path = tmp_path / "vendor.csv"
    path.write_bytes(content)
    if problem:
        with pytest.raises(InputError, match=f"vendor.csv: {problem}"):
            read_answers(path)
        return
    try:
        sheet = read_answers(path)
    except InputError as exc:
        assert str(exc).startswith("vendor.csv: ")
        return
    align_answers(sheet, bank, ALIGNMENT)  # whatever was read aligns without error


def test_one_megabyte_answer_is_scored_on_its_start_in_bounded_time(engine, tmp_path):
    from .test_flags import MONITORING, question, run

    huge = "The on-call engineer rolls back within 30 minutes when accuracy drops below 92%. " * 13_000
    started = time.monotonic()
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, huge, ""]]), "MO-01")
    assert time.monotonic() - started < 120
    assert "first 20,000 characters" in result.alignment_note
    assert result.specificity.score > 0
