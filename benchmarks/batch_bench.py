"""Batch scoring speed and memory on a generated portfolio of vendors.

Builds 20 vendors from the two example vendors (names, numbers and sentences varied per
vendor, PDFs regenerated with fpdf2, so the cold run cannot reuse one vendor's cache for
another), then runs the real ``python -m assessor batch`` twice on the same inputs with a
fresh cache: cold, then warm. Prints vendors/minute for both, the warm/cold speed ratio
(target: warm at least 10x faster), peak RSS and whether both runs gave the same results; then one cold
run of each further portfolio size, and the peak RSS at the largest over that at the first (target <= 1.10).
Prints figures, asserts nothing.

    .venv/bin/python benchmarks/batch_bench.py [--vendors 20 80] [--workers 2] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "vendors"
AS_OF = "2026-11-26"
TARGET_RATIO = 10.0
MEMORY_GROWTH = 1.10  # peak RSS at the largest portfolio over that at the first, at most


@dataclass(frozen=True)
class Template:
    folder: str
    answers: str
    names: tuple[str, ...]  # longest first: every form of the vendor's name in its files


TEMPLATES = (
    Template("northwind-assist", "answers.xlsx", ("Northwind Assist", "Northwind")),
    Template("brightpath-bots", "answers.csv", ("Brightpath Bots", "Brightpath", "BrightChat")),
)
COMPANIES = (
    "Acme Dialog",
    "Globex Voice",
    "Initech Chat",
    "Umbrella Support",
    "Stark Assist",
    "Wayne Conversations",
    "Hooli Helpdesk",
    "Vandelay Bots",
    "Soylent Service",
    "Tyrell Agents",
    "Cyberdyne Care",
    "Wonka Messaging",
)


def company(index: int) -> str:
    return f"{COMPANIES[index % len(COMPANIES)]} {index:02d}"  # unique for any count


# -- portfolio ------------------------------------------------------------------------------------------------------


def read_template(template: Template) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The template's answer rows (question_id, question, answer, evidence) and each PDF's page texts."""
    from pypdf import PdfReader

    from assessor.answers import read_answers

    folder = EXAMPLES / template.folder
    sheet = read_answers(folder / template.answers)
    rows = [[a.question_id, a.question, a.answer, a.evidence_refs] for a in sheet.answers]
    pdfs = {
        path.name: [page.extract_text() or "" for page in PdfReader(path).pages]
        for path in sorted((folder / "evidence").glob("*.pdf"))
    }
    return rows, pdfs


class Variation:
    """One vendor's consistent changes: its name, shifted numbers, dropped and reworded sentences.

    Every sentence gets a lead-in naming the vendor, so no passage or answer sentence is shared
    with another generated vendor and the cold run embeds each vendor's texts afresh, as it would
    for real vendors.
    """

    LEAD_INS = ("At {name}, ", "For {name}, ", "In {name} practice, ", "{name} confirms: ")

    def __init__(self, template: Template, name: str, seed: int) -> None:
        self.template = template
        self.name = name
        self.rng = random.Random(seed)
        self.shift = 1 + seed % 3

    def text(self, text: str, drop: float = 0.0) -> str:
        # Shift small stand-alone numbers (not dates, versions or ids), then rename: the name holds digits too.
        text = re.sub(r"(?<![\w.\-/])(\d{1,3})(?![\w.\-/])", lambda m: str(int(m.group(1)) + self.shift), text)
        for old in self.template.names:
            text = text.replace(old, self.name)
        parts = re.split(r"((?<=[.!?])\s+)", text)  # sentences at even indexes, the spaces between at odd ones
        kept = []
        for index in range(0, len(parts), 2):
            sentence, gap = parts[index], parts[index + 1] if index + 1 < len(parts) else ""
            if drop and len(parts) > 1 and self.rng.random() < drop:
                continue
            if sentence.strip():
                sentence = self.rng.choice(self.LEAD_INS).format(name=self.name) + sentence
            kept.append(sentence + gap)
        return "".join(kept)


def write_pdf(path: Path, pages: list[str], title: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title.encode("latin-1", "replace").decode("latin-1"))
    pdf.set_auto_page_break(auto=True, margin=15)
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 4.5, text.encode("latin-1", "replace").decode("latin-1"))
    pdf.output(str(path))


def write_answers(path: Path, rows: list[list[str]]) -> None:
    header = ["question_id", "question", "answer", "evidence"]
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Answers"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        path.write_text(buffer.getvalue(), encoding="utf-8")


def build_portfolio(folder: Path, count: int) -> Path:
    """``count`` vendor folders, alternating between the strong and the weak example."""
    templates = [(template, *read_template(template)) for template in TEMPLATES]
    for index in range(count):
        template, rows, pdfs = templates[index % len(templates)]
        name = company(index)
        vary = Variation(template, name, seed=index)
        vendor = folder / name.lower().replace(" ", "-")
        (vendor / "evidence").mkdir(parents=True)
        (vendor / "vendor.yaml").write_text(f'name: "{name}"\n', encoding="utf-8")
        blank = 0.05 * (index % 5)  # 0-20 % of the answers left blank
        answers = [
            [qid, question, "" if vary.rng.random() < blank else vary.text(answer), vary.text(refs)]
            for qid, question, answer, refs in rows
        ]
        write_answers(vendor / template.answers, answers)
        for filename, pages in pdfs.items():
            write_pdf(vendor / "evidence" / filename, [vary.text(p, drop=0.1) for p in pages], vary.text(filename))
    return folder


