"""Staleness comes only from a document's own validity, never from a date its text happens to mention."""

import datetime

import pytest

from assessor.evidence import ingest
from assessor.evidence.facts import find_dates
from scoring.config import load_config
from scoring.staleness import stale_reason

from .conftest import AS_OF  # 2026-11-26

SETTINGS = load_config()["staleness"]  # max_age_months 36, review_grace_days 90


def document(tmp_path, name, *pages):
    path = tmp_path / name
    path.write_text("\f".join(pages), encoding="utf-8")
    (doc,) = ingest([path]).documents
    return doc


def kinds(doc):
    return {(d.kind, d.value) for d in doc.dates}


CURRENT_HEADER = "Data Processing Agreement NW-DPA-009 v1.2\nEffective date: 2026-01-02\nNext review: 2027-01-02\n\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "Customers on the previous terms keep them during a grace period that expires 2026-07-27.",
        "Contracts signed before 1 May 2024 are migrated to these terms at their next renewal.",
        "The legacy hosting contract is valid until 2025-03-31 and will not be renewed.",
        "Backups made under the old retention scheme expire on 2025-02-01.",
        "Our ISO/IEC 27001 certificate ISMS-55120 is valid until 2025-09-30.",
        "The next management review was held on 2026-03-12.",
        "Customers on the previous terms keep them during a grace period that lasts until\n2026-07-27, after which "
        "they move to these terms automatically and are told in writing thirty days before.",
    ],
)
def test_a_date_in_running_text_never_makes_a_document_stale(tmp_path, sentence):
    body = (
        "4. Legacy customers\nThe following applies to customers who signed before these terms took effect.\n"
        f"{sentence}\nAll other customers are covered by section 5.\n"
    )
    doc = document(tmp_path, "dpa.txt", CURRENT_HEADER + body)
    assert doc.valid_until is None
    assert {(d.kind, d.value) for d in doc.dates if d.kind != "other"} == {
        ("effective", datetime.date(2026, 1, 2)),
        ("review", datetime.date(2027, 1, 2)),
    }
    assert stale_reason(doc, AS_OF, SETTINGS) == ""


def test_the_grace_period_sentence_is_kept_as_other(tmp_path):
    doc = document(tmp_path, "dpa.txt", CURRENT_HEADER + "A grace period for legacy customers expires 2026-07-27.\n")
    assert ("other", datetime.date(2026, 7, 27)) in kinds(doc)


@pytest.mark.parametrize(
    "validity",
    [
        "Valid until: 2025-03-31",
        "Expiry date: 31 March 2025",
        "This certificate is valid until 31 March 2025, subject to annual surveillance audits.",
        "The certificate was issued on 1 April 2022 and remains in force; it is valid from 1 April 2022 to "
        "31 March 2025.",
    ],
)
def test_an_expired_certificate_validity_line_makes_it_stale(tmp_path, validity):
    text = (
        "Calderwood Certification Bureau\nCertificate of Registration\n\n"
        "This is to certify that the AI management system of Acme AI Ltd has been assessed and found to conform "
        "to ISO/IEC 42001:2023. The certification body is accredited for this scope.\n\n"
        f"{validity}\nCertificate number: CCB-42K-0193\n"
    )
    doc = document(tmp_path, "iso-certificate.txt", text)
    assert doc.doc_type == "certificate"
    assert doc.valid_until == datetime.date(2025, 3, 31)
    assert stale_reason(doc, AS_OF, SETTINGS).startswith("valid until 2025-03-31, expired")


def test_an_overdue_next_review_label_makes_it_stale(tmp_path):
    doc = document(
        tmp_path,
        "policy.txt",
        "AI Governance Policy NW-POL-001 v2.0\nEffective date: 2024-07-01\nNext review: 2025-07-01\n\n"
        "1. Purpose\nThis policy sets out how we govern AI.\n",
    )
    assert ("review", datetime.date(2025, 7, 1)) in kinds(doc)
    assert stale_reason(doc, AS_OF, SETTINGS) == "review was due on 2025-07-01 and is overdue"


def test_a_next_review_within_the_grace_period_is_current(tmp_path):
    doc = document(tmp_path, "policy.txt", "AI Governance Policy\nNext review: 2026-10-01\n\nBody text.\n")
    assert stale_reason(doc, AS_OF, SETTINGS) == ""


def test_an_old_effective_date_beyond_the_maximum_age_makes_it_stale(tmp_path):
    doc = document(
        tmp_path, "procedure.txt", "Model Release Procedure\nEffective date: 2022-01-10\n\n1. Scope\nAll models.\n"
    )
    reason = stale_reason(doc, AS_OF, SETTINGS)
    assert reason == "dated 2022-01-10, 58 months old (limit 36)"
    assert stale_reason(doc, AS_OF, {**SETTINGS, "max_age_months": 60}) == ""


def test_a_version_dated_header_and_a_footer_label_count(tmp_path):
    doc = document(
        tmp_path,
        "runbook.txt",
        "Rollback Runbook\nVersion 1.0 dated 2021-05-04\n\n1. Steps\nPage the on-call engineer.",
        "2. Recovery\nRestore the last approved model.\nRollback Runbook v1.0 | Next review: 2022-05-04 | Page 2 of 2",
    )
    assert kinds(doc) == {("issued", datetime.date(2021, 5, 4)), ("review", datetime.date(2022, 5, 4))}
    assert stale_reason(doc, AS_OF, SETTINGS) == "review was due on 2022-05-04 and is overdue"


def test_a_report_is_dated_by_the_end_of_its_period(tmp_path):
    doc = document(
        tmp_path,
        "soc2.txt",
        "SOC 2 Type II Report\nReporting period: 1 January 2022 to 31 December 2022\n\nIndependent service auditor.",
    )
    assert kinds(doc) == {("other", datetime.date(2022, 1, 1)), ("issued", datetime.date(2022, 12, 31))}
    assert stale_reason(doc, AS_OF, SETTINGS) == (
        "SOC 2 Type II period ended 2022-12-31, 46 months before 2026-11-26 (limit 12); period stated at soc2.txt p.1"
    )


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        # a sentence about the document itself counts wherever it is
        (
            "Data Processing Agreement\nThis agreement is entered into between the parties. It is effective from "
            "2026-02-01 and expires on 31 January 2029.",
            "valid_until",
        ),
        # a label deep in the body of a later page does not
        (
            "Section 9\nThe audit found two issues and recorded them in the register, as described before.\n"
            "Valid until: 2025-01-31 for the temporary exception granted to team A.\nMore text follows here.\n"
            "And more text.\nAnd the end of the page.",
            "other",
        ),
    ],
)
def test_own_validity_statements_outside_the_header(page, kind):
    found = find_dates(["Title page\nEffective date: 2026-01-01", page])
    assert {d.kind for d in found if d.page == 2 and d.value.year in (2025, 2029)} == {kind}


def test_example_vendors_expired_certificate_is_stale_and_northwind_is_current(northwind, brightpath):
    stale = {s.doc for r in brightpath.result.questions for s in r.evidence.stale}
    assert stale == {"ISO-IEC-42001_Certificate_CCB-42K-0193.pdf"}
    certificate = next(d for d in brightpath.prepared.evidence.documents if d.doc_id in stale)
    assert certificate.valid_until == datetime.date(2025, 3, 31)
    assert not [r.question.id for r in northwind.result.questions if "stale_evidence" in r.flag_codes]
    policy = next(d for d in northwind.prepared.evidence.documents if d.doc_id.startswith("NW-POL-001"))
    assert policy.valid_until is None  # "certificate ISMS-55120, valid until 2027-09-30" is another document's
