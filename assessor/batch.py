"""Score a portfolio of vendors in one run: one folder per vendor, a ranked summary, cheap re-runs.

Layout::

    VENDORS_DIR/
      <folder>/            one per vendor; the folder name is the vendor name ...
        vendor.yaml        ... unless this says otherwise (key ``name``); optional; also the answers
                           layout when detection needs help: ``sheet``, ``header_row``, ``id_col``,
                           ``question_col``, ``answer_col``, ``comment_col``, ``evidence_col``;
                           and ``risk_tier`` for the register's review schedule
        answers.csv        or answers.xlsx, or the only CSV/XLSX file in the folder
        **/*.pdf|.txt|.md  evidence, anywhere below the folder

Output (``OUT_DIR``): ``<vendor>.csv`` and ``<vendor>.json`` per vendor (the same exports as
``score``), ``summary.csv`` and ``summary.xlsx`` ranked best first, and ``errors.csv`` listing
the vendors that could not be scored and why. One bad vendor never stops the others.

How the work is shared over the CPUs: the model is loaded once, in this process, and encodes
with all cores (torch's threads); each vendor's PDFs are parsed in ``workers`` child processes
by ``ingest``. Vendors are scored one after another: encoding is nearly all of a cold run
(reading the 120 PDFs of the 20-vendor benchmark takes about 3 s of a 3-5 minute cold run) and it
already keeps every core busy, so overlapping vendors gained nothing measurable. Extraction
and embeddings are cached on disk by content, so a re-run on unchanged inputs mostly reads
caches and does not even load the model when every text is cached.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import sys
import time
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.answers import OVERRIDE_KEYS, LayoutOverrides
from assessor.cleantext import strip_controls
from assessor.errors import InputError
from assessor.progress import BatchProgress, duration, printable, printable_lines
from assessor.safe_cells import safe_cell, safe_row
from assessor.safe_walk import file_problem
from scoring.safe_yaml import load_yaml

if TYPE_CHECKING:
    from assessor.pipeline import Assessment

VENDOR_FILE = "vendor.yaml"
ANSWERS_NAMES = ("answers.csv", "answers.xlsx")
ANSWERS_SUFFIXES = (".csv", ".xlsx")
MAX_VENDOR_FILE_BYTES = 1024 * 1024
SKIPPED_FOLDERS = {"__macosx"}  # zip debris

SUMMARY_COLUMNS = ("vendor", "overall_score", "rating", "red_flags", "answered", "unanswered")
ERROR_COLUMNS = ("vendor", "folder", "problem")
OUTPUT_STEMS = ("summary", "errors")  # the batch's own files; a vendor may not take these names

MAX_STEM_BYTES = 100
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


# -- file names ----------------------------------------------------------------------------------------------------


def safe_file_stem(name: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file name stem for a vendor name, safe on Linux, macOS and Windows.

    No path separators or other characters Windows forbids, no control or invisible
    characters, no ``..``, no leading dots or dashes, no trailing dots or spaces, at most
    ``max_bytes`` of UTF-8, never a Windows device name (CON, NUL, COM1, ...) nor the
    name of one of the batch's own files.
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(name)))
    text = "".join(
        "_" if ch in _WINDOWS_FORBIDDEN or unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in text
    )
    text = re.sub(r"_+", "_", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = _truncate_utf8(text.strip(" ._-"), max_bytes).rstrip(" ._-") or "vendor"
    base, dot, rest = text.partition(".")
    if base.rstrip(" ").upper() in WINDOWS_RESERVED or text.casefold() in OUTPUT_STEMS:
        text = _truncate_utf8(base, max_bytes - 1 - len((dot + rest).encode())) + "_" + dot + rest
    return text


def unique_stems(names: Sequence[str], max_bytes: int = MAX_STEM_BYTES) -> list[str]:
    """Safe stems for ``names``, in order; names whose stems collide (ignoring case) get -2, -3, ..."""
    taken: set[str] = set()
    stems = []
    for name in names:
        base = safe_file_stem(name, max_bytes)
        stem, number = base, 1
        while stem.casefold() in taken:
            number += 1
            suffix = f"-{number}"
            stem = _truncate_utf8(base, max_bytes - len(suffix)).rstrip(" ._-") + suffix
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max(max_bytes, 0)].decode("utf-8", errors="ignore")


# -- discovery -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VendorFolder:
    """One vendor folder as found: usable when ``problem`` is empty."""

    folder: Path
    name: str
    stem: str = ""  # file name stem for its outputs, unique within the batch
    answers: Path | None = None
    problem: str = ""
    layout: dict = field(default_factory=dict)  # answers-layout keys from vendor.yaml


def discover(vendors_dir: str | Path, exclude: Sequence[str | Path] = ()) -> list[VendorFolder]:
    """Every vendor folder directly under ``vendors_dir``, in name order, each with its answers file or problem.

    Hidden folders and ``exclude`` (e.g. an output folder placed inside) are skipped.
    Raise InputError when the folder is missing or holds no vendor folder.
    """
    root = Path(vendors_dir)
    if not root.is_dir():
        raise InputError(root, "vendors folder not found" if not root.exists() else "not a folder")
    skipped = {Path(path).resolve() for path in exclude}
    try:
        entries = sorted(root.iterdir(), key=lambda path: path.name)
    except OSError as exc:
        raise InputError(root, f"cannot list the vendors folder ({exc.strerror or exc})") from exc
    own_answers = [path.name for path in entries if path.is_file() and path.name.lower() in ANSWERS_NAMES]
    if own_answers:
        raise InputError(
            root,
            f"holds {own_answers[0]} itself, so it looks like one vendor's folder; give the folder that holds "
            "one folder per vendor (or use 'score' for a single vendor)",
        )
    folders = [
        path
        for path in entries
        if path.is_dir()
        and not path.name.startswith(".")
        and path.name.casefold() not in SKIPPED_FOLDERS
        and path.resolve() not in skipped
    ]
    if not folders:
        raise InputError(root, "no vendor folders inside; put each vendor's files in a folder of its own")
    found = []
    for folder, problem in _once_each(root, folders).items():
        problems = [problem] if problem else []  # a folder not followed is not read at all
        name = _clean_name(folder.name) or folder.name
        try:
            name = name if problem else vendor_name(folder)
        except InputError as exc:
            problems.append(str(exc))
        layout: dict = {}
        if not problems:
            try:
                layout = vendor_layout(folder)
            except InputError as exc:
                problems.append(str(exc))
        answers = None
        if not problem:
            try:
                answers = find_answers(folder)
            except InputError as exc:
                problems.append(str(exc))
        found.append(VendorFolder(folder, name, answers=answers, problem="; ".join(problems), layout=layout))
    stems = unique_stems([vendor.name for vendor in found])
    return [
        VendorFolder(vendor.folder, vendor.name, stem, vendor.answers, vendor.problem, vendor.layout)
        for vendor, stem in zip(found, stems)
    ]


def _once_each(root: Path, folders: list[Path]) -> dict[Path, str]:
    """Each folder with the problem that keeps it from being scored ("" for none), in the order given.

    A link to a folder outside ``root`` is not followed; a folder reached twice (a link to another vendor's
    folder) is scored once, under its real name when that is listed, the other name reported.
    """
    real = root.resolve()
    first: dict[Path, Path] = {}
    for folder in sorted(folders, key=lambda path: (path.is_symlink(), path.name)):
        first.setdefault(folder.resolve(), folder)
    checked = {}
    for folder in folders:
        target = folder.resolve()
        if not target.is_relative_to(real):
            checked[folder] = str(InputError(folder, f"is a link to a folder outside {root.name}; not followed"))
        elif first[target] != folder:
            twin = first[target].name
            checked[folder] = str(InputError(folder, f"the same folder as '{twin}' (a link to it); scored once, there"))
        else:
            checked[folder] = ""
    return checked


def vendor_name(folder: Path) -> str:
    """``name`` from the folder's vendor.yaml, else the folder name; a broken vendor.yaml raises InputError."""
    path, data = read_vendor_file(folder)
    if data is None:
        return _clean_name(folder.name) or folder.name
    value = data.get("name")
    if value is None:
        return _clean_name(folder.name) or folder.name
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(path, f"'name' must be text, not {value!r}; put it in quotes")
    name = _clean_name(str(value))
    if not name:
        raise InputError(path, "'name' is empty")
    return name


