"""Evidence in the formats vendors send (DOCX, HTML, XLSX, Markdown, text), read into passages cited by section."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from assessor.evidence import EvidenceDocument, cite, ingest
from assessor.evidence import cache as cache_module
from assessor.evidence.model import Extraction, IngestLimits
from assessor.evidence.office_reader import read_docx
from assessor.zipguard import zip_problem

SCOPE = (
    "This policy covers every production AI system operated by Northwind Analytics. "
    "It applies to all employees and contractors who build or run those systems."
)
RESPONSE = (
    "Security incidents are triaged within 4 hours by the on-call security engineer. "
    "Affected customers are notified within 72 hours of confirmation."
)


def _check_offsets(document: EvidenceDocument) -> None:
    assert document.passages
    for passage in document.passages:
        assert document.pages[passage.page - 1][passage.start : passage.end] == passage.text


def _by_id(result, doc_id: str) -> EvidenceDocument:
    return next(d for d in result.documents if d.doc_id == doc_id)


def _write_policy_docx(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Incident Response Policy"
    document.add_heading("Incident Response Policy", 0)
    document.add_paragraph("Effective date: 2026-01-15")
    document.add_heading("1 Scope", 1)
    document.add_paragraph(SCOPE)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Role", "Owner"
    table.cell(1, 0).text, table.cell(1, 1).text = "Incident lead", "Head of Security"
    document.add_paragraph("4 Incident response")  # a numbered short line, no heading style
    document.add_paragraph(RESPONSE)
    document.save(path)


def test_docx_paragraphs_and_tables_in_order_with_sections(tmp_path: Path) -> None:
    _write_policy_docx(tmp_path / "policy.docx")
    result = ingest([tmp_path], use_cache=False)
    assert not result.problems
    (document,) = result.documents
    _check_offsets(document)
    assert document.kind == "docx" and document.page_count == 1
    assert document.title == "Incident Response Policy" and document.doc_type == "policy"
    assert [d.kind for d in document.dates] == ["effective"]
    page = document.pages[0]
    assert page.index(SCOPE) < page.index("Incident lead | Head of Security") < page.index(RESPONSE)
    sections = {p.section for p in document.passages if SCOPE in p.text or RESPONSE in p.text}
    assert sections == {"1 Scope", "4 Incident response"}
    response = next(p for p in document.passages if RESPONSE in p.text)
    assert response.citation == "policy.docx §4 Incident response"
    table_row = next(p for p in document.passages if "Head of Security" in p.text)
    assert table_row.section == "1 Scope"


def test_html_keeps_visible_text_only_and_cites_headings(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><meta charset="iso-8859-1"><title>Trust Center</title>
    <style>.x { color: red }</style><script>var token = 'SCRIPTTEXT';</script></head><body>
    <header>HEADERTEXT</header><nav><a href="/">NAVTEXT Home</a></nav>
    <main><h1>Security at Northwind</h1><p>We encrypt customer data at rest with AES-256 &amp; rotate keys
    every year. Our caf\xe9 staff never see it.</p>
    <div hidden>HIDDENTEXT</div><span aria-hidden="true">ARIATEXT</span><noscript>NOSCRIPTTEXT</noscript>
    <h2>Incident response</h2><p>Customers are notified within 72 hours of a confirmed breach.<p>Second paragraph.
    <aside>ASIDETEXT</aside></main><form>FORMTEXT<input value="x"></form><footer>FOOTERTEXT</footer></body></html>"""
    (tmp_path / "trust.html").write_bytes(html.encode("latin-1"))
    (document,) = ingest([tmp_path], use_cache=False).documents
    _check_offsets(document)
    page = document.pages[0]
    for hidden in ("SCRIPT", "HEADER", "NAV", "HIDDEN", "ARIA", "NOSCRIPT", "ASIDE", "FORM", "FOOTER", "color"):
        assert hidden not in page
    assert "AES-256 & rotate keys every year" in page and "café" in page
    breach = next(p for p in document.passages if "72 hours" in p.text)
    assert breach.citation == "trust.html §Incident response"
    assert "Second paragraph." in breach.text
    assert next(p for p in document.passages if "AES-256" in p.text).section == "Security at Northwind"


