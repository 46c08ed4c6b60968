"""The register commands (history, review, decide) and the recording options of ``score`` and ``batch``."""

from __future__ import annotations

import datetime
import functools
import sys
from pathlib import Path

import click

from assessor.errors import InputError
from assessor.progress import echo, printable_json
from assessor.register.decisions import DECISIONS, check_decision
from assessor.register.errors import RegisterError
from assessor.register.recording import Recorder

REGISTER_HELP = (
    "Register database: an SQLite file path or URL, or postgresql://USER@HOST/DB. "
    "Default: $ASSESSOR_REGISTER, else register.sqlite in the cache folder."
)
REGISTER_OPTION = click.option("--register", "register_url", default=None, metavar="URL", help=REGISTER_HELP)


def reports_register_errors(command):
    """Turn RegisterError and InputError into a one-line message on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (RegisterError, InputError) as exc:
            echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def register_options(command):
    """``--register URL`` and ``--no-register``, passed on as ``recorder`` (None when not recording)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        url, skip = kwargs.pop("register_url"), kwargs.pop("no_register")
        kwargs["recorder"] = None if skip else Recorder(url)
        try:
            return command(*args, **kwargs)
        except RegisterError as exc:
            echo(f"error: {exc}", err=True)
            sys.exit(2)
        finally:
            if kwargs["recorder"]:
                kwargs["recorder"].close()

    wrapper = click.option("--no-register", "no_register", is_flag=True, help="Do not record in the register.")(wrapper)
    return REGISTER_OPTION(wrapper)


def open_register(url: str | None, config_path: Path | None = None):
    """The register at ``url``; its decision rules and review schedule come from ``config_path`` (else defaults)."""
    from assessor.register.store import Register
    from scoring.config import load_config

    return Register.open(url, config=load_config(config_path))


def target_assessment(register, vendor: str, assessment_id: int | None) -> int:
    """The assessment an analyst means: ``--assessment``, else the vendor's latest."""
    if assessment_id is None:
        latest = register.latest(vendor)
        if latest is None:
            raise RegisterError(f"no assessment of vendor '{vendor}' in the register")
        return latest.assessment_id
    if register.vendor_of(assessment_id) != vendor:
        raise RegisterError(f"assessment {assessment_id} is not of vendor '{vendor}'")
    return assessment_id


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def _json_line(record: dict) -> str:
    return printable_json({key: _jsonable(value) for key, value in record.items()})


@click.command()
@click.argument("vendor", required=False)
@click.option("--due", is_flag=True, help="Only the vendors due or overdue for review.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Date for --due (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@REGISTER_OPTION
@reports_register_errors
def history(vendor: str | None, due: bool, as_of, as_json: bool, register_url: str | None) -> None:
    """List recorded assessments (of VENDOR, or every vendor) with their decisions and next reviews."""
    with open_register(register_url) as register:
        if due:
            day = as_of.date() if as_of else datetime.date.today()
            rows = [row for row in register.due(day) if vendor is None or row["vendor"] == vendor]
            for row in rows:
                echo(
                    _json_line(row)
                    if as_json
                    else f"{row['vendor']}: review due {row['next_review']} ({row['days_overdue']} days overdue), "
                    f"decision {row['decision']} on assessment {row['assessment_id']}"
                )
            return
        entries = register.history(vendor)
        if not entries and not as_json:
            echo("no assessment recorded yet", err=True)
        for entry in entries:
            if as_json:
                echo(_json_line(entry.to_dict()))
                continue
            echo(
                f"{entry.assessment_id:>5}  {entry.created_at:%Y-%m-%d %H:%M}  {entry.vendor}: "
                f"{entry.overall:.1f} ({entry.rating}), {entry.red_flags} red flags; "
                f"decision {entry.decision or '-'}, next review {entry.next_review or '-'}"
            )


@click.command()
@click.argument("vendor")
@click.argument("question_id")
@click.option("--rating", default=None, help="Your rating: strong, adequate, weak or insufficient.")
@click.option("--flag", "add_flag", default=None, metavar="CODE", help="Add this flag (a flag code, e.g. vague).")
@click.option("--dismiss", "dismiss_flag", default=None, metavar="CODE", help="Dismiss this flag.")
@click.option("--note", default=None, help="A note on the answer, shown in the scorecard.")
@click.option("--reason", default=None, help="Why (required; kept in the audit trail).")
@click.option("--analyst", default=None, help="Who reviews (default: the operating-system user).")
@click.option("--assessment", "assessment_id", type=int, default=None, help="Assessment id (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print the question's review as JSON.")
@REGISTER_OPTION
@reports_register_errors
def review(
    vendor, question_id, rating, add_flag, dismiss_flag, note, reason, analyst, assessment_id, as_json, register_url
):
    """Override a question's rating, add or dismiss a flag, or add a note; the machine's result is kept."""
    if add_flag and dismiss_flag:
        raise RegisterError("give --flag or --dismiss, not both")
    if not reason:
        raise RegisterError("a reason is required (--reason TEXT)")
    with open_register(register_url) as register:
        target = target_assessment(register, vendor, assessment_id)
        view = register.review(
            target,
            question_id,
            rating=rating,
            add_flag=add_flag,
            dismiss_flag=dismiss_flag,
            note=note,
            reason=reason,
            analyst=analyst,
        )
    if as_json:
        echo(_json_line({"assessment_id": target, "question_id": question_id, **view}))
        return
    echo(
        f"{vendor} {question_id} (assessment {target}): analyst rating {view['analyst_rating'] or '-'}; "
        f"added flags {', '.join(view['added_flags']) or '-'}; dismissed {', '.join(view['dismissed_flags']) or '-'}"
        + (f"; note: {view['analyst_note']}" if view["analyst_note"] else "")
    )


@click.command()
@click.argument("vendor")
@click.option("--decision", required=True, metavar="DECISION", help=" | ".join(DECISIONS))
@click.option("--condition", "conditions", multiple=True, help="A condition of the decision; repeat for several.")
@click.option("--reason", default=None, help="Why (required; kept in the audit trail).")
@click.option("--analyst", default=None, help="Who decides (default: the operating-system user).")
@click.option("--assessment", "assessment_id", type=int, default=None, help="Assessment id (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Scoring config YAML whose decisions and review_schedule apply (default: the bundled defaults).",
)  # fmt: skip
@REGISTER_OPTION
@reports_register_errors
def decide(vendor, decision, conditions, reason, analyst, assessment_id, as_json, config_path, register_url):
    """Record the decision on a vendor's assessment; without --condition the suggested conditions are used."""
    check_decision(decision)
    if not reason:
        raise RegisterError("a reason is required (--reason TEXT)")
    with open_register(register_url, config_path) as register:
        target = target_assessment(register, vendor, assessment_id)
        suggested, suggested_conditions, rule = register.suggest_decision(target)
        if not conditions and decision != "approve":
            conditions = suggested_conditions
        record = register.decide(target, decision, list(conditions), reason, analyst)
    if as_json:
        echo(_json_line({"assessment_id": target, **record, "rule": rule}))
        return
    echo(f"suggested: {suggested} ({rule})")
    echo(
        f"{vendor} (assessment {target}): {record['decision']} by {record['analyst']}; "
        f"next review {record['next_review'] or 'none scheduled'}"
    )
    for condition in record["conditions"]:
        echo(f"  condition: {condition}")


def attach(group: click.Group) -> None:
    """Add the register's commands to the command-line group."""
    for command in (history, review, decide):
        group.add_command(command)
