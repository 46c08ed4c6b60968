"""Answers by reference: the section an answer points to is read and scored as the answer; a reference to a
document or section that is not there is flagged and earns nothing. Sections are read from text evidence
written for the purpose (a form feed starts a new page); the cases of benchmarks/data/answer_cases run too."""

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from assessor.evidence import ingest
from assessor.exports import report_json, scorecard_csv
from assessor.pipeline import assess
from assessor.retrieval import EvidenceIndex, ResolvedReference, section_numbers, section_text
from scoring.config import load_config
from scoring.evidence_score import _reference_lines

from .conftest import AS_OF, REPO_ROOT

CASES = yaml.safe_load((REPO_ROOT / "benchmarks" / "data" / "answer_cases" / "reference.yaml").read_text())["cases"]
RATINGS = ("insufficient", "weak", "adequate", "strong")
EVIDENCE = {name: text for case in CASES for name, text in case["evidence"].items()}
PLAN, POLICY = EVIDENCE["incident_response_plan.txt"], EVIDENCE["ai_governance_policy.txt"]
RUNBOOK, DPA = EVIDENCE["monitoring_runbook.txt"], EVIDENCE["data_processing_agreement.txt"]
STEPS = (
    "Incident Plan\n3. Response process\n1. Detect: monitoring alerts and customer reports.\n"
    "2. Triage: the on-call manager triages every report within 15 minutes.\n"
    "4. Escalate: the Chief AI Officer is informed of every SEV1.\n6. Notify: see section 4.\n"
    "4. Customer notification\nCustomers are notified within 24 hours.\n"
)


def documents(tmp_path, files):
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {doc.doc_id: doc for doc in ingest([folder], use_cache=False).documents}


def run(engine, tmp_path, answers, evidence, refs=None):
    path = tmp_path / "answers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "question", "answer", "evidence"])
        writer.writerows([qid, "", answer, (refs or {}).get(qid, "")] for qid, answer in answers.items())
    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    for name, text in evidence.items():
        (folder / name).write_text(text, encoding="utf-8")
    return assess("vendor", path, [folder], engine, as_of=AS_OF)


def question(assessment, qid):
    return next(r for r in assessment.result.questions if r.question.id == qid)


# ---------------------------------------------------------------------------------------- section text
def test_a_section_runs_from_its_heading_to_the_next_of_the_same_level(tmp_path):
    policy = documents(tmp_path, {"policy.txt": POLICY})["policy.txt"]
    section = section_text(policy, "3")
    assert (section.number, section.title, section.pages) == ("3", "Accountability", (1,))
    assert section.text.startswith("3.1 Accountable owner\nThe Chief AI Officer, Priya Nair")  # subsections kept
    assert section.text.endswith("who decides within 5 business days.")  # "4 Leadership review" ends it
    # The table of contents lists "5 Data retention" first: the section is the one with text.
    assert section_text(policy, "5").text.startswith("Conversation transcripts are kept for 60 days")


def test_a_subsection_ends_at_its_next_sibling(tmp_path):
    policy = documents(tmp_path, {"policy.txt": POLICY})["policy.txt"]
    section = section_text(policy, "3.1")
    assert section.title == "Accountable owner"
    assert section.text.endswith("signs off every AI risk assessment.")
    assert "Risk Committee" not in section.text


def test_a_numbered_paragraph_is_a_section(tmp_path):
    dpa = documents(tmp_path, {"dpa.txt": DPA})["dpa.txt"]
    section = section_text(dpa, "3.2")
    assert section.title == ""
    assert section.text.startswith("Conversation transcripts and all AI inputs and outputs are retained for 60 days")
    assert section.text.endswith("in transit with TLS 1.2 or higher.")  # "3.3 Encrypted backups" ends it
    assert section_text(dpa, "3").text.count("\n") == 2  # 3.1, 3.2 and 3.3; "4. Subprocessors" ends it


def test_a_section_spans_a_page_break_without_running_headers_and_footers(tmp_path):
    runbook = documents(tmp_path, {"runbook.txt": RUNBOOK})["runbook.txt"]
    section = section_text(runbook, "2")
    assert section.pages == (1, 2)
    assert section.text.startswith("Answer accuracy, grounding failures and policy violations")
    assert "rolls back to the last known-good model version within 30 minutes" in section.text  # page 2
    assert "Page 1 of 2" not in section.text and "Production Monitoring Runbook" not in section.text
    assert "Release validation" not in section.text


