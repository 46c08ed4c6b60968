"""Command-line interface: thin shells over the library (``python -m assessor --help``)."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from assessor import __version__
from assessor.alignment import DEFAULT_TEXT_THRESHOLD
from assessor.errors import InputError

BANK_OPTION = click.option(
    "--bank",
    "bank_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Question bank (YAML, CSV or XLSX). Default: the packaged bank.",
)


def reports_input_errors(command):
    """Turn InputError into a one-line message on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assessor")
def main() -> None:
    """Assess AI vendors' due-diligence answers against ISO/IEC 42001."""


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def catalog(as_json: bool) -> None:
    """List the 70 ISO/IEC 42001 clauses and Annex A controls the tool assesses."""
    import json

    from question_bank import load_catalog

    for node in load_catalog().nodes:
        if as_json:
            click.echo(json.dumps({"id": node.id, "title": node.title, "group": node.group}, ensure_ascii=False))
        else:
            click.echo(f"{node.id:<9} {node.title}")


@main.command("check-bank")
@click.argument("bank_file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@reports_input_errors
def check_bank(bank_file: Path | None) -> None:
    """Validate a question bank and summarise it by category."""
    from question_bank import load_bank

    bank = load_bank(bank_file)
    click.echo(f"{bank.name} {bank.version}: {len(bank.questions)} questions, all ISO 42001 ids known")
    for category, title in bank.categories.items():
        count = sum(1 for q in bank.questions if q.category == category)
        click.echo(f"  {count:>3}  {title}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or FILE.csv")
@BANK_OPTION
@reports_input_errors
def questionnaire(out: Path, bank_path: Path | None) -> None:
    """Write a blank questionnaire for vendors to fill in."""
    from assessor.questionnaire import write_questionnaire
    from question_bank import load_bank

    bank = load_bank(bank_path)
    write_questionnaire(bank, out)
    click.echo(f"wrote {len(bank.questions)} questions to {out}")


@main.command()
@click.argument("answers_file", type=click.Path(dir_okay=False, path_type=Path))
@BANK_OPTION
@click.option("--threshold", default=DEFAULT_TEXT_THRESHOLD, show_default=True, help="Minimum question-text similarity (0-100).")
@reports_input_errors
def answers(answers_file: Path, bank_path: Path | None, threshold: float) -> None:
    """Import an answers file and report how its rows align with the bank."""
    from assessor.alignment import align_answers
    from assessor.answers import read_answers
    from question_bank import load_bank

    bank = load_bank(bank_path)
    sheet = read_answers(answers_file)
    alignment = align_answers(sheet, bank, threshold=threshold)
    answered = len(alignment.matched) - len(alignment.blank)
    click.echo(
        f"{answers_file.name}: {len(sheet.answers)} rows; {answered}/{len(bank.questions)} questions answered, "
        f"{len(alignment.blank)} blank, {len(alignment.unanswered)} missing, {len(alignment.unmatched)} unmatched rows, "
        f"{len(alignment.duplicates)} duplicate rows"
    )
    for line in alignment.notes():
        click.echo(f"  {line}")
