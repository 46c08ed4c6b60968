"""Evidence ingestion on real generated PDFs: passages, facts, problems, isolation and the cache."""

from __future__ import annotations

import datetime
import importlib
import json
import random
import sys
import time
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor import helper_process
from assessor.evidence import DATE_KINDS, DOC_TYPES, PROBLEM_CODES, EvidenceSet, IngestLimits, ingest
from assessor.evidence import workers as workers_module
from assessor.evidence.facts import find_dates
from assessor.evidence.normalize import normalize_text
from assessor.evidence.passages import MAX_CHARS, split_passages
from tests.pdf_factory import encrypted_pdf, image_only_pdf, memory_bomb_pdf, slow_pdf, text_pdf

# The package exports the ingest() function under the module's own name, so fetch the module explicitly.
ingest_module = importlib.import_module("assessor.evidence.ingest")

PURPOSE = (
    "This policy sets out how Acme AI Ltd governs the artificial intelligence systems it builds and buys. "
    "It applies to every employee and contractor who designs, trains, deploys or monitors an AI system. "
    "The AI Governance Board owns this policy and approves every exception in writing."
)
INVENTORY = (
    "Every production model is recorded in the AI system inventory with its owner, purpose and risk tier. "
    "The model inventory is reconciled quarterly against the deployment pipeline by the platform team. "
    "Unregistered models found during reconciliation are suspended until their owner completes an impact "
    "assessment."
)
OVERSIGHT = (
    "High-risk systems keep a human in the loop for decisions that affect customers. "
    "Operators can override or stop a model at any time, and every override is logged for audit."
)


@pytest.fixture(autouse=True)
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(root))
    return root


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return text_pdf(
        tmp_path / "ai-policy.pdf",
        [
            ["Responsible AI Policy", "Effective date: 1 April 2026. Next review: 2027-03-31.", PURPOSE],
            ["2. AI system inventory", INVENTORY],
            ["3. Human oversight", OVERSIGHT],
        ],
        title="Responsible AI Policy",
    )


def names(result: EvidenceSet) -> list[str]:
    return [document.name for document in result.documents]


def test_passages_carry_page_numbers_and_exact_offsets(good_pdf: Path) -> None:
    result = ingest([good_pdf])

    assert result.problems == ()
    (document,) = result.documents
    assert (document.name, document.kind, document.page_count) == ("ai-policy.pdf", "pdf", 3)
    assert {passage.page for passage in document.passages} == {1, 2, 3}
    for passage in document.passages:
        assert document.pages[passage.page - 1][passage.start : passage.end] == passage.text
        assert passage.doc == "ai-policy.pdf"
        assert len(passage.text) <= MAX_CHARS
    hits = [p for p in document.passages if "model inventory is reconciled quarterly" in p.text]
    assert [p.page for p in hits] == [2]
    assert hits[0].citation == "ai-policy.pdf p.2"
    assert "reconciled quarterly" in document.page_text(2)
    assert "reconciled quarterly" not in document.page_text(1) + document.page_text(3)


