"""End to end on the generated vendor-format pack (examples/build_vendor_formats.py): the buyer's workbook and a
Word questionnaire reach every bank question, and DOCX, HTML, XLSX and scanned-PDF evidence is read and cited."""

from __future__ import annotations

import importlib.util

import pytest

from assessor.pipeline import assess
from tests.conftest import AS_OF, REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    script = REPO_ROOT / "examples" / "build_vendor_formats.py"
    spec = importlib.util.spec_from_file_location("build_vendor_formats", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("formats") / "harbourline-support")


@pytest.fixture(scope="module")
def workbook_assessment(pack, engine):
    return assess("Harbourline", pack / "questionnaire.xlsx", [pack / "evidence"], engine, as_of=AS_OF)


def checks(assessment, question_id):
    result = next(r for r in assessment.result.questions if r.question.id == question_id)
    return result.evidence.checks


def test_every_workbook_answer_reaches_its_bank_question(workbook_assessment, bank):
    result = workbook_assessment.result
    assert result.unmatched == ()
    assert {r.question.id for r in result.questions if r.answer} == {q.id for q in bank.questions}
    sheets = {layout.sheet for layout in workbook_assessment.prepared.sheet.layouts}
    assert sheets == {"Governance & Risk", "Operations", "Data & Suppliers"}


def test_contradiction_inside_a_docx_policy_is_caught_and_cited_by_section(workbook_assessment):
    (check,) = [c for c in checks(workbook_assessment, "DT-01") if c.status == "contradicted"]
    assert check.doc == "AI-Governance-Policy.docx"
    assert check.citation == "AI-Governance-Policy.docx §4 Customer data and model training"


def test_scanned_certificate_expiry_is_read_through_ocr(workbook_assessment):
    (check,) = [c for c in checks(workbook_assessment, "CE-01") if c.kind == "certification"]
    assert check.status == "contradicted" and "expired on 2025-06-30" in check.explanation
    assert check.ocr and check.citation == "ISO42001-certificate.pdf p.1 (OCR)"


def test_html_and_xlsx_evidence_is_cited_by_section_with_visible_text_only(workbook_assessment):
    documents = {d.doc_id: d for d in workbook_assessment.prepared.evidence.documents}
    page = " ".join(documents["trust-center.html"].pages)
    assert "retained for 30 days" in page
    assert not any(hidden in page for hidden in ("analytics", "tracking pixel", "Careers", "All rights reserved"))
    citations = {c.citation for c in checks(workbook_assessment, "RP-02") if c.status == "supported"}
    assert "trust-center.html §End of contract" in citations
    tp = {c.citation for c in checks(workbook_assessment, "TP-01") if c.status == "supported"}
    assert {"subprocessors.xlsx §Subprocessors!2", "subprocessors.xlsx §Subprocessors!3"} <= tp
    assert workbook_assessment.prepared.evidence.problems == ()


def test_a_cadence_of_another_activity_is_not_a_contradiction(workbook_assessment):
    # "quarterly targets set by the AI Risk Committee" vs "the AI Risk Committee, which meets monthly"
    assert [c for c in checks(workbook_assessment, "LI-03") if c.status == "contradicted"] == []


def test_every_word_questionnaire_answer_reaches_its_bank_question(pack, engine, bank):
    assessment = assess("Harbourline", pack / "questionnaire.docx", [pack / "evidence"], engine, as_of=AS_OF)
    result = assessment.result
    assert result.unmatched == ()
    assert {r.question.id for r in result.questions if r.answer} == {q.id for q in bank.questions}
    kinds = [layout.kind for layout in assessment.prepared.sheet.layouts]
    assert kinds == ["table", "paragraphs"]
    assert any(s.startswith("table 1: ") and "Version | Date | Author" in s for s in assessment.prepared.sheet.skipped)
    by_id = {r.question.id: r for r in result.questions}
    assert by_id["MO-01"].answer.startswith("Yes.\nContainment accuracy is reviewed daily")  # paragraphs kept