def vendor_layout(folder: Path) -> dict:
    """The answers-layout keys of the folder's vendor.yaml (sheet, header_row, id_col, ...), checked."""
    path, data = read_vendor_file(folder)
    layout: dict = {}
    for key in OVERRIDE_KEYS:
        value = (data or {}).get(key)
        if value is None:
            continue
        if key == "header_row":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(path, f"'header_row' must be a row number (1 or more), not {value!r}")
            layout[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, str | int) or (key != "sheet" and isinstance(value, int)):
            what = "a sheet name" if key == "sheet" else "a header or a column letter, such as 'C',"
            raise InputError(path, f"'{key}' must be {what} not {value!r}; put it in quotes")
        text = _clean_name(str(value))
        if not text:
            raise InputError(path, f"'{key}' is empty")
        layout[key] = text
    return layout


def vendor_risk_tier(folder: Path) -> str | None:
    """``risk_tier`` from the folder's vendor.yaml (how often the register schedules its review), or None."""
    path, data = read_vendor_file(folder)
    value = (data or {}).get("risk_tier")
    if value is None:
        return None
    if not isinstance(value, str) or not _clean_name(value):
        raise InputError(path, f"'risk_tier' must be a tier name such as 'high', not {value!r}")
    return _clean_name(value)


def merged_layout(defaults: LayoutOverrides | None, vendor: dict) -> LayoutOverrides:
    """The command's layout options, with the vendor's own vendor.yaml keys taking precedence."""
    base = {key: getattr(defaults, key) for key in OVERRIDE_KEYS} if defaults else {}
    return LayoutOverrides(**(base | vendor))


