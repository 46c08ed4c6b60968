"""Batch scoring: vendor discovery, safe file names, progress, and the real ``batch`` command end to end."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor.batch import (
    ERROR_COLUMNS,
    MAX_STEM_BYTES,
    SUMMARY_COLUMNS,
    WINDOWS_RESERVED,
    BatchResult,
    Failure,
    SummaryRow,
    discover,
    find_answers,
    format_table,
    safe_file_stem,
    unique_stems,
    write_errors_csv,
    write_summary_csv,
)
from assessor.batch import run_batch as run_batch_in_process
from assessor.errors import InputError
from assessor.progress import BatchProgress, duration, printable

from .conftest import EXAMPLES_DIR, REPO_ROOT

# -- safe file names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Northwind Assist", "Northwind Assist"),
        ("../evil", "evil"),
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        (".hidden", "hidden"),
        ("...", "vendor"),
        ("", "vendor"),
        ("Acme Inc.", "Acme Inc"),
        ("-rf", "rf"),
        ("a..b", "a.b"),
        ("tab\there\nnewline", "tab here newline"),
        ("bell\x07\x1b[31mred", "bell_[31mred"),
        ("Société Générale", "Société Générale"),
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("Nul", "Nul_"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("CONSOLE", "CONSOLE"),
        ("summary", "summary_"),
        ("Errors", "Errors_"),
        ('What? <"Acme">: *|', "What_ _Acme"),
        ("right\u202eto-left", "right_to-left"),
    ],
)
def test_safe_file_stem(name, expected):
    assert safe_file_stem(name) == expected


def test_safe_file_stem_bounds_length_in_utf8_bytes():
    for name in ("x" * 1000, "é" * 1000, "名" * 1000, "a" + "\U0001f600" * 500):
        stem = safe_file_stem(name)
        assert 0 < len(stem.encode("utf-8")) <= MAX_STEM_BYTES
        assert stem == unicodedata.normalize("NFC", stem)


@given(st.text(max_size=300))
def test_safe_file_stem_is_always_one_harmless_file_name(name):
    stem = safe_file_stem(name)
    assert stem and len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert not set(stem) & set('<>:"/\\|?*')
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in stem)
    assert not stem.startswith((".", "-", " ")) and not stem.endswith((".", " "))
    assert ".." not in stem
    assert stem.partition(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED
    assert stem.casefold() not in ("summary", "errors")
    assert Path(stem).name == stem and Path(stem + ".json").parent == Path(".")


def test_unique_stems_gives_colliding_names_distinct_files():
    stems = unique_stems(["Acme", "acme", "ACME", "Acme-2", "Acme/", "Other"])
    assert stems[0] == "Acme" and stems[-1] == "Other"
    assert len({stem.casefold() for stem in stems}) == len(stems)
    assert stems == unique_stems(["Acme", "acme", "ACME", "Acme-2", "Acme/", "Other"])  # deterministic


def test_unique_stems_stay_within_the_length_bound():
    stems = unique_stems(["x" * 500] * 12)
    assert len(set(stems)) == 12
    assert all(len(stem.encode()) <= MAX_STEM_BYTES for stem in stems)


# -- discovery -----------------------------------------------------------------------------------------------------


def make_vendor(root: Path, folder: str, files: dict[str, str | bytes]) -> Path:
    path = root / folder
    path.mkdir(parents=True)
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return path


ANSWERS = "question_id,answer\nHR-01,We run a risk assessment every quarter.\n"


def test_discover_finds_answers_names_and_problems(tmp_path):
    root = tmp_path / "vendors"
    make_vendor(root, "alpha", {"answers.csv": ANSWERS, "evidence/policy.pdf": b"%PDF-1.4", "notes.csv": ANSWERS})
    make_vendor(root, "beta", {"Responses.XLSX": b"PK\x03\x04", "~$Responses.XLSX": b"lock", "vendor.yaml": "x: 1"})
    make_vendor(root, "gamma", {"vendor.yaml": "name: Gamma Corp\n", "answers.csv": ANSWERS, "answers.xlsx": b"PK"})
    make_vendor(root, "delta", {"one.csv": ANSWERS, "two.csv": ANSWERS})
    make_vendor(root, "epsilon", {"evidence/a.pdf": b"%PDF-1.4"})
    make_vendor(root, "zeta", {"vendor.yaml": "name: [unclosed\n", "answers.csv": ANSWERS})
    make_vendor(root, "eta", {"vendor.yaml": "name: '  ../evil  '\n", "answers.csv": ANSWERS})
    make_vendor(root, "theta", {"vendor.yaml": "- a list\n", "answers.csv": ANSWERS})
    make_vendor(root, ".git", {"answers.csv": ANSWERS})
    make_vendor(root, "results", {"answers.csv": ANSWERS})
    (root / "readme.csv").write_text(ANSWERS, encoding="utf-8")

    found = {v.folder.name: v for v in discover(root, exclude=[root / "results"])}

    assert list(found) == ["alpha", "beta", "delta", "epsilon", "eta", "gamma", "theta", "zeta"]
    assert found["alpha"].answers.name == "answers.csv" and not found["alpha"].problem
    assert found["alpha"].name == "alpha"
    assert found["beta"].answers.name == "Responses.XLSX" and not found["beta"].problem
    assert "answers.csv and answers.xlsx" in found["gamma"].problem and "two candidate" in found["gamma"].problem
    assert found["gamma"].name == "Gamma Corp"
    assert "one.csv, two.csv" in found["delta"].problem
    assert found["epsilon"].answers is None and "answers.csv: no answers file" in found["epsilon"].problem
    assert found["zeta"].problem.startswith("vendor.yaml (line 2, column 1): not valid YAML")
    assert found["zeta"].name == "zeta"
    assert found["eta"].name == "../evil" and found["eta"].stem == "evil" and not found["eta"].problem
    assert found["theta"].problem.startswith("vendor.yaml: must be a mapping")


def test_discover_gives_vendors_with_the_same_name_distinct_files(tmp_path):
    root = tmp_path / "vendors"
    for folder in ("a", "b", "c"):
        make_vendor(root, folder, {"vendor.yaml": "name: Acme\n", "answers.csv": ANSWERS})
    stems = [vendor.stem for vendor in discover(root)]
    assert stems == ["Acme", "Acme-2", "Acme-3"]


@pytest.mark.parametrize("value", ["[1, 2]", "{a: 1}", "true", "''"])
def test_bad_vendor_names_are_problems(tmp_path, value):
    make_vendor(tmp_path / "vendors", "acme", {"vendor.yaml": f"name: {value}\n", "answers.csv": ANSWERS})
    (vendor,) = discover(tmp_path / "vendors")
    assert vendor.problem.startswith("vendor.yaml: 'name'") and vendor.name == "acme"


def test_discover_rejects_a_missing_or_empty_vendors_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        discover(tmp_path / "missing")
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    (tmp_path / "empty" / "loose.csv").write_text(ANSWERS, encoding="utf-8")
    with pytest.raises(InputError, match="no vendor folders"):
        discover(tmp_path / "empty")


def test_discover_rejects_a_single_vendor_folder(tmp_path):
    make_vendor(tmp_path, "acme", {"answers.csv": ANSWERS, "evidence/a.pdf": b"%PDF-1.4"})
    with pytest.raises(InputError, match="looks like one vendor's folder"):
        discover(tmp_path / "acme")


def test_find_answers_prefers_the_conventional_name(tmp_path):
    folder = make_vendor(tmp_path, "v", {"Answers.CSV": ANSWERS, "other.xlsx": b"PK"})
    assert find_answers(folder).name == "Answers.CSV"


# -- summary files, table and progress -----------------------------------------------------------------------------


def summary_row(vendor: str, overall: float, stem: str = "") -> SummaryRow:
    return SummaryRow(vendor, stem or vendor, overall, "weak", 2, 20, 9, {"Incident response": 40.0}, 0)


def test_summary_and_errors_csv_neutralise_formulas(tmp_path):
    result = BatchResult(
        rows=[summary_row("=HYPERLINK(1)", 55.0, "HYPERLINK(1)")],
        failures=[Failure("@evil", "vendors/x", "+answers.csv: boom")],
        categories=["Incident response", "Transparency"],
    )
    write_summary_csv(result, tmp_path / "summary.csv")
    write_errors_csv(result.failures, tmp_path / "errors.csv")
    summary = list(csv.reader(io.StringIO((tmp_path / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert summary[0] == [*SUMMARY_COLUMNS, "Incident response", "Transparency"]
    assert summary[1] == ["'=HYPERLINK(1)", "55.0", "weak", "2", "20", "9", "40.0", ""]
    errors = list(csv.reader(io.StringIO((tmp_path / "errors.csv").read_text(encoding="utf-8-sig"))))
    assert errors == [list(ERROR_COLUMNS), ["'@evil", "vendors/x", "'+answers.csv: boom"]]


def test_format_table_ranks_and_lists_failures_without_escape_codes():
    result = BatchResult(
        rows=[summary_row("Best", 80.0), summary_row("Evil\x1b[2J", 10.0)],
        failures=[Failure("broken", "v/broken", "answers.csv: no answers file")],
    )
    table = format_table(result)
    assert "\x1b" not in table
    lines = table.splitlines()
    assert lines[1].split()[:3] == ["1", "Best", "80.0"] and lines[2].split()[:2] == ["2", "Evil\\x1b[2J"]
    assert "broken: answers.csv: no answers file" in table


def test_progress_plain_lines_with_eta():
    now = [0.0]
    stream = io.StringIO()
    progress = BatchProgress(4, stream=stream, interactive=False, clock=lambda: now[0])
    progress.start("skipped")
    progress.finish("FAILED: no answers", timed=False)
    for name in ("a", "b"):
        progress.start(name)
        progress.step("reading the evidence", 0.5)
        now[0] += 30
        progress.finish("50.0 (weak)")
    lines = stream.getvalue().splitlines()
    assert lines[1] == "[1/4] skipped: FAILED: no answers (0s); ETA --"
    assert lines[-1] == "[3/4] b: 50.0 (weak) (30s); ETA 30s"
    assert "\r" not in stream.getvalue()


def test_progress_bar_on_a_terminal():
    now = [0.0]
    stream = io.StringIO()
    progress = BatchProgress(2, stream=stream, interactive=True, clock=lambda: now[0])
    progress.start("Acme")
    now[0] += 1
    progress.step("embedding the evidence passages", 0.6)
    now[0] += 9
    progress.finish("70.0 (adequate)")
    progress.close()
    output = stream.getvalue()
    assert "\r[" in output and "1/2" in output and "Acme: embedding" in output
    assert "[1/2] Acme: 70.0 (adequate) (10s); ETA 10s\n" in output


def test_printable_and_duration():
    assert printable("a\x1b[31mb\u202e") == "a\\x1b[31mb\\u202e"
    assert len(printable("x" * 100, 10)) == 10
    assert [duration(s) for s in (0, 8.4, 125, 3725)] == ["0s", "8s", "2m05s", "1h02m"]


# -- the real command ----------------------------------------------------------------------------------------------

UNREADABLE_PDF = b"%PDF-1.4\n this is not really a PDF"
# Northwind gets two of its seven PDFs: enough to score well, and it keeps the cold run short.
NORTHWIND_PDFS = ("ISO-IEC-42001_Certificate_AIMS-2025-04471.pdf", "NW-POL-001_AI_Governance_Policy_v2.3.pdf")


def run_batch(vendors: Path, out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ASSESSOR_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "assessor", "batch", str(vendors), "--out", str(out), *extra]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio") / "vendors"
    shutil.copytree(EXAMPLES_DIR / "brightpath-bots", root / "brightpath-bots")
    northwind = root / "northwind-assist"
    (northwind / "evidence").mkdir(parents=True)
    for name in ("answers.xlsx", "vendor.yaml"):
        shutil.copy(EXAMPLES_DIR / "northwind-assist" / name, northwind / name)
    for name in NORTHWIND_PDFS:
        shutil.copy(EXAMPLES_DIR / "northwind-assist" / "evidence" / name, northwind / "evidence" / name)
    evil = make_vendor(root, "evil", {"vendor.yaml": 'name: "../evil"\n', "docs/broken.pdf": UNREADABLE_PDF})
    shutil.copy(EXAMPLES_DIR / "brightpath-bots" / "answers.csv", evil / "answers.csv")
    make_vendor(root, "broken", {"notes.txt": "We will send the answers later."})
    return root


@pytest.fixture(scope="module")
def first_run(portfolio, tmp_path_factory):
    cache = tmp_path_factory.mktemp("batch-cache")
    out = portfolio.parent / "out"
    result = run_batch(portfolio, out, cache, "--as-of", "2026-11-26", "--workers", "2")
    return result, out, cache


@pytest.fixture(scope="module")
def second_run(first_run, portfolio):
    _, _, cache = first_run
    extraction = {p.name: p.stat().st_mtime_ns for p in (cache / "extraction").iterdir()}
    out = portfolio.parent / "out-again"
    result = run_batch(portfolio, out, cache, "--as-of", "2026-11-26", "--workers", "1")
    return result, out, extraction, cache


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


STEMS = {"Northwind Assist": "Northwind Assist", "Brightpath Bots": "Brightpath Bots", "../evil": "evil"}


@pytest.mark.slow
def test_batch_scores_the_good_vendors_and_reports_the_broken_one(first_run, portfolio):
    result, out, _ = first_run
    assert result.returncode == 1, result.stderr
    expected = {f"{stem}{suffix}" for stem in STEMS.values() for suffix in (".csv", ".json")}
    assert {p.name for p in out.iterdir()} == expected | {"summary.csv", "summary.xlsx", "errors.csv"}
    escaped = [p for p in portfolio.parent.rglob("evil.*") if not p.parent.name.startswith("out")]
    assert escaped == [] and not (portfolio.parent / "evil.csv").exists()  # "../evil" stayed inside OUT_DIR
    errors = read_csv(out / "errors.csv")
    assert [(e["vendor"], Path(e["folder"]).name) for e in errors] == [("broken", "broken")]
    assert errors[0]["problem"].startswith("answers.csv: no answers file")
    assert "broken: answers.csv: no answers file" in result.stdout
    assert "[1/4]" in result.stderr and "ETA" in result.stderr


@pytest.mark.slow
def test_batch_records_every_scored_vendor_in_the_register(first_run):
    from assessor.register.store import Register

    _, _, cache = first_run
    with Register.open(str(cache / "register.sqlite")) as register:
        assert set(register.vendors()) == set(STEMS)


@pytest.mark.slow
def test_summary_is_ranked_with_category_columns_and_matches_the_reports(first_run):
    from question_bank import load_bank

    _, out, _ = first_run
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [*SUMMARY_COLUMNS, *load_bank().categories.values()]
    rows = read_csv(out / "summary.csv")
    assert [row["vendor"] for row in rows][0] == "Northwind Assist"
    assert {row["vendor"] for row in rows} == set(STEMS)
    scores = [float(row["overall_score"]) for row in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        report = json.loads((out / f"{STEMS[row['vendor']]}.json").read_text(encoding="utf-8"))
        assert report["vendor"] == row["vendor"]
        assert float(row["overall_score"]) == report["overall_score"]
        assert (row["rating"], int(row["red_flags"])) == (report["rating"], report["red_flags"])
        assert (int(row["answered"]), int(row["unanswered"])) == (report["answered"], report["unanswered"])
        for category, score in report["category_scores"].items():
            assert float(row[category]) == score
        scorecard = read_csv(out / f"{STEMS[row['vendor']]}.csv")
        assert {line["vendor"] for line in scorecard} == {row["vendor"]}


@pytest.mark.slow
def test_summary_xlsx_has_the_same_ranking(first_run):
    from openpyxl import load_workbook

    _, out, _ = first_run
    workbook = load_workbook(out / "summary.xlsx", read_only=True)
    sheet_rows = list(workbook["Summary"].iter_rows(values_only=True))
    errors = list(workbook["Errors"].iter_rows(values_only=True))
    workbook.close()
    assert [r[0] for r in sheet_rows[1:]] == [row["vendor"] for row in read_csv(out / "summary.csv")]
    assert isinstance(sheet_rows[1][1], int | float)  # numbers stay numbers
    assert errors[0] == ERROR_COLUMNS and errors[1][0] == "broken"


@pytest.mark.slow
def test_an_unreadable_pdf_is_a_note_not_a_failure(first_run):
    _, out, _ = first_run
    report = json.loads((out / "evil.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in report["evidence_problems"]] == ["docs/broken.pdf"]  # its path under the vendor folder
    assert any("broken.pdf" in note for note in report["notes"])


@pytest.mark.slow
def test_second_run_reuses_the_caches_and_gives_the_same_results(first_run, second_run):
    _, first_out, _ = first_run
    result, out, extraction_before, cache = second_run
    assert result.returncode == 1, result.stderr
    assert "\n0 new texts embedded" in "\n" + result.stderr
    extraction_after = {p.name: p.stat().st_mtime_ns for p in (cache / "extraction").iterdir()}
    assert extraction_after == extraction_before  # no PDF was parsed again
    # --workers 2 then 1, cold then warm: the same bytes.
    for name in ("summary.csv", "errors.csv", *(f"{stem}.csv" for stem in STEMS.values())):
        assert (out / name).read_bytes() == (first_out / name).read_bytes(), name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda root: None, (), "does not exist"),
        (lambda root: root.mkdir(), (), "no vendor folders"),
        (lambda root: make_vendor(root, "a", {"answers.csv": ANSWERS}), ("--bank", "missing.yaml"), "missing.yaml"),
        (lambda root: make_vendor(root, "a", {"answers.csv": ANSWERS}), ("--config", "CONFIG"), "not valid YAML"),
    ],
    ids=["missing", "empty", "bad-bank", "bad-config"],
)
def test_bad_arguments_exit_with_status_2(tmp_path, make, extra, message):
    root = tmp_path / "vendors"
    make(root)
    config = tmp_path / "config.yaml"
    config.write_text("rating: [unclosed\n", encoding="utf-8")
    extra = tuple(str(config) if arg == "CONFIG" else arg for arg in extra)
    result = run_batch(root, tmp_path / "out", tmp_path / "cache", *extra)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_a_batch_forgets_each_vendors_passages_once_it_is_written(tmp_path, catalog):
    """Memory flat across a portfolio: what one vendor's evidence left in the process is dropped after it."""
    from assessor import retrieval
    from assessor.evidence.ingest import _read_document
    from assessor.matching import ClauseMatcher
    from assessor.pipeline import Engine
    from tests.test_config_settings import FakeEmbedder

    held, forgotten = [], []

    class Forgetting(FakeEmbedder):
        def forget_recent(self) -> None:
            forgotten.append((_read_document.cache_info().currsize, retrieval._read_passage.cache_info().currsize))

    def scored(assessment, vendor) -> None:
        held.append((_read_document.cache_info().currsize, retrieval._read_passage.cache_info().currsize))

    for name in ("acme", "beta"):
        folder = tmp_path / "vendors" / name
        (folder / "evidence").mkdir(parents=True)
        (folder / "answers.csv").write_text("question_id,answer\nOW-01,Dana Ruiz owns AI governance.\n", "utf-8")
        (folder / "evidence" / "policy.txt").write_text("AI Policy. Dana Ruiz owns AI governance.\n", "utf-8")
    embedder = Forgetting()
    embedder.encoded_count = 0
    engine = Engine(embedder, ClauseMatcher(embedder, catalog), catalog)
    vendors = discover(tmp_path / "vendors")
    result = run_batch_in_process(vendors, tmp_path / "out", engine=engine, workers=1, on_scored=scored)
    assert [row.vendor for row in result.rows] == ["acme", "beta"]
    assert all(min(sizes) > 0 for sizes in held)  # the vendor's documents and passages were held while scored...
    assert forgotten == [(0, 0), (0, 0)]  # ...and gone once it was written
