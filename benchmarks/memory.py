"""A process's peak memory from its own high-water mark (Linux ``VmHWM``).

``getrusage`` would do for most figures, but a child forked from a large process counts the parent's pages
at the fork, and Linux carries that count across exec; the high-water mark is the process's own.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def high_water_mb(pid: int | str = "self") -> float:
    """Peak resident memory of process ``pid`` (MB); 0.0 when it cannot be read (gone, or not Linux)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
    return 0.0
