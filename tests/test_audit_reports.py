"""SOC and ISO audit reports: recognised only when the report names itself, dated by the period it covers."""

import datetime

import pytest

from assessor.evidence import ingest
from scoring.checks.model import AUTHORITY_OF_TYPE
from scoring.config import load_config
from scoring.staleness import stale_reason
from tests.pdf_factory import text_pdf

SETTINGS = load_config()["staleness"]  # attestation_max_age_months 12, max_age_months 36
D = datetime.date

SOC2_TYPE2 = (
    "Acme AI Ltd\n"
    "SOC 2 Type II Report\n\n"
    "Report on Controls at a Service Organization Relevant to Security and Confidentiality\n"
    "for the period 1 April 2025 to 31 March 2026\n\n"
    "Service auditor: Brightline Assurance LLP\n\n"
    "Section 1 Independent Service Auditor's Report\n"
    "We have examined the description of the Acme AI platform and the operating effectiveness of its controls.\n"
)


def read(tmp_path, name, *pages):
    path = tmp_path / name
    path.write_text("\f".join(pages), encoding="utf-8")
    (doc,) = ingest([path]).documents
    return doc


def assert_cited(doc):
    """The period's span is exactly where the document states it."""
    found = doc.attestation
    assert doc.page_text(found.page)[found.start : found.end] == found.span_text


def test_a_soc2_type2_report_names_its_kind_period_and_auditor(tmp_path):
    doc = read(tmp_path, "acme-soc2.txt", SOC2_TYPE2)
    found = doc.attestation
    assert found.kind == "SOC 2 Type II"
    assert (found.period_start, found.period_end) == (D(2025, 4, 1), D(2026, 3, 31))
    assert found.span_text == "for the period 1 April 2025 to 31 March 2026"
    assert found.auditor == "Brightline Assurance LLP"
    assert_cited(doc)
    assert doc.doc_type == "report"
    assert doc.doc_type_reason.startswith("SOC 2 Type II report (title:")
    assert AUTHORITY_OF_TYPE[doc.doc_type] == "independent_attestation"


@pytest.mark.parametrize(
    ("statement", "start", "end"),
    [
        (
            "throughout the period from January 1, 2025 through December 31, 2025.",
            D(2025, 1, 1),
            D(2025, 12, 31),
        ),
        ("Review period: 2025-01-01 \u2013 2025-12-31", D(2025, 1, 1), D(2025, 12, 31)),
        ("Examination period: 01/07/2024 - 30/06/2025", D(2024, 7, 1), D(2025, 6, 30)),
    ],
)
def test_the_period_is_read_in_each_date_order_and_format(tmp_path, statement, start, end):
    text = (
        "# Report on Controls at a Service Organization Relevant to Security, Availability and Confidentiality\n\n"
        "System and Organization Controls (SOC) 2, Type 2\n\n"
        "## Independent Service Auditor's Report\n\n"
        "We examined whether the controls of Northwind Cloud operated effectively " + statement + "\n"
    )
    doc = read(tmp_path, "northwind-soc2.md", text)
    assert doc.attestation.kind == "SOC 2 Type II"
    assert (doc.attestation.period_start, doc.attestation.period_end) == (start, end)
    assert_cited(doc)


def test_an_uppercase_us_in_the_heading_is_not_the_vendors_voice(tmp_path):
    doc = read(tmp_path, "us-soc1.txt", "Acme US Inc\nSOC 1 Type 2 Report\nAudit period: 2025-01-01 to 2025-12-31\n")
    assert doc.attestation.kind == "SOC 1 Type II"


def test_a_soc2_type1_report_is_dated_as_of_its_point_in_time(tmp_path):
    doc = read(
        tmp_path,
        "type1.md",
        "# SOC 2 Type 1 Report\n\n## Independent Service Auditor's Report\n\n"
        "We have examined the description of the system as of 30 June 2025, and the suitability of the design "
        "of its controls. The examination period for a later Type 2 report runs from 1 July 2025 to 30 June 2026.\n",
    )
    found = doc.attestation
    assert found.kind == "SOC 2 Type I"
    assert (found.period_start, found.period_end) == (None, D(2025, 6, 30))
    assert found.span_text == "as of 30 June 2025"
    assert stale_reason(doc, D(2026, 8, 1), SETTINGS).startswith("SOC 2 Type I as of 2025-06-30, 13 months before")


