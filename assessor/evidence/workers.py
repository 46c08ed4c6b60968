"""Read PDFs in child processes under a wall-clock limit and a memory cap.

A hostile or broken PDF can make pypdf loop for minutes or allocate without
bound; in a child process that costs only the child, which is killed.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from assessor.evidence import pdf_reader
from assessor.evidence.model import Extraction

try:
    import resource
except ImportError:  # Windows: no rlimits, the wall-clock limit still applies
    resource = None  # type: ignore[assignment]

_MB = 1024 * 1024
# CPU seconds granted beyond the wall-clock limit; the CPU cap only matters if the parent dies mid-read.
_CPU_SLACK_S = 5
_STOP_GRACE_S = 1.0


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    key: str = ""
    deadline: float = 0.0


def read_pdfs(
    jobs: Sequence[tuple[str, Path]],
    on_result: Callable[[str, Extraction], None],
    *,
    max_pages: int,
    timeout_s: float,
    memory_mb: int,
    workers: int,
) -> None:
    """Read each ``(key, path)`` PDF in a worker process, calling ``on_result(key, extraction)`` as each finishes.

    Up to ``workers`` processes run at once and each serves several files in turn,
    so the start-up cost is paid per worker, not per file. A worker that runs
    past ``timeout_s`` on a file is killed and replaced.
    """
    if not jobs:
        return
    pending = deque(jobs)
    active: list[_Worker] = []
    context = _context()
    try:
        while pending or any(worker.key for worker in active):
            for worker in active:
                if not worker.key and pending:
                    _assign(worker, pending.popleft(), timeout_s)
            while pending and len(active) < max(1, workers):
                worker = _start_worker(context, max_pages, memory_mb, timeout_s)
                active.append(worker)
                _assign(worker, pending.popleft(), timeout_s)
            busy = [worker for worker in active if worker.key]
            timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    extraction, reusable = _receive(worker)
                elif time.monotonic() >= worker.deadline:
                    extraction, reusable = _timed_out(timeout_s), False
                else:
                    continue
                key, worker.key = worker.key, ""
                on_result(key, extraction)
                if not reusable:
                    active.remove(worker)
                    _stop([worker])
    finally:
        _stop(active)


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Forking from a clean server is safe even when the caller runs threads or has torch loaded, and
        # preloading pypdf there makes each worker start in milliseconds rather than re-importing it.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([pdf_reader.__name__, __name__])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(context: BaseContext, max_pages: int, memory_mb: int, timeout_s: float) -> _Worker:
    parent_end, child_end = context.Pipe()
    process = context.Process(  # type: ignore[attr-defined]
        target=_serve, args=(child_end, max_pages, memory_mb, timeout_s), name="evidence-pdf-reader", daemon=True
    )
    process.start()
    # Only the child may hold its end, or the parent would never see EOF when the child dies.
    child_end.close()
    return _Worker(process, parent_end)


def _assign(worker: _Worker, job: tuple[str, Path], timeout_s: float) -> None:
    key, path = job
    worker.key, worker.deadline = key, time.monotonic() + timeout_s
    # A worker that died before taking work has a ready sentinel, so the main loop reports the failure.
    with contextlib.suppress(OSError):
        worker.conn.send(str(path))


def _receive(worker: _Worker) -> tuple[Extraction, bool]:
    try:
        if worker.conn.poll():
            extraction, reusable = worker.conn.recv()
            return extraction, reusable
    except (EOFError, OSError):
        pass
    worker.process.join(_STOP_GRACE_S)
    return (
        Extraction(
            problem="corrupt",
            detail=f"the PDF reader stopped unexpectedly on it (exit code {worker.process.exitcode}); "
            "ask the vendor to export it again",
        ),
        False,
    )


def _timed_out(timeout_s: float) -> Extraction:
    return Extraction(
        problem="timeout",
        detail=f"reading took longer than {timeout_s:g} s and was stopped; the PDF may be malformed or hostile, "
        "ask the vendor to export it again",
    )


def _stop(workers: list[_Worker]) -> None:
    """End workers: idle ones exit when their pipe closes, busy or stuck ones are killed."""
    for worker in workers:
        if worker.key:
            worker.process.kill()
        worker.conn.close()
    deadline = time.monotonic() + _STOP_GRACE_S
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


def _serve(conn: Connection, max_pages: int, memory_mb: int, timeout_s: float) -> None:
    """Worker loop: read PDF paths from the pipe until it closes, answering (extraction, reusable)."""
    _limit_memory(memory_mb)
    # pypdf logs a warning for every malformed object; the caller gets a problem code instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        _limit_cpu(timeout_s)
        try:
            extraction = pdf_reader.read_pdf(path, max_pages)
        except MemoryError:
            # Answer only after leaving the handler: until then the traceback keeps the huge objects alive.
            extraction = None
        if extraction is None:
            detail = f"reading it needs more than the {memory_mb} MB memory limit; ask the vendor for a smaller file"
            # The heap may be left fragmented; a fresh worker takes the next file.
            conn.send((Extraction(problem="too_large", detail=detail), False))
            return
        conn.send((extraction, True))


def _limit_memory(memory_mb: int) -> None:
    if resource is None:
        return
    limit = memory_mb * _MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    # macOS refuses address-space limits; the time limit still holds there.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _limit_cpu(timeout_s: float) -> None:
    """Stop a worker whose parent died mid-read instead of letting it spin on a hostile file forever."""
    if resource is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + timeout_s) + _CPU_SLACK_S
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
