"""Evidence bounded like PDFs: characters per document, a time budget for the whole set, garbled text, and files
whose content is another format than their extension says."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import docx
import pytest

from assessor.evidence import PROBLEM_CODES, IngestLimits, ingest, model
from assessor.evidence.garbled import looks_garbled, measure
from assessor.evidence.model import PROBLEMS
from scoring.config import load_config

from .pdf_factory import hand_built_pdf, slow_pdf, text_pdf

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
)
POLICY = "AI Policy. The Chief AI Officer owns AI risk and reviews the model register every quarter."


def _words(seed: int, count: int) -> str:
    """Distinct pseudo-words, so no compression or caching can shortcut the text."""
    rng = random.Random(seed)
    return " ".join("".join(rng.choice("bcdfghklmnprstvaeiou") for _ in range(rng.randint(2, 8))) for _ in range(count))


def _stream(body: bytes) -> bytes:
    data = zlib.compress(body, 6)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf(pages: list[bytes], font: bytes = FONT, extra: tuple[bytes, ...] = ()) -> bytes:
    """A PDF whose pages show the given content streams in font /F1; ``extra`` objects follow the pages."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages)]
    objects.append(font)
    for number, content in enumerate(pages):
        objects += [PAGE % (5 + 2 * number), _stream(content)]
    return hand_built_pdf([*objects, *extra])


def _lines(text: str, width: int = 90) -> bytes:
    words, lines, line = text.split(), [], []
    for word in words:
        line.append(word)
        if sum(map(len, line)) > width:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    shown = b"".join(b"(" + line.encode("latin-1") + b") Tj T* " for line in lines if line)
    return b"BT /F1 10 Tf 12 TL 40 750 Td " + shown + b"ET"


def _codes(result) -> dict[str, str]:
    return {problem.doc_id: problem.code for problem in result.problems}


# --- characters per document ---------------------------------------------------------------------------------------

# Run in a child under a 1.5 GB address-space cap: a text file is read in the caller's own process.
_READ_CAPPED = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from assessor.evidence import ingest
started = time.monotonic()
result = ingest([sys.argv[1]], use_cache=False)
elapsed = time.monotonic() - started
(document,) = result.documents
print(json.dumps({"elapsed": elapsed, "chars": sum(map(len, document.pages)), "start": document.pages[0][:200],
                  "cited": [p.text for p in document.passages[:3]],
                  "problems": [[p.code, p.message] for p in result.problems]}))
