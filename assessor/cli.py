"""Command-line interface: thin shells over the library (``python -m assessor --help``)."""

from __future__ import annotations

import functools
import math
import signal
import sys
import threading
import warnings
from pathlib import Path

import click

from assessor import __version__
from assessor.cleantext import terminal_safe
from assessor.errors import InputError
from assessor.onnx_backend import BACKEND_ENV, BACKENDS, DEFAULT_BACKEND
from assessor.progress import echo, printable_json
from assessor.register import commands as register_commands
from assessor.register import sharing as register_sharing

BANK_OPTION = click.option(
    "--bank",
    "bank_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Question bank (YAML, CSV or XLSX). Default: the packaged bank.",
)

MODEL_OPTION = click.option(
    "--model",
    default=None,
    help="Embedding model: a local folder or a name in the local Hugging Face cache. "
    "Default: $ASSESSOR_MODEL, else the bundled all-MiniLM-L6-v2.",
)

BACKEND_OPTION = click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help=f"How the model encodes: torch (fp32) or onnx-int8 (exported and quantized locally on first use). "
    f"Default: ${BACKEND_ENV}, else {DEFAULT_BACKEND}.",
)


LAYOUT_OPTIONS = (
    click.option("--sheet", default=None, help="Read only this sheet of the answers workbook."),
    click.option(
        "--header-row", "header_row", type=click.IntRange(1), default=None, help="Row number of the answers' header."
    ),
    click.option("--id-col", "id_col", default=None, help="Question id column: header text or letter (e.g. A)."),
    click.option("--question-col", "question_col", default=None, help="Question text column: header or letter."),
    click.option("--answer-col", "answer_col", default=None, help="Answer column: header or letter (e.g. C)."),
    click.option("--comment-col", "comment_col", default=None, help="Comments column, added to the answer."),
    click.option("--evidence-col", "evidence_col", default=None, help="Evidence references column: header or letter."),
)


def layout_options(command):
    """The answers-layout overrides (``--sheet``, ``--header-row``, ``--*-col``), passed on as ``layout``."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from assessor.answers import LayoutOverrides

        values = {key: kwargs.pop(key) for key in ("sheet", "header_row", *COLUMN_KEYS)}
        kwargs["layout"] = LayoutOverrides(**{key: value for key, value in values.items() if value is not None})
        return command(*args, **kwargs)

    for option in reversed(LAYOUT_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


COLUMN_KEYS = ("id_col", "question_col", "answer_col", "comment_col", "evidence_col")


def echo_mapping(sheet, err: bool = False) -> None:
    """Print how the answers file was read: sheets, header row, which column is which."""
    for line in sheet.mapping_lines():
        echo(f"  layout: {line}", err=err)


def reports_input_errors(command):
    """Turn InputError into a one-line message on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper


RETRY_TIMEOUTS_OPTION = click.option(
    "--retry-timeouts",
    "retry_timeouts",
    is_flag=True,
    help="Read again evidence files that timed out on an earlier run (by default they are skipped and reported).",
)


