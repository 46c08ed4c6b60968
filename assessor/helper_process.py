"""A helper interpreter that a caller starts once and talks to over two pipes, and that forks limited workers.

The caller never forks itself (unsafe once it runs threads, as the app server does). A helper imports its
readers once, then forks one worker per file under time and memory limits, so a file costs a fork, not an
interpreter start. The helper ends with its caller however the caller ends: it exits when the job pipe
closes, and on Linux the kernel kills it when the caller dies (see ``die_with_parent``). POSIX only.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

STOP_GRACE_S = 1.0  # how long an idle helper has to exit once its pipes are closed
_PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_PR_SET_PDEATHSIG = 1


@dataclass
class Helper:
    """A running helper: its process, the pipe jobs go down and the pipe results come back on."""

    process: subprocess.Popen[bytes]
    send: Connection
    receive: Connection
    owner: int  # the process that started it (a forked child must not use its parent's helper)

    @classmethod
    def start(cls, module: str) -> Helper:
        """Start ``module.serve_helper(job_fd, result_fd, caller)`` in a new interpreter of this very package."""
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        # Tied to the caller's life by the kernel only from the main thread: Linux ends the child when the
        # thread that started it ends (a Streamlit session's thread ends after each rerun).
        watched = os.getpid() if threading.current_thread() is threading.main_thread() else 0
        code = (
            f"import sys; root = {str(_PACKAGE_ROOT)!r}; root in sys.path or sys.path.insert(0, root); "
            f"from {module} import serve_helper; serve_helper({job_read}, {result_write}, {watched})"
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", code],
                pass_fds=(job_read, result_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # the terminal's Ctrl-C goes to the caller, which stops the helper
            )
        finally:
            os.close(job_read)
            os.close(result_write)
        return cls(process, Connection(job_write, readable=False), Connection(result_read, writable=False), os.getpid())

    def usable(self) -> bool:
        return self.process.poll() is None and self.owner == os.getpid()

    def stop(self) -> None:
        """Close the pipes so an idle helper exits; kill one still busy, together with its workers."""
        self.send.close()
        self.receive.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(STOP_GRACE_S)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # the helper leads its own group, workers included
            self.process.wait()


class SharedHelper:
    """One helper of ``module`` per caller process, started on first use and kept; stopped at exit."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.current: Helper | None = None
        self._lock = threading.Lock()
        atexit.register(self.stop)

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Helper]:
        """The shared helper, (re)started if need be; a private one while another thread holds it.

        A caller that can no longer trust the helper stops it; the next borrow starts a new one.
        """
        if not self._lock.acquire(blocking=False):
            private = Helper.start(self.module)  # costs an interpreter start, but neither waits nor deadlocks
            try:
                yield private
            finally:
                private.stop()
            return
        try:
            if self.current is None or not self.current.usable():
                self.current = Helper.start(self.module)
            yield self.current
        finally:
            self._lock.release()

    def stop(self) -> None:
        if self.current is not None and self.current.owner == os.getpid():
            self.current.stop()
        self.current = None


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when ``parent`` ends, however it ends; exit now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(0)
