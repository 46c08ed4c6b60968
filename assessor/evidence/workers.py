"""Read evidence files (PDF, DOCX, HTML, XLSX) in child processes under a wall-clock limit and a memory cap.

A hostile or broken file can make a parser loop for minutes or allocate without
bound; in a child process that costs only the child, which is killed.

The first ingest that needs a file read starts a helper interpreter
(``python -c``), kept for later ingests, which imports the readers once and forks a
fresh, resource-limited worker per file: a file costs a fork (milliseconds),
not an interpreter start. The caller itself never forks, which is unsafe once
it runs threads or has torch loaded. Nor does it use multiprocessing's spawn
or forkserver methods: they re-run the caller's main script in every worker
(for Streamlit, the whole app.py). POSIX only.

The helper and its workers end with the run however it ends: the helper leaves as soon as its job
pipe from the caller closes, even mid-batch, killing its workers; on Linux the kernel also kills a
worker whose helper dies, and a helper whose caller dies (see ``_die_with_parent``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from assessor.evidence import html_reader, ocr, office_reader, pdf_reader
from assessor.evidence.model import Extraction
from assessor.helper_process import Helper, SharedHelper, die_with_parent

_MB = 1024 * 1024
# CPU seconds granted beyond the wall-clock limit; the CPU cap only matters if the helper dies mid-read.
_CPU_SLACK_S = 5
# How long the helper may stay silent beyond the per-file limit before it is presumed stuck.
_HELPER_SLACK_S = 30.0
# What reads each kind of file in a worker, given its path, the page limit and the character limit.
_READERS: dict[str, Callable[[str, int, int], Extraction]] = {
    "pdf": pdf_reader.read_pdf,
    "docx": lambda path, _pages, chars: office_reader.read_docx(Path(path).read_bytes(), chars),
    "xlsx": lambda path, _pages, chars: office_reader.read_xlsx(Path(path).read_bytes(), chars),
    "html": lambda path, _pages, chars: html_reader.read_html(Path(path).read_bytes(), chars),
}


@dataclass(frozen=True)
class _Batch:
    jobs: tuple[tuple[str, str, str], ...]  # (key, path, kind)
    max_pages: int
    timeout_s: float
    memory_mb: int
    workers: int
    max_chars: int
    budget_s: float | None


@dataclass
class _Running:
    key: str
    process: BaseProcess
    conn: Connection
    deadline: float


def read_files(
    jobs: Sequence[tuple[str, Path, str]],
    on_result: Callable[[str, Extraction], None],
    *,
    max_pages: int,
    timeout_s: float,
    memory_mb: int,
    workers: int,
    max_chars: int,
    budget_s: float | None = None,
) -> None:
    """Read each ``(key, path, kind)`` file in its own worker; ``on_result(key, extraction)`` as each finishes.

    ``kind`` is "pdf", "docx", "xlsx" or "html". Up to ``workers`` files are read at once. A worker still
    busy after ``timeout_s`` is killed and the file reported as a "timeout" problem. Once ``budget_s``
    seconds have passed, running workers are killed and files not started are not read ("over_budget").
    """
    if not jobs:
        return
    batch = _Batch(
        tuple((key, str(path), kind) for key, path, kind in jobs),
        max_pages,
        timeout_s,
        memory_mb,
        max(1, workers),
        max_chars,
        budget_s,
    )
    with _HELPER.borrow() as helper:  # another ingest (another session, a progress callback) gets its own
        if not _run_batch(helper, batch, on_result):
            helper.stop()


# Started on first use and kept for later ingests, so each one costs forks, not an interpreter start.
_HELPER = SharedHelper(__name__)


def _run_batch(helper: Helper, batch: _Batch, on_result: Callable[[str, Extraction], None]) -> bool:
    """Have the helper read the batch; False if it can no longer be trusted with another one."""
    unsettled = {key: path for key, path, _ in batch.jobs}
    failure = Extraction(
        problem="corrupt",
        detail="the document reader stopped unexpectedly while reading it; ask the vendor to export it again",
    )
    try:
        helper.send.send(batch)
        while unsettled:
            if not helper.receive.poll(batch.timeout_s + _HELPER_SLACK_S):
                failure = _timed_out(batch.timeout_s)
                break
            key, extraction = helper.receive.recv()
            del unsettled[key]
            on_result(key, extraction)
    except (EOFError, OSError):
        pass  # the helper died; whatever it had not reported gets the failure below
    finally:
        if unsettled:
            # Stuck, dead, or abandoned mid-batch (the caller's callback raised): its late answers
            # would be mistaken for the next batch's, so it must go.
            helper.stop()
    for key in unsettled:
        on_result(key, failure)
    return not unsettled


def serve_helper(job_fd: int, result_fd: int, caller: int = 0) -> None:
    """Helper entry point: for each batch received, fork a limited worker per file and report each result.

    The helper ends, its workers with it, as soon as the caller closes its end of the job pipe, which the
    kernel does however the caller ends; with ``caller`` (its pid), Linux also kills it when the caller dies.
    """
    if caller:
        die_with_parent(caller)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # problems reach the caller as codes, not log lines
    jobs_in, results_out = Connection(job_fd, writable=False), Connection(result_fd, readable=False)
    # The helper has no threads, so forking it is safe, and the workers inherit the imported readers.
    office_reader.preload()
    context = multiprocessing.get_context("fork")
    while True:
        try:
            batch: _Batch = jobs_in.recv()
        except EOFError:
            return  # the caller has finished with us, or has exited
        if not _serve_batch(context, batch, jobs_in, results_out):
            return


def _serve_batch(context: BaseContext, batch: _Batch, jobs_in: Connection, results_out: Connection) -> bool:
    """Read the batch; False when the caller went away meanwhile (its workers are then killed)."""
    pending = deque(batch.jobs)
    running: list[_Running] = []
    end = math.inf if batch.budget_s is None else time.monotonic() + batch.budget_s
    try:
        while pending or running:
            while pending and time.monotonic() >= end:
                results_out.send((pending.popleft()[0], over_budget(started=False)))
            while pending and len(running) < batch.workers:
                key, path, kind = pending.popleft()
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(  # type: ignore[attr-defined]
                    target=_read_one,
                    args=(
                        child_end,
                        path,
                        kind,
                        batch.max_pages,
                        batch.max_chars,
                        batch.memory_mb,
                        batch.timeout_s,
                        os.getpid(),
                    ),
                    daemon=True,
                )
                process.start()
                child_end.close()  # else the helper never sees EOF when the worker dies
                running.append(_Running(key, process, parent_end, min(time.monotonic() + batch.timeout_s, end)))
            if not running:
                continue
            timeout = max(0.0, min(job.deadline for job in running) - time.monotonic())
            watched = [jobs_in] + [job.conn for job in running] + [job.process.sentinel for job in running]
            ready = set(wait(watched, timeout))
            if jobs_in in ready:
                return False  # mid-batch the caller sends nothing: this is end of file, it has stopped or died
            for job in list(running):
                if job.conn in ready or job.process.sentinel in ready:
                    extraction = _receive(job)
                elif time.monotonic() >= job.deadline:
                    job.process.kill()
                    spent = job.deadline >= end
                    extraction = over_budget(started=True) if spent else _timed_out(batch.timeout_s)
                else:
                    continue
                running.remove(job)
                job.process.join()
                job.conn.close()
                try:
                    results_out.send((job.key, extraction))
                except OSError:
                    return False  # the caller closed its end
    finally:
        for job in running:
            job.process.kill()
    return True


def _read_one(
    conn: Connection,
    path: str,
    kind: str,
    max_pages: int,
    max_chars: int,
    memory_mb: int,
    timeout_s: float,
    helper: int,
) -> None:
    """Worker: read one file under the memory and CPU caps and send back the extraction."""
    die_with_parent(helper)
    _limit_memory(memory_mb)
    _limit_cpu(timeout_s)
    try:
        extraction = _READERS[kind](path, max_pages, max_chars)
    except MemoryError:
        # Answer only after leaving the handler: until then the traceback keeps the huge objects alive.
        extraction = None
    if extraction is None:
        detail = f"reading it needs more than the {memory_mb} MB memory limit; ask the vendor for a smaller file"
        extraction = Extraction(problem="too_large", detail=detail)
    conn.send(extraction)


def _receive(job: _Running) -> Extraction:
    try:
        if job.conn.poll():
            extraction: Extraction = job.conn.recv()
            return extraction
    except (EOFError, OSError):
        pass
    job.process.join()
    return Extraction(
        problem="corrupt",
        detail=f"the document reader crashed on it (exit code {job.process.exitcode}); "
        "ask the vendor to export it again",
    )


def _timed_out(timeout_s: float) -> Extraction:
    return Extraction(
        problem="timeout",
        detail=f"reading took longer than {timeout_s:g} s and was stopped; the file may be malformed or hostile, "
        "ask the vendor to export it again",
    )


def over_budget(started: bool) -> Extraction:
    """A file left unread, or stopped, when the time budget ran out; the caller says which budget."""
    return Extraction(problem="over_budget", detail="stopped part-way" if started else "not read")


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at the worker's start-up footprint plus ``memory_mb``.

    Counting from the footprint keeps the cap meaningful whatever the helper has mapped already.
    The hard limit is ``OCR_ALLOWANCE_MB`` higher, for ``ocr.engine`` to raise the soft one to
    before it loads the OCR runtime; a worker reading a text PDF never uses it.
    """
    limit = _address_space() + memory_mb * _MB
    ceiling = limit + ocr.OCR_ALLOWANCE_MB * _MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit, ceiling = min(limit, hard), min(ceiling, hard)
    # macOS refuses address-space limits; the time limit still holds there.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, ceiling))


def _address_space() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0  # no /proc (macOS): the cap is then memory_mb in total
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit_cpu(timeout_s: float) -> None:
    """Stop a worker orphaned mid-read instead of letting it spin on a hostile file forever."""
    soft = math.ceil(timeout_s) + _CPU_SLACK_S
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
