"""Each flag, on small answer files and text evidence written for the purpose, through the real pipeline."""

import csv
import io

import pytest

from assessor.exports import scorecard_csv
from assessor.pipeline import assess

from .conftest import AS_OF

MONITORING = "How do you monitor model performance in production, and what triggers a review or rollback?"
SPECIFIC_MONITORING = (
    "The Head of ML Platform reviews containment accuracy daily on the Grafana quality dashboard; if accuracy "
    "drops below 92% over a 2-hour window the on-call engineer rolls back to the previous model within 30 minutes, "
    "as set out in runbook NW-RUN-007 section 3."
)
RUNBOOK = (
    "Production Monitoring Runbook NW-RUN-007\nEffective date: 2026-02-01\n\n"
    "3. Rollback\nThe Head of ML Platform reviews containment accuracy daily on the Grafana quality dashboard. "
    "If accuracy drops below 92% over a 2-hour window, the on-call engineer rolls back to the previous model "
    "within 30 minutes and records the rollback in the change log.\n"
)


def run(engine, tmp_path, rows, evidence=None, name="vendor"):
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "question", "answer", "evidence"])
        writer.writerows(rows)
    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    for file_name, text in (evidence or {}).items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return assess(name, answers, [folder], engine, as_of=AS_OF)


def question(assessment, qid):
    return next(r for r in assessment.result.questions if r.question.id == qid)


def test_specific_supported_answer_has_no_flags(engine, tmp_path):
    result = question(
        run(engine, tmp_path, [["MO-01", MONITORING, SPECIFIC_MONITORING, ""]], {"runbook.txt": RUNBOOK}), "MO-01"
    )
    assert result.flags == ()
    assert result.rating in {"strong", "adequate"}
    assert {c.status for c in result.evidence.checks} == {"supported"}


def test_off_topic_answer_is_flagged_and_capped(engine, tmp_path):
    answer = "Our list price is 12 dollars per seat per month, billed annually, with volume discounts above 500 seats."
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, answer, ""]]), "MO-01")
    assert "off_topic" in result.flag_codes and result.overall <= 20


def test_vague_answer_is_flagged(engine, tmp_path):
    answer = "We take model quality very seriously and our robust, industry-leading processes may trigger reviews."
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, answer, ""]]), "MO-01")
    assert "vague" in result.flag_codes
    assert any(hit.name in {"hedge", "marketing"} for hit in result.specificity.hits)


def test_claims_and_references_missing_from_the_evidence_are_unsupported(engine, tmp_path):
    answer = "The on-call engineer rolls back within 4 hours under runbook NW-SEC-011, approved by the CISO."
    assessment = run(
        engine, tmp_path, [["MO-01", MONITORING, answer, "Security Runbook NW-SEC-011 §2"]], {"runbook.txt": RUNBOOK}
    )
    result = question(assessment, "MO-01")
    flag = next(f for f in result.flags if f.code == "unsupported_claim")
    assert "NW-SEC-011" in flag.reason
    assert any("NW-SEC-011" in ask for ask in result.follow_ups)


def test_number_contradicted_by_evidence(engine, tmp_path):
    answer = SPECIFIC_MONITORING.replace("within 30 minutes", "within 4 hours")
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, answer, ""]], {"runbook.txt": RUNBOOK}), "MO-01")
    check = next(c for c in result.evidence.checks if c.status == "contradicted")
    assert check.claim == "4 hours" and check.citation == "runbook.txt §3. Rollback"
    assert "30 minutes" in check.evidence_text
    assert "contradicted_by_evidence" in result.flag_codes and result.overall <= 40


def test_expired_document_is_stale(engine, tmp_path):
    old = RUNBOOK.replace("Effective date: 2026-02-01", "Valid until: 2025-01-31")
    result = question(
        run(engine, tmp_path, [["MO-01", MONITORING, SPECIFIC_MONITORING, ""]], {"runbook.txt": old}), "MO-01"
    )
    assert "stale_evidence" in result.flag_codes
    assert any("runbook.txt" in ask and "out of date" in ask for ask in result.follow_ups)


def test_parroting_the_question_is_flagged(engine, tmp_path):
    answer = "We monitor model performance in production, and reviews or rollbacks are triggered."
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, answer, ""]]), "MO-01")
    assert "parrots_standard" in result.flag_codes


def test_same_paragraph_under_several_questions_is_flagged(engine, tmp_path):
    paragraph = (
        "Our governance framework ensures responsible AI through policies, controls and oversight that are "
        "reviewed by leadership."
    )
    rows = [[qid, "", paragraph, ""] for qid in ("HR-01", "OW-01", "MO-01")]
    assessment = run(engine, tmp_path, rows)
    for qid in ("HR-01", "OW-01", "MO-01"):
        result = question(assessment, qid)
        assert "duplicate_answer" in result.flag_codes and result.overall <= 35


@pytest.mark.parametrize("answer", ["", "Yes", "N/A", "See attached"])
def test_non_answers_are_no_answer_and_score_zero(engine, tmp_path, answer):
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, answer, ""]]), "MO-01")
    assert result.flag_codes == ("no_answer",) and result.overall == 0


def test_bad_rows_survive_and_formulas_are_neutralised(engine, tmp_path):
    rows = [
        ["MO-01", MONITORING, '=HYPERLINK("http://evil.example","click")', ""],
        ["", "", "", ""],
        ["ZZ-99", "What is your favourite colour?", "+cmd|' /C calc'!A0", "@SUM(A1)"],
        ["MO-01", MONITORING, "-2 is the answer", ""],
    ]
    assessment = run(engine, tmp_path, rows)
    rows_out = list(csv.DictReader(io.StringIO(scorecard_csv(assessment.result))))
    monitoring = next(r for r in rows_out if r["question_id"] == "MO-01")
    assert monitoring["answer"].startswith("'=HYPERLINK")
    unmatched = [r for r in rows_out if r["flags"] == "unmatched_answer"]
    assert len(unmatched) == 1 and unmatched[0]["answer"].startswith("'+cmd")
    for row in rows_out:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
