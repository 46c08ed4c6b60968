"""Read a vendor's answers file in a child process under a wall-clock limit and a memory cap.

An answers file is parsed by openpyxl, python-docx and the csv module; a hostile one could make them
loop or allocate without bound. Read in a child, that costs only the child, which is stopped, and the
caller gets an InputError naming the file. As for evidence (``assessor.evidence.workers``), the caller
never forks itself (unsafe once it runs threads, as the app server does): a helper interpreter, started
on first use and kept, imports the readers once and forks one limited worker per file, so a file costs
a fork, not an interpreter start. POSIX only.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from pathlib import Path

from assessor.answer_limits import AnswerLimits, packaged_limits
from assessor.answers import AnswerSheet, LayoutOverrides, read_answers, read_raw_sheets
from assessor.errors import InputError
from assessor.evidence.workers import _limit_cpu, _limit_memory
from assessor.helper_process import SharedHelper, die_with_parent
from assessor.tabular import RawSheet

SHEET, RAW = "sheet", "raw"  # what a request asks for: the answers as read, or the sheets' rows (for a preview)

# How long the helper may stay silent beyond the reading limit before it is presumed stuck.
_HELPER_SLACK_S = 10.0


def read_answers_isolated(
    path: str | Path, overrides: LayoutOverrides | None = None, limits: AnswerLimits | None = None
) -> AnswerSheet:
    """``read_answers(path, overrides, limits)`` in a child process; InputError when it fails, runs past
    ``limits.reader_timeout_s`` or needs more than ``limits.reader_memory_mb``."""
    limits = limits or packaged_limits()
    return _answer(path, _ask((SHEET, str(Path(path).absolute()), overrides, limits), limits), limits)


def read_raw_sheets_isolated(path: str | Path, limits: AnswerLimits | None = None) -> list[RawSheet]:
    """``read_raw_sheets(path, limits)`` (the rows as read, for the app's mapping preview) in a child process."""
    limits = limits or packaged_limits()
    return _answer(path, _ask((RAW, str(Path(path).absolute()), None, limits), limits), limits)


def _ask(request: tuple, limits: AnswerLimits) -> tuple | None:
    """The helper's reply to one request; None (and that helper stopped) when it died or went silent."""
    with _HELPER.borrow() as helper:
        try:
            helper.send.send(request)
            if helper.receive.poll(limits.reader_timeout_s + _HELPER_SLACK_S):
                return helper.receive.recv()
        except (EOFError, OSError):
            pass
        helper.stop()
        return None


def _answer(path: str | Path, reply: tuple | None, limits: AnswerLimits):
    if reply is None:
        raise InputError(path, "the answers reader stopped unexpectedly; the file may be malformed or hostile")
    kind, value = reply
    if kind == SHEET:
        return replace(value, path=str(path))
    if kind == RAW:
        return value
    if kind == "error":
        _, problem, where = value
        raise InputError(path, problem, where)
    if kind == "timeout":
        problem = f"reading stopped after {limits.reader_timeout_s:g} s; the file may be malformed or hostile"
    elif kind == "memory":
        problem = f"reading stopped: it needs over {limits.reader_memory_mb} MB of memory; ask for a smaller file"
    else:
        problem = f"the answers reader crashed on it (exit code {value}); ask the vendor to export it again"
    raise InputError(path, problem)


_HELPER = SharedHelper(__name__)  # started on first use and kept, so a file costs a fork


def serve_helper(job_fd: int, result_fd: int, caller: int = 0) -> None:
    """Helper entry point: for each request, fork a limited worker, and reply with what it read or why not.

    It ends when the caller closes the job pipe; with ``caller`` (its pid), Linux also kills it when the caller dies.
    """
    if caller:
        die_with_parent(caller)
    import docx  # noqa: F401 - imported once here, inherited by every worker
    import openpyxl  # noqa: F401

    import assessor.followup_workbook  # noqa: F401 - read_answers imports it on first use

    requests, replies = Connection(job_fd, writable=False), Connection(result_fd, readable=False)
    context = multiprocessing.get_context("fork")  # the helper has no threads, so forking it is safe
    while True:
        try:
            job, path, overrides, limits = requests.recv()
        except EOFError:
            return  # the caller has finished with us, or has exited
        parent_end, child_end = context.Pipe(duplex=False)
        worker = context.Process(target=_read_one, args=(child_end, job, path, overrides, limits), daemon=True)
        worker.start()
        child_end.close()
        ready = wait([parent_end, worker.sentinel], limits.reader_timeout_s)
        reply: tuple = ("crash", None)
        if parent_end in ready:
            with contextlib.suppress(EOFError, OSError):
                reply = parent_end.recv()
        elif not ready:
            reply = ("timeout", None)
        worker.kill()
        worker.join()
        parent_end.close()
        if reply[0] == "crash":
            reply = ("crash", worker.exitcode)
        replies.send(reply)


def _read_one(conn: Connection, job: str, path: str, overrides: LayoutOverrides | None, limits: AnswerLimits) -> None:
    """Worker: read the file under the memory and CPU caps and send back what ``job`` asks for, or the problem."""
    _limit_memory(limits.reader_memory_mb)
    _limit_cpu(limits.reader_timeout_s)
    reply: tuple | None
    try:
        reply = (RAW, read_raw_sheets(path, limits)) if job == RAW else (SHEET, read_answers(path, overrides, limits))
    except InputError as exc:
        reply = ("error", (exc.path, exc.problem, exc.where))
    except MemoryError:
        reply = None  # answered outside the handler: until then the traceback keeps the huge objects alive
    except Exception as exc:  # noqa: BLE001 - whatever a parser raises, the caller gets a named problem
        reply = ("error", (path, f"could not be read ({exc.__class__.__name__}: {str(exc)[:200]})", ""))
    conn.send(reply or ("memory", None))