def exit_on_sigterm() -> None:
    """SIGTERM (a stopped batch, a container shutting down) exits like Ctrl-C: cleanup runs, helper processes end."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def show_cache_warnings() -> None:
    """Print each cache warning as one ``warning:`` line on stderr, without Python's file-and-line decoration."""
    from assessor.cache_health import CacheWarning

    shown = warnings.showwarning
    if getattr(shown, "prints_cache_warnings", False):
        return

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, CacheWarning):
            click.echo(f"warning: {terminal_safe(message)}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    show.prints_cache_warnings = True
    warnings.showwarning = show


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assessor")
def main() -> None:
    """Assess AI vendors' due-diligence answers against ISO/IEC 42001."""
    show_cache_warnings()


def run(prog_name: str | None = None) -> None:
    """The command line as a program (``python -m assessor``, ``assessor``): a SIGTERM ends it cleanly."""
    exit_on_sigterm()
    main(prog_name=prog_name)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def catalog(as_json: bool) -> None:
    """List the 70 ISO/IEC 42001 clauses and Annex A controls the tool assesses."""
    from question_bank import load_catalog

    for node in load_catalog().nodes:
        if as_json:
            echo(printable_json({"id": node.id, "title": node.title, "group": node.group}))
        else:
            echo(f"{node.id:<9} {node.title}")


def load_bank_suggesting(
    bank_path: Path | None, model: str | None, config_path: Path | None = None, backend: str | None = None
):
    """The bank; the model is loaded only when some question lists no ISO 42001 ids, to suggest them."""
    from question_bank import MissingIsoIds, load_bank

    try:
        return load_bank(bank_path)
    except MissingIsoIds:
        from assessor.embeddings import Embedder
        from scoring.config import load_config

        return load_bank(bank_path, suggest_with=Embedder(model, backend=backend), config=load_config(config_path))


@main.command("check-bank")
@click.argument("bank_file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@MODEL_OPTION
@BACKEND_OPTION
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@click.option("--json", "as_json", is_flag=True, help="Print the bank as JSON, suggested ids marked.")
@reports_input_errors
def check_bank(
    bank_file: Path | None, model: str | None, backend: str | None, config_path: Path | None, as_json: bool
) -> None:
    """Validate a question bank and summarise it by category; suggest ISO 42001 ids where it has none."""
    from question_bank import load_catalog

    bank = load_bank_suggesting(bank_file, model, config_path, backend)
    if as_json:
        echo(printable_json(bank_summary(bank), indent=2))
        return
    known = "all ISO 42001 ids known" + (", some suggested" if bank.suggested else "")
    echo(f"{bank.name} {bank.version}: {len(bank.questions)} questions, {known}")
    for category, title in bank.categories.items():
        count = sum(1 for q in bank.questions if q.category == category)
        echo(f"  {count:>3}  {title}")
    for line in bank.mapping:
        echo(f"  layout: {line}")
    if not bank.suggested:
        return
    catalog = load_catalog()
    echo(f"suggested ISO 42001 ids (by {bank.suggested_by}):")
    width = max(len(q.id) for q in bank.suggested)
    for q in bank.suggested:
        ids = ", ".join(
            f"{node} {catalog.get(node).title} ({score:.2f})"
            for node, score in zip(q.iso42001_suggested, q.suggestion_scores)
        )
        echo(f"  {q.id:<{width}}  suggested {ids}" + (f"  [{q.source}]" if q.source else ""))
    echo(f"{len(bank.suggested)} questions without ISO ids: suggestions shown, please confirm")


def bank_summary(bank) -> dict:
    """The bank for ``check-bank --json``: each question's ids, which were suggested, and where it is."""
    return {
        "name": bank.name,
        "version": bank.version,
        "sha256": bank.sha256,
        "suggested_by": bank.suggested_by,
        "categories": bank.categories,
        "layout": list(bank.mapping),
        "questions": [
            {
                "id": q.id,
                "category": q.category,
                "text": q.text,
                "iso42001": list(q.iso42001_given),
                "suggested": [
                    {"id": node, "score": score} for node, score in zip(q.iso42001_suggested, q.suggestion_scores)
                ],
                "source": q.source,
            }
            for q in bank.questions
        ],
    }


@main.command()
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or FILE.csv"
)
@BANK_OPTION
@MODEL_OPTION
@BACKEND_OPTION
@reports_input_errors
def questionnaire(out: Path, bank_path: Path | None, model: str | None, backend: str | None) -> None:
    """Write a blank questionnaire for vendors to fill in."""
    from assessor.questionnaire import write_questionnaire

    bank = load_bank_suggesting(bank_path, model, backend=backend)
    write_questionnaire(bank, out)
    echo(f"wrote {len(bank.questions)} questions to {out}")


@main.command()
@click.argument("answers_file", type=click.Path(dir_okay=False, path_type=Path))
@BANK_OPTION
@MODEL_OPTION
@BACKEND_OPTION
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Minimum question-text similarity (0-100). Default: the config's alignment.text_threshold.",
)
@layout_options
@reports_input_errors
def answers(
    answers_file: Path,
    bank_path: Path | None,
    model: str | None,
    backend: str | None,
    config_path: Path | None,
    threshold: float | None,
    layout=None,
) -> None:
    """Import an answers file and report how its rows align with the bank."""
    from assessor.alignment import align_answers
    from assessor.answer_limits import limits_of
    from assessor.answer_reader_process import read_answers_isolated
    from assessor.embeddings import Embedder
    from scoring.config import load_config

    bank = load_bank_suggesting(bank_path, model, config_path, backend)
    overrides = {"alignment": {"text_threshold": threshold}} if threshold is not None else None
    config = load_config(config_path, overrides)
    settings, limits = config["alignment"], limits_of(config)
    sheet = read_answers_isolated(answers_file, layout, limits)
    alignment = align_answers(sheet, bank, settings)
    if alignment.unmatched:  # only then is loading the model worth it
        alignment = align_answers(
            sheet, bank, settings, Embedder(model, backend=backend).similarity, limits.max_meaning_rows
        )
    answered = len(alignment.matched) - len(alignment.blank)
    echo(
        f"{answers_file.name}: {len(sheet.answers)} rows; {answered}/{len(bank.questions)} questions answered, "
        f"{len(alignment.blank)} blank, {len(alignment.unanswered)} missing, "
        f"{len(alignment.unmatched)} unmatched rows, {len(alignment.duplicates)} duplicate rows"
    )
    echo_mapping(sheet)
    for line in [*sheet.notes, *alignment.notes(limits.max_row_notes)]:
        echo(f"  {line}")


