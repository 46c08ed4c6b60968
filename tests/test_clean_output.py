"""Clean text out: what the vendor or a custom bank wrote never drives the analyst's terminal (escape sequences
are shown escaped), never runs as a spreadsheet formula, and never breaks the XLSX writer (NUL, controls)."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from assessor.cli import main
from assessor.followup_workbook import write_followups
from assessor.matching import ClauseMatcher
from assessor.pipeline import Engine
from assessor.progress import BatchProgress, printable, printable_json, printable_lines
from assessor.safe_cells import FORMULA_TRIGGERS, safe_cell
from tests.test_config_settings import FakeEmbedder

ESCAPES = "\x1b[2J\r OK"  # clears the screen, then fakes an "OK" at the start of the line
SHOWN = "\\x1b[2J\\r OK"
BOUND_S = 60
GOOD_ANSWER = (
    "The Head of AI Risk owns our AI governance policy and the AI Governance Board reviews every model "
    "before release, at least quarterly, with written sign-off."
)
DIRTY_ANSWER = "=1+2 We\x00 keep\x07 a\x1b[31m register\x0b of\x7f AI systems\x0c; the CTO \x85reviews it monthly."


def hostile_bank(path: Path) -> Path:
    """A custom bank whose name, version and category titles each start with a formula trigger."""
    questions = [
        {"id": "Q1", "category": "gov", "text": "Who owns AI governance and how is it reviewed?", "iso42001": ["5.3"]},
        {
            "id": "Q2",
            "category": "ops",
            "text": "How do you keep a register of your AI systems?",
            "iso42001": ["A.4.2"],
        },
        {"id": "Q3", "category": "risk", "text": "How are AI risks assessed before release?", "iso42001": ["6.1.2"]},
        {"id": "Q4", "category": "inc", "text": "How do you respond to AI incidents?", "iso42001": ["A.8.4"]},
    ]
    categories = {
        "gov": '=HYPERLINK("http://example.invalid","x")',
        "ops": "+SUM(1,2)",
        "risk": "-2+3",
        "inc": "@cmd",
    }
    bank = {"name": "=cmd|' /C calc'!A0", "version": "+1+1", "categories": categories, "questions": questions}
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return path


def hostile_answers(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "answer"])
        writer.writerow(["Q1", " ".join([GOOD_ANSWER] * 40)])  # long: the NUL below lies past the binary sniff
        writer.writerow(["Q2", DIRTY_ANSWER])
        writer.writerow(["-Q3", "@SUM(A1) risks are assessed by the risk team."])
        writer.writerow([f"Q9{ESCAPES}", f"An answer to a question that is not in the bank {ESCAPES}"])
    return path


def hostile_evidence(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "policy.txt").write_text(f'=HYPERLINK("x")\n\n{GOOD_ANSWER}\n', encoding="utf-8")
    (folder / f"bad{ESCAPES}.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    return folder


@pytest.fixture
def fake_engine(catalog, monkeypatch) -> Engine:
    embedder = FakeEmbedder()
    embedder.encoded_count = 0
    engine = Engine(embedder, ClauseMatcher(embedder, catalog), catalog)
    monkeypatch.setattr(Engine, "load", classmethod(lambda cls, model=None, backend=None: engine))
    return engine


def spreadsheet_cells(folder: Path) -> list[tuple[str, object, str]]:
    """(file, value, openpyxl data type or 'csv') of every cell of every CSV and XLSX file under ``folder``."""
    cells = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                cells += [(path.name, value, "csv") for row in csv.reader(handle) for value in row]
        elif path.suffix == ".xlsx":
            workbook = load_workbook(path)  # opens: nothing the writer refused or wrote broken
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    cells += [(path.name, cell.value, cell.data_type) for cell in row if cell.value is not None]
    return cells


def assert_no_formulas(folder: Path, expected_files: int) -> set:
    """Every cell's value, once it is checked that none is a formula, starts like one or holds NUL or ESC."""
    cells = spreadsheet_cells(folder)
    assert len({name for name, _, _ in cells}) >= expected_files
    formulas = [(name, value) for name, value, kind in cells if kind == "f"]
    live = [
        (name, value)
        for name, value, _ in cells
        if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _number(value)
    ]
    controls = [
        (name, value) for name, value, _ in cells if isinstance(value, str) and ("\x00" in value or "\x1b" in value)
    ]
    assert formulas == [] and live == [] and controls == []
    return {value for _, value, _ in cells}


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_clean_terminal(*streams: str) -> None:
    for text in streams:
        assert "\x1b" not in text and "\r" not in text