def test_doc_types_titles_and_dates(tmp_path: Path) -> None:
    files = [
        text_pdf(
            tmp_path / "policy.pdf",
            [["Responsible AI Policy", "Effective date: 1 April 2026. Next review: 2027-03-31.", PURPOSE]],
        ),
        text_pdf(
            tmp_path / "iso-cert.pdf",
            [
                [
                    "Certificate of Registration",
                    "This is to certify that the AI management system of Acme AI Ltd has been assessed and found "
                    "to conform to ISO/IEC 42001:2023.",
                    "Date of issue: 15/01/2025. Valid until: 14 January 2028. Certificate number: AIMS-0042.",
                ]
            ],
        ),
        text_pdf(
            tmp_path / "rollback.pdf",
            [
                [
                    "Model Rollback Runbook",
                    "Issued: March 3, 2026. Use this runbook when a deployed model breaches its error budget.",
                    "1. Page the on-call ML engineer. 2. Freeze the deployment pipeline. 3. Restore the last "
                    "approved model version from the registry.",
                ]
            ],
        ),
        text_pdf(
            tmp_path / "dpa.pdf",
            [
                [
                    "Data Processing Agreement",
                    "This agreement is entered into between the Customer and Acme AI Ltd. It is effective from "
                    "2026-02-01 and expires on 31 January 2029.",
                ]
            ],
        ),
        text_pdf(
            tmp_path / "platform.pdf",
            [
                [
                    "Acme AI Platform",
                    "Our industry-leading platform brings world-class, award-winning AI to your business. "
                    "Trusted by hundreds of enterprises. Book a demo today.",
                ]
            ],
        ),
        text_pdf(
            tmp_path / "ir.pdf",
            [["AI Incident Response Plan", "The plan describes how AI incidents are detected and contained."]],
        ),
        text_pdf(
            tmp_path / "pentest.pdf",
            [["Independent Penetration Test Report", "Findings and recommendations for the Acme AI API."]],
        ),
    ]

    result = ingest(files)

    assert result.problems == ()
    by_name = {document.name: document for document in result.documents}
    expected_types = {
        "policy.pdf": "policy",
        "iso-cert.pdf": "certificate",
        "rollback.pdf": "procedure",
        "dpa.pdf": "contract",
        "platform.pdf": "marketing",
        "ir.pdf": "plan",
        "pentest.pdf": "report",
    }
    assert {name: document.doc_type for name, document in by_name.items()} == expected_types
    assert set(expected_types.values()) == set(DOC_TYPES) - {"other"}
    assert by_name["rollback.pdf"].doc_type_reason == "title contains 'Runbook'"
    assert "industry-leading" in by_name["platform.pdf"].doc_type_reason
    assert by_name["policy.pdf"].title == "Responsible AI Policy"
    assert by_name["iso-cert.pdf"].title == "Certificate of Registration"

    def dates(name: str) -> set[tuple[str, datetime.date]]:
        return {(found.kind, found.value) for found in by_name[name].dates}

    assert dates("policy.pdf") == {("effective", datetime.date(2026, 4, 1)), ("review", datetime.date(2027, 3, 31))}
    assert dates("iso-cert.pdf") == {
        ("issued", datetime.date(2025, 1, 15)),
        ("valid_until", datetime.date(2028, 1, 14)),
    }
    assert by_name["iso-cert.pdf"].valid_until == datetime.date(2028, 1, 14)
    assert dates("rollback.pdf") == {("issued", datetime.date(2026, 3, 3))}
    assert dates("dpa.pdf") == {
        ("effective", datetime.date(2026, 2, 1)),
        ("valid_until", datetime.date(2029, 1, 31)),
    }
    assert by_name["policy.pdf"].valid_until is None
    assert by_name["iso-cert.pdf"].dates[0].page == 1


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Effective date: 2026-03-31", "effective", datetime.date(2026, 3, 31)),
        ("Valid until 31 March 2026", "valid_until", datetime.date(2026, 3, 31)),
        ("This certificate expires March 31, 2026.", "valid_until", datetime.date(2026, 3, 31)),
        ("Date of issue: 31/03/2026", "issued", datetime.date(2026, 3, 31)),
        ("Issued 1st May 2025", "issued", datetime.date(2025, 5, 1)),
        ("Next review: 02/03/2027", "review", datetime.date(2027, 3, 2)),
        ("Printed 2026-01-05", "other", datetime.date(2026, 1, 5)),
    ],
)
def test_date_formats_and_kinds(text: str, kind: str, value: datetime.date) -> None:
    (found,) = find_dates([text])
    assert (found.kind, found.value, found.page) == (kind, value, 1)
    assert found.kind in DATE_KINDS


