"""Every reader process ends with the run, however the run ends: SIGTERM, Ctrl-C, SIGKILL, a crash or an exception."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assessor.embeddings import VectorCache, resolve_model
from assessor.evidence import workers as workers_module
from assessor.evidence.workers import read_files
from assessor.matching import node_text
from question_bank import load_catalog

from .conftest import EXAMPLES_DIR, REPO_ROOT
from .pdf_factory import slow_pdf, text_pdf

STARTUP_S = 60  # generous: the machine is shared; the readers start within a few seconds when idle
ENDED_WITHIN_S = 10


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) for every process, read from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        table[int(entry)] = (int(ppid), state)
    return table


def descendants(root: int) -> set[int]:
    table = processes()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (ppid, state) in table.items() if ppid in frontier and state != "Z"} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    table = processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


def running_readers(pid: int) -> set[int]:
    """The helper and its two workers, once all three run under ``pid``."""
    return wait_for(lambda: found if len(found := descendants(pid)) >= 3 else None, STARTUP_S, "three readers running")


@pytest.fixture
def busy_evidence(tmp_path: Path) -> Path:
    """Two PDFs that each keep a reader busy for minutes, so both workers are mid-read when the run is stopped."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    slow_pdf(folder / "bomb-1.pdf", pages=60)
    slow_pdf(folder / "bomb-2.pdf", pages=61)
    return folder


@pytest.fixture(scope="module")
def catalog_cache(tmp_path_factory) -> Path:
    """A cache holding (made-up) vectors for every catalog clause, so ``score`` reads evidence without the model."""
    root = tmp_path_factory.mktemp("catalog-cache")
    catalog = load_catalog()
    identity = resolve_model()
    texts = [node_text(node) for node in catalog.nodes]
    vectors = np.random.default_rng(0).normal(size=(len(texts), 384)).astype(np.float32)
    cache = VectorCache(root / "embeddings" / f"{identity.cache_key}.sqlite")
    cache.put_many({hashlib.sha256(text.encode()).hexdigest(): vector for text, vector in zip(texts, vectors)})
    return root


def start_score(cache: Path, tmp_path: Path, evidence: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, ASSESSOR_CACHE_DIR=str(cache))
    answers = EXAMPLES_DIR / "brightpath-bots" / "answers.csv"
    command = [sys.executable, "-m", "assessor", "score", "--answers", str(answers), "--evidence", str(evidence),
               "--out", str(tmp_path / "card.csv"), "--no-register"]  # fmt: skip
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_stopping_a_scoring_run_ends_the_reader_and_its_workers(tmp_path, catalog_cache, busy_evidence, stop):
    run = start_score(catalog_cache, tmp_path, busy_evidence)
    try:
        # The helper and its two workers (a worker may fork nothing else; more is fine too).
        readers = running_readers(run.pid)
        started = time.monotonic()
        run.send_signal(stop)
        _, stderr = run.communicate(timeout=ENDED_WITHIN_S)
        wait_for(lambda: not alive(readers) or None, ENDED_WITHIN_S, f"reader processes {alive(readers)} ended")
        assert time.monotonic() - started < ENDED_WITHIN_S
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    if stop == signal.SIGTERM:
        assert run.returncode == 128 + signal.SIGTERM
    if stop != signal.SIGKILL:
        assert "Traceback" not in stderr, stderr


CRASHING_CALLER = """
import os, sys, threading, time
from pathlib import Path
from assessor.evidence import ingest

folder = Path(sys.argv[1])
threading.Thread(target=ingest, args=([folder],), kwargs={"use_cache": False}, daemon=True).start()
while not (folder / "go").exists():
    time.sleep(0.05)
os._exit(3)  # a crash: no cleanup of any kind runs
"""


def test_a_reader_started_from_a_thread_ends_when_its_caller_crashes(tmp_path, busy_evidence):
    # Started from a thread, the helper is not tied to the caller by the kernel: only its pipe tells it.
    run = subprocess.Popen([sys.executable, "-c", CRASHING_CALLER, str(busy_evidence)], cwd=REPO_ROOT)
    try:
        readers = running_readers(run.pid)
        (busy_evidence / "go").touch()
        assert run.wait(timeout=ENDED_WITHIN_S) == 3
        wait_for(lambda: not alive(readers) or None, ENDED_WITHIN_S, f"reader processes {alive(readers)} ended")
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


def test_an_exception_in_the_caller_mid_batch_ends_the_workers(tmp_path):
    quick = text_pdf(tmp_path / "quick.pdf", ["AI Policy. The Chief AI Officer owns AI risk."])
    busy = slow_pdf(tmp_path / "bomb.pdf", pages=60)
    seen: set[int] = set()

    def explode(key: str, extraction) -> None:
        helper = workers_module._HELPER.current.process.pid  # not other helpers earlier tests of this process left
        seen.update({helper} | descendants(helper))
        raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError, match="the caller failed"):
        read_files([("busy", busy, "pdf"), ("quick", quick, "pdf")], explode, max_pages=1000, timeout_s=300,
                   memory_mb=512, workers=2, max_chars=2_000_000)  # fmt: skip
    assert len(seen) >= 2, "the helper and the busy worker were running when the callback raised"
    wait_for(lambda: not alive(seen) or None, ENDED_WITHIN_S, f"reader processes {alive(seen)} ended")
    helper = workers_module._HELPER.current
    assert helper is None or helper.process.poll() is not None