def read_vendor_file(folder: Path) -> tuple[Path | None, dict | None]:
    """The folder's vendor.yaml and its settings (None when absent or empty).

    Read with the safe YAML loader (no aliases, no tags, at most MAX_VENDOR_FILE_BYTES), so a hostile file
    costs no more than its size; a broken file raises InputError naming the line and the problem.
    """
    path = _entry(folder, VENDOR_FILE)
    if path is None:
        return None, None
    data = load_yaml(path, MAX_VENDOR_FILE_BYTES, "the vendor settings")
    if data is None:
        return path, None
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping of settings, such as 'name: Acme Ltd'")
    return path, data


def find_answers(folder: Path) -> Path:
    """The vendor's answers file: answers.csv or answers.xlsx, else the only CSV/XLSX file in the folder.

    The file must be a regular file inside the folder: a link out of it, a pipe or a device raises InputError
    before anything is read.
    """
    try:
        files = sorted(
            (path for path in folder.iterdir() if not path.is_dir() and not path.name.startswith((".", "~$"))),
            key=lambda path: path.name,
        )
    except OSError as exc:
        raise InputError(folder, f"cannot list the folder ({exc.strerror or exc})") from exc
    named = [path for path in files if path.name.lower() in ANSWERS_NAMES]
    if len(named) == 1:
        return _checked_file(named[0], folder)
    if len(named) > 1:
        names = " and ".join(path.name for path in named)
        raise InputError(named[0], f"two candidate answers files ({names}); keep only one")
    tables = [path for path in files if path.suffix.lower() in ANSWERS_SUFFIXES]
    if len(tables) == 1:
        return _checked_file(tables[0], folder)
    if not tables:
        raise InputError(folder / ANSWERS_NAMES[0], "no answers file: put answers.csv or answers.xlsx in the folder")
    names = ", ".join(path.name for path in tables)
    raise InputError(
        tables[0], f"{len(tables)} candidate answers files ({names}); name the right one answers.csv or answers.xlsx"
    )


