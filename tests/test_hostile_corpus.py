"""The hostile corpus (``tests/hostile_corpus.py``) through the real command line, in one batch run.

0 hangs and bounded time, 0 tracebacks, bounded memory, 0 formula cells, 0 raw escapes on the terminal,
nothing read from outside the folders given, every vendor accounted for, and the good files still cited.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest

from assessor.safe_cells import FORMULA_TRIGGERS
from benchmarks.memory import high_water_mb
from tests.conftest import REPO_ROOT
from tests.hostile_corpus import CASES, ESCAPE, GOOD_ID, SECRET_MARK, build_corpus

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="links, pipes and /proc are POSIX")]
RUN_BOUND_S = 600  # the whole corpus; each file is also bounded by the config's per-file limits
MEMORY_BOUND_MB = 1536


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    vendors, bank, config = build_corpus(root)
    out = root / "out"
    env = dict(os.environ, ASSESSOR_CACHE_DIR=str(root / "cache"), HF_HUB_OFFLINE="1")
    command = [sys.executable, "-m", "assessor", "batch", str(vendors), "--out", str(out), "--bank", str(bank),
               "--config", str(config), "--no-register"]  # fmt: skip
    started = time.monotonic()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=stdout, stderr=stderr)
        peak_mb = wait_bounded(process, RUN_BOUND_S)
        stdout.seek(0)
        stderr.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, stdout.read(), stderr.read())
    elapsed = time.monotonic() - started
    return {"done": done, "out": out, "elapsed": elapsed, "peak_mb": peak_mb, "vendors": vendors}


def wait_bounded(process: subprocess.Popen, seconds: float) -> float:
    """Wait for the run (failing the tests if it hangs); the largest peak memory (MB) of its processes, each
    read from its own high-water mark (the rusage of a child forked from this large test process would count
    this process's memory at the fork)."""
    deadline = time.monotonic() + seconds
    peaks: dict[int, float] = {}
    while process.poll() is None:
        for pid in (process.pid, *tree(process.pid)):
            peaks[pid] = max(peaks.get(pid, 0.0), high_water_mb(pid))
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"the corpus run did not end within {seconds} s")
        time.sleep(0.1)
    return max(peaks.values(), default=0.0)


def tree(root: int) -> set[int]:
    """Every live descendant of ``root``."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def outputs(out: Path) -> list[Path]:
    return sorted(path for path in out.iterdir() if path.is_file())


def test_the_run_ends_in_bounded_time_and_memory_without_a_traceback(corpus_run):
    done = corpus_run["done"]
    assert corpus_run["elapsed"] < RUN_BOUND_S
    assert corpus_run["peak_mb"] < MEMORY_BOUND_MB, corpus_run["peak_mb"]
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: some vendors not scored, as errors.csv says
    texts = [done.stdout, done.stderr, *(path.read_bytes() for path in outputs(corpus_run["out"]))]
    assert not any(b"Traceback (most recent call last)" in text for text in texts)


def test_every_vendor_is_scored_or_named_with_its_problem(corpus_run):
    out = corpus_run["out"]
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        scored = {row["vendor"] for row in csv.DictReader(handle)}
    with (out / "errors.csv").open(encoding="utf-8-sig") as handle:
        failed = {row["vendor"]: row["problem"] for row in csv.DictReader(handle)}
    names = {case.name for case in CASES} | {"good-vendor-again", "link-out-of-the-portfolio"}
    assert scored | set(failed) == names and not scored & set(failed)
    assert "good-vendor" in scored and "scored once" in failed["good-vendor-again"]
    assert "not followed" in failed["link-out-of-the-portfolio"]
    assert all(problem.strip() for problem in failed.values())


def test_nothing_outside_the_folders_given_is_read(corpus_run):
    done = corpus_run["done"]
    for text in [done.stdout, done.stderr, *(path.read_bytes() for path in outputs(corpus_run["out"]))]:
        assert SECRET_MARK.encode() not in text


def test_no_raw_escape_reaches_the_terminal(corpus_run):
    done = corpus_run["done"]
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream and b"\r" not in stream
    assert ESCAPE.encode() not in b"".join(path.read_bytes() for path in outputs(corpus_run["out"]))


def test_no_cell_of_any_csv_or_xlsx_is_a_formula(corpus_run):
    cells = 0
    for path in outputs(corpus_run["out"]):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                values = [value for row in csv.reader(handle) for value in row]
        elif path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path)
            values = []
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    assert not any(cell.data_type == "f" for cell in row), (path.name, sheet.title)
                    values.extend(cell.value for cell in row if isinstance(cell.value, str))
        else:
            continue
        cells += len(values)
        live = [v for v in values if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)]
        assert not live, (path.name, live[:3])
        assert not any("\x00" in v for v in values if isinstance(v, str))
    assert cells > 1000  # the check looked at the real outputs


def test_good_evidence_beside_the_bad_is_still_cited(corpus_run):
    out = corpus_run["out"]
    for case in CASES:
        if not case.cites_good_evidence:
            continue
        report = json.loads((out / f"{case.name}.json").read_text(encoding="utf-8"))
        question = next(q for q in report["questions"] if q["question_id"] == GOOD_ID)
        assert "policy.pdf" in json.dumps(question["evidence"]), case.name