def test_section_colon_headings_and_numbered_steps(tmp_path):
    docs = documents(tmp_path, {"plan.txt": PLAN, "steps.txt": STEPS})
    section = section_text(docs["plan.txt"], "4")
    assert section.title == "Response to bad outcomes at scale"
    assert "Customer notification" not in section.text and section.text.endswith("tracked in the risk register.")
    # Steps "4. Escalate: ..." and "6. Notify: ..." are sentences, not the next section: "4. Customer ..." is.
    steps = section_text(docs["steps.txt"], "3")
    assert steps.text.endswith("6. Notify: see section 4.")
    assert section_text(docs["steps.txt"], "4").text == "Customers are notified within 24 hours."


def test_the_last_section_ends_at_back_matter(tmp_path):
    text = PLAN + "\nAppendix A: Contact list\nOmar Haddad, Head of Trust and Safety, +44 20 7946 0000\n"
    plan = documents(tmp_path, {"plan.txt": text})["plan.txt"]
    assert section_text(plan, "5").text.endswith("with updates every 24 hours until it is resolved.")


def test_no_such_section_is_none_and_the_citation_names_page_and_section(tmp_path):
    docs = documents(tmp_path, {"plan.txt": PLAN, "runbook.txt": RUNBOOK})
    assert section_numbers(docs["plan.txt"]) == ("1", "2", "3", "4", "5")
    assert section_text(docs["plan.txt"], "9") is None
    assert section_text(docs["plan.txt"], "4.2") is None
    assert section_text(docs["plan.txt"], "4").citation == "plan.txt p.1 §4 Response to bad outcomes at scale"
    assert section_text(docs["runbook.txt"], "2").citation == "runbook.txt p.1 §2 Monitoring and rollback triggers"


def test_a_reference_to_a_missing_section_resolves_its_document_but_earns_nothing(tmp_path, embedder):
    docs = documents(tmp_path, {"plan.txt": PLAN})
    index = EvidenceIndex(ingest([tmp_path / "docs"], use_cache=False), embedder)
    settings = load_config()["retrieval"]
    (found,) = index.resolve_references("Incident Response Plan section 4", settings)
    (missing,) = index.resolve_references("Incident Response Plan section 9", settings)
    assert (found.doc, found.page, found.missing_section) == ("plan.txt", 1, "")
    assert (missing.doc, missing.missing_section) == ("plan.txt", "9") and "not found" in missing.detail
    # "the attached plan" is the only plan sent
    (generic,) = index.resolve_references("the attached plan, section 4", settings)
    assert generic.doc == "plan.txt" and docs["plan.txt"].doc_type == "plan"
    points = load_config()["evidence"]["points"]
    lines = _reference_lines((found, missing), points)
    assert [(line.name, line.points) for line in lines] == [
        ("reference_resolved", points["reference_resolved"]),
        ("reference_section_missing", 0.0),
    ]
    unresolved = ResolvedReference("Vendor Risk Policy §2", "", None, 0.0, "no evidence document matches")
    assert [line.name for line in _reference_lines((unresolved,), points)] == ["reference_missing"]


# ------------------------------------------------------------------------------------- scored by reference
def test_section_reference_is_scored_as_the_section_with_its_citation(engine, tmp_path):
    answer = "See attached Incident Response Plan, section 4."
    result = question(run(engine, tmp_path, {"IR-01": answer}, {"incident_response_plan.txt": PLAN}), "IR-01")
    assert result.by_reference is not None
    assert result.by_reference.citation == "incident_response_plan.txt p.1 §4 Response to bad outcomes at scale"
    assert result.by_reference.vendor_answer == answer
    assert result.answer.startswith("The on-call AI incident manager triages every alert")
    assert result.rating in {"adequate", "strong"}
    assert not {"off_topic", "no_answer", "reference_not_found", "vague"} & set(result.flag_codes)
    # The section's claims are supported by the section itself, with the authority of a signed plan.
    supported = [c for c in result.evidence.checks if c.status == "supported"]
    assert supported and {c.doc for c in supported} == {"incident_response_plan.txt"}
    assert {c.authority for c in supported} == {"signed_policy"}
    assert not any("Which document governs this?" in ask for ask in result.follow_ups)