def test_xlsx_one_passage_per_row_with_header_names(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Subprocessors"
    sheet.append(["Name", "Purpose", "Location"])
    sheet.append(["Northcloud Hosting", "hosting", "EU"])
    sheet.append([])
    sheet.append(["Mailer Ltd", "email", None])
    controls = workbook.create_sheet("Controls")
    controls.append(["Control", "Status"])
    controls.append(["Access reviews quarterly", "Implemented"])
    workbook.save(tmp_path / "subprocessors.xlsx")
    (document,) = ingest([tmp_path], use_cache=False).documents
    _check_offsets(document)
    assert [(p.text, p.citation) for p in document.passages] == [
        ("Name: Northcloud Hosting; Purpose: hosting; Location: EU", "subprocessors.xlsx §Subprocessors!2"),
        ("Name: Mailer Ltd; Purpose: email", "subprocessors.xlsx §Subprocessors!4"),
        ("Control: Access reviews quarterly; Status: Implemented", "subprocessors.xlsx §Controls!2"),
    ]
    assert document.title == "subprocessors"


def test_markdown_and_text_headings_become_sections(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(f"# AI Policy\n\n## Scope\n\n{SCOPE}\n\n## Incident response\n\n{RESPONSE}\n")
    (tmp_path / "plan.txt").write_text(f"Response Plan\n\n1. Scope\n{SCOPE}\n\n4.2 Escalation\n{RESPONSE}\n")
    result = ingest([tmp_path], use_cache=False)
    markdown, text = _by_id(result, "notes.md"), _by_id(result, "plan.txt")
    for document in (markdown, text):
        _check_offsets(document)
    assert next(p for p in markdown.passages if RESPONSE in p.text).citation == "notes.md §Incident response"
    assert next(p for p in text.passages if SCOPE in p.text).citation == "plan.txt §1. Scope"
    assert next(p for p in text.passages if RESPONSE in p.text).citation == "plan.txt §4.2 Escalation"


def test_cite_formats() -> None:
    assert cite("legal/policy.pdf", 3) == "legal/policy.pdf p.3"
    assert cite("policy.docx", 1, "4 Incident response") == "policy.docx §4 Incident response"
    assert cite("notes.txt", 2, "3 Scope") == "notes.txt p.2 §3 Scope"
    assert cite("policy.pdf") == "policy.pdf"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_docx_and_xlsx_are_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    _write_policy_docx(tmp_path / "policy.docx")
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (30 * 1024 * 1024)})
    (tmp_path / "bomb.docx").write_bytes(bomb)
    (tmp_path / "bomb.xlsx").write_bytes(bomb)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip file")
    (tmp_path / "notword.docx").write_bytes(_zip({"hello.txt": b"hello"}))
    (tmp_path / "empty.xlsx").write_bytes(b"")
    result = ingest([tmp_path], use_cache=False)
    assert [d.doc_id for d in result.documents] == ["policy.docx"]
    problems = {p.doc_id: p for p in result.problems}
    assert set(problems) == {"bomb.docx", "bomb.xlsx", "broken.docx", "notword.docx", "empty.xlsx"}
    assert problems["bomb.docx"].code == "too_large" and "zip bomb" in problems["bomb.docx"].message
    assert problems["bomb.xlsx"].code == "too_large"
    assert problems["broken.docx"].code == "corrupt" and problems["notword.docx"].code == "corrupt"
    assert problems["empty.xlsx"].code == "empty"
    for doc_id, problem in problems.items():
        assert problem.message.startswith(f"{doc_id}: ")


def test_zip_guard_limits() -> None:
    assert zip_problem(_zip({"a.xml": b"<a/>" * 100})) == ""
    assert "not a readable zip" in zip_problem(b"not a zip")
    assert "parts" in zip_problem(_zip({f"{n}.xml": b"x" for n in range(5)}), max_members=4)
    assert "unpack" in zip_problem(_zip({"a.xml": b"abc" * 1000}), max_unpacked=100)
    assert read_docx(b"").problem == "empty"


def test_unsupported_message_lists_the_new_formats(tmp_path: Path) -> None:
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    (problem,) = ingest([tmp_path / "slides.pptx"], use_cache=False).problems
    assert problem.code == "unsupported" and ".docx" in problem.message and ".html" in problem.message


