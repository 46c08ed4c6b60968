import subprocess
import sys

import pytest

from .conftest import REPO_ROOT

SUBCOMMANDS = [
    "answers",
    "batch",
    "cache",
    "catalog",
    "check-bank",
    "decide",
    "history",
    "match",
    "questionnaire",
    "review",
    "score",
    "specificity",
]


def run_cli(*args, cwd=REPO_ROOT):
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_subcommand():
    result = run_cli("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help(name):
    result = run_cli(name, "--help")
    assert result.returncode == 0 and "Usage: python -m assessor " + name in result.stdout


def test_catalog_lists_70_nodes():
    lines = run_cli("catalog").stdout.splitlines()
    assert len(lines) == 70 and lines[0].startswith("4.1 ") and lines[-1].startswith("A.10.4 ")


def test_questionnaire_then_answers_round_trip_on_the_command_line(tmp_path):
    out = tmp_path / "blank.xlsx"
    assert run_cli("questionnaire", "--out", str(out)).returncode == 0
    result = run_cli("answers", str(out))
    assert result.returncode == 0
    assert "questions answered" in result.stdout and "0 unmatched rows" in result.stdout


def test_bad_answers_file_exits_2_with_a_message_naming_it(tmp_path):
    bad = tmp_path / "answers.csv"
    bad.write_text("foo,bar\n1,2\n")
    result = run_cli("answers", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: answers.csv: no 'answer' column; found columns: foo, bar"


def test_check_bank_reports_the_default_bank():
    result = run_cli("check-bank")
    assert result.returncode == 0 and "all ISO 42001 ids known" in result.stdout