def test_bare_see_attached_uses_the_section_in_the_evidence_column(engine, tmp_path):
    assessment = run(
        engine,
        tmp_path,
        {"OW-01": "See attached."},
        {"ai_governance_policy.txt": POLICY},
        refs={"OW-01": "AI Governance Policy LA-POL-004 §3"},
    )
    result = question(assessment, "OW-01")
    assert result.by_reference.citation == "ai_governance_policy.txt p.1 §3 Accountability"
    assert result.rating in {"adequate", "strong"} and "no_answer" not in result.flag_codes
    assert any(line.name == "reference_resolved" for line in result.evidence.lines)
    rows = list(csv.DictReader(io.StringIO(scorecard_csv(assessment.result))))
    row = next(row for row in rows if row["question_id"] == "OW-01")
    assert row["answered_by_reference"] == "ai_governance_policy.txt p.1 §3 Accountability"
    assert next(row for row in rows if row["question_id"] == "IR-01")["answered_by_reference"] == ""
    report = json.loads(report_json(assessment))
    exported = next(q for q in report["questions"] if q["question_id"] == "OW-01")
    assert exported["answered_by_reference"] == "ai_governance_policy.txt p.1 §3 Accountability"


def test_section_across_a_page_break_and_a_subsection_answer(engine, tmp_path):
    answers = {
        "MO-01": "Please refer to section 2 of the attached Production Monitoring Runbook.",
        "RP-01": "Refer to LA-DPA-003 §3.2",
    }
    assessment = run(engine, tmp_path, answers, {"monitoring_runbook.txt": RUNBOOK, "dpa.txt": DPA})
    monitoring, retention = question(assessment, "MO-01"), question(assessment, "RP-01")
    assert monitoring.by_reference.sections[0].pages == (1, 2)
    assert "within 30 minutes" in monitoring.answer  # the rollback trigger on page 2 is part of the answer
    assert retention.by_reference.citation == "dpa.txt p.1 §3.2"
    for result in (monitoring, retention):
        assert result.rating in {"adequate", "strong"}, result.question.id
        assert not {"off_topic", "no_answer"} & set(result.flag_codes)


def test_section_about_something_else_does_not_answer_by_reference(engine, tmp_path):
    answer = "See attached AI Governance Policy, section 5."
    result = question(run(engine, tmp_path, {"IR-01": answer}, {"ai_governance_policy.txt": POLICY}), "IR-01")
    assert result.by_reference is None
    assert result.rating in {"insufficient", "weak"}
    assert "reference_not_found" not in result.flag_codes
    assert result.answer == answer  # shown as the vendor wrote it
    assert "does not answer the question" in next(f.reason for f in result.flags if f.code == "no_answer")


def test_an_answer_with_facts_of_its_own_is_not_replaced(engine, tmp_path):
    answer = (
        "The on-call ML engineer reviews the quality dashboard daily and, if answer accuracy drops below 93% over "
        "a 2-hour window, rolls back to the last known-good model within 30 minutes; see runbook section 2."
    )
    result = question(run(engine, tmp_path, {"MO-01": answer}, {"monitoring_runbook.txt": RUNBOOK}), "MO-01")
    assert result.by_reference is None and result.answer == answer
    assert "reference_not_found" not in result.flag_codes


# ------------------------------------------------------------------------------------- reference not found
def test_reference_to_a_missing_section_is_flagged_and_earns_no_evidence(engine, tmp_path):
    answer = "See attached Incident Response Plan, section 9."
    result = question(run(engine, tmp_path, {"IR-02": answer}, {"incident_response_plan.txt": PLAN}), "IR-02")
    assert "reference_not_found" in result.flag_codes and result.evidence.score <= 20
    assert result.by_reference is None and result.answer == answer
    flag = next(f for f in result.flags if f.code == "reference_not_found")
    assert flag.reason == "'Incident Response Plan, section 9': incident_response_plan.txt has no section 9"
    assert result.follow_ups[0] == (
        "You refer to 'Incident Response Plan, section 9', but incident_response_plan.txt has no such section. "
        "Which section or page covers this?"
    )