def test_an_iso_27001_surveillance_audit_report_names_its_certification_body(tmp_path):
    doc = read(
        tmp_path,
        "surveillance.txt",
        "ISO/IEC 27001:2022 Surveillance Audit Report\n"
        "Client: Acme AI Ltd\n"
        "Certification body: Calderwood Certification Bureau\n"
        "Audit dates: 3 March 2026 - 5 March 2026\n\n"
        "1. Audit findings\nNo major nonconformities were raised. The certificate remains valid.\n",
    )
    found = doc.attestation
    assert found.kind == "ISO/IEC 27001 surveillance audit"
    assert found.auditor == "Calderwood Certification Bureau"
    assert (found.period_start, found.period_end) == (D(2026, 3, 3), D(2026, 3, 5))
    assert_cited(doc)
    assert doc.doc_type == "report"
    assert doc.doc_type_reason.startswith("ISO/IEC 27001 surveillance audit report")


def test_an_isae_3000_assurance_report_is_a_generic_independent_report(tmp_path):
    doc = read(
        tmp_path,
        "assurance.txt",
        "Independent Limited Assurance Report to the Directors of Acme AI Ltd\n\n"
        "We performed a limited assurance engagement under ISAE 3000 (Revised) over the AI risk controls "
        "for the period 1 January 2025 to 31 December 2025.\n",
    )
    assert doc.attestation.kind == "ISAE 3000 assurance"
    assert doc.attestation.period_end == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "security-policy.txt",
            "Information Security Policy\nEffective date: 2026-01-01\n\n4. External assurance\n"
            "We undergo an annual SOC 2 Type II audit by an independent auditor, covering the period from "
            "1 January to 31 December each year.\nOur SOC 2 Type II report is available on request.\n"
            "SOC 2 Type II report\nAudit period: 1 January 2025 to 31 December 2025\n"
            "Auditor: Brightline Assurance LLP\n",
        ),
        (
            "trust.txt",
            "Acme Trust Centre\nSOC 2 compliant!\nIndustry-leading security, trusted by thousands. Book a demo.\n"
            "SOC 2 Type II Report\nDownload our latest report after signing in.\n",
        ),
        (
            "trust-centre.html",
            "<html><head><title>Acme Trust Centre</title></head><body><h1>Acme Trust Centre</h1>"
            "<p>World-class, industry-leading security trusted by the Fortune 500. Book a demo.</p>"
            "<h2>SOC 2 Type II Report</h2><p>Covering the period 1 January 2025 to 31 December 2025.</p>"
            "<h2>Why we are SOC 2 compliant</h2><p>Contact our sales team.</p></body></html>",
        ),
        ("soc2-page.md", "# SOC 2 compliant!\n\nAcme is SOC 2 compliant and ISO 27001 certified. Ask sales.\n"),
    ],
)
def test_a_policy_or_page_that_mentions_soc2_is_not_a_report(tmp_path, name, text):
    doc = read(tmp_path, name, text)
    assert doc.attestation is None
    assert doc.doc_type != "report"


def test_a_report_older_than_its_reliance_window_is_stale(tmp_path):
    doc = read(
        tmp_path,
        "old-soc2.txt",
        SOC2_TYPE2.replace("1 April 2025 to 31 March 2026", "1 January 2024 to 31 December 2024"),
    )
    assert stale_reason(doc, D(2026, 12, 1), SETTINGS) == (
        "SOC 2 Type II period ended 2024-12-31, 23 months before 2026-12-01 (limit 12); "
        "period stated at old-soc2.txt p.1"
    )


def test_a_report_within_its_reliance_window_is_current(tmp_path):
    doc = read(tmp_path, "acme-soc2.txt", SOC2_TYPE2)  # period ended 2026-03-31
    assert stale_reason(doc, D(2027, 3, 31), SETTINGS) == ""
    assert stale_reason(doc, D(2027, 4, 1), SETTINGS).startswith("SOC 2 Type II period ended 2026-03-31, 12 months")


def test_the_reliance_window_comes_from_the_config(tmp_path):
    doc = read(tmp_path, "acme-soc2.txt", SOC2_TYPE2)
    as_of = D(2027, 10, 1)
    assert stale_reason(doc, as_of, SETTINGS).startswith("SOC 2 Type II period ended 2026-03-31, 18 months")
    longer = load_config(overrides={"staleness": {"attestation_max_age_months": 24}})
    assert longer.sha256 != load_config().sha256
    assert stale_reason(doc, as_of, longer["staleness"]) == ""


