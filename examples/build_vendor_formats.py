#!/usr/bin/env python3
"""Build a vendor pack in the formats analysts really receive, for trying and testing the readers.

    .venv/bin/python examples/build_vendor_formats.py [OUT_DIR]     (default: build/harbourline-support)

Writes a fictional vendor, Harbourline Support, answering the default bank twice over:

    questionnaire.xlsx    the buyer's own workbook: an instructions sheet, then a sheet per domain with a merged
                          title, a supplier line and the header on row 4 (Ref / Question / Response (Yes/No) /
                          Vendor Comments / Supporting documents); refs are the buyer's, not the bank's ids
    questionnaire.docx    the same answers as a Word questionnaire: a document-control table, a table section
                          and a section of numbered questions followed by answer paragraphs
    evidence/AI-Governance-Policy.docx   headed sections; section 4 contradicts the answer on training
    evidence/trust-center.html           a saved trust-center page with navigation, scripts and a footer
    evidence/subprocessors.xlsx          a subprocessor list, one row per supplier
    evidence/ISO42001-certificate.pdf    a scanned certificate (image only, no text layer) that expired in 2025
    evidence/SOC2-Type-II-report.pdf     an independent auditor's report for a period that ended in 2024

Every company, person, certificate and document here is made up. Needs the dev requirements (fpdf2).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = REPO / "build" / "harbourline-support"
VENDOR = "Harbourline Support Ltd"

# (bank id, buyer's ref, yes/no, comment, supporting documents); the workbook's sheets follow SHEETS.
ANSWERS = [
    ("HR-01", "G.1", "Yes", "Every assistant feature is entered in the AI risk register before release; the product "
     "owner and the Responsible AI lead rate each harm scenario for likelihood and severity.",
     "AI-Governance-Policy.docx §3"),
    ("HR-02", "G.2", "Yes", "An impact assessment covering vulnerable customers is completed for each new use case "
     "and stored with the risk register entry; the Responsible AI lead signs it off.", "AI-Governance-Policy.docx"),
    ("OW-01", "G.3", "Yes", "The Chief Risk Officer, Dana Whitfield, owns AI governance and chairs the AI Risk "
     "Committee, which meets monthly and records its decisions in minutes.", "AI-Governance-Policy.docx §2"),
    ("OW-02", "G.4", "Yes", "Staff and customers can report concerns through the ethics inbox or the in-product "
     "feedback button; the Responsible AI lead triages every report within two business days.", ""),
    ("LI-01", "G.5", "Yes", "The AI Risk Committee reviews AI risk every month; the last review added a weekly "
     "check of escalation rates.", ""),
    ("LI-02", "G.6", "Partial", "The internal audit in May 2026 found two minor gaps in training records; both "
     "were closed by July 2026.", ""),
    ("LI-03", "G.7", "Yes", "We track containment accuracy and escalation time against quarterly targets set by "
     "the AI Risk Committee.", ""),
    ("CE-01", "G.8", "Yes", "Harbourline is certified to ISO/IEC 42001:2023, certificate HLS-42001-0088, covering "
     "the Harbourline assistant platform.", "ISO42001-certificate.pdf"),
    ("CE-02", "G.9", "Yes", "We hold a SOC 2 Type II report and align our controls with the NIST AI RMF.",
     "SOC2-Type-II-report.pdf"),
    ("TR-01", "G.10", "Yes", "Customers receive a model card describing intended use, limitations and known "
     "failure modes with every release.", ""),
    ("TR-02", "G.11", "Yes", "The assistant introduces itself as an AI in its first message and offers a human "
     "agent at any point when the user types 'agent'.", ""),
    ("MO-01", "O.1", "Yes", "Containment accuracy is reviewed daily on the quality dashboard; a drop below 90% over "
     "a 4-hour window triggers a rollback to the previous model within 60 minutes.",
     "AI-Governance-Policy.docx §5"),
    ("MO-02", "O.2", "Yes", "Each model or prompt change runs against a regression set of 2,000 conversations and "
     "needs sign-off from the ML lead before release.", ""),
    ("MO-03", "O.3", "Yes", "Inputs, outputs and routing decisions are logged per conversation and kept for 30 "
     "days.", "trust-center.html"),
    ("IR-01", "O.4", "Yes", "A severity-1 AI incident pages the on-call engineer, who can switch the assistant to "
     "human-only mode within 15 minutes.", ""),
    ("IR-02", "O.5", "Yes", "Affected customers are notified by email within 24 hours of a confirmed AI incident.",
     ""),
    ("IR-03", "O.6", "Yes", "A root-cause review is held within five business days and the fix is confirmed by "
     "re-running the failing conversations.", ""),
    ("OC-01", "O.7", "Yes", "Responses pass a policy filter that blocks unsupported refund promises and personal "
     "data before they are sent.", ""),
    ("OC-02", "O.8", "Yes", "A human agent takes over when confidence drops below 0.6 or the customer asks, "
     "within two minutes during staffed hours.", ""),
    ("SP-01", "O.9", "Yes", "AI governance sits inside our ISO/IEC 27001 information security management system "
     "and uses its risk register.", ""),
    ("SP-02", "O.10", "Yes", "Prompt-injection tests run weekly in CI and an external penetration test covers the "
     "assistant every year.", ""),
    ("TI-01", "O.11", "Yes", "Each customer's conversations are stored and retrieved in a separate tenant "
     "partition; retrieval never crosses tenants.", ""),
    ("TI-02", "O.12", "Yes", "Tenant isolation is tested every quarter by our security team; the last test found "
     "no cross-tenant access.", ""),
    ("DT-01", "D.1", "No", "Harbourline never trains or fine-tunes models on customer conversations or other "
     "customer data.", "AI-Governance-Policy.docx §4"),
    ("DT-02", "D.2", "Yes", "Training data comes from licensed and synthetic conversation sets; each set is "
     "checked for provenance and quality before use.", ""),
    ("RP-01", "D.3", "Yes", "Conversation transcripts and AI outputs are retained for 30 days and then deleted "
     "automatically; data is encrypted at rest.", "trust-center.html"),
    ("RP-02", "D.4", "Yes", "On contract termination all customer data is deleted within 30 days and a deletion "
     "certificate is issued.", "trust-center.html"),
    ("TP-01", "D.5", "Yes", "We rely on Azure OpenAI Service for inference and Twilio for messaging; both are "
     "reviewed every year.", "subprocessors.xlsx"),
    ("TP-02", "D.6", "Yes", "Harbourline runs the models and their monitoring; the customer owns its knowledge "
     "base content and agent staffing.", ""),
]  # fmt: skip
SHEETS = {"Governance & Risk": "G.", "Operations": "O.", "Data & Suppliers": "D."}
HEADER = ["Ref", "Question", "Response (Yes/No)", "Vendor Comments", "Supporting documents"]
WORD_TABLE_PREFIXES = ("G.",)  # the Word questionnaire: these in a table, the rest as numbered paragraphs

POLICY_SECTIONS = [
    ("1 Purpose and scope", "This policy governs every AI feature of the Harbourline assistant platform."),
    ("2 Roles and accountability", "The Chief Risk Officer, Dana Whitfield, owns AI governance and chairs the AI "
     "Risk Committee, which meets monthly and records its decisions in minutes."),
    ("3 Harm identification", "Every assistant feature is entered in the AI risk register before release, and each "
     "harm scenario is rated for likelihood and severity by the product owner and the Responsible AI lead."),
    ("4 Customer data and model training", "Customer conversation transcripts are used to fine-tune the "
     "intent-routing model after pseudonymisation."),
    ("5 Monitoring and rollback", "Containment accuracy is reviewed daily on the quality dashboard. A drop below 90% "
     "over a 4-hour window triggers a rollback to the previous model within 60 minutes."),
]  # fmt: skip
CERTIFICATE_LINES = ["Certificate of Registration", VENDOR, "ISO/IEC 42001:2023", "Certificate number: HLS-42001-0088",
                     "Valid until: 2025-06-30"]  # fmt: skip
TRUST_CENTER = """<!doctype html>
<html><head><title>Harbourline Trust Center - Data retention</title>
<style>body { font-family: sans-serif; } .cookie { display: none; }</style>
<script>window.analytics = { track: function () {} }; document.write("tracking pixel");</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/security">Security</a> | <a href="/careers">Careers</a></nav>
<main>
<h1>Data retention and deletion</h1>
<p>Conversation transcripts and AI outputs are retained for 30 days, then deleted automatically.</p>
<p>All customer data is encrypted at rest with AES-256.</p>
<h2>End of contract</h2>
<p>On contract termination all customer data is deleted within 30 days and a deletion certificate is issued.</p>
</main>
<footer>Copyright Harbourline Support Ltd. All rights reserved. Privacy | Cookies</footer>
</body></html>
"""
SUBPROCESSORS = [
    ["Subprocessor", "Service", "Location"],
    ["Azure OpenAI Service", "LLM inference", "EU (Netherlands)"],
    ["Twilio", "Messaging", "EU (Ireland)"],
]
SOC2_LINES = [
    "Independent Service Auditor's Report",
    "SOC 2 Type II report on controls at Harbourline Support Ltd",
    "for the period 1 January 2024 to 31 December 2024",
    "Service auditor: Keel & Marsh Assurance LLP",
    "In our opinion, the controls were suitably designed and operated effectively throughout the period.",
]


def bank_questions() -> dict[str, str]:
    sys.path.insert(0, str(REPO))
    from question_bank import load_bank

    return {q.id: q.text for q in load_bank().questions}


def write_workbook(path: Path, questions: dict[str, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    intro = workbook.active
    intro.title = "Instructions"
    for line in ("How to complete this questionnaire", "Answer every question on the following sheets.",
                 "Choose Yes, No or Partial and explain in the comments column."):  # fmt: skip
        intro.append([line])
    for title, prefix in SHEETS.items():
        sheet = workbook.create_sheet(title)
        sheet["A1"] = f"AI Supplier Due Diligence - {title}"
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.merge_cells("A1:E1")
        sheet["A2"] = f"Supplier: {VENDOR}"
        sheet.append([])
        sheet.append(HEADER)
        for qid, ref, choice, comment, documents in ANSWERS:
            if ref.startswith(prefix):
                sheet.append([ref, questions[qid], choice, comment, documents])
    workbook.save(path)


def write_word_questionnaire(path: Path, questions: dict[str, str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading("AI Supplier Due Diligence Questionnaire", 0)
    control = document.add_table(rows=2, cols=3)
    for cell, text in zip(control.rows[0].cells, ("Version", "Date", "Author"), strict=True):
        cell.text = text
    for cell, text in zip(control.rows[1].cells, ("1.2", "2026-10-01", "Procurement"), strict=True):
        cell.text = text
    document.add_paragraph(f"Supplier: {VENDOR}")
    document.add_heading("Governance and risk", 1)
    rows = [answer for answer in ANSWERS if answer[1].startswith(WORD_TABLE_PREFIXES)]
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Ref", "Question", "Response"), strict=True):
        cell.text = text
    for _, ref, choice, comment, _ in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = ref, questions[_bank_id(ref)], f"{choice}. {comment}"
    document.add_heading("Operations, data and suppliers", 1)
    for qid, ref, choice, comment, _ in ANSWERS:
        if ref.startswith(WORD_TABLE_PREFIXES):
            continue
        question = document.add_paragraph()
        question.add_run(f"{ref} {questions[qid]}").bold = True
        document.add_paragraph(f"{choice}.")
        document.add_paragraph(comment)
    document.save(path)


def _bank_id(ref: str) -> str:
    return next(qid for qid, buyer_ref, *_ in ANSWERS if buyer_ref == ref)


def write_policy(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Harbourline AI Governance Policy HL-POL-001", 0)
    document.add_paragraph("Effective date: 2026-03-01")
    document.add_paragraph("Next review: 2027-03-01")
    for heading, text in POLICY_SECTIONS:
        document.add_heading(heading, 1)
        document.add_paragraph(text)
    document.save(path)


def write_subprocessors(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Subprocessors"
    for row in SUBPROCESSORS:
        sheet.append(row)
    workbook.save(path)


def write_scanned_certificate(path: Path) -> None:
    """An A4 page at 150 dpi drawn as an image, as a scanner gives it: no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(CERTIFICATE_LINES):
        draw.text((120, 200 + number * 150), line, fill="black", font=_font(ImageFont, 64 if number == 0 else 44))
    image.save(path, "PDF", resolution=150)


def _font(image_font, size: int):
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return image_font.truetype(name, size)
        except OSError:
            pass
    return image_font.load_default(size=size)


def write_soc2_report(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("SOC 2 Type II Report - Harbourline Support Ltd")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in SOC2_LINES:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def build(out: Path) -> Path:
    """Write the pack into ``out`` (created if needed) and return it."""
    questions = bank_questions()
    evidence = out / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    write_workbook(out / "questionnaire.xlsx", questions)
    write_word_questionnaire(out / "questionnaire.docx", questions)
    write_policy(evidence / "AI-Governance-Policy.docx")
    (evidence / "trust-center.html").write_text(TRUST_CENTER, encoding="utf-8")
    write_subprocessors(evidence / "subprocessors.xlsx")
    write_scanned_certificate(evidence / "ISO42001-certificate.pdf")
    write_soc2_report(evidence / "SOC2-Type-II-report.pdf")
    (out / "vendor.yaml").write_text(f"name: {VENDOR}\nanswers: questionnaire.xlsx\n", encoding="utf-8")
    return out


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