# -- runs -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    status: int
    embedded: str
    stderr: str
    peak_mb: float  # the batch process's own peak resident memory


def run_batch(portfolio: Path, out: Path, cache: Path, workers: int) -> Run:
    env = dict(os.environ, ASSESSOR_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "assessor", "batch", str(portfolio), "--out", str(out), "--as-of", AS_OF]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)  # this run's own peak, not the largest of every run so far
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    seconds = time.perf_counter() - started
    embedded = re.search(r"(\d+) new texts embedded", stderr)
    return Run(seconds, process.returncode, embedded.group(1) if embedded else "?", stderr, usage.ru_maxrss / 1024)


def same_results(first: Path, second: Path) -> bool:
    names = sorted(p.name for p in first.glob("*.csv"))
    return names == sorted(p.name for p in second.glob("*.csv")) and all(
        (first / name).read_bytes() == (second / name).read_bytes() for name in names
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, nargs="+", default=[20, 80], help="portfolio sizes (cold and warm "
                        "runs of the first; one cold run of each other, for memory)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the generated portfolio and results")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    try:
        count, *others = args.vendors
        portfolio, cold, warm = speed_runs(work, count, args.workers)
        if cold is None:
            return 1
        peaks = {count: cold.peak_mb}
        for other in others:
            bigger = memory_run(work / f"size-{other}", other, args.workers)
            if bigger is None:
                return 1
            peaks[other] = bigger.peak_mb
        for size, peak in peaks.items():
            print(f"batch: peak RSS at {size} vendors {peak:.0f} MB (the batch process, cold run)")
        if others:
            largest = max(peaks)
            growth = peaks[largest] / peaks[count]
            verdict = "meets" if growth <= MEMORY_GROWTH else "MISSES"
            print(f"batch: peak RSS {largest} / {count} vendors {growth:.2f} ({verdict} target <= {MEMORY_GROWTH:g})")
        same = same_results(work / "out-cold", work / "out-warm")
        print(f"batch: cold and warm runs wrote identical CSVs: {'yes' if same else 'NO'}")
        if args.keep:
            print(f"batch: kept {work}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def speed_runs(work: Path, count: int, workers: int) -> tuple[Path, Run | None, Run | None]:
    """A portfolio of ``count`` vendors scored cold then warm: the speed lines and today's peak RSS line."""
    started = time.perf_counter()
    portfolio = build_portfolio(work / "vendors", count)
    pdfs = sum(1 for _ in portfolio.rglob("*.pdf"))
    print(f"batch: generated {count} vendors ({pdfs} PDFs) in {time.perf_counter() - started:.1f} s")
    cache = work / "cache"
    cold = run_batch(portfolio, work / "out-cold", cache, workers)
    warm = run_batch(portfolio, work / "out-warm", cache, workers)
    for label, run in (("cold", cold), ("warm", warm)):
        if run.status not in (0, 1):
            print(f"batch: {label} run failed with exit status {run.status}:\n{run.stderr[-2000:]}")
            return portfolio, None, None
    per_minute = {label: count / run.seconds * 60 for label, run in (("cold", cold), ("warm", warm))}
    ratio = cold.seconds / warm.seconds
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(
        f"batch: cold {cold.seconds:.1f} s = {per_minute['cold']:.1f} vendors/min "
        f"({cold.embedded} texts embedded), workers={workers}"
    )
    print(f"batch: warm {warm.seconds:.1f} s = {per_minute['warm']:.1f} vendors/min ({warm.embedded} texts embedded)")
    print(f"batch: warm/cold speed ratio {ratio:.1f}x ({verdict} target >= {TARGET_RATIO:g}x)")
    itself = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"batch: peak RSS {max(cold.peak_mb, warm.peak_mb):.0f} MB (largest child: the batch run), "
          f"{itself:.0f} MB (this script)")  # fmt: skip
    return portfolio, cold, warm


def memory_run(work: Path, count: int, workers: int) -> Run | None:
    """One cold run of a portfolio of ``count`` vendors, for its peak memory."""
    portfolio = build_portfolio(work / "vendors", count)
    run = run_batch(portfolio, work / "out", work / "cache", workers)
    if run.status not in (0, 1):
        print(f"batch: the {count}-vendor run failed with exit status {run.status}:\n{run.stderr[-2000:]}")
        return None
    print(f"batch: cold {run.seconds:.1f} s for {count} vendors = {count / run.seconds * 60:.1f} vendors/min")
    return run


if __name__ == "__main__":
    sys.exit(main())
