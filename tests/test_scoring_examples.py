"""The scoring pipeline on the two example vendors: a strong one and a weak one with planted problems."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from assessor.exports import CSV_COLUMNS, scorecard_csv, write_json, write_xlsx
from scoring.vocabulary import FLAGS

from .conftest import assess_example


def result_for(assessment, question_id):
    return next(r for r in assessment.result.questions if r.question.id == question_id)


def test_strong_vendor_beats_weak_vendor_by_a_wide_margin(northwind, brightpath):
    strong, weak = northwind.result, brightpath.result
    assert strong.overall - weak.overall >= 40
    assert strong.rating == "strong" and weak.rating == "insufficient"
    assert strong.red_flags == 0 and weak.red_flags >= 10
    for category, score in strong.category_scores.items():
        assert score > weak.category_scores[category], category


def test_strong_vendor_facts_are_supported_and_never_contradicted(northwind):
    checks = [c for r in northwind.result.questions for c in r.evidence.checks]
    assert sum(c.status == "supported" for c in checks) >= 50
    assert not [c for c in checks if c.status == "contradicted"]


def test_notification_deadline_contradiction_cites_the_incident_plan_page(brightpath):
    result = result_for(brightpath, "IR-02")
    contradiction = next(c for c in result.evidence.checks if c.status == "contradicted")
    assert contradiction.claim == "24 hours"
    assert contradiction.citation == "BPB-IRP-01_Incident_Response_Plan.pdf p.2"
    assert "72 hours" in contradiction.evidence_text
    assert "contradicted_by_evidence" in result.flag_codes
    assert any("24 hours" in ask and "72 hours" in ask and "Which is correct?" in ask for ask in result.follow_ups)
    assert result.overall <= 40


def test_training_denial_contradicted_by_terms_of_service(brightpath):
    result = result_for(brightpath, "DT-01")
    contradiction = next(c for c in result.evidence.checks if c.kind == "commitment" and c.status == "contradicted")
    assert contradiction.status == "contradicted"
    assert contradiction.citation.startswith("BPB-TOS_Terms_of_Service_v5.1.pdf p.")
    assert "de-identified customer conversations" in contradiction.evidence_text


def test_certification_claim_contradicted_by_expired_narrow_certificate(brightpath):
    result = result_for(brightpath, "CE-01")
    explanations = [c.explanation for c in result.evidence.checks if c.kind == "certification"]
    assert any("expired on 2025-03-31" in text for text in explanations)
    assert any("internal HR chatbot" in text for text in explanations)
    assert {"contradicted_by_evidence", "stale_evidence"} <= set(result.flag_codes)


def test_weak_vendor_gets_each_planted_flag(brightpath):
    codes = {code for r in brightpath.result.questions for code in r.flag_codes}
    assert {"no_answer", "vague", "duplicate_answer", "contradicted_by_evidence", "stale_evidence"} <= codes
    duplicated = [r.question.id for r in brightpath.result.questions if "duplicate_answer" in r.flag_codes]
    assert len(duplicated) == 3
    unanswered = [r.question.id for r in brightpath.result.questions if "no_answer" in r.flag_codes]
    assert {"LI-02", "TI-02", "TR-01"} <= set(unanswered)
    assert all(result_for(brightpath, qid).overall == 0 for qid in unanswered)


def test_every_score_explains_itself(northwind):
    result = result_for(northwind, "MO-01")
    assert result.specificity.hits and all(hit.matched for hit in result.specificity.hits)
    assert all(result.answer[hit.start : hit.end] == hit.matched for hit in result.specificity.hits)
    assert any(line.citation.startswith("NW-RUN-007") for line in result.evidence.lines)
    assert sum(line.points for line in result.overall_lines) == pytest.approx(result.overall, abs=0.2)


def test_csv_has_one_row_per_bank_question_then_unmatched_rows(brightpath, bank):
    rows = list(csv.DictReader(io.StringIO(scorecard_csv(brightpath.result))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["question_id"] for r in rows[: len(bank.questions)]] == [q.id for q in bank.questions]
    extra = rows[len(bank.questions) :]
    assert extra and all(r["flags"] == "unmatched_answer" and r["rating"] == "unscored" for r in extra)
    missing = next(r for r in rows if r["question_id"] == "LI-02")
    assert missing["question"].startswith("What were the findings") and missing["flags"] == "no_answer"
    assert missing["overall_score"] == "0.0"
    ir02 = next(r for r in rows if r["question_id"] == "IR-02")
    assert "BPB-IRP-01_Incident_Response_Plan.pdf p.2" in ir02["citations"].split("; ")
    # the reasons beside the codes, joined like the other list columns
    assert CSV_COLUMNS.index("flag_reasons") == CSV_COLUMNS.index("flags") + 1
    result = result_for(brightpath, "IR-02")
    assert ir02["flag_reasons"] == "; ".join(flag.reason for flag in result.flags)
    assert "72 hours" in ir02["flag_reasons"]
    assert missing["flag_reasons"].startswith("no answer, or a non-answer")
    assert all(r["flag_reasons"] == FLAGS["unmatched_answer"].explanation for r in extra)


def test_csv_is_byte_identical_across_runs(engine, brightpath):
    again = assess_example(engine, "brightpath")
    assert scorecard_csv(again.result) == scorecard_csv(brightpath.result)


def test_json_report_carries_explanations_and_provenance(northwind, tmp_path):
    report = json.loads(write_json(northwind, tmp_path / "report.json").read_text())
    provenance = report["provenance"]
    assert provenance["model_weights_sha256"].startswith("53aa5117")
    assert provenance["bank"]["sha256"] and provenance["config"]["sha256"] and provenance["generated_at"]
    assert len(provenance["inputs"]["evidence"]) == 7 and provenance["inputs"]["answers"]["sha256"]
    assert all(doc["attestation"] is None for doc in report["evidence_documents"])  # no audit reports here
    question = report["questions"][0]
    assert question["specificity"]["signals"] and question["evidence"]["explanation"]
    flagged = next(q for q in report["questions"] if q["flags"])
    assert all(set(flag) == {"code", "label", "reason"} and flag["reason"] for flag in flagged["flags"])
    assert question["evidence"]["passages"][0]["citation"].endswith(tuple(f"p.{n}" for n in range(1, 10)))


def test_xlsx_has_summary_questions_evidence_and_coverage_sheets(northwind, tmp_path):
    workbook = load_workbook(write_xlsx(northwind, tmp_path / "card.xlsx"))
    assert workbook.sheetnames == ["Summary", "Questions", "Evidence", "Clause coverage"]
    assert [cell.value for cell in workbook["Evidence"][1]][-2:] == ["attestation", "problem"]
    assert workbook["Clause coverage"].max_row == 71
    assert workbook["Summary"]["B1"].value == "northwind-assist"
