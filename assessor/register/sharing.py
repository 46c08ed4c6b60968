"""Commands that take a registered assessment elsewhere: the diff against an earlier one, the HTML report (and
the scorecard CSV with the analysts' reviews) for people who will not open the app, the follow-up workbook."""

from __future__ import annotations

from pathlib import Path

import click

from assessor.progress import echo, printable_json
from assessor.register.commands import REGISTER_OPTION, open_register, reports_register_errors, target_assessment
from assessor.register.errors import RegisterError

OUT_FILE = click.Path(dir_okay=False, path_type=Path)
ASSESSMENT_OPTION = click.option(
    "--assessment", "assessment_id", type=int, default=None, help="Assessment id (default: the latest)."
)


@click.command()
@click.argument("vendor")
@click.option("--from", "from_id", type=int, default=None, help="The earlier assessment (default: the one before).")
@click.option("--to", "to_id", type=int, default=None, help="The later assessment (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@REGISTER_OPTION
@reports_register_errors
def diff(vendor: str, from_id: int | None, to_id: int | None, as_json: bool, register_url: str | None) -> None:
    """What changed between two assessments of VENDOR: answers (word by word), ratings, scores, flags, claims,
    evidence."""
    from assessor.reassessment import diff_reports

    with open_register(register_url) as register:
        later = target_assessment(register, vendor, to_id)
        if from_id is None:
            earlier = register.previous(vendor, later)
            if earlier is None:
                raise RegisterError(f"vendor '{vendor}' has no assessment before {later} to compare with")
            from_id = earlier.assessment_id
        earlier_id = target_assessment(register, vendor, from_id)
        changes = diff_reports(register.report(earlier_id), register.report(later))
    if as_json:
        echo(printable_json({"from": earlier_id, "to": later, **changes.to_dict()}))
        return
    echo(f"{vendor}: assessment {earlier_id} -> {later}")
    for line in changes.lines():
        echo(line)


@click.command()
@click.argument("vendor")
@ASSESSMENT_OPTION
@click.option("--out", "out", required=True, type=OUT_FILE, help="The HTML report to write.")
@click.option("--csv", "csv_out", type=OUT_FILE, help="Also write the scorecard CSV with the analysts' reviews.")
@REGISTER_OPTION
@reports_register_errors
def report(vendor: str, assessment_id: int | None, out: Path, csv_out: Path | None, register_url: str | None) -> None:
    """Write a self-contained HTML report of one assessment: decision, scores, red flags, every question with
    the tool's and the analyst's rating, claims with citations and follow-ups."""
    from assessor.html_report import render_report
    from assessor.register.scorecard import write_registered_csv

    with open_register(register_url) as register:
        target = target_assessment(register, vendor, assessment_id)
        page = render_report(register.report(target), register.overlay(target), register.decision(target))
        if csv_out:
            write_registered_csv(register, target, csv_out)
    out.write_text(page, encoding="utf-8")
    echo(f"wrote {out}" + (f" and {csv_out}" if csv_out else "") + f" for assessment {target}")


@click.command()
@click.argument("vendor")
@ASSESSMENT_OPTION
@click.option("--out", "out", required=True, type=OUT_FILE, help="The XLSX workbook to write.")
@REGISTER_OPTION
@reports_register_errors
def followups(vendor: str, assessment_id: int | None, out: Path, register_url: str | None) -> None:
    """Write the follow-up questions as a workbook for the vendor; `score` reads it back when it returns."""
    from assessor.followup_workbook import write_followups

    with open_register(register_url) as register:
        target = target_assessment(register, vendor, assessment_id)
        write_followups(register.report(target), out)
    echo(f"wrote {out} for assessment {target}")


def attach(group: click.Group) -> None:
    """Add these commands to the command-line group."""
    for command in (diff, report, followups):
        group.add_command(command)