def test_reference_to_a_missing_document_is_flagged_and_earns_no_evidence(engine, tmp_path):
    answer = "Please see our Supplier Risk Policy, section 2."
    evidence = {"ai_governance_policy.txt": POLICY, "incident_response_plan.txt": PLAN}
    result = question(run(engine, tmp_path, {"TP-01": answer}, evidence), "TP-01")
    assert "reference_not_found" in result.flag_codes and result.evidence.score <= 20
    assert any("not among the documents you sent" in ask for ask in result.follow_ups)


def test_evidence_column_naming_a_missing_section_of_a_specific_answer(engine, tmp_path):
    answer = (
        "The executive board reviews AI risk every quarter. At the last review, on 2026-09-15, it raised the "
        "rollback threshold for answer accuracy from 90% to 93% and approved two additional red-team engineers."
    )
    refs = {"LI-01": "AI Governance Policy LA-POL-004 §7"}
    result = question(run(engine, tmp_path, {"LI-01": answer}, {"policy.txt": POLICY}, refs=refs), "LI-01")
    assert "reference_not_found" in result.flag_codes
    assert not any(line.name == "reference_resolved" for line in result.evidence.lines)
    assert any(line.name == "reference_section_missing" and line.points == 0 for line in result.evidence.lines)


def test_a_missing_section_named_inside_an_answer_of_its_own_is_flagged_but_not_a_standard(engine, tmp_path):
    answers = {
        "MO-01": "We review answer accuracy daily and roll back within 30 minutes, see runbook §9.",
        "MO-02": "Every change passes 1,800 scripted conversations at a 96% pass rate, as ISO/IEC 42001 clause 8.3 "
        "asks of the runbook.",
    }
    assessment = run(engine, tmp_path, answers, {"monitoring_runbook.txt": RUNBOOK})
    monitoring = question(assessment, "MO-01")
    assert monitoring.by_reference is None and monitoring.answer == answers["MO-01"]
    flag = next(f for f in monitoring.flags if f.code == "reference_not_found")
    assert flag.reason == "'runbook §9': monitoring_runbook.txt has no section 9"
    assert "reference_not_found" not in question(assessment, "MO-02").flag_codes


# ------------------------------------------------------------------------------------------ benchmark cases
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_reference_cases(engine, tmp_path, case):
    assessment = run(engine, tmp_path, case["answers"], case["evidence"], refs=case.get("refs"))
    for qid, expect in case["expect"].items():
        result = question(assessment, qid)
        if "rating_at_least" in expect:
            assert RATINGS.index(result.rating) >= RATINGS.index(expect["rating_at_least"]), (qid, result.rating)
        assert set(expect.get("flags_include", [])) <= set(result.flag_codes), (qid, result.flag_codes)
        assert not set(expect.get("flags_exclude", [])) & set(result.flag_codes), (qid, result.flag_codes)
        if "evidence_at_most" in expect:
            assert result.evidence.score <= expect["evidence_at_most"], (qid, result.evidence.score)
        if "by_reference" in expect:
            assert (result.by_reference is not None) == expect["by_reference"], qid


# ------------------------------------------------------------------------------------------- example vendors
def test_example_vendors_are_unchanged(northwind, brightpath):
    assert northwind.result.rating == "strong" and northwind.result.red_flags == 0
    assert brightpath.result.rating == "insufficient"
    for assessment in (northwind, brightpath):
        assert not any(r.by_reference for r in assessment.result.questions)
        assert not any("reference_not_found" in r.flag_codes for r in assessment.result.questions)


def test_cases_file_uses_default_bank_questions(bank):
    ids = {q.id for q in bank.questions}
    assert len(CASES) >= 8
    for case in CASES:
        assert case["class"] in {"by_reference", "reference_not_found"}
        assert set(case["answers"]) <= ids and set(case["expect"]) <= set(case["answers"])
        assert Path(next(iter(case["evidence"]))).suffix == ".txt"