# -- the vocabulary ------------------------------------------------------------------------------------------------


def test_one_vocabulary_for_terminal_text():
    assert printable(f"Acme{ESCAPES}") == f"Acme{SHOWN}"
    assert printable("x" * 100, 10) == "x" * 9 + "…"
    assert printable_lines(f"one{ESCAPES}\ntwo") == f"one{SHOWN}\ntwo"
    record = {"id": f"Q{ESCAPES}\u202e", "text": "é\x85"}
    line = printable_json(record)
    assert json.loads(line) == record and "\x1b" not in line and "\u202e" not in line and "é" in line
    stream = io.StringIO()
    progress = BatchProgress(1, stream=stream, interactive=False)
    progress.start(f"Evil{ESCAPES}")
    progress.finish(f"FAILED: answers{ESCAPES}.csv: no rows")
    assert_clean_terminal(stream.getvalue())
    assert SHOWN in stream.getvalue()


def test_every_cell_is_made_safe():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("\x00=1") == "'=1" and safe_cell("a\x00b\x1bc") == "abc"
    assert safe_cell("\ud800x\uffff") == "x" and safe_cell(3.5) == 3.5 and safe_cell(None) is None
    assert safe_cell(Path("a")) == "a"


# -- the commands end to end ---------------------------------------------------------------------------------------


def test_score_prints_escapes_escaped_and_writes_no_formula(tmp_path, fake_engine):
    bank = hostile_bank(tmp_path / "bank.yaml")
    answers = hostile_answers(tmp_path / f"answers{ESCAPES}.csv")
    evidence = hostile_evidence(tmp_path / "evidence")
    out = tmp_path / "out"
    out.mkdir()
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "score",
            "--answers", str(answers),
            "--evidence", str(evidence),
            "--bank", str(bank),
            "--vendor", f"Vendor{ESCAPES}",
            "--as-of", "2026-11-26",
            "--out", str(out / "scorecard.csv"),
            "--json", str(out / "report.json"),
            "--xlsx", str(out / "report.xlsx"),
            "--no-register",
        ],
    )  # fmt: skip
    assert time.monotonic() - started < BOUND_S
    assert result.exit_code == 0, result.output
    assert_clean_terminal(result.stdout, result.stderr)
    assert f"Vendor{SHOWN}" in result.stdout and f"answers{SHOWN}.csv" in result.stderr
    assert f"bad{SHOWN}.txt" in result.stderr  # the evidence problem note names the file, escaped
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [doc["file"] for doc in report["evidence_documents"]] == ["policy.txt"]  # good file still there
    write_followups(report, out / "followups.xlsx")
    questionnaire = CliRunner().invoke(main, ["questionnaire", "--bank", str(bank), "--out", str(out / "q.xlsx")])
    assert questionnaire.exit_code == 0, questionnaire.output
    assert CliRunner().invoke(main, ["questionnaire", "--bank", str(bank), "--out", str(out / "q.csv")]).exit_code == 0
    values = assert_no_formulas(out, expected_files=5)
    assert {"'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@cmd"} <= values  # the bank's text kept, neutralised
    assert any(isinstance(v, str) and v.startswith("'=1+2 We keep a[31m register") for v in values)


def test_batch_prints_escapes_escaped_and_writes_no_formula(tmp_path, fake_engine):
    bank = hostile_bank(tmp_path / "bank.yaml")
    vendors = tmp_path / "vendors"
    good = vendors / f"Evil{ESCAPES}"
    good.mkdir(parents=True)
    hostile_answers(good / "answers.csv")
    hostile_evidence(good / "evidence")
    (vendors / f"Empty{ESCAPES}").mkdir()
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["batch", str(vendors), "--out", str(out), "--bank", str(bank), "--as-of", "2026-11-26", "--no-register"]
    )
    assert time.monotonic() - started < BOUND_S
    assert result.exit_code == 1, result.output  # the empty vendor failed, the other was scored
    assert_clean_terminal(result.stdout, result.stderr)
    assert "Evil[2J OK" in result.stdout and "Empty[2J OK" in result.stdout  # vendor names: controls removed
    values = assert_no_formulas(out, expected_files=4)
    assert {"'+SUM(1,2)", "'-2+3", "'@cmd"} <= values
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert '\'=HYPERLINK("http://example.invalid","x")' in header and "'@cmd" in header