def test_the_period_rule_overrides_the_generic_age_but_an_expiry_comes_first(tmp_path):
    current = read(tmp_path, "soc2.txt", SOC2_TYPE2)
    # 40 months after the period ended, the generic 36-month rule would also apply: the report's own rule speaks
    assert stale_reason(current, D(2029, 8, 1), SETTINGS).startswith("SOC 2 Type II period ended")
    expired = read(tmp_path, "bridged.txt", "Valid until: 2026-06-30\n" + SOC2_TYPE2)
    assert expired.attestation is not None
    assert stale_reason(expired, D(2026, 7, 1), SETTINGS) == "valid until 2026-06-30, expired before 2026-07-01"


def test_a_pdf_report_cites_the_page_its_period_is_on(tmp_path):
    path = text_pdf(
        tmp_path / "soc2-report.pdf",
        [
            ["SOC 2 Type II Report", "Acme AI Ltd", "Prepared for the customers of the Acme AI platform."],
            ["Contents", "Section 1 Independent Service Auditor's Report", "Section 2 Management's Assertion"],
            [
                "Section 1 Independent Service Auditor's Report",
                "We have examined the description of the Acme AI platform for the period 1 January 2025 to "
                "31 December 2025 and the operating effectiveness of its controls.",
                "Service auditor: Brightline Assurance LLP",
            ],
        ],
    )
    (doc,) = ingest([path]).documents
    found = doc.attestation
    assert (found.kind, found.cue_page, found.page) == ("SOC 2 Type II", 0, 3)
    assert found.period_end == D(2025, 12, 31)
    assert found.auditor == "Brightline Assurance LLP"
    assert_cited(doc)


TRUST_PAGE = """<html><head><title>Trust Center</title></head><body><main>
<h1>Security at Acme</h1>
<p>Our SOC 2 Type II report, issued by an independent auditor, is available under NDA.</p>
<p>We complete a SOC 2 Type II audit every year and publish a summary of the audit report.</p>
<p>At the end of the contract, or on request, customer data is deleted within 30 days of the contract end.</p>
</main></body></html>"""


def test_a_trust_center_page_about_reports_and_contracts_is_the_vendors_own_statement(tmp_path):
    path = tmp_path / "trust.html"
    path.write_text(TRUST_PAGE, encoding="utf-8")
    (doc,) = ingest([path]).documents
    assert doc.attestation is None
    assert doc.doc_type == "other" and doc.doc_type_reason.startswith("a web page: the vendor's own statement")
    assert AUTHORITY_OF_TYPE[doc.doc_type] == "self_attestation"


def test_the_word_contract_alone_does_not_make_a_contract_but_agreement_language_does(tmp_path):
    note = read(tmp_path, "note.txt", "Offboarding\nAt the end of the contract data is deleted. The contract "
                "owner confirms it. Contract renewals are tracked.")  # fmt: skip
    assert note.doc_type == "other"
    dpa = read(tmp_path, "terms.txt", "Acme and the Customer (the parties) agree as follows.\nThis Agreement is "
               "governed by the laws of England. Governing law: England and Wales.")  # fmt: skip
    assert dpa.doc_type == "contract"


@pytest.mark.slow
def test_a_certification_claim_needs_a_current_report(engine, tmp_path):
    from tests.test_flags import question, run

    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "acme-soc2.txt").write_text(SOC2_TYPE2.replace("2025", "2023").replace("2026", "2024"))
    answer = "We hold a SOC 2 Type II report covering the Acme AI platform."
    stale = question(run(engine, tmp_path, [["CE-02", "Which standards do you hold?", answer, ""]]), "CE-02")
    (check,) = [c for c in stale.evidence.checks if c.kind == "certification"]
    assert check.status == "not_found" and "period ending 2024-03-31, more than 12 months ago" in check.explanation
    (folder / "acme-soc2.txt").write_text(SOC2_TYPE2)
    current = question(run(engine, tmp_path, [["CE-02", "Which standards do you hold?", answer, ""]]), "CE-02")
    (check,) = [c for c in current.evidence.checks if c.kind == "certification"]
    assert check.status == "supported" and check.explanation.endswith("period ending 2026-03-31")
