"""Calibration of whole answers: contradicted answers land in the low bands, and the same words with
consistent evidence score clearly higher (benchmarks/data/calibration_contradicted.csv)."""

import csv

import pytest

from benchmarks.specificity_calibration import CALIBRATION_CSV

from .conftest import REPO_ROOT
from .test_flags import question, run

CONTRADICTED_CSV = REPO_ROOT / "benchmarks" / "data" / "calibration_contradicted.csv"
ROWS = list(csv.DictReader(CONTRADICTED_CSV.open(encoding="utf-8")))


def test_calibration_sets_are_big_enough():
    labelled = list(csv.DictReader(CALIBRATION_CSV.open(encoding="utf-8")))
    assert len(labelled) + len(ROWS) >= 60 and len(ROWS) >= 8
    assert {row["expected_band"] for row in labelled} == {"strong", "adequate", "weak", "insufficient"}


@pytest.mark.parametrize("row", ROWS, ids=[row["question_id"] for row in ROWS])
def test_contradicted_answer_is_caught_and_rated_low(engine, tmp_path, bank, row):
    qid, answer = row["question_id"], row["answer"]
    text = bank.get(qid).text
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    contradicted = question(run(engine, tmp_path / "bad", [[qid, text, answer, ""]],
                                {"evidence.txt": row["contradicting_evidence"]}), qid)  # fmt: skip
    consistent = question(run(engine, tmp_path / "good", [[qid, text, answer, ""]],
                              {"evidence.txt": row["supporting_evidence"]}), qid)  # fmt: skip
    assert "contradicted_by_evidence" in contradicted.flag_codes
    assert contradicted.rating in {"weak", "insufficient"}
    assert "contradicted_by_evidence" not in consistent.flag_codes
    assert consistent.overall >= contradicted.overall + 5
