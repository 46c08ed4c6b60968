#!/usr/bin/env python3
"""Build the two example vendor packs used by the demo, the docs and the tests.

    .venv/bin/python examples/build_examples.py

(Re)writes, deterministically (byte-identical output on every run):

    examples/vendors/northwind-assist/   strong vendor: vendor.yaml, answers.xlsx, evidence/*.pdf
    examples/vendors/brightpath-bots/    weak vendor:   vendor.yaml, answers.csv (cp1252), evidence/*.pdf

Question ids and texts come from question_bank/data/default_bank.yaml.  Every
company, person, certificate and document here is fictional.

After writing, the script re-reads every PDF with pypdf and checks that each
fact listed in FACTS is printed on the page examples/README.md says it is on,
and (where the fact comes from an answer) that the answer states it too.  Keep
FACTS, the documents and the README table in step.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BANK_PATH = REPO / "question_bank" / "data" / "default_bank.yaml"
VENDORS_DIR = HERE / "vendors"

FIXED_DATE = datetime(2026, 1, 15, tzinfo=UTC)
ZIP_DATE = (2026, 1, 15, 0, 0, 0)
PRODUCER = "AI vendor assessor example generator"
FICTION_NOTE = "Fictional example document"

NORTHWIND = "northwind-assist"
BRIGHTPATH = "brightpath-bots"


# ---------------------------------------------------------------------------
# Question bank
# ---------------------------------------------------------------------------


def load_bank() -> dict[str, str]:
    """Question id -> text, in bank order."""
    with BANK_PATH.open(encoding="utf-8") as fh:
        bank = yaml.safe_load(fh)
    return {q["id"]: q["text"] for q in bank["questions"]}


# ---------------------------------------------------------------------------
# PDF rendering
# ---------------------------------------------------------------------------
#
# A document is a list of pages; a page is a list of blocks:
#   ("h", "3. Heading")            section heading
#   ("h2", "3.1 Sub-heading")      sub-heading
#   ("p", "paragraph text")        wrapped paragraph
#   ("ul", ["item", ...])          bulleted list
#   ("ol", ["item", ...])          numbered list (1. 2. 3.)
#   ("table", [widths], [[header...], [row...], ...])
#   ("gap", mm)                    vertical space


@dataclass(frozen=True)
class Doc:
    filename: str
    org: str
    title: str
    doc_id: str
    version: str
    meta: list[tuple[str, str]]  # shown in the box under the title on page 1
    pages: list[list[tuple]]
    doc_type: str  # policy, procedure, plan, certificate, contract, report, marketing


def _latin1(text: str) -> str:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(f"PDF text must be latin-1 (core fonts): {text[:60]!r}") from exc
    return text


class EvidencePDF(FPDF):
    def __init__(self, doc: Doc) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_creation_date(FIXED_DATE)
        self.set_producer(PRODUCER)
        self.set_creator(PRODUCER)
        self.set_author(_latin1(doc.org))
        self.set_title(_latin1(f"{doc.title} ({doc.doc_id})"))
        self.set_subject(FICTION_NOTE)

    def header(self) -> None:
        self.set_font("Helvetica", "", 8)
        self.set_text_color(110, 110, 110)
        left = f"{self.doc.org}  |  {self.doc.title}"
        right = f"{self.doc.doc_id}  v{self.doc.version}" if self.doc.version else self.doc.doc_id
        self.cell(120, 5, _latin1(left), align="L")
        self.cell(0, 5, _latin1(right), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(190, 190, 190)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, _latin1(f"{FICTION_NOTE} - {self.doc.doc_id}"), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _title_block(pdf: EvidencePDF, doc: Doc) -> None:
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _latin1(doc.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_fill_color(240, 243, 247)
    pdf.set_font("Helvetica", "", 9.5)
    for key, value in doc.meta:
        pdf.set_font("Helvetica", "B", 9.5)
        pdf.cell(42, 6, _latin1(f"{key}:"), fill=True)
        pdf.set_font("Helvetica", "", 9.5)
        pdf.cell(0, 6, _latin1(value), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)


def _render_blocks(pdf: FPDF, blocks: list[tuple]) -> None:
    for block in blocks:
        kind = block[0]
        if kind == "h":
            pdf.ln(1)
            pdf.set_font("Helvetica", "B", 12.5)
            pdf.multi_cell(0, 7, _latin1(block[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif kind == "h2":
            pdf.set_font("Helvetica", "B", 10.5)
            pdf.multi_cell(0, 6, _latin1(block[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, _latin1(block[1]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif kind in ("ul", "ol"):
            pdf.set_font("Helvetica", "", 10)
            for i, item in enumerate(block[1], start=1):
                marker = f"{i}." if kind == "ol" else "-"
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(7, 5, marker)
                pdf.multi_cell(0, 5, _latin1(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(0.8)
            pdf.ln(1.5)
        elif kind == "table":
            widths, rows = block[1], block[2]
            pdf.set_font("Helvetica", "", 9)
            style = FontFace(emphasis="BOLD", fill_color=(226, 232, 240))
            with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.8, headings_style=style) as table:
                for row in rows:
                    cells = table.row()
                    for value in row:
                        cells.cell(_latin1(value))
            pdf.ln(3)
        elif kind == "gap":
            pdf.ln(block[1])
        else:  # pragma: no cover - programming error
            raise ValueError(f"unknown block kind {kind!r}")


def render_document(doc: Doc, path: Path) -> None:
    pdf = EvidencePDF(doc)
    for number, blocks in enumerate(doc.pages, start=1):
        pdf.add_page()
        if number == 1:
            _title_block(pdf, doc)
        _render_blocks(pdf, blocks)
        if pdf.page != number:
            raise RuntimeError(f"{doc.filename}: page {number} overflowed onto page {pdf.page}; shorten it")
    pdf.output(str(path))


def render_certificate(doc: Doc, path: Path, cert: dict[str, str]) -> None:
    """One-page certificate with a border, in the style certification bodies use."""
    pdf = EvidencePDF(doc)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(40, 70, 110)
    pdf.set_line_width(1.2)
    pdf.rect(12, 26, pdf.w - 24, pdf.h - 48)
    pdf.set_line_width(0.3)
    pdf.rect(15, 29, pdf.w - 30, pdf.h - 54)
    pdf.set_y(38)
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(40, 70, 110)
    pdf.cell(0, 7, _latin1(cert["body"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 8.5)
    pdf.cell(0, 5, _latin1(cert["body_line"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 26)
    pdf.cell(0, 12, "CERTIFICATE", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, _latin1(f"Certificate number: {cert['number']}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        0, 6, "This is to certify that the AI management system of", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, _latin1(cert["holder"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, _latin1(cert["address"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0,
        6,
        "has been assessed and found to conform to the requirements of",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 9, "ISO/IEC 42001:2023", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        "Information technology - Artificial intelligence - Management system",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(6)
    pdf.set_x(30)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, "Scope of certification", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(30)
    pdf.set_font("Helvetica", "", 10.5)
    pdf.multi_cell(pdf.w - 60, 5.5, _latin1(cert["scope"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    for key in ("Certificate number", "Initial certification date", "Issue date", "Valid until", "Surveillance"):
        pdf.set_x(30)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(55, 6.5, _latin1(f"{key}:"))
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6.5, _latin1(cert[key]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_x(30)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(pdf.w - 60, 4.8, _latin1(cert["conditions"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(pdf.h - 62)
    pdf.set_x(30)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(70, 5, "______________________________")
    pdf.set_x(pdf.w - 100)
    pdf.cell(70, 5, _latin1(f"Place and date: {cert['signed_at']}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(30)
    pdf.cell(70, 5, _latin1(cert["signatory"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(30)
    pdf.set_font("Helvetica", "", 8.5)
    pdf.cell(70, 5, _latin1(cert["signatory_role"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(str(path))


def render_brochure(doc: Doc, path: Path, pages: list[dict]) -> None:
    """Glossy two-page marketing brochure: coloured banners, big claims, no substance."""
    pdf = EvidencePDF(doc)
    pdf.set_auto_page_break(auto=False)
    for page in pages:
        pdf.add_page()
        pdf.set_fill_color(255, 140, 0)
        pdf.rect(0, 26, pdf.w, 46, style="F")
        pdf.set_y(32)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", "B", 26)
        pdf.cell(0, 13, _latin1(page["headline"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "I", 13)
        pdf.cell(0, 8, _latin1(page["tagline"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(82)
        for heading, body in page["sections"]:
            pdf.set_font("Helvetica", "B", 14)
            pdf.set_text_color(255, 120, 0)
            pdf.multi_cell(0, 8, _latin1(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(30, 30, 30)
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, _latin1(body), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(4)
        if page.get("stats"):
            pdf.ln(2)
            pdf.set_fill_color(20, 40, 80)
            width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(page["stats"])
            top = pdf.get_y()
            for i, (number, label) in enumerate(page["stats"]):
                x = pdf.l_margin + i * width
                pdf.rect(x + 1, top, width - 2, 28, style="F")
                pdf.set_text_color(255, 255, 255)
                pdf.set_xy(x + 1, top + 4)
                pdf.set_font("Helvetica", "B", 18)
                pdf.cell(width - 2, 10, _latin1(number), align="C")
                pdf.set_xy(x + 1, top + 15)
                pdf.set_font("Helvetica", "", 9)
                pdf.cell(width - 2, 6, _latin1(label), align="C")
            pdf.set_text_color(0, 0, 0)
            pdf.set_y(top + 34)
        if page.get("small_print"):
            pdf.set_y(pdf.h - 40)
            pdf.set_font("Helvetica", "I", 7.5)
            pdf.set_text_color(120, 120, 120)
            pdf.multi_cell(0, 4, _latin1(page["small_print"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
    pdf.output(str(path))


# ---------------------------------------------------------------------------
# Deterministic XLSX / CSV / YAML writers
# ---------------------------------------------------------------------------

_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def write_xlsx(path: Path, sheet_title: str, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (12, 55, 110, 55)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "Northwind Assist Ltd."
    wb.properties.title = "AI vendor due-diligence questionnaire - responses"
    wb.properties.created = FIXED_DATE.replace(tzinfo=None)
    wb.properties.lastModifiedBy = "Northwind Assist Ltd."

    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps "modified" with the current time and zip entries with
    # local time; rewrite both so the file is byte-identical on every run.
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def write_csv_cp1252(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def write_yaml(path: Path, data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text("# Fictional example vendor, generated by examples/build_examples.py\n" + text, encoding="utf-8")


# ---------------------------------------------------------------------------
# Northwind Assist (strong vendor)
# ---------------------------------------------------------------------------

NW_ORG = "Northwind Assist Ltd."

NW_POLICY = Doc(
    filename="NW-POL-001_AI_Governance_Policy_v2.3.pdf",
    org=NW_ORG,
    title="AI Governance Policy",
    doc_id="NW-POL-001",
    version="2.3",
    doc_type="policy",
    meta=[
        ("Document ID", "NW-POL-001"),
        ("Version", "2.3"),
        ("Effective date", "2026-01-05"),
        ("Next review", "2027-01-05"),
        ("Owner", "Dana Ortiz, Chief AI Risk Officer"),
        ("Approved by", "AI Governance Board, 2025-12-11"),
        ("Classification", "Customer confidential"),
    ],
    pages=[
        [
            ("h", "1. Purpose"),
            (
                "p",
                "This policy sets out how Northwind Assist Ltd. governs the artificial intelligence in its products: "
                "who is accountable, how decisions are taken, which principles every AI feature must respect, and how "
                "AI governance fits with our security and privacy management systems. It is the top-level document "
                "of our AI management system (AIMS), which is certified to ISO/IEC 42001.",
            ),
            ("h", "2. Scope"),
            (
                "p",
                "The policy applies to the Northwind Assist Cloud platform - Chat, Agent Assist and Smart Routing - in "
                "all production regions (EU-West, Dublin and CA-Central, Toronto), and to every employee and "
                "contractor who designs, builds, operates, sells or supports it.",
            ),
            ("h", "3. Principles"),
            ("h2", "3.1 Human oversight"),
            (
                "p",
                "Customers can always reach a human. AI features that take actions on a customer's behalf have "
                "documented limits, and anything above those limits needs a person's approval.",
            ),
            ("h2", "3.2 No training on customer data"),
            (
                "p",
                "Customer Data - conversations, AI inputs and outputs, and knowledge-base content - is never used to "
                "train, fine-tune, evaluate or improve any model. The contractual commitment is in the Data "
                "Processing Agreement NW-DPA-003.",
            ),
            ("h2", "3.3 Transparency"),
            (
                "p",
                "End users are told when they are talking to an AI, and customers receive documentation of what our "
                "AI is for and where it fails (section 8).",
            ),
            ("h2", "3.4 Data for AI development"),
            (
                "p",
                "Our models are built only from licensed, public-domain and synthetic data. Every dataset is recorded "
                "in the Data Register NW-REG-007 with its source, licence and intended use. Before use it passes "
                "deduplication, an automated PII scan and a manual label audit of a 2% sample, which must show at "
                "least 98% label accuracy. The Head of ML Platform approves each dataset.",
            ),
        ],
        [
            ("h", "4. Roles and accountability"),
            ("h2", "4.1 Accountable owner"),
            (
                "p",
                "The Chief AI Risk Officer, Dana Ortiz, is the accountable owner of AI governance. She reports "
                "directly to the CEO, maintains this policy and the AIMS, and signs off every AI risk assessment.",
            ),
            ("h2", "4.2 AI Governance Board"),
            (
                "p",
                "The AI Governance Board is chaired by the CEO, Marcus Lindqvist, and meets monthly. Members: the "
                "Chief "
                "AI Risk Officer (Dana Ortiz), the CISO (Priya Raman), the Data Protection Officer (Tomasz "
                "Wierzbicki), the Head of ML Platform (Kenji Haraldsen), the Head of Trust and Safety (Amara Okafor) "
                "and the General Counsel. The Board also holds the quarterly management review (section 6).",
            ),
            ("h2", "4.3 Decision rights"),
            (
                "ul",
                [
                    "Any release with a residual risk score of 12 or above (see NW-PRO-004) needs Board approval.",
                    "The Chief AI Risk Officer may halt or veto any AI release or feature at any time.",
                    "Disagreements are escalated to the CEO and resolved within 5 business days.",
                    "Every Board decision is recorded in the Board decision log NW-REC-010.",
                ],
            ),
            ("h2", "4.4 Responsibilities"),
            (
                "table",
                (48, 62, 60),
                [
                    ["Role", "Responsible for", "Key documents"],
                    ["Chief AI Risk Officer", "AIMS, AI risk acceptance, objectives", "NW-POL-001, NW-PRO-004"],
                    ["Head of ML Platform", "Monitoring, releases, rollback", "NW-RUN-007"],
                    ["Head of Trust and Safety", "AI incidents, concerns, notification", "NW-IRP-002"],
                    ["CISO", "Security controls, tenant isolation", "ISMS, NW-DPA-003 sec. 8"],
                    ["Data Protection Officer", "Privacy, retention, deletion", "NW-DPA-003"],
                    ["Head of Internal Audit", "Independent AIMS audits", "NW-RPT-011"],
                ],
            ),
        ],
        [
            ("h", "5. Integration with security and privacy management"),
            (
                "p",
                "The AIMS is integrated with our information security management system, certified to ISO/IEC "
                "27001:2022 (certificate ISMS-55120, valid until 2027-09-30), and our privacy information management "
                "system, certified to ISO/IEC 27701 (certificate PIMS-55121). Integration works as follows:",
            ),
            (
                "ul",
                [
                    "One integrated risk register, NW-REG-002, holds AI, security and privacy risks.",
                    "The CISO, Priya Raman, and the DPO, Tomasz Wierzbicki, review AI risks with the Chief AI Risk "
                    "Officer every month.",
                    "Data protection impact assessments and AI impact assessments are performed together.",
                    "Security, privacy and AI incidents share one intake and triage process.",
                    "One internal audit programme covers all three management systems.",
                ],
            ),
            (
                "p",
                "Our AI risk method follows ISO/IEC 23894 guidance, and our controls are mapped to the four functions "
                "of the NIST AI RMF 1.0.",
            ),
            ("h", "6. Leadership review"),
            (
                "p",
                "The AI Governance Board reviews AI risk and the performance of the AIMS every quarter. Inputs include "
                "audit results, incidents, monitoring trends, objectives, customer feedback and changes in law. "
                "Minutes and decisions are recorded in NW-REC-011 and summarised for customers in NW-RPT-011.",
            ),
            ("h", "7. Raising concerns"),
            (
                "p",
                "Anyone - employees, contractors, customers or end users - can raise a concern about our AI through "
                'concerns@northwind-assist.example, the in-product "Report this response" button, or the anonymous '
                "ethics line. The Trust and Safety team acknowledges every concern within 2 business days and "
                "reports trends to the AI Governance Board monthly. Retaliation against anyone raising a concern in "
                "good faith is prohibited.",
            ),
        ],
        [
            ("h", "8. Transparency and disclosure"),
            (
                "p",
                "Every customer receives the Northwind Assist System Card NW-DOC-020, updated with each model "
                "release. It describes intended use (customer-service conversations about the customer's products, "
                "orders and accounts), out-of-scope uses (medical, legal or financial advice), supported languages, "
                "known failure modes and limitations, and evaluation results.",
            ),
            (
                "p",
                "Every conversation opens with a disclosure that the end user is chatting with an AI assistant; "
                'the disclosure cannot be switched off. End users can reach a human at any time by typing "agent" '
                'or selecting "Talk to a person".',
            ),
            ("h", "9. AI objectives for 2026"),
            (
                "table",
                (80, 45, 45),
                [
                    ["Objective", "Target", "Owner"],
                    ["Containment accuracy", "at least 95%", "Head of ML Platform"],
                    ["Grounding failure rate", "below 1.0%", "Head of ML Platform"],
                    ["Releases with completed impact assessment", "100%", "Chief AI Risk Officer"],
                    ["SEV1 AI incidents", "no more than 2 SEV1 incidents per year", "Head of Trust and Safety"],
                ],
            ),
            (
                "p",
                "The Chief AI Risk Officer tracks the objectives monthly on the AIMS dashboard; the AI Governance "
                "Board reviews them quarterly. Gaps become improvement actions in the CAPA register NW-REG-005.",
            ),
            ("h", "10. Review and document control"),
            (
                "p",
                "This policy is reviewed at least annually and whenever law, our products or our risk profile change "
                "materially. Next review: 2027-01-05.",
            ),
            (
                "table",
                (20, 30, 120),
                [
                    ["Version", "Date", "Change"],
                    ["2.2", "2025-01-06", "Annual review; added section 7 on raising concerns."],
                    ["2.3", "2026-01-05", "Added 2026 objectives; approved at management review of 2025-12-11."],
                ],
            ),
        ],
    ],
)

NW_PROCEDURE = Doc(
    filename="NW-PRO-004_AI_Risk_and_Impact_Assessment_Procedure_v1.6.pdf",
    org=NW_ORG,
    title="AI Risk and Impact Assessment Procedure",
    doc_id="NW-PRO-004",
    version="1.6",
    doc_type="procedure",
    meta=[
        ("Document ID", "NW-PRO-004"),
        ("Version", "1.6"),
        ("Effective date", "2026-01-12"),
        ("Next review", "2027-01-12"),
        ("Owner", "Dana Ortiz, Chief AI Risk Officer"),
        ("Parent policy", "AI Governance Policy NW-POL-001 v2.3"),
    ],
    pages=[
        [
            ("h", "1. Purpose"),
            (
                "p",
                "This procedure describes how Northwind Assist identifies where its AI can cause harm in customer "
                "interactions, how those risks are scored and treated, and how we assess the impact of our AI on "
                "individuals, groups and society.",
            ),
            ("h", "2. Scope"),
            (
                "p",
                "All AI features of Northwind Assist Cloud (Chat, Agent Assist, Smart Routing) in every production "
                "region, including prompts, retrieval configuration and third-party models.",
            ),
            ("h", "3. When an assessment is performed"),
            (
                "ul",
                [
                    "Before any new AI feature launches.",
                    "On every material change: a new model, a new prompt template family, a new channel or language, "
                    "or "
                    "a new customer segment.",
                    "Periodically: at least every 6 months for each production AI system, even without change.",
                    "After any SEV1 AI incident (see NW-IRP-002).",
                ],
            ),
            ("p", "The Chief AI Risk Officer, Dana Ortiz, owns this procedure and keeps the assessment calendar."),
        ],
        [
            ("h", "4. Harm identification and risk assessment"),
            ("p", "Each assessment follows six steps:"),
            (
                "ol",
                [
                    "Map the customer journey and every point where the AI reads, writes or decides.",
                    "Run a harm identification workshop with Product, ML, Trust and Safety, Legal and frontline "
                    "support, "
                    "using the Northwind Harm Taxonomy of 14 harm categories - for example wrong billing or refund "
                    "information, discriminatory treatment, disclosure of personal data, unsafe advice and failure to "
                    "escalate a distressed customer.",
                    "Score each risk for likelihood and severity on a 1-5 scale; the risk score is likelihood x "
                    "severity.",
                    "Any risk scoring 12 or above is high risk: it needs a treatment plan and AI Governance Board "
                    "approval before release.",
                    "Record risks, scores, owners and treatments in the AI Risk Register NW-REG-002.",
                    "The Chief AI Risk Officer signs off the assessment.",
                ],
            ),
            (
                "table",
                (30, 140),
                [
                    ["Score", "Meaning and action"],
                    ["1-5", "Low: accept, monitor through NW-RUN-007."],
                    ["6-11", "Medium: treat within 90 days; owner named in NW-REG-002."],
                    ["12-25", "High: treatment and Board approval required before release."],
                ],
            ),
        ],
        [
            ("h", "5. Impact assessment for individuals, groups and society"),
            ("p", "Alongside the risk assessment we assess the impact of the AI system on the people it serves:"),
            (
                "ul",
                [
                    "customers showing vulnerability signals such as financial hardship, bereavement or distress;",
                    "people with accessibility needs;",
                    "speakers of each of the 12 languages we support, including quality gaps between languages;",
                    "wider societal effects, such as over-reliance on automation in contact centres.",
                ],
            ),
            (
                "p",
                "Each impact assessment is recorded on the AI Impact Assessment Record NW-FRM-009 and stored in the "
                "AIA register. Records are kept for the life of the system plus 3 years and are shared with "
                "customers under NDA on request. Impact assessments are repeated on the same triggers as the risk "
                "assessment (section 3).",
            ),
        ],
        [
            ("h", "6. Adversarial testing"),
            (
                "p",
                "Prompt injection, jailbreaks, data exfiltration and cross-tenant leakage are harm categories in the "
                "taxonomy. They are tested in a quarterly red-team exercise run by the Trust and Safety team.",
            ),
            (
                "p",
                "The Q4 2025 exercise ran 1,850 attack prompts with an attack success rate of 0.4%, against a target "
                "below 1%. Every successful attack becomes a permanent regression test in the pre-release suite "
                "(NW-RUN-007 section 5).",
            ),
            ("h", "7. Records and review"),
            (
                "p",
                "Assessment records, workshop notes and sign-offs are kept in the controlled document repository. "
                "This procedure is reviewed every 12 months. Next review: 2027-01-12.",
            ),
        ],
    ],
)

NW_RUNBOOK = Doc(
    filename="NW-RUN-007_Production_Monitoring_and_Rollback_Runbook_v3.1.pdf",
    org=NW_ORG,
    title="Production Monitoring and Rollback Runbook",
    doc_id="NW-RUN-007",
    version="3.1",
    doc_type="procedure",
    meta=[
        ("Document ID", "NW-RUN-007"),
        ("Version", "3.1"),
        ("Effective date", "2026-01-08"),
        ("Next review", "2027-01-08"),
        ("Owner", "Kenji Haraldsen, Head of ML Platform"),
    ],
    pages=[
        [
            ("h", "1. Purpose and scope"),
            (
                "p",
                "This runbook tells the ML Platform on-call engineer how Northwind Assist Cloud models are monitored "
                "in "
                "production, what triggers a review or a rollback, and how releases, output guardrails, human "
                "handover and event logging work. It covers Chat, Agent Assist and Smart Routing in all regions.",
            ),
            ("h", "2. Monitored metrics"),
            (
                "p",
                "Metrics are computed every 15 minutes per tenant and per model version. The on-call ML engineer "
                "reviews the dashboard daily, and the ML Platform team holds a weekly performance review.",
            ),
            (
                "table",
                (50, 120),
                [
                    ["Metric", "Definition"],
                    ["Containment accuracy", "Share of sampled AI-resolved conversations graded correct and complete."],
                    ["Grounding failure rate", "Share of responses not supported by the tenant's knowledge base."],
                    ["Policy-violation rate", "Share of responses flagged by the toxicity and policy classifier."],
                    ["Escalation rate", "Share of conversations handed to a human agent."],
                    ["CSAT", "Post-conversation satisfaction score (1-5, reported as points out of 100)."],
                ],
            ),
        ],
        [
            ("h", "3. Review and rollback triggers"),
            (
                "table",
                (75, 95),
                [
                    ["Trigger", "Action"],
                    ["Containment accuracy below 92% over a 2-hour window", "Automatic rollback"],
                    ["Policy-violation rate exceeds 0.1% in any hour", "Automatic rollback"],
                    ["Grounding failure rate above 1.5% over 1 hour", "Page on-call; review within 4 hours"],
                    ["CSAT drop of 5 points week over week", "Review at weekly performance review"],
                ],
            ),
            (
                "p",
                "Rollback rule: the platform automatically rolls back to the last known-good model version when "
                "containment accuracy drops below 92% over a 2-hour window, or when the policy-violation rate "
                "exceeds 0.1% in any hour. A grounding failure rate above 1.5% over 1 hour pages the on-call "
                "engineer and requires a documented review within 4 hours.",
            ),
            ("h", "4. Rollback procedure"),
            (
                "ol",
                [
                    "Confirm the alert and the affected tenants and model version.",
                    "Trigger rollback to the last known-good model version (automatic for the rollback triggers "
                    "above).",
                    "Verify metrics recover; the rollback must be complete within 30 minutes of the trigger.",
                    "Notify the Head of Trust and Safety; if the incident criteria in NW-IRP-002 are met, open an "
                    "incident.",
                    "Record the rollback in the change log with the trigger, times and follow-up owner.",
                ],
            ),
        ],
        [
            ("h", "5. Pre-release validation"),
            (
                "p",
                "Every model or prompt change must pass the offline evaluation suite of 2,400 scripted conversations "
                "with at least a 97% pass rate and zero critical safety failures. It then runs as a canary on 5% of "
                "traffic for 48 hours, with the section 3 triggers active, before full rollout. The Head of ML "
                "Platform, Kenji Haraldsen, approves each release; changes with a residual risk score of 12 or above "
                "also need AI Governance Board approval (NW-POL-001 section 4.3).",
            ),
            ("h", "6. Pre-delivery response controls"),
            ("p", "Every AI response passes this guardrail pipeline before it reaches an end user:"),
            (
                "ol",
                [
                    "PII redaction of any personal data not needed for the answer.",
                    "Grounding check against the tenant's own knowledge base: any response with a grounding score "
                    "below "
                    "0.80 is blocked and the conversation is handed to a human agent.",
                    "Toxicity and policy classifier; flagged responses are blocked and counted in the policy-violation "
                    "rate.",
                    "Action limits: refunds or credits above EUR 200 always need agent approval.",
                ],
            ),
            (
                "p",
                "The guardrails apply to Chat, Agent Assist and Smart Routing in all regions and are tested by the "
                "pre-release suite.",
            ),
        ],
        [
            ("h", "7. Human handover"),
            (
                "p",
                "A conversation is handed to a human agent when model confidence falls below 0.70, when the end user "
                "asks for a person, or when the classifier detects distress or a formal complaint. Handover is warm "
                "- the agent sees the transcript and a summary - and happens within 60 seconds during the "
                "customer's staffed hours; outside them the end user receives a callback ticket. In Agent Assist, "
                "every suggestion is reviewed by the customer's agent before it is sent.",
            ),
            ("h", "8. Event logging"),
            (
                "p",
                "Every AI turn is logged with tenant ID, conversation ID, timestamp, model version, prompt template "
                "ID, "
                "retrieved source IDs and the guardrail outcome. Logs are written to immutable storage, access is "
                "restricted to ML Platform and Trust and Safety staff, and event logs are retained for 13 months.",
            ),
        ],
    ],
)

NW_IRP = Doc(
    filename="NW-IRP-002_AI_Incident_Response_Plan_v2.0.pdf",
    org=NW_ORG,
    title="AI Incident Response Plan",
    doc_id="NW-IRP-002",
    version="2.0",
    doc_type="plan",
    meta=[
        ("Document ID", "NW-IRP-002"),
        ("Version", "2.0"),
        ("Effective date", "2026-01-14"),
        ("Next review", "2027-01-14"),
        ("Owner", "Amara Okafor, Head of Trust and Safety"),
    ],
    pages=[
        [
            ("h", "1. Purpose"),
            (
                "p",
                "This plan describes how Northwind Assist detects, contains, communicates and learns from incidents in "
                "which its AI produces harmful or incorrect outcomes, including bad outcomes at scale.",
            ),
            ("h", "2. Severity levels"),
            (
                "table",
                (20, 150),
                [
                    ["Level", "Definition"],
                    [
                        "SEV1",
                        "Harmful or incorrect AI outcome affecting more than 500 conversations or more than one "
                        "customer tenant, or any cross-tenant data exposure.",
                    ],
                    ["SEV2", "Harmful or incorrect outcome affecting 50 to 500 conversations in a single tenant."],
                    ["SEV3", "Isolated harmful or incorrect outcome affecting fewer than 50 conversations."],
                ],
            ),
            (
                "p",
                "The Head of Trust and Safety, Amara Okafor, owns this plan and acts as Incident Commander for SEV1 "
                "and SEV2 incidents (or names a trained delegate).",
            ),
        ],
        [
            ("h", "3. Response process"),
            (
                "ol",
                [
                    "Detect: monitoring alerts (NW-RUN-007), customer reports, concerns and staff reports.",
                    "Triage: the on-call AI Incident Manager triages every report within 15 minutes and assigns a "
                    "severity level.",
                    "Contain: for SEV1 the kill switch disables generative responses for the affected tenants and "
                    "routes "
                    "conversations to human agents or scripted flows within 30 minutes; rollback follows NW-RUN-007.",
                    "Escalate: the Chief AI Risk Officer is informed immediately of every SEV1.",
                    "Investigate and recover: identify affected conversations and customers, fix, and restore service "
                    "once the Incident Commander approves.",
                    "Notify: see section 4.",
                ],
            ),
        ],
        [
            ("h", "4. Customer notification"),
            (
                "p",
                "We notify affected customers within 24 hours of confirming a SEV1 or SEV2 incident, by email to the "
                "customer's named security contact and on the status page. Updates follow at least every 24 hours "
                "until resolution, and a final incident report is delivered within 10 business days.",
            ),
            (
                "p",
                "The Head of Trust and Safety owns customer notification. Personal data breaches are also handled "
                "under the Data Processing Agreement NW-DPA-003 section 10.",
            ),
        ],
        [
            ("h", "5. Post-incident review and corrective action"),
            (
                "p",
                "Every SEV1 and SEV2 incident gets a blameless post-incident review within 5 business days, including "
                "a root-cause analysis. Corrective actions are logged in the CAPA register NW-REG-005 with an owner "
                "and due date. The Chief AI Risk Officer verifies effectiveness 30 days after implementation before "
                "the action is closed.",
            ),
            ("h", "6. Exercises and review"),
            (
                "p",
                "The plan is tested in a tabletop exercise twice a year and reviewed annually. Next review: "
                "2027-01-14.",
            ),
        ],
    ],
)

NW_CERT_DATA = {
    "body": "Meridian Conformity Assessment Ltd",
    "body_line": "Management system certification - accreditation no. MCA-ACC-118",
    "number": "AIMS-2025-04471",
    "holder": "Northwind Assist Ltd.",
    "address": "14 Harbour Quay, Dublin 2, Ireland",
    "scope": "Design, development, operation and support of the Northwind Assist Cloud AI customer-service platform "
    "(Chat, Agent Assist and Smart Routing), delivered from Dublin, Ireland and Toronto, Canada.",
    "Certificate number": "AIMS-2025-04471",
    "Initial certification date": "2025-06-30",
    "Issue date": "2025-06-30",
    "Valid until": "2028-06-29",
    "Surveillance": "Annual; next surveillance audit by 2026-06-30",
    "conditions": "This certificate remains valid subject to satisfactory annual surveillance audits. Its validity can "
    "be confirmed with the certification body by quoting the certificate number.",
    "signed_at": "Dublin, 2025-06-30",
    "signatory": "Claire Vautrin",
    "signatory_role": "Certification Director, Meridian Conformity Assessment Ltd",
}

NW_CERT = Doc(
    filename="ISO-IEC-42001_Certificate_AIMS-2025-04471.pdf",
    org="Meridian Conformity Assessment Ltd",
    title="ISO/IEC 42001 Certificate",
    doc_id="AIMS-2025-04471",
    version="",
    doc_type="certificate",
    meta=[],
    pages=[],
)

NW_DPA = Doc(
    filename="NW-DPA-003_Data_Processing_Agreement_v4.2.pdf",
    org=NW_ORG,
    title="Data Processing Agreement",
    doc_id="NW-DPA-003",
    version="4.2",
    doc_type="contract",
    meta=[
        ("Document ID", "NW-DPA-003 (Schedule 2 to the Customer Terms)"),
        ("Version", "4.2"),
        ("Effective date", "2026-01-02"),
        ("Next review", "2027-01-02"),
        ("Owner", "Tomasz Wierzbicki, Data Protection Officer"),
    ],
    pages=[
        [
            ("h", "1. Parties and roles"),
            (
                "p",
                "This Data Processing Agreement (DPA) forms part of the agreement between Northwind Assist Ltd. "
                '("Northwind", processor) and the customer ("Customer", controller) for the Northwind Assist '
                "Cloud services.",
            ),
            ("h", "2. Definitions"),
            (
                "p",
                '"Customer Data" means all data Northwind processes for the Customer, including AI inputs '
                "(end-user messages, conversation transcripts, uploaded knowledge-base content and configuration) and "
                "AI outputs (generated responses, suggestions, summaries and routing decisions).",
            ),
            ("h", "3. Processing instructions"),
            (
                "p",
                "Northwind processes Customer Data only to provide, secure and support the services, on the "
                "Customer's documented instructions. Northwind will inform the Customer if it believes an "
                "instruction breaks applicable data protection law.",
            ),
        ],
        [
            ("h", "4. No training on Customer Data"),
            (
                "p",
                "4.1 Northwind shall not use Customer Data to train, fine-tune, evaluate or otherwise improve any "
                "machine-learning model, including models used for other customers.",
            ),
            (
                "p",
                "4.2 Northwind's foundation-model subprocessor processes Customer Data under zero data retention "
                "terms and is contractually prohibited from training on it.",
            ),
            ("p", "4.3 Northwind's models are developed only from licensed, public-domain and synthetic data."),
            ("h", "5. Retention"),
            (
                "p",
                "5.1 Conversation transcripts and all AI inputs and outputs are retained for 90 days and then "
                "deleted automatically. The Customer may configure retention between 30 and 365 days per tenant.",
            ),
            ("p", "5.2 Event logs (metadata only, with no message content) are retained for 13 months."),
            ("p", "5.3 Encrypted backups roll off within 35 days."),
        ],
        [
            ("h", "6. Deletion"),
            (
                "p",
                "6.1 On termination, Northwind deletes all Customer Data, including AI inputs, outputs and "
                "knowledge-base content, within 30 days and provides a written certificate of deletion within 10 "
                "business days after that.",
            ),
            (
                "p",
                "6.2 Deletion of specific conversations or end users on the Customer's request is completed within "
                "14 days. Data in backups expires as stated in section 5.3.",
            ),
            ("h", "7. Security measures"),
            (
                "ul",
                [
                    "Encryption at rest with AES-256 using per-tenant keys held in an HSM-backed key management "
                    "service.",
                    "Encryption in transit with TLS 1.2 or higher.",
                    "Least-privilege access with MFA and quarterly access reviews.",
                    "Information security management system certified to ISO/IEC 27001:2022.",
                ],
            ),
        ],
        [
            ("h", "8. Tenant isolation"),
            (
                "p",
                "8.1 Each customer tenant has logically separate data stores, its own vector index and its own "
                "encryption key. Every retrieval and every prompt assembly enforces the tenant ID at the service "
                "layer, and there are no shared caches for conversation content. Because Customer Data is never "
                "used for training (section 4), shared model weights cannot memorise one customer's data.",
            ),
            (
                "p",
                "8.2 Tenant isolation is tested every quarter by an independent penetration tester, Halvard Security "
                "Labs, and re-tested after any change to the retrieval layer. The Q4 2025 test (report "
                "NW-PT-2025-Q4) ran 320 cross-tenant test cases with 0 findings.",
            ),
            ("h", "9. Subprocessors"),
            (
                "table",
                (55, 115),
                [
                    ["Subprocessor", "Service and terms"],
                    [
                        "Aster Foundation Models Inc.",
                        "LLM inference in the EU region; zero data retention; no training.",
                    ],
                    ["Cobalt Sky Hosting", "Infrastructure hosting in Dublin and Toronto."],
                ],
            ),
            (
                "p",
                "Each subprocessor is assessed before onboarding and re-assessed annually by the Vendor Risk Manager, "
                "Lena Brandt, using the Supplier AI Assessment Questionnaire NW-FRM-014. Northwind gives customers "
                "30 days' notice of any new subprocessor.",
            ),
            ("h", "10. Personal data breach"),
            (
                "p",
                "Northwind notifies the Customer without undue delay and in any case within 24 hours of becoming "
                "aware of a personal data breach affecting Customer Data.",
            ),
        ],
        [
            ("h", "11. Shared responsibility matrix"),
            (
                "table",
                (45, 125),
                [
                    ["Party", "Responsibilities"],
                    ["Northwind", "Models, guardrails, monitoring, incident response, AIMS and its certification."],
                    ["Model supplier", "Secure inference without data retention or training."],
                    ["Customer", "Knowledge-base content, escalation rules, additional end-user disclosure text."],
                ],
            ),
            ("p", "The Chief AI Risk Officer, Dana Ortiz, is the Customer's accountable contact for AI governance."),
            ("h", "12. Term"),
            (
                "p",
                "This DPA applies for as long as Northwind processes Customer Data. Signed for Northwind Assist Ltd. "
                "by Tomasz Wierzbicki, Data Protection Officer.",
            ),
        ],
    ],
)

NW_AUDIT = Doc(
    filename="NW-RPT-011_AIMS_Internal_Audit_and_Management_Review_2025.pdf",
    org=NW_ORG,
    title="AIMS Internal Audit and Management Review Summary 2025",
    doc_id="NW-RPT-011",
    version="1.0",
    doc_type="report",
    meta=[
        ("Document ID", "NW-RPT-011"),
        ("Version", "1.0"),
        ("Effective date", "2026-01-09"),
        ("Owner", "Helen Marsh, Head of Internal Audit"),
        ("Distribution", "Customers under NDA"),
    ],
    pages=[
        [
            ("h", "1. Audit scope and method"),
            (
                "p",
                "The 2025 internal audit of the AI management system ran from 2025-11-17 to 2025-11-21. It was led "
                "by Helen Marsh, Head of Internal Audit, with one external co-auditor, and covered ISO/IEC 42001 "
                "clauses 4-10 and all Annex A controls in our Statement of Applicability (SoA v1.4).",
            ),
            (
                "p",
                "The audit is part of the three-year audit programme NW-PLN-003, which covers every clause and "
                "control at least once per cycle using auditors independent of the area audited. Evidence was "
                "gathered through interviews, document review and sampling of 40 releases and 25 incident records.",
            ),
        ],
        [
            ("h", "2. Findings"),
            (
                "p",
                "The audit found 0 major nonconformities, 2 minor nonconformities and 3 opportunities for improvement.",
            ),
            (
                "table",
                (22, 148),
                [
                    ["Ref", "Finding"],
                    [
                        "NC-01",
                        "Minor. Impact assessments for 2 Smart Routing releases in September 2025 were not recorded "
                        "in the AIA register.",
                    ],
                    ["NC-02", "Minor. 3 of 18 on-call staff had not completed AI incident response training."],
                    ["OFI-1", "Keep supplier re-assessment evidence with the supplier record."],
                    ["OFI-2", "Show objective trends on the AIMS dashboard."],
                    ["OFI-3", "Shorten approval time for document changes."],
                ],
            ),
        ],
        [
            ("h", "3. Corrective actions"),
            (
                "table",
                (22, 100, 48),
                [
                    ["Ref", "Root cause and corrective action", "Owner / closed"],
                    [
                        "NC-01",
                        "Release checklist did not require an AIA record. A release gate now blocks deployment "
                        "without an AIA record ID.",
                        "Kenji Haraldsen / 2025-12-19",
                    ],
                    [
                        "NC-02",
                        "Training was not a rota prerequisite. Training is now required before joining the "
                        "on-call rota.",
                        "Amara Okafor / 2025-12-12",
                    ],
                ],
            ),
            (
                "p",
                "Both minor nonconformities were closed within 30 days. Their effectiveness was verified by the Chief "
                "AI Risk Officer, Dana Ortiz, on 2026-01-07. The three opportunities for improvement are tracked in "
                "the CAPA register NW-REG-005.",
            ),
        ],
        [
            ("h", "4. Management review Q4 2025"),
            (
                "p",
                "The AI Governance Board held its quarterly management review on 2025-12-11, chaired by the CEO, "
                "Marcus Lindqvist (minutes NW-REC-011). Inputs included the audit results above, incident and "
                "monitoring trends, progress on objectives and customer feedback. Decisions:",
            ),
            (
                "ol",
                [
                    "The automatic rollback threshold for containment accuracy was raised from 90% to 92%.",
                    "Funding was approved for 2 additional red-team engineers in Q1 2026.",
                    "The Smart Routing impact assessments will be re-performed by 2026-02-28.",
                    "AI Governance Policy NW-POL-001 v2.3 was approved.",
                ],
            ),
            ("p", "Next management review: 2026-03-12."),
        ],
    ],
)

NW_DOCS = [NW_POLICY, NW_PROCEDURE, NW_RUNBOOK, NW_IRP, NW_CERT, NW_DPA, NW_AUDIT]

NW_ANSWERS: dict[str, tuple[str, str]] = {
    "HR-01": (
        "Our process is defined in the AI Risk and Impact Assessment Procedure NW-PRO-004 v1.6 and owned by our Chief "
        "AI Risk Officer, Dana Ortiz. Assessments run before any new AI feature launches, on every material change "
        "(new model, new prompt template family, new channel or language) and at least every 6 months for each "
        "production AI system. Each assessment has six steps: (1) map the customer journey and every AI touchpoint; "
        "(2) run a harm identification workshop with Product, ML, Trust and Safety, Legal and frontline support using "
        "our Harm Taxonomy of 14 harm categories (for example wrong billing or refund information, disclosure of "
        "personal data, failure to escalate a distressed customer); (3) score likelihood and severity from 1 to 5; "
        "(4) treat any risk scoring 12 or above as high risk, which needs a treatment plan and AI Governance Board "
        "approval; (5) record results in the AI Risk Register NW-REG-002; (6) sign-off by the Chief AI Risk Officer.",
        "AI Risk and Impact Assessment Procedure NW-PRO-004 v1.6 §3 (p.1), §4 (p.2); "
        "AI Governance Policy NW-POL-001 v2.3 §4.3 (p.2)",
    ),
    "HR-02": (
        "Impact on individuals and groups is assessed under the same procedure (NW-PRO-004 v1.6 §5). We look "
        "specifically at customers showing vulnerability signals (financial hardship, bereavement, distress), people "
        "with accessibility needs, and speakers of each of the 12 languages we support, plus wider societal effects "
        "such as over-reliance on automation in contact centres. Each assessment is recorded on the AI Impact "
        "Assessment Record NW-FRM-009, kept in the AIA register for the life of the system plus 3 years, and shared "
        "with customers under NDA. Impact assessments are repeated on the same triggers as risk assessments (at least "
        "every 6 months and on every material change).",
        "AI Risk and Impact Assessment Procedure NW-PRO-004 v1.6 §5 (p.3)",
    ),
    "OW-01": (
        "Dana Ortiz, our Chief AI Risk Officer, is the accountable owner of AI governance and reports directly to the "
        "CEO. Decisions are taken by the AI Governance Board, chaired by our CEO Marcus Lindqvist, which meets monthly "
        "and includes the CISO (Priya Raman), the Data Protection Officer (Tomasz Wierzbicki), the Head of ML Platform "
        "(Kenji Haraldsen), the Head of Trust and Safety (Amara Okafor) and the General Counsel. Any release with a "
        "residual risk score of 12 or above needs Board approval, the Chief AI Risk Officer can halt or veto any "
        "release, and disagreements are escalated to the CEO and resolved within 5 business days. Every decision is "
        "recorded in the Board decision log NW-REC-010.",
        "AI Governance Policy NW-POL-001 v2.3 §4 (p.2)",
    ),
    "OW-02": (
        "Anyone - staff, customers or end users - can raise a concern through concerns@northwind-assist.example, the "
        'in-product "Report this response" button, or our anonymous ethics line. The Trust and Safety team, led by '
        "Amara Okafor, acknowledges every concern within 2 business days and reports trends to the AI Governance Board "
        "monthly. Retaliation for concerns raised in good faith is prohibited.",
        "AI Governance Policy NW-POL-001 v2.3 §7 (p.3)",
    ),
    "MO-01": (
        "Monitoring follows our Production Monitoring and Rollback Runbook NW-RUN-007 v3.1, owned by Kenji Haraldsen, "
        "Head of ML Platform. We compute containment accuracy, grounding failure rate, policy-violation rate, "
        "escalation rate and CSAT every 15 minutes per tenant and model version; the on-call ML engineer reviews them "
        "daily and the ML Platform team holds a weekly performance review. Triggers: we automatically roll back to the "
        "last known-good model version when containment accuracy drops below 92% over a 2-hour window or the "
        "policy-violation rate exceeds 0.1% in any hour; a grounding failure rate above 1.5% over 1 hour pages the "
        "on-call engineer and requires a documented review within 4 hours; a CSAT drop of 5 points week over week is "
        "reviewed at the weekly performance review. Rollbacks are complete within 30 minutes of the trigger.",
        "Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 §2 (p.1), §3-§4 (p.2)",
    ),
    "MO-02": (
        "Every model or prompt change must pass our offline evaluation suite of 2,400 scripted conversations with at "
        "least a 97% pass rate and zero critical safety failures, then runs as a canary on 5% of traffic for 48 hours "
        "before full rollout. Kenji Haraldsen, Head of ML Platform, approves each release; changes with a residual "
        "risk "
        "score of 12 or above also need AI Governance Board approval.",
        "Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 §5 (p.3); AI Governance Policy NW-POL-001 v2.3 "
        "§4.3 (p.2)",
    ),
    "MO-03": (
        "Every AI turn is logged with tenant ID, conversation ID, timestamp, model version, prompt template ID, "
        "retrieved source IDs and the guardrail outcome. Logs are written to immutable storage, access is restricted "
        "to ML Platform and Trust and Safety staff, and event logs are retained for 13 months. Event logs contain "
        "metadata only, no message content.",
        "Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 §8 (p.4); Data Processing Agreement NW-DPA-003 "
        "v4.2 §5.2 (p.2)",
    ),
    "IR-01": (
        "Our AI Incident Response Plan NW-IRP-002 v2.0 is owned by Amara Okafor, Head of Trust and Safety, who acts as "
        "Incident Commander. A bad outcome at scale is a SEV1: a harmful or incorrect AI outcome affecting more than "
        "500 conversations or more than one customer tenant, or any cross-tenant data exposure. The on-call AI "
        "Incident Manager triages within 15 minutes; to contain a SEV1, a kill switch disables generative responses "
        "for the affected tenants and routes conversations to human agents or scripted flows within 30 minutes; the "
        "Chief AI Risk Officer is informed immediately. We then investigate and recover, notify affected customers "
        "within 24 hours, and hold a blameless post-incident review within 5 business days. The plan is tested in a "
        "tabletop exercise twice a year.",
        "AI Incident Response Plan NW-IRP-002 v2.0 §2 (p.1), §3 (p.2), §4 (p.3), §5-§6 (p.4)",
    ),
    "IR-02": (
        "We notify affected customers within 24 hours of confirming a SEV1 or SEV2 incident, by email to your named "
        "security contact and on our status page, with updates at least every 24 hours until resolution and a final "
        "incident report within 10 business days. Amara Okafor, Head of Trust and Safety, owns customer notification. "
        "Personal data breaches are also notified to you within 24 hours under our DPA.",
        "AI Incident Response Plan NW-IRP-002 v2.0 §4 (p.3); Data Processing Agreement NW-DPA-003 v4.2 §10 (p.4)",
    ),
    "IR-03": (
        "Every SEV1 and SEV2 incident gets a blameless post-incident review within 5 business days, including a "
        "root-cause analysis. Corrective actions are logged in the CAPA register NW-REG-005 with an owner and due "
        "date, and the Chief AI Risk Officer verifies effectiveness 30 days after implementation before the action is "
        "closed. The same process closed both minor nonconformities from our 2025 internal audit.",
        "AI Incident Response Plan NW-IRP-002 v2.0 §5 (p.4); AIMS Internal Audit and Management Review Summary "
        "NW-RPT-011 §3 (p.3)",
    ),
    "DT-01": (
        "No. We do not use your conversations or any other Customer Data to train, fine-tune, evaluate or otherwise "
        "improve any machine-learning model, including models used for other customers. This is a contractual "
        "commitment in our Data Processing Agreement and a principle of our AI Governance Policy. Our foundation-model "
        "supplier processes Customer Data under zero data retention terms and is contractually prohibited from "
        "training on it.",
        "Data Processing Agreement NW-DPA-003 v4.2 §4 (p.2); AI Governance Policy NW-POL-001 v2.3 §3.2 (p.1)",
    ),
    "DT-02": (
        "Our models are built only from licensed, public-domain and synthetic data. Every dataset is recorded in the "
        "Data Register NW-REG-007 with its source, licence and intended use; before use it passes deduplication, an "
        "automated PII scan and a manual label audit of a 2% sample, which must show at least 98% label accuracy. The "
        "Head of ML Platform approves each dataset.",
        "AI Governance Policy NW-POL-001 v2.3 §3.4 (p.1); Data Processing Agreement NW-DPA-003 v4.2 §4.3 (p.2)",
    ),
    "RP-01": (
        "By default, conversation transcripts and all AI inputs and outputs are retained for 90 days and then deleted "
        "automatically; you can configure retention between 30 and 365 days per tenant. Event logs (metadata only, no "
        "message content) are retained for 13 months, and encrypted backups roll off within 35 days. Data is encrypted "
        "at rest with AES-256 using per-tenant keys in an HSM-backed key management service and in transit with TLS "
        "1.2 or higher; access is least-privilege with MFA and quarterly access reviews.",
        "Data Processing Agreement NW-DPA-003 v4.2 §5 (p.2), §7 (p.3)",
    ),
    "RP-02": (
        "On termination we delete all Customer Data, including AI inputs, outputs and knowledge-base content, within "
        "30 days and provide a written certificate of deletion within 10 business days after that. Deletion of "
        "specific conversations or end users on your request is completed within 14 days. Backups containing the data "
        "roll off within 35 days.",
        "Data Processing Agreement NW-DPA-003 v4.2 §6 (p.3), §5.3 (p.2)",
    ),
    "OC-01": (
        "Every response passes a pre-delivery guardrail pipeline before it reaches your customers: (1) PII redaction; "
        "(2) a grounding check against your own knowledge base - any response with a grounding score below 0.80 is "
        "blocked and the conversation is handed to a human agent; (3) a toxicity and policy classifier, whose "
        "policy-violation rate above 0.1% in any hour triggers automatic rollback; (4) action limits, so refunds or "
        "credits above EUR 200 always need agent approval. The guardrails apply to Chat, Agent Assist and Smart "
        "Routing "
        "in all regions and are tested by the 2,400-conversation pre-release suite.",
        "Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 §6 (p.3), §3 (p.2)",
    ),
    "OC-02": (
        "A human takes over when model confidence falls below 0.70, when the end user asks for a person, or when our "
        "classifier detects distress or a formal complaint. Handover is warm (the agent sees the transcript and a "
        "summary) and happens within 60 seconds during your staffed hours; outside them the end user gets a callback "
        "ticket. In Agent Assist, every suggestion is reviewed by your agent before it is sent.",
        "Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 §7 (p.4)",
    ),
    "SP-01": (
        "Our AI management system is integrated with our ISO/IEC 27001:2022 information security management system "
        "(certificate ISMS-55120, valid until 2027-09-30) and our ISO/IEC 27701 privacy information management system "
        "(certificate PIMS-55121). We keep one integrated risk register, NW-REG-002, for AI, security and privacy "
        "risks; the CISO, Priya Raman, and the DPO, Tomasz Wierzbicki, review AI risks with the Chief AI Risk Officer "
        "every month; DPIAs and AI impact assessments are performed together; incidents share one intake; and one "
        "internal audit programme covers all three systems.",
        "AI Governance Policy NW-POL-001 v2.3 §5 (p.3)",
    ),
    "SP-02": (
        "Prompt injection, jailbreaks, data exfiltration and cross-tenant leakage are harm categories in our risk "
        "taxonomy and are tested in a quarterly red-team exercise. The Q4 2025 exercise ran 1,850 attack prompts with "
        "an attack success rate of 0.4%, against a target below 1%; every successful attack becomes a permanent "
        "regression test. Runtime defences include the pre-delivery guardrail pipeline and our tenant isolation "
        "controls.",
        "AI Risk and Impact Assessment Procedure NW-PRO-004 v1.6 §6 (p.4); Production Monitoring and Rollback Runbook "
        "NW-RUN-007 v3.1 §6 (p.3)",
    ),
    "LI-01": (
        "The AI Governance Board, chaired by our CEO Marcus Lindqvist, holds a management review of AI risk every "
        "quarter. The last review, on 2025-12-11 (minutes NW-REC-011), led to four decisions: (1) the automatic "
        "rollback threshold for containment accuracy was raised from 90% to 92%; (2) funding for 2 additional "
        "red-team engineers in Q1 2026; (3) the Smart Routing impact assessments will be re-performed by 2026-02-28; "
        "(4) approval of AI Governance Policy v2.3. The next review is on 2026-03-12.",
        "AIMS Internal Audit and Management Review Summary NW-RPT-011 §4 (p.4); AI Governance Policy NW-POL-001 v2.3 "
        "§6 (p.3)",
    ),
    "LI-02": (
        "Our most recent internal audit of the AI management system ran from 2025-11-17 to 2025-11-21, led by Helen "
        "Marsh, Head of Internal Audit, against ISO/IEC 42001 clauses 4-10 and all Annex A controls in our Statement "
        "of Applicability. It found 0 major nonconformities, 2 minor nonconformities and 3 opportunities for "
        "improvement. NC-01: impact assessments for 2 Smart Routing releases were not recorded in the AIA register - "
        "a release gate now blocks deployment without an AIA record ID. NC-02: 3 of 18 on-call staff had not completed "
        "AI incident response training - training is now required before joining the on-call rota. Both were closed "
        "within 30 days and their effectiveness was verified by the Chief AI Risk Officer on 2026-01-07.",
        "AIMS Internal Audit and Management Review Summary NW-RPT-011 §1 (p.1), §2 (p.2), §3 (p.3)",
    ),
    "LI-03": (
        "Our 2026 AI objectives are: containment accuracy of at least 95%; grounding failure rate below 1.0%; 100% of "
        "releases with a completed impact assessment; and no more than 2 SEV1 incidents per year. Each objective has "
        "an owner, is tracked monthly on the AIMS dashboard by the Chief AI Risk Officer and reviewed quarterly by the "
        "AI Governance Board; gaps become improvement actions in the CAPA register NW-REG-005.",
        "AI Governance Policy NW-POL-001 v2.3 §9 (p.4)",
    ),
    "CE-01": (
        "Yes. Our AI management system is certified to ISO/IEC 42001:2023 by Meridian Conformity Assessment Ltd, "
        "certificate number AIMS-2025-04471, issued 2025-06-30 and valid until 2028-06-29, subject to annual "
        "surveillance audits (next by 2026-06-30). Scope: design, development, operation and support of the Northwind "
        "Assist Cloud AI customer-service platform (Chat, Agent Assist and Smart Routing), delivered from Dublin, "
        "Ireland and Toronto, Canada - this covers every service in your order.",
        "ISO/IEC 42001 certificate AIMS-2025-04471 (p.1)",
    ),
    "CE-02": (
        "We hold ISO/IEC 27001:2022 certification (certificate ISMS-55120, valid until 2027-09-30) and ISO/IEC 27701 "
        "certification (certificate PIMS-55121), both covering the Northwind Assist Cloud platform. Our AI risk method "
        "follows ISO/IEC 23894 guidance and our controls are mapped to the four functions of the NIST AI RMF 1.0.",
        "AI Governance Policy NW-POL-001 v2.3 §5 (p.3)",
    ),
    "TI-01": (
        "Each customer tenant has logically separate data stores, its own vector index and its own encryption key. "
        "Every retrieval and every prompt assembly enforces your tenant ID at the service layer, there are no shared "
        "caches for conversation content, and because we never train on Customer Data the shared model weights cannot "
        "memorise one customer's data and reproduce it for another. This applies in all production regions.",
        "Data Processing Agreement NW-DPA-003 v4.2 §8.1 (p.4)",
    ),
    "TI-02": (
        "Tenant isolation is tested every quarter by an independent penetration tester, Halvard Security Labs, and "
        "re-tested after any change to the retrieval layer. The most recent test (Q4 2025, report NW-PT-2025-Q4) ran "
        "320 cross-tenant test cases with 0 findings. Cross-tenant leakage is also covered by our quarterly red-team "
        "exercise.",
        "Data Processing Agreement NW-DPA-003 v4.2 §8.2 (p.4); AI Risk and Impact Assessment Procedure NW-PRO-004 "
        "v1.6 §6 (p.4)",
    ),
    "TR-01": (
        "Every customer receives the Northwind Assist System Card NW-DOC-020, updated with each model release. It "
        "describes intended use (customer-service conversations about your products, orders and accounts), "
        "out-of-scope uses (medical, legal or financial advice), supported languages, known failure modes and "
        "limitations, and evaluation results.",
        "AI Governance Policy NW-POL-001 v2.3 §8 (p.4)",
    ),
    "TR-02": (
        "Every conversation opens with a disclosure that the end user is chatting with an AI assistant, and the "
        'disclosure cannot be switched off. End users can reach a human at any time by typing "agent" or selecting '
        '"Talk to a person"; handover then happens within 60 seconds during your staffed hours.',
        "AI Governance Policy NW-POL-001 v2.3 §8 (p.4); Production Monitoring and Rollback Runbook NW-RUN-007 v3.1 "
        "§7 (p.4)",
    ),
    "TP-01": (
        "The AI service uses two subprocessors: Aster Foundation Models Inc. (LLM inference in the EU region under "
        "zero "
        "data retention terms, no training) and Cobalt Sky Hosting (infrastructure in Dublin and Toronto). Each is "
        "assessed before onboarding and re-assessed annually by our Vendor Risk Manager, Lena Brandt, using the "
        "Supplier AI Assessment Questionnaire NW-FRM-014, and we give customers 30 days' notice of any new "
        "subprocessor.",
        "Data Processing Agreement NW-DPA-003 v4.2 §9 (p.4)",
    ),
    "TP-02": (
        "Responsibilities are set out in the shared responsibility matrix in our DPA. Northwind is responsible for the "
        "models, guardrails, monitoring, incident response and the AIMS and its certification; our model supplier for "
        "secure inference without data retention or training; and you, the customer, for your knowledge-base content, "
        "escalation rules and any additional end-user disclosure text. Dana Ortiz, Chief AI Risk Officer, is your "
        "accountable contact for AI governance.",
        "Data Processing Agreement NW-DPA-003 v4.2 §11 (p.5)",
    ),
}


# ---------------------------------------------------------------------------
# Brightpath Bots (weak vendor)
# ---------------------------------------------------------------------------

BP_ORG = "Brightpath Bots Inc."

BP_IRP = Doc(
    filename="BPB-IRP-01_Incident_Response_Plan.pdf",
    org=BP_ORG,
    title="Incident Response Plan",
    doc_id="BPB-IRP-01",
    version="1.0",
    doc_type="plan",
    meta=[
        ("Document ID", "BPB-IRP-01"),
        ("Version", "1.0"),
        ("Effective date", "2024-09-01"),
        ("Owner", "Engineering"),
    ],
    pages=[
        [
            ("h", "1. Purpose"),
            (
                "p",
                "This plan describes how Brightpath Bots responds to security and service incidents affecting the "
                "BrightChat platform, including incidents involving AI features.",
            ),
            ("h", "2. Scope"),
            ("p", "All production systems operated by Brightpath Bots."),
            ("h", "3. Incident handling"),
            (
                "p",
                "Incidents are reported to the engineering team, who assess them and take action as appropriate. "
                "Serious incidents may be escalated to management.",
            ),
        ],
        [
            ("h", "4. Customer notification"),
            (
                "p",
                "Affected customers will be notified within 72 hours of Brightpath confirming an incident. "
                "Notification is sent by email to the customer's account contact.",
            ),
            ("h", "5. Resolution"),
            (
                "p",
                "The engineering team will resolve incidents as quickly as reasonably possible and may publish a "
                "summary where appropriate.",
            ),
        ],
        [
            ("h", "6. Roles"),
            ("p", "The incident team is formed as appropriate for each incident."),
            ("h", "7. Review"),
            ("p", "This plan will be reviewed periodically."),
        ],
    ],
)

BP_CERT_DATA = {
    "body": "Calderwood Certification Bureau",
    "body_line": "Management system certification services",
    "number": "CCB-42K-0193",
    "holder": "Brightpath Bots Inc.",
    "address": "220 Meridian Avenue, Suite 400, Springfield",
    "scope": "The AI management system supporting the internal HR chatbot used by Brightpath Bots employees for "
    "leave and benefits questions.",
    "Certificate number": "CCB-42K-0193",
    "Initial certification date": "2024-04-01",
    "Issue date": "2024-04-01",
    "Valid until": "2025-03-31",
    "Surveillance": "Surveillance audit due before 2025-03-31",
    "conditions": "This certificate is valid only until the date shown above and only for the scope stated. It "
    "ceases to be valid if the required surveillance audit is not completed.",
    "signed_at": "Springfield, 2024-04-01",
    "signatory": "Owen Pritchard",
    "signatory_role": "Scheme Manager, Calderwood Certification Bureau",
}

BP_CERT = Doc(
    filename="ISO-IEC-42001_Certificate_CCB-42K-0193.pdf",
    org="Calderwood Certification Bureau",
    title="ISO/IEC 42001 Certificate",
    doc_id="CCB-42K-0193",
    version="",
    doc_type="certificate",
    meta=[],
    pages=[],
)

BP_TOS = Doc(
    filename="BPB-TOS_Terms_of_Service_v5.1.pdf",
    org=BP_ORG,
    title="BrightChat Terms of Service",
    doc_id="BPB-TOS",
    version="5.1",
    doc_type="contract",
    meta=[
        ("Document ID", "BPB-TOS"),
        ("Version", "5.1"),
        ("Effective date", "2025-07-01"),
    ],
    pages=[
        [
            ("h", "1. Agreement"),
            (
                "p",
                "These Terms of Service govern the Customer's use of the BrightChat platform provided by Brightpath "
                'Bots Inc. ("Brightpath"). By using the platform the Customer agrees to these Terms.',
            ),
            ("h", "2. Services"),
            (
                "p",
                "Brightpath provides AI-powered chatbot and customer-service automation services as described in "
                "the applicable order form.",
            ),
            ("h", "3. Fees"),
            ("p", "Fees are payable annually in advance. Volume discounts may apply."),
            ("h", "4. Customer obligations"),
            (
                "p",
                "The Customer is responsible for the content it uploads and for its end users' compliance with "
                "these Terms.",
            ),
        ],
        [
            ("h", "5. Acceptable use"),
            ("p", "The Customer shall not use the platform for unlawful purposes or to send unsolicited messages."),
            ("h", "6. Use of Customer Data"),
            ("p", "6.1 The Customer retains ownership of Customer Data."),
            (
                "p",
                "6.2 Brightpath may use de-identified customer conversations to improve and train its models and "
                "services.",
            ),
            (
                "p",
                "6.3 Brightpath retains Customer Data for as long as necessary for the purposes described in these "
                "Terms.",
            ),
            ("h", "7. Security"),
            ("p", "Brightpath uses commercially reasonable measures to protect Customer Data."),
        ],
        [
            ("h", "8. Limitation of liability"),
            (
                "p",
                "To the maximum extent permitted by law, Brightpath's liability is limited to the fees paid in the "
                "twelve months before the claim.",
            ),
            ("h", "9. Changes"),
            ("p", "Brightpath may update these Terms from time to time by posting a new version on its website."),
        ],
    ],
)

BP_BROCHURE = Doc(
    filename="BrightChat_Brochure_2025.pdf",
    org=BP_ORG,
    title="BrightChat Product Brochure",
    doc_id="BPB-MKT-2025",
    version="",
    doc_type="marketing",
    meta=[],
    pages=[],
)

BP_BROCHURE_PAGES = [
    {
        "headline": "BrightChat",
        "tagline": "Conversations that shine. AI that delivers.",
        "sections": [
            (
                "Industry-leading AI",
                "BrightChat's industry-leading AI understands your customers like never before. "
                "Deploy in minutes and delight customers from day one.",
            ),
            (
                "Responsible AI, built in",
                "We take AI safety very seriously. Robust safeguards and best-in-class "
                "governance are part of everything we build.",
            ),
            (
                "Enterprise-grade security",
                "Bank-grade encryption and world-class infrastructure keep your data safe and secure.",
            ),
        ],
        "stats": [("99%", "customer satisfaction"), ("500+", "brands trust us"), ("24/7", "always on")],
    },
    {
        "headline": "Why Brightpath?",
        "tagline": "The smartest way to scale customer service.",
        "sections": [
            (
                "Always learning",
                "BrightChat gets smarter with every conversation, continuously improving to give your "
                "customers the best possible experience.",
            ),
            ("Trusted and certified", "Our commitment to responsible AI is recognised by leading standards bodies."),
            ("Seamless integrations", "Connect to your CRM, helpdesk and messaging channels with one click."),
        ],
        "stats": [("10x", "faster responses"), ("60%", "lower costs")],
        "small_print": "Figures are illustrative and based on selected customer deployments. Results may vary. "
        "BrightChat is a trademark of Brightpath Bots Inc.",
    },
]

BP_STATEMENT = Doc(
    filename="Brightpath_Responsible_AI_Statement.pdf",
    org=BP_ORG,
    title="Responsible AI Statement",
    doc_id="BPB-RAI",
    version="1",
    doc_type="policy",
    meta=[
        ("Published", "March 2023"),
    ],
    pages=[
        [
            ("h", "Our commitment"),
            (
                "p",
                "At Brightpath Bots we believe AI should be safe, fair and transparent. We take AI safety very "
                "seriously and are committed to responsible innovation in everything we do.",
            ),
            ("h", "Our principles"),
            (
                "ul",
                [
                    "Fairness: we strive to treat all users fairly.",
                    "Transparency: we aim to be open about how our AI works where appropriate.",
                    "Accountability: our leadership team is collectively responsible for AI.",
                    "Safety: we use robust safeguards to prevent harm.",
                ],
            ),
        ],
        [
            ("h", "Putting principles into practice"),
            (
                "p",
                "Our teams consider these principles when designing and improving BrightChat. Where issues are "
                "identified, we address them as appropriate. We may update this statement from time to time.",
            ),
        ],
    ],
)

BP_DOCS = [BP_IRP, BP_CERT, BP_TOS, BP_BROCHURE, BP_STATEMENT]

BP_PASTED = (
    "At Brightpath Bots, we take AI safety very seriously. Our industry-leading platform is built on robust, "
    "enterprise-grade safeguards and a culture of responsible innovation. Brightpath’s experienced team continuously "
    "monitors, tests and improves our models using best-in-class tools and processes, and we work closely with our "
    "partners to identify and mitigate risks as appropriate. We are committed to transparency, fairness and "
    "accountability, and we regularly review our practices to make sure they stay aligned with evolving industry "
    "standards and regulations – so you can deploy BrightChat with complete confidence."
)

# (question_id, question text or None to take it from the bank, answer, evidence)
# Deliberately left out entirely: LI-02 (audit findings) and TI-02 (isolation testing).
BP_ROWS: list[tuple[str, str | None, str, str]] = [
    (
        "HR-01",
        None,
        "We take AI safety very seriously. Our team continuously looks for potential issues and addresses them as "
        "appropriate.",
        "Responsible AI Statement",
    ),
    ("HR-02", None, BP_PASTED, ""),
    (
        "",
        "Who in your company owns governance of AI, and how do you make accountability decisions?",
        "Our leadership team is collectively responsible for AI. Decisions are made collaboratively with the relevant "
        "stakeholders.",
        "Responsible AI Statement",
    ),
    ("OW-02", None, "Concerns can be raised with our support team, who will look into them as appropriate.", ""),
    (
        "",
        "How is model performance monitored once live, and what would trigger a review or a rollback?",
        "We use robust, industry-leading monitoring tools and may roll back a model if we see issues.",
        "",
    ),
    ("MO-02", None, "Yes", ""),
    ("MO-03", None, "Logs are retained in line with our policies.", ""),
    (
        "IR-01",
        None,
        "Our incident process is robust and ensures issues are handled quickly. See attached.",
        "Incident Response Plan",
    ),
    (
        "IR-02",
        None,
        "We notify affected customers within 24 hours of any incident.",
        "Brightpath Incident Response Plan BPB-IRP-01",
    ),
    ("IR-03", None, BP_PASTED, ""),
    ("DT-01", None, "No – we never train on customer data. Your conversations are yours.", "Terms of Service"),
    ("DT-02", None, "Our models are trained on high-quality data from trusted sources.", ""),
    (
        "RP-01",
        None,
        "We retain data only as long as needed and protect it with bank-grade encryption.",
        "BrightChat brochure",
    ),
    ("RP-02", None, "See attached", "Terms of Service"),
    (
        "OC-01",
        None,
        "Our AI is designed to give accurate, on-brand responses. Responses may be reviewed where appropriate.",
        "",
    ),
    ("OC-02", None, "Yes", ""),
    (
        "IR-01",
        None,
        "Incidents are escalated to the engineering team and resolved as quickly as possible – typically the same day.",
        "",
    ),
    (
        "SP-01",
        None,
        "Our AI governance is integrated with our information security and privacy management systems.",
        "",
    ),
    ("SP-02", None, BP_PASTED, "BrightChat brochure"),
    (
        "LI-01",
        None,
        "Leadership reviews the AI management system at planned intervals to make sure it remains suitable, adequate "
        "and effective, and considers opportunities for improvement as appropriate.",
        "",
    ),
    ("LI-03", None, "We are committed to continuous improvement.", ""),
    ("CE-01", None, "Yes – we are ISO/IEC 42001 certified. Certificate attached.", "ISO 42001 certificate (attached)"),
    ("CE-02", None, "We follow industry best practices and align with leading frameworks.", ""),
    (
        "",
        "What stops data belonging to one client from showing up in another client's AI conversations?",
        "Customer data is kept secure and separate using robust, enterprise-grade controls.",
        "",
    ),
    ("TR-01", None, "", ""),
    (
        "",
        "Will people chatting with the bot know it's an AI, and can they get to a real person?",
        "Users can always ask to speak to a person.",
        "",
    ),
    ("TP-01", None, "N/A", ""),
    (
        "TP-02",
        None,
        "Responsibilities are shared as appropriate between Brightpath, our partners and the customer.",
        "",
    ),
    (
        "COM-01",
        "Do you offer a volume discount for multi-year contracts?",
        "Yes – discounts of up to 20% are available for 3-year commitments. Please contact your account manager, "
        "Chloé Martin.",
        "Price list 2026",
    ),
]


# ---------------------------------------------------------------------------
# Facts that the README documents and the tests rely on
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    vendor: str
    question_id: str
    answer_says: str  # phrase that must appear in the vendor's answer ("" = no check)
    filename: str
    page: int
    document_says: str  # phrase that must appear on that PDF page
    kind: str = "match"  # "match" or "contradiction"


FACTS: list[Fact] = [
    # Northwind Assist: answers agree with the evidence.
    Fact(NORTHWIND, "HR-01", "at least every 6 months", NW_PROCEDURE.filename, 1, "at least every 6 months"),
    Fact(NORTHWIND, "HR-01", "14 harm categories", NW_PROCEDURE.filename, 2, "14 harm categories"),
    Fact(NORTHWIND, "HR-01", "scoring 12 or above", NW_PROCEDURE.filename, 2, "scoring 12 or above"),
    Fact(
        NORTHWIND,
        "HR-02",
        "life of the system plus 3 years",
        NW_PROCEDURE.filename,
        3,
        "life of the system plus 3 years",
    ),
    Fact(
        NORTHWIND,
        "OW-01",
        "Dana Ortiz, our Chief AI Risk Officer",
        NW_POLICY.filename,
        2,
        "The Chief AI Risk Officer, Dana Ortiz, is the accountable owner of AI governance",
    ),
    Fact(NORTHWIND, "OW-01", "meets monthly", NW_POLICY.filename, 2, "meets monthly"),
    Fact(NORTHWIND, "OW-01", "within 5 business days", NW_POLICY.filename, 2, "within 5 business days"),
    Fact(NORTHWIND, "OW-02", "within 2 business days", NW_POLICY.filename, 3, "within 2 business days"),
    Fact(NORTHWIND, "MO-01", "every 15 minutes", NW_RUNBOOK.filename, 1, "every 15 minutes"),
    Fact(
        NORTHWIND,
        "MO-01",
        "drops below 92% over a 2-hour window",
        NW_RUNBOOK.filename,
        2,
        "drops below 92% over a 2-hour window",
    ),
    Fact(NORTHWIND, "MO-01", "above 1.5% over 1 hour", NW_RUNBOOK.filename, 2, "above 1.5% over 1 hour"),
    Fact(NORTHWIND, "MO-01", "within 30 minutes", NW_RUNBOOK.filename, 2, "within 30 minutes"),
    Fact(NORTHWIND, "MO-02", "2,400 scripted conversations", NW_RUNBOOK.filename, 3, "2,400 scripted conversations"),
    Fact(NORTHWIND, "MO-02", "97% pass rate", NW_RUNBOOK.filename, 3, "97% pass rate"),
    Fact(NORTHWIND, "MO-02", "5% of traffic for 48 hours", NW_RUNBOOK.filename, 3, "5% of traffic for 48 hours"),
    Fact(NORTHWIND, "OC-01", "grounding score below 0.80", NW_RUNBOOK.filename, 3, "grounding score below 0.80"),
    Fact(NORTHWIND, "OC-01", "above EUR 200", NW_RUNBOOK.filename, 3, "above EUR 200"),
    Fact(NORTHWIND, "OC-02", "below 0.70", NW_RUNBOOK.filename, 4, "below 0.70"),
    Fact(NORTHWIND, "OC-02", "within 60 seconds", NW_RUNBOOK.filename, 4, "within 60 seconds"),
    Fact(NORTHWIND, "MO-03", "retained for 13 months", NW_RUNBOOK.filename, 4, "retained for 13 months"),
    Fact(NORTHWIND, "IR-01", "more than 500 conversations", NW_IRP.filename, 1, "more than 500 conversations"),
    Fact(NORTHWIND, "IR-01", "within 15 minutes", NW_IRP.filename, 2, "within 15 minutes"),
    Fact(NORTHWIND, "IR-01", "within 30 minutes", NW_IRP.filename, 2, "within 30 minutes"),
    Fact(
        NORTHWIND,
        "IR-02",
        "notify affected customers within 24 hours",
        NW_IRP.filename,
        3,
        "notify affected customers within 24 hours",
    ),
    Fact(NORTHWIND, "IR-02", "within 10 business days", NW_IRP.filename, 3, "within 10 business days"),
    Fact(NORTHWIND, "IR-03", "within 5 business days", NW_IRP.filename, 4, "within 5 business days"),
    Fact(NORTHWIND, "IR-03", "NW-REG-005", NW_IRP.filename, 4, "NW-REG-005"),
    Fact(NORTHWIND, "CE-01", "AIMS-2025-04471", NW_CERT.filename, 1, "AIMS-2025-04471"),
    Fact(NORTHWIND, "CE-01", "valid until 2028-06-29", NW_CERT.filename, 1, "Valid until: 2028-06-29"),
    Fact(
        NORTHWIND,
        "CE-01",
        "Meridian Conformity Assessment Ltd",
        NW_CERT.filename,
        1,
        "Meridian Conformity Assessment Ltd",
    ),
    Fact(
        NORTHWIND,
        "CE-01",
        "(Chat, Agent Assist and Smart Routing)",
        NW_CERT.filename,
        1,
        "(Chat, Agent Assist and Smart Routing)",
    ),
    Fact(
        NORTHWIND,
        "DT-01",
        "train, fine-tune, evaluate or otherwise improve any machine-learning model",
        NW_DPA.filename,
        2,
        "train, fine-tune, evaluate or otherwise improve any machine-learning model",
    ),
    Fact(NORTHWIND, "RP-01", "retained for 90 days", NW_DPA.filename, 2, "retained for 90 days"),
    Fact(NORTHWIND, "RP-01", "between 30 and 365 days", NW_DPA.filename, 2, "between 30 and 365 days"),
    Fact(NORTHWIND, "RP-01", "retained for 13 months", NW_DPA.filename, 2, "retained for 13 months"),
    Fact(NORTHWIND, "RP-02", "within 30 days", NW_DPA.filename, 3, "within 30 days"),
    Fact(NORTHWIND, "RP-02", "within 14 days", NW_DPA.filename, 3, "within 14 days"),
    Fact(NORTHWIND, "RP-01", "AES-256", NW_DPA.filename, 3, "AES-256"),
    Fact(NORTHWIND, "TI-01", "its own vector index", NW_DPA.filename, 4, "its own vector index"),
    Fact(
        NORTHWIND,
        "TI-02",
        "320 cross-tenant test cases with 0 findings",
        NW_DPA.filename,
        4,
        "320 cross-tenant test cases with 0 findings",
    ),
    Fact(NORTHWIND, "TP-01", "NW-FRM-014", NW_DPA.filename, 4, "NW-FRM-014"),
    Fact(NORTHWIND, "IR-02", "within 24 hours", NW_DPA.filename, 4, "within 24 hours"),
    Fact(NORTHWIND, "TP-02", "shared responsibility matrix", NW_DPA.filename, 5, "Shared responsibility matrix"),
    Fact(NORTHWIND, "SP-01", "ISMS-55120", NW_POLICY.filename, 3, "ISMS-55120"),
    Fact(NORTHWIND, "SP-01", "NW-REG-002", NW_POLICY.filename, 3, "NW-REG-002"),
    Fact(NORTHWIND, "DT-02", "98% label accuracy", NW_POLICY.filename, 1, "98% label accuracy"),
    Fact(
        NORTHWIND,
        "LI-03",
        "no more than 2 SEV1 incidents per year",
        NW_POLICY.filename,
        4,
        "no more than 2 SEV1 incidents per year",
    ),
    Fact(NORTHWIND, "TR-01", "NW-DOC-020", NW_POLICY.filename, 4, "NW-DOC-020"),
    Fact(NORTHWIND, "SP-02", "1,850 attack prompts", NW_PROCEDURE.filename, 4, "1,850 attack prompts"),
    Fact(NORTHWIND, "LI-02", "2025-11-17 to 2025-11-21", NW_AUDIT.filename, 1, "2025-11-17 to 2025-11-21"),
    Fact(
        NORTHWIND,
        "LI-02",
        "0 major nonconformities, 2 minor nonconformities and 3 opportunities for improvement",
        NW_AUDIT.filename,
        2,
        "0 major nonconformities, 2 minor nonconformities and 3 opportunities for improvement",
    ),
    Fact(NORTHWIND, "LI-02", "3 of 18", NW_AUDIT.filename, 2, "3 of 18"),
    Fact(NORTHWIND, "LI-02", "2026-01-07", NW_AUDIT.filename, 3, "2026-01-07"),
    Fact(NORTHWIND, "LI-01", "2025-12-11", NW_AUDIT.filename, 4, "2025-12-11"),
    Fact(NORTHWIND, "LI-01", "from 90% to 92%", NW_AUDIT.filename, 4, "from 90% to 92%"),
    Fact(NORTHWIND, "LI-01", "2026-03-12", NW_AUDIT.filename, 4, "2026-03-12"),
    # Brightpath Bots: answers contradict the evidence.
    Fact(BRIGHTPATH, "IR-02", "within 24 hours", BP_IRP.filename, 2, "within 72 hours", "contradiction"),
    Fact(
        BRIGHTPATH,
        "CE-01",
        "we are ISO/IEC 42001 certified",
        BP_CERT.filename,
        1,
        "Valid until: 2025-03-31",
        "contradiction",
    ),
    Fact(
        BRIGHTPATH,
        "CE-01",
        "we are ISO/IEC 42001 certified",
        BP_CERT.filename,
        1,
        "internal HR chatbot",
        "contradiction",
    ),
    Fact(
        BRIGHTPATH,
        "DT-01",
        "we never train on customer data",
        BP_TOS.filename,
        2,
        "may use de-identified customer conversations to improve and train its models",
        "contradiction",
    ),
    Fact(BRIGHTPATH, "", "", BP_BROCHURE.filename, 1, "industry-leading", "marketing"),
]


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def _fresh_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.pdf"):
        old.unlink()


def build_northwind(bank: dict[str, str]) -> Path:
    root = VENDORS_DIR / NORTHWIND
    evidence = root / "evidence"
    _fresh_dir(evidence)
    for doc in NW_DOCS:
        if doc is NW_CERT:
            render_certificate(doc, evidence / doc.filename, NW_CERT_DATA)
        else:
            render_document(doc, evidence / doc.filename)

    missing = [qid for qid in bank if qid not in NW_ANSWERS]
    extra = [qid for qid in NW_ANSWERS if qid not in bank]
    if missing or extra:
        raise SystemExit(f"Northwind answers out of step with the bank: missing {missing}, not in bank {extra}")
    rows = [[qid, text, NW_ANSWERS[qid][0], NW_ANSWERS[qid][1]] for qid, text in bank.items()]
    write_xlsx(root / "answers.xlsx", "Answers", ["question_id", "question", "answer", "evidence"], rows)

    write_yaml(
        root / "vendor.yaml",
        {
            "name": "Northwind Assist",
            "legal_name": NW_ORG,
            "product": "Northwind Assist Cloud (Chat, Agent Assist, Smart Routing)",
            "profile": "strong",
            "description": "Fictional vendor whose answers are specific (named owners, metrics, thresholds, cadences, "
            "deadlines, document ids) and backed by the attached evidence.",
            "contact": {
                "name": "Dana Ortiz",
                "role": "Chief AI Risk Officer",
                "email": "dana.ortiz@northwind-assist.example",
            },
            "answers": "answers.xlsx",
            "evidence": [
                {"file": f"evidence/{d.filename}", "title": d.title, "doc_id": d.doc_id, "type": d.doc_type}
                for d in NW_DOCS
            ],
        },
    )
    return root


def build_brightpath(bank: dict[str, str]) -> Path:
    root = VENDORS_DIR / BRIGHTPATH
    evidence = root / "evidence"
    _fresh_dir(evidence)
    for doc in BP_DOCS:
        if doc is BP_CERT:
            render_certificate(doc, evidence / doc.filename, BP_CERT_DATA)
        elif doc is BP_BROCHURE:
            render_brochure(doc, evidence / doc.filename, BP_BROCHURE_PAGES)
        else:
            render_document(doc, evidence / doc.filename)

    rows = []
    for qid, question, answer, ev in BP_ROWS:
        if question is None:
            if qid not in bank:
                raise SystemExit(f"Brightpath row {qid} is not in the bank")
            question = bank[qid]
        rows.append([qid, question, answer, ev])
    write_csv_cp1252(root / "answers.csv", ["question_id", "question", "answer", "evidence"], rows)

    write_yaml(
        root / "vendor.yaml",
        {
            "name": "Brightpath Bots",
            "legal_name": BP_ORG,
            "product": "BrightChat",
            "profile": "weak",
            "description": "Fictional vendor whose answers are vague marketing language, with gaps, duplicates and "
            "claims that its own evidence contradicts.",
            "contact": {"name": "Chloé Martin", "role": "Account Manager", "email": "sales@brightpath-bots.example"},
            "answers": "answers.csv",
            "answers_encoding": "cp1252",
            "evidence": [
                {"file": f"evidence/{d.filename}", "title": d.title, "doc_id": d.doc_id, "type": d.doc_type}
                for d in BP_DOCS
            ],
        },
    )
    return root


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def verify() -> list[str]:
    """Re-read the outputs; return a list of problems (empty when all is well)."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    problems: list[str] = []
    page_counts = {}
    page_text: dict[tuple[str, str], list[str]] = {}
    expected_pages = {d.filename: (len(d.pages) or 1) for d in NW_DOCS + BP_DOCS}
    expected_pages[BP_BROCHURE.filename] = len(BP_BROCHURE_PAGES)
    for vendor in (NORTHWIND, BRIGHTPATH):
        for pdf_path in sorted((VENDORS_DIR / vendor / "evidence").glob("*.pdf")):
            reader = PdfReader(pdf_path)
            texts = [_norm(page.extract_text() or "") for page in reader.pages]
            page_text[(vendor, pdf_path.name)] = texts
            page_counts[pdf_path.name] = len(texts)
            if len(texts) != expected_pages.get(pdf_path.name):
                problems.append(f"{pdf_path.name}: {len(texts)} pages, expected {expected_pages.get(pdf_path.name)}")
            for number, text in enumerate(texts, start=1):
                if len(text) < 40:
                    problems.append(f"{pdf_path.name} p.{number}: no text layer")
                if f"Page {number} of {len(texts)}" not in text:
                    problems.append(f"{pdf_path.name} p.{number}: footer page number missing")

    wb = load_workbook(VENDORS_DIR / NORTHWIND / "answers.xlsx", read_only=True)
    nw_answers = {row[0]: _norm(row[2] or "") for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)}
    wb.close()
    raw = (VENDORS_DIR / BRIGHTPATH / "answers.csv").read_bytes()
    try:
        raw.decode("utf-8")
        problems.append("brightpath answers.csv decodes as UTF-8; it must be cp1252-only")
    except UnicodeDecodeError:
        pass
    bp_answers: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(raw.decode("cp1252"), newline="")):
        bp_answers.setdefault(row["question_id"], "")
        bp_answers[row["question_id"]] += " " + _norm(row["answer"])
    answers = {NORTHWIND: nw_answers, BRIGHTPATH: bp_answers}

    for fact in FACTS:
        texts = page_text.get((fact.vendor, fact.filename))
        if texts is None:
            problems.append(f"{fact.filename}: not generated")
            continue
        if fact.page > len(texts) or fact.document_says not in texts[fact.page - 1]:
            where = [i for i, t in enumerate(texts, start=1) if fact.document_says in t]
            problems.append(f"{fact.filename} p.{fact.page}: '{fact.document_says}' not found (found on {where})")
        if fact.answer_says and fact.answer_says not in answers[fact.vendor].get(fact.question_id, ""):
            problems.append(f"{fact.vendor} {fact.question_id}: answer does not say '{fact.answer_says}'")
    return problems


def main() -> int:
    bank = load_bank()
    build_northwind(bank)
    build_brightpath(bank)
    try:
        import pypdf  # noqa: F401
    except ImportError:
        print("pypdf not installed: skipped verification of the generated PDFs")
        return 0
    problems = verify()
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"Wrote {VENDORS_DIR.relative_to(REPO)}/{{{NORTHWIND},{BRIGHTPATH}}}; {len(FACTS)} facts verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