def read_text_records(source) -> list[tuple[object, dict]]:
    """JSON lines ({"id": ..., "text": ...}) or plain text lines (the line number becomes the id)."""
    import json

    records = []
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            record = None
        if isinstance(record, dict) and "text" in record:
            records.append((record.get("id", number), record))
        else:
            records.append((number, {"text": line.rstrip("\n")}))
    return records


@main.command()
@click.argument("input_file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--top", "top_k", default=5, show_default=True, type=click.IntRange(1, 70), help="Clauses per text.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@MODEL_OPTION
@BACKEND_OPTION
@reports_input_errors
def match(input_file, top_k: int, config_path: Path | None, model: str | None, backend: str | None) -> None:
    """Rank ISO/IEC 42001 clauses for each input line (JSON lines or plain text; '-' is stdin)."""
    from assessor.embeddings import Embedder
    from assessor.matching import ClauseMatcher
    from question_bank import load_catalog
    from scoring.config import load_config

    settings = load_config(config_path)["matching"]
    records = read_text_records(input_file)
    matcher = ClauseMatcher(Embedder(model, backend=backend), load_catalog())
    rankings = matcher.rank([str(record["text"]) for _, record in records], settings)
    for (record_id, _), ranked in zip(records, rankings):
        clauses = [{"id": c.id, "title": c.title, "score": round(c.score, 3)} for c in ranked[:top_k]]
        echo(printable_json({"id": record_id, "clauses": clauses}))


@main.command()
@click.option("--answers", "answers_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--evidence",
    "evidence",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Evidence folder or file (PDF, TXT, MD); repeat or list several after one --evidence.",
)
@BANK_OPTION
@click.option("--vendor", default=None, help="Vendor name (default: the answers file's folder name).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Date for staleness checks (default: today).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Scorecard CSV to write.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Full JSON report to write.")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path), help="XLSX workbook to write.")
@MODEL_OPTION
@BACKEND_OPTION
@click.argument("more_evidence", nargs=-1, type=click.Path(path_type=Path))
@RETRY_TIMEOUTS_OPTION
@layout_options
@register_commands.register_options
@reports_input_errors
def score(
    answers_file,
    evidence,
    bank_path,
    vendor,
    config_path,
    as_of,
    out,
    json_out,
    xlsx_out,
    model,
    backend,
    more_evidence,
    retry_timeouts=False,
    layout=None,
    recorder=None,
):
    """Score one vendor's answers and evidence; write the scorecard and record it in the register."""
    from assessor.evidence import IngestLimits
    from assessor.exports import write_csv, write_json, write_xlsx
    from assessor.pipeline import Engine, assess
    from question_bank import MissingIsoIds, load_bank
    from scoring.config import load_config

    config = load_config(config_path)
    try:
        bank, engine = load_bank(bank_path), Engine.load(model, backend=backend)
    except MissingIsoIds:  # the model suggests the ids, then scores
        engine = Engine.load(model, backend=backend)
        bank = load_bank(bank_path, suggest_with=engine.embedder, config=config)
    vendor = vendor or answers_file.resolve().parent.name
    assessment = assess(
        vendor,
        answers_file,
        [*evidence, *more_evidence],
        engine,
        bank=bank,
        config=config,
        as_of=as_of.date() if as_of else None,
        limits=IngestLimits.from_config(config["evidence_limits"]),
        progress=lambda step, fraction: echo(f"[{fraction:4.0%}] {step}", err=True),
        layout=layout,
        retry_timeouts=retry_timeouts,
    )
    echo(f"{answers_file.name}:", err=True)
    echo_mapping(assessment.prepared.sheet, err=True)
    write_csv(assessment.result, out)
    if json_out:
        write_json(assessment, json_out)
    if xlsx_out:
        write_xlsx(assessment, xlsx_out)
    if recorder:
        echo(f"recorded as assessment {recorder.record(assessment)} in {recorder.where}", err=True)
    result = assessment.result
    for note in result.notes:
        echo(f"note: {note}", err=True)
    echo(
        f"{result.vendor}: overall {result.overall:.1f} ({result.rating}), {result.red_flags} red flags, "
        f"{result.answered}/{len(result.questions)} answered; wrote {out}"
    )