def test_date_range_end_counts_as_expiry_and_impossible_dates_are_ignored() -> None:
    found = find_dates(["Certificate valid from 1 May 2025 - 30 April 2028.", "Due 31/02/2026 or 2026-13-01."])
    assert [(f.kind, f.value, f.page) for f in found] == [
        ("effective", datetime.date(2025, 5, 1), 1),
        ("valid_until", datetime.date(2028, 4, 30), 1),
    ]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_FILES = {
    "aes256": lambda tmp, good: encrypted_pdf(good, tmp / "locked-aes.pdf", "secret", "AES-256"),
    "rc4": lambda tmp, good: encrypted_pdf(good, tmp / "locked-rc4.pdf", "secret", "RC4-128"),
    "truncated": lambda tmp, good: _write(tmp / "cut.pdf", good.read_bytes()[: good.stat().st_size // 2]),
    "garbage_after_header": lambda tmp, good: _write(tmp / "mangled.pdf", b"%PDF-1.7\n1 0 obj << /Type >>\n%%EOF"),
    "random_bytes": lambda tmp, good: _write(tmp / "noise.pdf", random.Random(7).randbytes(4096)),
    "png": lambda tmp, good: _write(tmp / "scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    "jpeg": lambda tmp, good: _write(tmp / "photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64)),
    "zero_bytes": lambda tmp, good: _write(tmp / "blank.pdf", b""),
    "image_only": lambda tmp, good: image_only_pdf(tmp / "scanned.pdf"),
    "too_many_pages": lambda tmp, good: text_pdf(tmp / "annex.pdf", [f"Annex page {n}." for n in range(6)]),
    "too_large": lambda tmp, good: text_pdf(tmp / "huge.pdf", [INVENTORY * 3] * 12),
    "unsupported": lambda tmp, good: _write(tmp / "notes.pptx", b"PK\x03\x04 not evidence"),
    "corrupt_docx": lambda tmp, good: _write(tmp / "notes.docx", b"PK\x03\x04 not evidence"),
}
EXPECTED = {
    "aes256": ("encrypted", "encrypted with a password; ask the vendor for an unprotected copy"),
    "rc4": ("encrypted", "encrypted with a password"),
    "truncated": ("corrupt", "truncated"),
    "garbage_after_header": ("corrupt", "damaged PDF"),
    "random_bytes": ("not_pdf", "not a PDF"),
    "png": ("not_pdf", "PNG image"),
    "jpeg": ("not_pdf", "JPEG image"),
    "zero_bytes": ("empty", "0 bytes"),
    "image_only": ("needs_ocr", "no text layer"),
    "too_many_pages": ("too_many_pages", "6 pages, more than the limit of 5"),
    "too_large": ("too_large", "more than the limit"),
    "unsupported": ("unsupported", "'.pptx'"),
    "corrupt_docx": ("corrupt", "not a safe Word document"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_becomes_a_problem_and_the_good_file_is_still_read(case: str, tmp_path: Path, good_pdf: Path) -> None:
    bad = BAD_FILES[case](tmp_path, good_pdf)
    limits = IngestLimits(max_pages=5)
    if case == "too_large":
        assert bad.stat().st_size > good_pdf.stat().st_size + 1000
        limits = IngestLimits(max_bytes=good_pdf.stat().st_size + 500)

    result = ingest([bad, good_pdf], limits=limits)

    assert names(result) == ["ai-policy.pdf"]
    (problem,) = result.problems
    code, phrase = EXPECTED[case]
    assert (problem.name, problem.path, problem.code) == (bad.name, str(bad), code)
    assert code in PROBLEM_CODES
    assert problem.message.startswith(f"{bad.name}: ")
    assert phrase in problem.message


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_pdf_encrypted_with_an_empty_user_password_is_read(algorithm: str, tmp_path: Path, good_pdf: Path) -> None:
    opened = encrypted_pdf(good_pdf, tmp_path / "owner-only.pdf", "", algorithm)
    plain = ingest([good_pdf]).documents[0]

    result = ingest([opened])

    assert result.problems == ()
    assert result.documents[0].pages == plain.pages


def test_hanging_pdf_is_killed_at_the_time_limit(tmp_path: Path, good_pdf: Path) -> None:
    # Seconds of pypdf work per page and 40 pages: minutes unless the worker is really killed.
    hostile = slow_pdf(tmp_path / "bomb.pdf", pages=40, operators=100_000)
    started = time.monotonic()

    result = ingest([hostile, good_pdf], limits=IngestLimits(timeout_s=1.0), workers=1)

    # Without the kill only the CPU-limit backstop (timeout + 5 s of CPU) would end the worker.
    assert time.monotonic() - started < 5
    assert names(result) == ["ai-policy.pdf"]
    (problem,) = result.problems
    assert problem.code == "timeout"
    assert problem.message.startswith("bomb.pdf: reading took longer than 1 s")


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux enforces address-space limits")
def test_memory_hungry_pdf_is_stopped_at_the_memory_limit(tmp_path: Path, good_pdf: Path) -> None:
    bomb = memory_bomb_pdf(tmp_path / "inflate.pdf", megabytes=70)

    result = ingest([bomb, good_pdf], limits=IngestLimits(memory_mb=64))

    assert names(result) == ["ai-policy.pdf"]
    (problem,) = result.problems
    assert problem.code == "too_large"
    assert "64 MB memory limit" in problem.message


def test_second_ingest_is_served_from_the_cache_without_workers(
    tmp_path: Path, good_pdf: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [good_pdf, image_only_pdf(tmp_path / "scanned.pdf"), tmp_path / "missing.pdf"]
    first = ingest(files)
    assert list((cache_root / "extraction").glob("*.json"))
    real = ingest_module.read_files

    def no_pdf_reads(jobs: Sequence[object], *args: Any, **kwargs: Any) -> None:
        assert not jobs, "a PDF was sent to a worker although every file was cached"
        return real(jobs, *args, **kwargs)

    def no_helper(module: str) -> None:
        raise AssertionError("a PDF reader process was started although every file was cached")

    monkeypatch.setattr(ingest_module, "read_files", no_pdf_reads)
    monkeypatch.setattr(helper_process.Helper, "start", no_helper)
    monkeypatch.setattr(workers_module._HELPER, "current", None)
    second = ingest(files)

    assert second == first
    assert [problem.code for problem in second.problems] == ["unreadable", "needs_ocr"]


def test_corrupt_cache_files_are_ignored_and_rewritten(tmp_path: Path, good_pdf: Path, cache_root: Path) -> None:
    first = ingest([good_pdf])
    (entry,) = (cache_root / "extraction").glob("*.json")
    for damage in ("{not json", '{"pages": 5}', ""):
        entry.write_text(damage, encoding="utf-8")

        assert ingest([good_pdf]) == first
        assert json.loads(entry.read_text(encoding="utf-8"))["pages"] == list(first.documents[0].pages)
    assert not list((cache_root / "extraction").glob("*.tmp"))


def test_use_cache_false_neither_reads_nor_writes_the_cache(good_pdf: Path, cache_root: Path) -> None:
    ingest([good_pdf], use_cache=False)
    assert not (cache_root / "extraction").exists()


def test_duplicate_content_is_read_once(tmp_path: Path, good_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _write(tmp_path / "copy-of-policy.pdf", good_pdf.read_bytes())
    jobs: list[int] = []
    real = ingest_module.read_files

    def counting(batch: Sequence[object], *args: Any, **kwargs: Any) -> None:
        jobs.append(len(batch))
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "read_files", counting)
    result = ingest([good_pdf, copy, good_pdf], use_cache=False)

    assert jobs == [1]
    assert names(result) == ["ai-policy.pdf", "copy-of-policy.pdf"]
    assert result.documents[0].pages == result.documents[1].pages
    assert result.documents[1].passages[0].citation == "copy-of-policy.pdf p.1"


def test_ingest_called_from_a_progress_callback_gets_its_own_reader(tmp_path: Path, good_pdf: Path) -> None:
    other = text_pdf(tmp_path / "other.pdf", [["Supplier Policy", PURPOSE]])
    inner: list[EvidenceSet] = []

    def progress(done: int, total: int, name: str) -> None:
        if not inner:  # the outer call still holds the shared reader here
            inner.append(ingest([other], use_cache=False))

    outer = ingest([good_pdf], use_cache=False, progress=progress)

    assert names(outer) == ["ai-policy.pdf"]
    assert names(inner[0]) == ["other.pdf"]


def test_a_dead_reader_is_replaced_and_a_failing_callback_does_not_poison_it(tmp_path: Path, good_pdf: Path) -> None:
    assert names(ingest([good_pdf], use_cache=False)) == ["ai-policy.pdf"]
    assert workers_module._HELPER.current is not None
    workers_module._HELPER.current.process.kill()
    workers_module._HELPER.current.process.wait()
    assert names(ingest([good_pdf], use_cache=False)) == ["ai-policy.pdf"]

    def explode(done: int, total: int, name: str) -> None:
        raise RuntimeError("callback failed")

    # Raised while the second file is still being read, so the reader is abandoned mid-batch.
    second = text_pdf(tmp_path / "second.pdf", [OVERSIGHT])
    with pytest.raises(RuntimeError, match="callback failed"):
        ingest([good_pdf, second], use_cache=False, workers=1, progress=explode)
    assert names(ingest([good_pdf], use_cache=False)) == ["ai-policy.pdf"]


def test_pdf_workers_do_not_rerun_the_callers_main_script(
    tmp_path: Path, good_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Streamlit installs the app script as __main__; spawn/forkserver workers would execute it again.
    marker = tmp_path / "main-ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    workers_module._HELPER.stop()  # start a reader under this __main__

    try:
        result = ingest([good_pdf], use_cache=False)
    finally:
        workers_module._HELPER.stop()

    assert names(result) == ["ai-policy.pdf"]
    assert not marker.exists()


def test_folders_are_walked_and_results_sorted(tmp_path: Path, good_pdf: Path) -> None:
    folder = tmp_path / "vendor"
    (folder / "sub" / ".git").mkdir(parents=True)
    text_pdf(folder / "sub" / "B-runbook.pdf", [["Deployment Runbook", OVERSIGHT]])
    (folder / "a-notes.txt").write_text("Model card\n\n" + PURPOSE, encoding="utf-8")
    (folder / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "._a-notes.pdf").write_bytes(b"\x00\x05\x16\x07")
    (folder / "sub" / ".git" / "x.pdf").write_bytes(b"not evidence")
    calls: list[tuple[int, int, str]] = []

    result = ingest([folder, good_pdf], progress=lambda done, total, name: calls.append((done, total, name)))

    assert result.problems == ()
    assert [d.doc_id for d in result.documents] == ["a-notes.txt", "ai-policy.pdf", "sub/B-runbook.pdf"]
    assert names(result) == ["a-notes.txt", "ai-policy.pdf", "B-runbook.pdf"]
    assert sorted(calls) == [(1, 3, calls[0][2]), (2, 3, calls[1][2]), (3, 3, calls[2][2])]
    assert {doc_id for _, _, doc_id in calls} == {d.doc_id for d in result.documents}


def test_text_and_markdown_evidence(tmp_path: Path) -> None:
    markdown = tmp_path / "runbook.md"
    markdown.write_bytes(
        "\ufeff# Incident Response Runbook\n\nIssued: 2026-01-10.\n\n".encode()
        + f"{OVERSIGHT}\n\f## Escalation\n\n{INVENTORY}\n\f".encode()
    )
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\u00e9 supplier policy \u2013 na\u00efve r\u00e9sum\u00e9 of controls.".encode("cp1252"))

    result = ingest([markdown, legacy])

    assert result.problems == ()
    legacy_doc, runbook = result.documents
    assert (runbook.kind, runbook.page_count, runbook.title) == ("text", 2, "Incident Response Runbook")
    assert runbook.doc_type == "procedure"
    assert [(d.kind, d.value) for d in runbook.dates] == [("issued", datetime.date(2026, 1, 10))]
    assert runbook.pages[1].startswith("## Escalation")
    hit = next(p for p in runbook.passages if "reconciled quarterly" in p.text)
    assert (hit.page, hit.section, hit.citation) == (2, "Escalation", "runbook.md p.2 §Escalation")
    assert runbook.pages[hit.page - 1][hit.start : hit.end] == hit.text
    assert legacy_doc.pages == ("Caf\u00e9 supplier policy \u2013 na\u00efve r\u00e9sum\u00e9 of controls.",)
    assert legacy_doc.doc_type == "policy"


def test_empty_text_file_is_a_problem(tmp_path: Path) -> None:
    blank = tmp_path / "empty.md"
    blank.write_text(" \n\n \f \n", encoding="utf-8")
    (problem,) = ingest([blank]).problems
    assert (problem.code, problem.message) == (
        "empty",
        "empty.md: the file contains no text; ask the vendor to send it again",
    )


page_texts = st.text(
    alphabet=st.sampled_from(list("abcdefghij ABCDE 0123 .,:;!?-\n\n\t\u00a0\u2022()")), max_size=3000
).map(normalize_text)


@settings(max_examples=150, deadline=None)
@given(st.lists(page_texts, min_size=1, max_size=3))
def test_passages_tile_each_page_exactly(pages: list[str]) -> None:
    passages = split_passages("doc.pdf", pages)
    for number, text in enumerate(pages, start=1):
        on_page = [p for p in passages if p.page == number]
        covered = 0
        for passage in on_page:
            assert text[passage.start : passage.end] == passage.text
            assert passage.text == passage.text.strip() and passage.text
            assert len(passage.text) <= MAX_CHARS
            assert passage.start >= covered
            assert not text[covered : passage.start].strip()
            covered = passage.end
        assert not text[covered:].strip()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_normalization_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