def _checked_file(path: Path, folder: Path) -> Path:
    """``path`` when it is a regular file inside ``folder``; InputError (nothing read) otherwise."""
    problem = file_problem(path, folder.resolve())
    if problem:
        raise InputError(path, problem.detail.replace("the folder given", "the vendor folder"))
    return path


def _entry(folder: Path, name: str) -> Path | None:
    """The file called ``name`` in ``folder``, ignoring case; InputError when it is a link out or not a file."""
    exact = folder / name
    try:
        match = exact if os.path.lexists(exact) and not exact.is_dir() else None
        match = match or next((p for p in sorted(folder.iterdir()) if p.name.lower() == name and not p.is_dir()), None)
    except OSError:
        return None
    return _checked_file(match, folder) if match else None


def _clean_name(name: str) -> str:
    """One line of text: control characters removed, whitespace collapsed."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", name)).split())


# -- running -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    vendor: str
    stem: str
    overall: float
    rating: str
    red_flags: int
    answered: int
    unanswered: int
    category_scores: dict[str, float]
    notes: int  # alignment and evidence problems noted in the vendor's report


@dataclass(frozen=True)
class Failure:
    vendor: str
    folder: str
    problem: str


@dataclass
class BatchResult:
    rows: list[SummaryRow] = field(default_factory=list)  # best first
    failures: list[Failure] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    seconds: float = 0.0
    texts_embedded: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def run_batch(
    vendors: Sequence[VendorFolder],
    out_dir: str | Path,
    engine=None,
    bank=None,
    config=None,
    as_of: datetime.date | None = None,
    workers: int = 2,
    progress: BatchProgress | None = None,
    model: str | None = None,
    layout: LayoutOverrides | None = None,
    on_scored: Callable[[Assessment, VendorFolder], None] | None = None,
    retry_timeouts: bool = False,
    backend: str | None = None,
) -> BatchResult:
    """Score every usable vendor, write its scorecard CSV and JSON report, then the summary and errors files.

    The model is loaded (``Engine.load(model, backend=backend)``) only when ``engine`` is not given and at
    least one vendor is usable; ``workers`` is the number of PDF reader processes. ``layout`` is how
    to read the answers files when detection needs help; a vendor's vendor.yaml keys take precedence.
    ``on_scored(assessment, vendor)`` runs after each vendor's files are written (recording it in the
    register); an InputError it raises fails that vendor. Evidence that timed out on an earlier run is
    skipped (and reported) unless ``retry_timeouts``.
    """
    from assessor.answer_limits import limits_of
    from assessor.evidence import IngestLimits
    from assessor.exports import write_csv, write_json
    from assessor.pipeline import Engine, prepare, release, score
    from question_bank import load_bank
    from scoring.config import load_config

    started = time.monotonic()
    out = Path(out_dir)
    _make_folder(out)
    progress = progress or BatchProgress(len(vendors), interactive=False, stream=io.StringIO())
    usable = [vendor for vendor in vendors if not vendor.problem]
    if usable and engine is None:
        progress.message("loading the model")
        engine = Engine.load(model, backend=backend)
    bank = bank or load_bank(catalog=engine.catalog if engine else None)
    config = config or load_config()
    as_of = as_of or datetime.date.today()
    encoded_before = engine.embedder.encoded_count if engine else 0
    result = BatchResult(categories=list(bank.categories.values()))
    try:
        for vendor in vendors:
            progress.start(vendor.name)
            if vendor.problem:
                result.failures.append(Failure(vendor.name, str(vendor.folder), vendor.problem))
                progress.finish(f"FAILED: {vendor.problem}", timed=False)
                continue
            try:
                prepared = prepare(
                    vendor.name,
                    vendor.answers,
                    [vendor.folder],
                    engine,
                    bank=bank,
                    limits=IngestLimits.from_config(config["evidence_limits"]),
                    workers=workers,
                    progress=progress.step,
                    layout=merged_layout(layout, vendor.layout),
                    retry_timeouts=retry_timeouts,
                    answer_limits=limits_of(config),
                )
                assessment = score(prepared, engine, config, as_of, progress=progress.step)
                write_csv(assessment.result, out / f"{vendor.stem}.csv")
                write_json(assessment, out / f"{vendor.stem}.json")
                if on_scored:
                    on_scored(assessment, vendor)
            except InputError as exc:
                result.failures.append(Failure(vendor.name, str(vendor.folder), str(exc)))
                progress.finish(f"FAILED: {exc}")
                continue
            except Exception as exc:  # one vendor's surprise must not cost the other vendors their scores
                problem = f"unexpected error ({type(exc).__name__}: {exc}); please report it"
                result.failures.append(Failure(vendor.name, str(vendor.folder), problem))
                progress.message("".join(traceback.format_exception(exc)).rstrip())
                progress.finish(f"FAILED: {problem}")
                continue
            vendor_result = assessment.result
            del prepared, assessment  # keep one vendor's evidence in memory at a time
            release(engine)
            result.rows.append(
                SummaryRow(
                    vendor=vendor.name,
                    stem=vendor.stem,
                    overall=vendor_result.overall,
                    rating=vendor_result.rating,
                    red_flags=vendor_result.red_flags,
                    answered=vendor_result.answered,
                    unanswered=vendor_result.unanswered,
                    category_scores=dict(vendor_result.category_scores),
                    notes=len(vendor_result.notes),
                )
            )
            progress.finish(f"{vendor_result.overall:.1f} ({vendor_result.rating})")
    finally:
        progress.close()
    result.rows.sort(key=lambda row: (-row.overall, row.vendor.casefold(), row.vendor, row.stem))
    write_summary_csv(result, out / "summary.csv")
    write_summary_xlsx(result, out / "summary.xlsx")
    write_errors_csv(result.failures, out / "errors.csv")
    result.seconds = time.monotonic() - started
    result.texts_embedded = (engine.embedder.encoded_count - encoded_before) if engine else 0
    return result


def _make_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise InputError(path, "exists and is not a folder; give a folder for the results") from exc
    except OSError as exc:
        raise InputError(path, f"cannot create the output folder ({exc.strerror or exc})") from exc


# -- writing -------------------------------------------------------------------------------------------------------


def summary_columns(categories: Sequence[str]) -> list[str]:
    return [*SUMMARY_COLUMNS, *categories]


def summary_records(result: BatchResult) -> list[list[object]]:
    """One row per scored vendor, best first, as typed values (numbers stay numbers)."""
    return [
        [
            row.vendor,
            row.overall,
            row.rating,
            row.red_flags,
            row.answered,
            row.unanswered,
            *(row.category_scores.get(category) for category in result.categories),
        ]
        for row in result.rows
    ]


def write_summary_csv(result: BatchResult, path: Path) -> Path:
    def cell(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.1f}"
        return safe_cell(value)

    records = [summary_columns(result.categories), *summary_records(result)]  # category titles come from the bank
    lines = [[cell(v) for v in record] for record in records]
    return _write_csv(path, lines)


def write_errors_csv(failures: Sequence[Failure], path: Path) -> Path:
    """Always written, so a file left by an earlier run never reports failures that are gone."""
    rows = [safe_row((f.vendor, f.folder, f.problem)) for f in failures]
    return _write_csv(path, [list(ERROR_COLUMNS), *rows])


def _write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    return path


def write_summary_xlsx(result: BatchResult, path: Path) -> Path:
    """A Summary sheet (the same rows as summary.csv) and an Errors sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary.append(safe_row(summary_columns(result.categories)))
    for record in summary_records(result):
        summary.append(safe_row(record))
    errors = workbook.create_sheet("Errors")
    errors.append(list(ERROR_COLUMNS))
    for failure in result.failures:
        errors.append(safe_row((failure.vendor, failure.folder, failure.problem)))
    header_fill = PatternFill("solid", fgColor="1F3B57")
    for sheet in (summary, errors):
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 16
        sheet.column_dimensions["A"].width = 32
        sheet.freeze_panes = "B2"
    errors.column_dimensions["C"].width = 90
    workbook.save(path)
    return path


