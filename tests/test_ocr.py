"""Scanned PDFs (pages without a text layer) are read by local OCR, and what OCR read is marked as such."""

import io
import socket
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from assessor.evidence import ingest, ocr
from assessor.evidence.model import cite

from .conftest import AS_OF
from .pdf_factory import text_pdf
from .test_flags import question, run

CERTIFICATE = ["Certificate of Registration", "ISO/IEC 42001:2023", "Certificate number: AIMS-2024-0137",
               "Valid until: 2025-03-31"]  # fmt: skip
CERT_QUESTION = "Are you certified against ISO/IEC 42001, and what does the certificate cover?"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def scanned_page(lines: list[str]) -> Image.Image:
    """An A4 page at 150 dpi with the lines drawn in a large clear font, as a scanner would give it."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((120, 200 + number * 150), line, fill="black", font=_font(64 if number == 0 else 44))
    return image


def image_pdf(path: Path, pages: list[Image.Image]) -> Path:
    pages[0].save(path, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    assert not any(page.extract_text().strip() for page in PdfReader(path).pages), "the scan has a text layer"
    return path


def blank_page() -> Image.Image:
    return Image.new("RGB", (1240, 1754), "white")


@pytest.mark.slow
def test_scanned_certificate_is_read_by_ocr_marked_cited_and_cached(tmp_path):
    scan = image_pdf(tmp_path / "scan.pdf", [scanned_page(CERTIFICATE)])
    first = ingest([scan])
    (doc,) = first.documents
    assert first.problems == ()
    assert "Certificate of Registration" in doc.pages[0] and "42001" in doc.pages[0]
    assert doc.passages and all(passage.ocr for passage in doc.passages)
    assert doc.passages[0].citation == "scan.pdf p.1 (OCR)"
    assert doc.doc_type == "certificate"
    assert doc.valid_until is not None and doc.valid_until.isoformat() == "2025-03-31"
    assert ingest([scan]) == first  # served from the cache, OCR marks and all


@pytest.mark.slow
def test_ocr_models_load_from_the_package_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(ocr, "_engine", None)
    buffer = io.BytesIO()
    scanned_page(CERTIFICATE).save(buffer, "PDF", resolution=150)
    assert "Valid until" in ocr.read_pages(buffer.getvalue(), [1])[1]
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    package = DEFAULT_CFG_PATH.parent
    config = update_model_path(read_yaml(DEFAULT_CFG_PATH))
    for part in ("Det", "Cls", "Rec"):  # the models the engine loads are files inside the installed package
        assert Path(config[part]["model_path"]).is_file()
        assert Path(config[part]["model_path"]).is_relative_to(package)


def test_blank_scanned_page_is_reported_by_page_and_the_text_is_kept(tmp_path):
    text = text_pdf(tmp_path / "text.pdf", ["AI Policy. The Chief AI Officer owns AI risk."])
    blank = image_pdf(tmp_path / "blank.pdf", [blank_page()])
    writer = PdfWriter()
    for source in (text, blank):
        writer.append(str(source))
    mixed = tmp_path / "policy.pdf"
    with mixed.open("wb") as handle:
        writer.write(handle)
    result = ingest([mixed], use_cache=False)
    (doc,) = result.documents
    assert doc.page_count == 2 and not any(passage.ocr for passage in doc.passages)
    (problem,) = result.problems
    assert problem.code == "unread_pages"
    assert problem.message.startswith("policy.pdf: no text on page 2, even by OCR")


def test_all_blank_scan_is_a_needs_ocr_problem(tmp_path):
    blank = image_pdf(tmp_path / "blank.pdf", [blank_page(), blank_page()])
    (problem,) = ingest([blank], use_cache=False).problems
    assert problem.code == "needs_ocr"
    assert "OCR found no text on them either" in problem.message


def test_citation_says_ocr():
    assert cite("scan.pdf", 1, ocr=True) == "scan.pdf p.1 (OCR)"
    assert cite("scan.pdf", 1) == "scan.pdf p.1"


@pytest.mark.slow
def test_expired_scanned_certificate_contradicts_the_certification_claim(engine, tmp_path):
    folder = tmp_path / "evidence"
    folder.mkdir()
    image_pdf(folder / "certificate.pdf", [scanned_page(CERTIFICATE)])
    answer = "We are certified to ISO/IEC 42001 for the whole platform."
    assessment = run(engine, tmp_path, [["CE-01", CERT_QUESTION, answer, ""]])
    result = question(assessment, "CE-01")
    (check,) = [c for c in result.evidence.checks if c.kind == "certification"]
    assert check.status == "contradicted" and "expired on 2025-03-31" in check.explanation
    assert check.ocr and check.citation == "certificate.pdf p.1 (OCR)"
    assert check.to_dict()["ocr"] is True
    assert AS_OF.isoformat() > "2025-03-31"