@main.command()
@click.argument("input_file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@reports_input_errors
def specificity(input_file, config_path: Path | None) -> None:
    """Explain how specific each input answer is (JSON lines {"id", "text", "question"} or plain lines)."""
    from scoring.config import load_config
    from scoring.specificity import score_specificity

    settings = load_config(config_path)["specificity"]
    for record_id, record in read_text_records(input_file):
        result = score_specificity(str(record["text"]), str(record.get("question") or ""), settings=settings)
        output = {"id": record_id, "score": result.score, "signals": result.to_dict()["signals"]}
        echo(printable_json(output))


@main.command()
@click.argument("vendors_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the results."
)
@BANK_OPTION
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Date for staleness checks (default: today).")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="PDF reader processes per vendor (the model itself uses every core).",
)
@MODEL_OPTION
@RETRY_TIMEOUTS_OPTION
@BACKEND_OPTION
@layout_options
@register_commands.register_options
@reports_input_errors
def batch(
    vendors_dir,
    out_dir,
    bank_path,
    config_path,
    as_of,
    workers,
    model,
    backend,
    retry_timeouts=False,
    layout=None,
    recorder=None,
):
    """Score every vendor folder in VENDORS_DIR; write scorecards, a ranked summary and errors.csv.

    Each vendor folder holds answers.csv or answers.xlsx (or one other CSV/XLSX file), evidence
    (PDF, TXT, MD) anywhere below it, and optionally a vendor.yaml with the vendor's 'name' and the
    answers-layout keys (sheet, header_row, id_col, question_col, answer_col, comment_col, evidence_col),
    which override the options of the same name for that vendor, and its 'risk_tier' for the register.
    Exit status: 0 all scored, 1 some vendors failed (see errors.csv), 2 bad arguments.
    """
    from assessor.batch import batch_command

    as_of_date = as_of.date() if as_of else None
    on_scored = recorder.record_vendor if recorder else None
    status = batch_command(
        vendors_dir,
        out_dir,
        bank_path,
        config_path,
        as_of_date,
        workers,
        model,
        layout=layout,
        on_scored=on_scored,
        retry_timeouts=retry_timeouts,
        backend=backend,
    )
    sys.exit(status)


@main.group()
def cache() -> None:
    """Inspect or clear the on-disk caches (extracted evidence text and embeddings)."""


@cache.command("info")
def cache_info() -> None:
    """Show where the caches are and how much they hold."""
    from assessor.settings import cache_dir, cache_usage

    files, size = cache_usage()
    click.echo(f"{cache_dir()}: {files} files, {size / 1e6:.1f} MB")


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached extraction and embedding (a symlinked cache folder is emptied, never followed further)."""
    from assessor.settings import cache_dir, clear_cache

    files, size = clear_cache()
    click.echo(f"removed {files} files ({size / 1e6:.1f} MB) from {terminal_safe(cache_dir())}")


@cache.command("prune")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Scoring config YAML.")
@click.option("--max-age-days", type=click.FloatRange(0), help="Default: the config's cache.max_age_days (0: none).")
@click.option("--max-size-mb", type=click.FloatRange(0), help="Default: the config's cache.max_size_mb (0: none).")
@reports_input_errors
def cache_prune(config_path: Path | None, max_age_days: float | None, max_size_mb: float | None) -> None:
    """Remove cache files unused for a while, then the least recently used until the size limit is met."""
    from assessor.settings import cache_dir, prune_cache
    from scoring.config import DEFAULTS_PATH, load_config

    config = load_config(config_path)
    limits = config["cache"]
    for key in ("max_age_days", "max_size_mb"):
        if not math.isfinite(limits[key]) or limits[key] < 0:
            problem = f"cache.{key} must be a number of at least 0 (0: no limit)"
            raise InputError(config_path or DEFAULTS_PATH, problem, key)
    age = limits["max_age_days"] if max_age_days is None else max_age_days
    size = limits["max_size_mb"] if max_size_mb is None else max_size_mb
    pruned = prune_cache(age, size)
    for entry in pruned:
        click.echo(f"removed {terminal_safe(entry.path)} ({entry.size / 1e6:.1f} MB): {entry.reason}")
    freed = sum(entry.size for entry in pruned)
    click.echo(f"pruned {len(pruned)} files ({freed / 1e6:.1f} MB) from {terminal_safe(cache_dir())}")


register_commands.attach(main)
register_sharing.attach(main)
