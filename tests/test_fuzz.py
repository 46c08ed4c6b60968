"""Property-based fuzzing of everything that reads vendor-supplied input or writes cells for spreadsheets."""

import csv
import io
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.answers import read_answers
from assessor.claims import extract_claims
from assessor.cleantext import strip_controls
from assessor.errors import InputError
from assessor.evidence import IngestLimits, ingest
from assessor.safe_cells import FORMULA_TRIGGERS, neutralize
from question_bank import load_bank

from .pdf_factory import text_pdf

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cell_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_answers_importer_reads_or_names_the_problem(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"answers{suffix}"
    path.write_bytes(data)
    try:
        read_answers(path)
    except InputError as exc:
        assert str(exc).startswith(f"answers{suffix}")


@FUZZ
@given(rows=st.lists(st.tuples(st.text(max_size=20), cell_text), max_size=8))
def test_answers_survive_a_csv_round_trip(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "answers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "answer"])
        writer.writerows(rows)
    try:
        sheet = read_answers(path)
    except InputError as exc:
        assert str(exc).startswith("answers.csv")
        return
    cleaned = [(strip_controls(qid).strip(), strip_controls(answer).strip()) for qid, answer in rows]
    expected = [answer for qid, answer in cleaned if qid or answer]  # control characters are dropped on reading
    assert [a.answer for a in sheet.answers] == expected[: len(sheet.answers)]


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=15),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(questions=st.lists(st.dictionaries(st.sampled_from(["id", "category", "text", "iso42001", "criteria",
                                                           "evidence", "weight"]), yaml_values), max_size=4),
       categories=yaml_values)  # fmt: skip
def test_bank_loader_accepts_or_names_the_problem(tmp_path_factory, questions, categories):
    path = tmp_path_factory.mktemp("fuzz") / "bank.yaml"
    path.write_text(yaml.safe_dump({"categories": categories, "questions": questions}))
    try:
        bank = load_bank(path)
    except InputError as exc:
        assert str(exc).startswith("bank.yaml")
    else:
        assert all(q.id and q.text and q.iso42001 for q in bank.questions)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400) | st.from_regex(r"[A-Za-z0-9 %.,;:/-]{0,200}", fullmatch=True))
def test_claims_point_at_their_own_words_and_never_overlap(text):
    claims = extract_claims(text)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    for before, after in zip(claims, claims[1:]):
        assert before.end <= after.start


@settings(max_examples=300, deadline=None)
@given(value=cell_text)
def test_csv_cells_never_start_a_formula_and_keep_the_text(value):
    safe = neutralize(value)
    assert not safe.startswith(FORMULA_TRIGGERS)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe])
    (read_back,) = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert read_back in {value, "'" + value}


def mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    mutated = bytearray(data)
    for position, byte in edits:
        mutated[position % len(mutated)] = byte
    return bytes(mutated[:cut] if cut else mutated)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=30),
    cut=st.none() | st.integers(min_value=1, max_value=4000),
)
def test_mutated_pdfs_are_read_or_reported_never_raise(tmp_path_factory, edits, cut):
    folder: Path = tmp_path_factory.mktemp("pdf")
    sample = text_pdf(folder / "sample.pdf", ["Policy. The owner reviews AI risk quarterly.", "Page two, 30 days."])
    mutant = folder / "mutant.pdf"
    mutant.write_bytes(mutate(sample.read_bytes(), edits, cut))
    result = ingest([mutant], limits=IngestLimits(timeout_s=15), use_cache=False)
    # A read document may also carry a note on pages that gave no text even by OCR ("unread_pages").
    assert len(result.documents) + len([p for p in result.problems if p.code != "unread_pages"]) == 1
    for problem in result.problems:
        assert problem.message.startswith("mutant.pdf: ")