"""


def test_a_48_mb_text_file_is_read_to_the_character_limit_in_seconds(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    block = (POLICY + " " + _words(1, 2000) + ".\n\n").encode()
    with big.open("wb") as stream:
        while stream.tell() < 48 * 1024 * 1024:
            stream.write(block)
    root = Path(__file__).resolve().parents[1]
    child = subprocess.run(
        [sys.executable, "-c", _READ_CAPPED, str(big)], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert child.returncode == 0, child.stderr[-2000:]
    read = json.loads(child.stdout)
    assert read["elapsed"] < 20, f"took {read['elapsed']:.1f} s"
    assert read["chars"] == IngestLimits().max_chars
    assert read["start"].startswith(POLICY)
    assert any("Chief AI Officer owns AI risk" in text for text in read["cited"])  # the part read is evidence
    ((code, message),) = read["problems"]
    assert code == "text_cut"
    assert "read the first 2,000,000 characters of 48.0 MB; the rest is not used" in message


def test_a_cut_text_file_keeps_whole_characters(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Réglementation de l'été: déjà vérifiée. " * 2000, encoding="utf-8")
    result = ingest([path], limits=IngestLimits(max_chars=1000), use_cache=False)
    (document,) = result.documents
    assert len(document.pages[0]) <= 1000 and "Ã" not in document.pages[0] and "é" in document.pages[0]
    assert _codes(result) == {"notes.md": "text_cut"}


def test_a_pdf_with_millions_of_distinct_characters_stops_extracting_at_the_limit(tmp_path: Path) -> None:
    pages = [_lines(_words(seed, 100_000)) for seed in range(4)]  # about 2.4 million characters
    path = tmp_path / "flood.pdf"
    path.write_bytes(_pdf(pages))
    good = text_pdf(tmp_path / "policy.pdf", [POLICY])
    started = time.monotonic()
    result = ingest([path, good], limits=IngestLimits(max_chars=300_000), use_cache=False)
    elapsed = time.monotonic() - started
    assert elapsed < 15, f"took {elapsed:.1f} s"
    flood = next(d for d in result.documents if d.doc_id == "flood.pdf")
    assert sum(map(len, flood.pages)) == 300_000 and flood.page_count == 1
    (problem,) = result.problems
    assert problem.code == "text_cut" and "up to page 1" in problem.message
    assert "policy.pdf" in {d.doc_id for d in result.documents}


def test_one_huge_pdf_page_is_not_extracted_whole(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(_pdf([_lines(_words(7, 400_000))]))  # one page of about 2 million characters
    started = time.monotonic()
    result = ingest([path], limits=IngestLimits(max_chars=20_000), use_cache=False)
    assert time.monotonic() - started < 15
    (document,) = result.documents
    assert len(document.pages[0]) == 20_000
    assert _codes(result) == {"page.pdf": "text_cut"}


def test_a_page_of_one_endless_string_is_still_read_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "string.pdf"
    path.write_bytes(_pdf([b"BT /F1 10 Tf 40 750 Td (" + _words(3, 200_000).encode() + b") Tj ET"]))
    started = time.monotonic()
    result = ingest([path], limits=IngestLimits(max_chars=20_000), use_cache=False)
    assert time.monotonic() - started < 20
    (document,) = result.documents
    assert len(document.pages[0]) == 20_000
    assert _codes(result) == {"string.pdf": "text_cut"}


def test_html_and_docx_are_cut_at_the_limit(tmp_path: Path) -> None:
    (tmp_path / "trust.html").write_text(
        "<html><body>" + "".join(f"<p>{POLICY} Item {n}.</p>" for n in range(20_000)) + "</body></html>"
    )
    document = docx.Document()
    for n in range(3000):
        document.add_paragraph(f"{POLICY} Clause {n}.")
    document.save(tmp_path / "policy.docx")
    result = ingest([tmp_path], limits=IngestLimits(max_chars=5000), use_cache=False)
    assert _codes(result) == {"trust.html": "text_cut", "policy.docx": "text_cut"}
    for read in result.documents:
        assert len(read.pages[0]) <= 5000 and read.pages[0].startswith("AI Policy.")


def test_a_cut_extraction_is_not_cached_as_the_whole_document(tmp_path: Path) -> None:
    path = tmp_path / "trust.html"
    path.write_text("<html><body>" + "".join(f"<p>{POLICY} Item {n}.</p>" for n in range(200)) + "</body></html>")
    small = ingest([path], limits=IngestLimits(max_chars=1000))
    whole = ingest([path])
    assert len(small.documents[0].pages[0]) <= 1000 and _codes(small) == {"trust.html": "text_cut"}
    assert len(whole.documents[0].pages[0]) > 10_000 and not whole.problems
    again = ingest([path], limits=IngestLimits(max_chars=1000))  # the whole one, cached, is cut on reading
    assert again.documents[0].pages == small.documents[0].pages and _codes(again) == {"trust.html": "text_cut"}


# --- a time budget for the whole evidence set ----------------------------------------------------------------------


def test_the_evidence_budget_bounds_the_whole_run_and_names_what_was_left(tmp_path: Path) -> None:
    slow = [slow_pdf(tmp_path / f"slow-{n}.pdf", pages=50 + n) for n in range(6)]  # six different files
    notes = tmp_path / "notes.txt"
    notes.write_text(POLICY)
    started = time.monotonic()
    result = ingest([notes, *slow], limits=IngestLimits(timeout_s=60, budget_s=3), workers=2, use_cache=False)
    elapsed = time.monotonic() - started
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert [d.doc_id for d in result.documents] == ["notes.txt"]
    messages = {p.doc_id: p.message for p in result.problems}
    assert {p.code for p in result.problems} == {"over_budget"} and set(messages) == {p.name for p in slow}
    stopped = [m for m in messages.values() if "stopped part-way: the evidence budget of 3 s was spent" in m]
    unread = [m for m in messages.values() if "not read: the evidence budget of 3 s was spent" in m]
    assert len(stopped) == 2 and len(unread) == 4


def test_a_spent_budget_leaves_even_text_files_unread(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(POLICY)
    result = ingest([tmp_path], limits=IngestLimits(budget_s=0), use_cache=False)
    assert not result.documents
    (problem,) = result.problems
    assert problem.code == "over_budget" and problem.message == "a.txt: not read: the evidence budget of 0 s was spent"


# --- garbled text --------------------------------------------------------------------------------------------------

REAL = {
    "english": "The Chief AI Officer owns AI risk and reviews the register every quarter. Models are assessed "
    "against ISO/IEC 42001:2023 clause 6.1.2 before deployment, and the results are reported to the Board. "
    "Incidents are triaged within four hours by the on-call engineer and customers are told within 72 hours. "
    "Strengths and weaknesses of each model are written down in its model card, which the owner signs.",
    "french": "Le responsable de l'intelligence artificielle examine chaque trimestre le registre des risques. "
    "Les modèles sont évalués avant leur déploiement et les résultats sont communiqués au conseil "
    "d'administration. Nous conservons les journaux pendant douze mois et nous répondons aux incidents en "
    "quatre heures. Les données personnelles ne sont pas utilisées pour l'entraînement sans consentement.",
    "german": "Der Datenschutzbeauftragte überprüft vierteljährlich das Risikoregister. Alle Modelle werden vor "
    "der Einführung gemäß ISO/IEC 42001 bewertet, und die Ergebnisse werden der Geschäftsführung berichtet. "
    "Die Rechtsschutzversicherung deckt Schäden aus fehlerhaften Empfehlungen. Wir löschen personenbezogene "
    "Daten nach zwölf Monaten und dokumentieren jede Änderung im Änderungsprotokoll.",
    "technical": "SHA-256 digests (3f2504e0-4f89-11d3-9a0c-0305e82c3301) are kept in AWS KMS; k8s pods run x86_64 "
    "images built by CI/CD in eu-west-1. TLS 1.3, AES-256-GCM, OAuth2, SAML, SCIM, MFA, SIEM, SOC2, GDPR "
    "Art. 28, DPIA, RBAC, IAM, VPC, WAF, DDoS, CVE-2024-3094, CVSS 9.8, SBOM (CycloneDX), SLSA L3, FIPS 140-3, "
    "PCI DSS v4.0, HIPAA, NIST SP 800-53 AC-2, CSA STAR, ENISA, DORA Art. 30, eIDAS, ISMS, BCP, DRP, RTO, RPO.",
    "numbers": "Q1 2025 | 12,430 | 98.7% | 0.031 | 4 h\nQ2 2025 | 13,112 | 99.1% | 0.027 | 3 h\n" * 30,
    "short": "ÞÙÒ×Ú ÏÙÕ Policy v2",
}
GARBLED = {
    "latin1_shift": "ÞÙÒ×Ú ÏÙÕ ÒÚÞ ÏÓÑÕ ÙÒ×ÞÚ ÏÙÕ ÞÙÒ ×ÚÏ ÙÕÒÚ ÞÏÓ ÑÕÙ ÒÞÚ " * 5,
    "accented_soup": "Íåë Òåêëí ÈÍ Ïîîëòåè ïæìê ÈÍ èîêé ìñð èåéîåæê îó ðõìèéèèö ÷åòîë ÿàêð " * 5,
    "private_use": " ".join("\ue001\ue014\ue02a" for _ in range(80)),
    "consonant_runs": "Tkrsvbn qwrtzpl xkcdvbn mnbvcxz plkjhgf zxcvbnm qwrtpsd " * 8,
    "mixed_scripts": "ΑbΓdΕ жzИk ΦlmЮ ΨrsΩ Бtuвw " * 10,
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_text_is_not_garbled(name: str) -> None:
    limits = IngestLimits()
    found = looks_garbled([REAL[name]], limits.garbled_min_words, limits.garbled_word_share)
    assert found is None, measure([REAL[name]])


@pytest.mark.parametrize("name", sorted(GARBLED))
def test_garbled_text_is_recognised(name: str) -> None:
    limits = IngestLimits()
    found = looks_garbled([GARBLED[name]], limits.garbled_min_words, limits.garbled_word_share)
    assert found is not None and found.share < 0.2


def _cmap(shift: int) -> bytes:
    """A ToUnicode map sending each printable ASCII code ``shift`` code points away: 0 is correct."""
    body = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Broken def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <%04X> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end"
        % (0x20 + shift)
    )
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def test_a_pdf_with_a_broken_to_unicode_map_is_reported_and_not_used(tmp_path: Path) -> None:
    text = " ".join([POLICY, REAL["english"]] * 3)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    (tmp_path / "broken.pdf").write_bytes(_pdf([_lines(text)], font, (_cmap(0xA0),)))
    (tmp_path / "sound.pdf").write_bytes(_pdf([_lines(text)], font, (_cmap(0),)))  # the same PDF, a correct map
    result = ingest([tmp_path], use_cache=False)
    assert [d.doc_id for d in result.documents] == ["sound.pdf"]
    assert "Chief AI Officer" in result.documents[0].pages[0]
    (problem,) = result.problems
    assert problem.code == "garbled" and problem.doc_id == "broken.pdf"
    assert "text looks garbled" in problem.message and "check the PDF's fonts or OCR it" in problem.message


def test_garbled_evidence_is_never_retrieved_as_support(tmp_path: Path) -> None:
    from assessor.retrieval import EvidenceIndex

    from .test_config_settings import FakeEmbedder  # the fast bag-of-words embedder, no model

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    (tmp_path / "broken.pdf").write_bytes(_pdf([_lines(" ".join([POLICY] * 8))], font, (_cmap(0xA0),)))
    evidence = ingest([tmp_path], use_cache=False)
    index = EvidenceIndex(evidence, FakeEmbedder())
    assert not index.passages


# --- content that does not match the extension ---------------------------------------------------------------------


def test_an_html_page_named_pdf_is_read_as_html(tmp_path: Path) -> None:
    page = f"<!DOCTYPE html><html><head><title>Viewer</title></head><body><!-- %PDF-1.7 viewer --><p>{POLICY}</p>"
    (tmp_path / "policy.pdf").write_text(page + "</body></html>")
    result = ingest([tmp_path], use_cache=False)
    (document,) = result.documents
    assert document.kind == "html" and POLICY in document.pages[0]
    (problem,) = result.problems
    assert problem.code == "misnamed"
    assert problem.message == "policy.pdf: named .pdf but is an HTML page; read as HTML"


def test_office_and_pdf_files_under_the_wrong_extension_are_read_as_what_they_are(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(POLICY)
    document.save(tmp_path / "word.pdf")
    text_pdf(tmp_path / "report.txt", [POLICY])
    document.save(tmp_path / "sheet.xlsx")
    result = ingest([tmp_path], use_cache=False)
    kinds = {d.doc_id: d.kind for d in result.documents}
    assert kinds == {"word.pdf": "docx", "report.txt": "pdf", "sheet.xlsx": "docx"}
    messages = {p.doc_id: p.message for p in result.problems if p.code == "misnamed"}
    assert messages["word.pdf"].endswith("named .pdf but is a Word document; read as a Word document")
    assert messages["report.txt"].endswith("named .txt but is a PDF; read as PDF")
    assert len(result.problems) == 3


def test_a_real_pdf_and_an_image_named_pdf_are_unchanged(tmp_path: Path) -> None:
    text_pdf(tmp_path / "policy.pdf", [POLICY])
    (tmp_path / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = ingest([tmp_path], use_cache=False)
    assert [d.doc_id for d in result.documents] == ["policy.pdf"]
    assert _codes(result) == {"scan.pdf": "not_pdf"}


# --- one vocabulary, one config ------------------------------------------------------------------------------------


def test_every_problem_code_the_readers_give_is_defined_with_a_label_and_an_explanation() -> None:
    source = "".join(path.read_text() for path in Path(model.__file__).parent.glob("*.py"))
    given = set(re.findall(r'problem="(\w+)"', source)) | set(re.findall(r'_problem\(path, \w+, "(\w+)"', source))
    assert {"text_cut", "over_budget", "garbled", "misnamed", "corrupt"} <= given <= set(PROBLEM_CODES)
    for code in PROBLEM_CODES:
        assert PROBLEMS[code].label and PROBLEMS[code].explanation.endswith(".")


def test_the_limits_come_from_the_config() -> None:
    assert IngestLimits.from_config(load_config()["evidence_limits"]) == IngestLimits()
    tight = load_config(overrides={"evidence_limits": {"max_chars": 1000, "budget_s": 5}})
    limits = IngestLimits.from_config(tight["evidence_limits"])
    assert limits.max_chars == 1000 and limits.budget_s == 5.0