def test_cache_keeps_sections(cache_root_fixture: Path) -> None:
    extraction = Extraction(pages=("1 Scope\nText.",), sections=((1, 0, "1 Scope"),))
    cache_module.store("ab" * 32, 10, extraction)
    assert cache_module.load("ab" * 32, 10) == extraction
    assert "pdf-3" in cache_module.cache_path("ab" * 32, 10).name


@pytest.fixture
def cache_root_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "cache_dir", lambda: root)
    return root


MONITORING = "How do you monitor model performance in production, and what triggers a review or rollback?"
SPECIFIC_MONITORING = (
    "The Head of ML Platform reviews containment accuracy daily on the Grafana quality dashboard; if accuracy "
    "drops below 92% over a 2-hour window the on-call engineer rolls back to the previous model within 30 minutes, "
    "as set out in runbook NW-RUN-007 section 3."
)
ROLLBACK = (
    "The Head of ML Platform reviews containment accuracy daily on the Grafana quality dashboard. "
    "If accuracy drops below 92% over a 2-hour window, the on-call engineer rolls back to the previous model "
    "within 30 minutes and records the rollback in the change log."
)


def test_assessment_cites_a_docx_section(engine, tmp_path: Path) -> None:
    import csv

    from assessor.pipeline import assess

    from .conftest import AS_OF

    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["question_id", "question", "answer", "evidence"], ["MO-01", MONITORING, SPECIFIC_MONITORING, ""]]
        )
    folder = tmp_path / "evidence"
    folder.mkdir()
    document = docx.Document()
    document.add_heading("Production Monitoring Runbook NW-RUN-007", 0)
    document.add_paragraph("Effective date: 2026-02-01")
    document.add_heading("2 Dashboards", 1)
    document.add_paragraph("Dashboards are kept in Grafana and reviewed by the platform team.")
    document.add_heading("3 Rollback", 1)
    document.add_paragraph(ROLLBACK)
    document.save(folder / "runbook.docx")
    assessment = assess("vendor", answers, [folder], engine, as_of=AS_OF)
    result = next(r for r in assessment.result.questions if r.question.id == "MO-01")
    supported = [c for c in result.evidence.checks if c.status == "supported"]
    assert supported and all(c.doc == "runbook.docx" for c in supported)
    assert "runbook.docx §3 Rollback" in {c.citation for c in supported}  # the check cites the section too
    hits = [hit.passage for hit in result.evidence.passages if hit.passage.doc == "runbook.docx"]
    backing = [p for p in hits if any(c.evidence_text and c.evidence_text in p.text for c in supported)]
    assert backing and {p.citation for p in backing} == {"runbook.docx §3 Rollback"}


def test_oversized_html_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from assessor.evidence import html_reader

    monkeypatch.setattr(html_reader, "MAX_HTML_BYTES", 100)
    extraction = html_reader.read_html(("<p>" + "Our controls are audited yearly. " * 10 + "</p>").encode())
    assert extraction.problem == "too_large" and "MB" in extraction.detail


def _long_docx(path: Path, paragraphs: int) -> None:
    document = docx.Document()
    for number in range(paragraphs):
        document.add_paragraph(f"Clause {number}: access reviews are recorded in the register every quarter.")
    document.save(path)


def test_office_and_html_files_are_read_under_the_time_limit(tmp_path: Path) -> None:
    _long_docx(tmp_path / "long.docx", 6000)
    (tmp_path / "long.html").write_text("<p>" + "Access is reviewed. " * 200_000 + "</p>")
    limits = IngestLimits(timeout_s=0.05)
    problems = {p.doc_id: p for p in ingest([tmp_path], limits=limits, use_cache=False).problems}
    assert set(problems) == {"long.docx", "long.html"}
    assert all(p.code == "timeout" and "0.05 s" in p.message for p in problems.values())


def test_office_files_are_read_under_the_memory_limit(tmp_path: Path) -> None:
    _long_docx(tmp_path / "long.docx", 6000)
    (problem,) = ingest([tmp_path], limits=IngestLimits(memory_mb=1, timeout_s=30), use_cache=False).problems
    assert problem.doc_id == "long.docx" and problem.code in {"too_large", "corrupt"}
    assert ingest([tmp_path], limits=IngestLimits(timeout_s=30), use_cache=False).documents[0].doc_id == "long.docx"