# -- reporting -----------------------------------------------------------------------------------------------------


def format_table(result: BatchResult) -> str:
    """The ranking as a plain-text table, then the vendors that failed."""
    lines = []
    if result.rows:
        header = ("#", "vendor", "score", "rating", "red flags", "answered", "notes", "file")
        body = [
            (
                str(rank),
                printable(row.vendor),
                f"{row.overall:.1f}",
                row.rating,
                str(row.red_flags),
                f"{row.answered}/{row.answered + row.unanswered}",
                str(row.notes),
                printable(row.stem, 60) + ".csv",
            )
            for rank, row in enumerate(result.rows, start=1)
        ]
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
        right = {0, 2, 4, 5, 6}
        for cells in [header, *body]:
            lines.append(
                "  ".join(
                    c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
                ).rstrip()
            )
    if result.failures:
        if lines:
            lines.append("")
        lines.append(f"{len(result.failures)} vendor(s) not scored (see errors.csv):")
        lines.extend(f"  {printable(f.vendor)}: {printable(f.problem, 200)}" for f in result.failures)
    return "\n".join(lines)


def batch_command(
    vendors_dir: Path,
    out_dir: Path,
    bank_path: Path | None = None,
    config_path: Path | None = None,
    as_of: datetime.date | None = None,
    workers: int = 2,
    model: str | None = None,
    stdout=None,
    stderr=None,
    layout: LayoutOverrides | None = None,
    on_scored: Callable[[Assessment, VendorFolder], None] | None = None,
    retry_timeouts: bool = False,
    backend: str | None = None,
) -> int:
    """The ``batch`` command: validate the arguments (InputError: exit 2), run, print; return the exit status."""
    from assessor.pipeline import Engine
    from question_bank import MissingIsoIds, load_bank
    from scoring.config import load_config

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    config = load_config(config_path)
    engine = None
    try:
        bank = load_bank(bank_path)
    except MissingIsoIds:  # the model is needed now to suggest the ids, and then scores the vendors
        engine = Engine.load(model, backend=backend)
        bank = load_bank(bank_path, suggest_with=engine.embedder, config=config)
    vendors = discover(vendors_dir, exclude=[out_dir])
    _make_folder(out_dir)
    progress = BatchProgress(len(vendors), stream=stderr)
    result = run_batch(
        vendors,
        out_dir,
        engine=engine,
        bank=bank,
        config=config,
        as_of=as_of,
        workers=workers,
        progress=progress,
        model=model,
        layout=layout,
        on_scored=on_scored,
        retry_timeouts=retry_timeouts,
        backend=backend,
    )
    table = format_table(result)
    if table:
        _echo(table, stdout)
    _echo(
        f"{len(result.rows)} of {len(vendors)} vendors scored in {duration(result.seconds)}; "
        f"wrote summary.csv, summary.xlsx, errors.csv and one CSV and JSON per vendor to {out_dir}",
        stdout,
    )
    _echo(f"{result.texts_embedded} new texts embedded (the rest came from the cache)", stderr)
    return result.exit_code


def _echo(text: str, stream) -> None:
    """Print with escape sequences shown, not acted on, and what the stream's encoding cannot show replaced
    (a vendor name on a legacy console)."""
    text = printable_lines(text)
    try:
        print(text, file=stream, flush=True)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding), file=stream, flush=True)
