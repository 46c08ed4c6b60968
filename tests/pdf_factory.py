"""Real PDFs for tests, generated on the fly: text, encrypted, image-only, damaged and hostile ones."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


def text_pdf(path: Path, pages: Sequence[str | Sequence[str]], title: str | None = None) -> Path:
    """A PDF with one page per entry; an entry is a paragraph or a list of paragraphs (first one bold)."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        paragraphs = [page] if isinstance(page, str) else list(page)
        for index, paragraph in enumerate(paragraphs):
            bold = index == 0 and len(paragraphs) > 1
            pdf.set_font("Helvetica", "B" if bold else "", 16 if bold else 11)
            pdf.multi_cell(0, 8 if bold else 6, paragraph)
            pdf.ln(4)
    pdf.output(str(path))
    return path


def encrypted_pdf(source: Path, path: Path, user_password: str, algorithm: str) -> Path:
    """A copy of ``source`` encrypted with pypdf; an empty user password opens without asking."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """Pages with drawn shapes and no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        for row in range(10):
            pdf.rect(20, 20 + row * 20, 170, 8, style="F")
    pdf.output(str(path))
    return path


def hand_built_pdf(objects: Sequence[bytes]) -> bytes:
    """Serialise numbered objects (1, 2, ...) with a correct xref table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def slow_pdf(path: Path, pages: int = 50, operators: int = 100_000) -> Path:
    """A tiny, valid PDF whose pages share one compressed content stream of many text operators.

    Extracting the text takes pypdf seconds per page, so the whole file takes
    minutes: the shape of a hostile "parsing bomb".
    """
    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj " * operators + b"ET", 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        *[page] * pages,
    ]
    path.write_bytes(hand_built_pdf(objects))
    return path


def memory_bomb_pdf(path: Path, megabytes: int = 70) -> Path:
    """A small PDF whose single content stream inflates to ``megabytes`` of text operators."""
    block = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n"
    content = zlib.compress(block * (megabytes * 1024 * 1024 // len(block)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
    ]
    path.write_bytes(hand_built_pdf(objects))
    return path
