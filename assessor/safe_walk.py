"""Walk folders a vendor sent without leaving them: no links out, only regular files, each file once.

A link inside the folder that points inside it is followed (its target is read once, whatever the
number of names it has); a link that resolves outside, or to a pipe, device or socket, is skipped with a
reason, and the file is never opened, so a pipe cannot hang the run nor ``/dev/zero`` fill the memory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OUTSIDE = "outside_folder"
SPECIAL = "special_file"
MISSING = "unreadable"


@dataclass(frozen=True)
class Skipped:
    """An entry not read: its path as found, a problem code (``OUTSIDE``, ``SPECIAL`` or ``MISSING``), and why."""

    path: Path
    code: str
    detail: str


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` resolves (links followed) to ``root`` or somewhere below it; ``root`` is resolved.

    A loop of links resolves nowhere, so it is not inside.
    """
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False


def file_problem(path: Path, root: Path) -> Skipped | None:
    """None when ``path`` is a regular file within ``root`` (a resolved folder), else why it must not be read.

    Decided from ``lstat``/``stat`` alone: the file is never opened.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return Skipped(path, MISSING, f"cannot be examined ({exc.strerror or exc})")
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError:  # a dangling link, or a loop of links
            return Skipped(path, MISSING, "is a link to a file that does not exist; not read")
        if not inside(path, root):
            return Skipped(path, OUTSIDE, "is a link to a file outside the folder given; not read")
    if not stat.S_ISREG(mode):
        return Skipped(path, SPECIAL, f"is {_kind(mode)}, not a regular file; not read")
    return None


def walk_files(folder: Path, wanted: Callable[[str], bool]) -> tuple[list[Path], list[Skipped]]:
    """Files below ``folder`` whose names ``wanted`` accepts (real files first, then links), and the entries skipped.

    Hidden entries (names starting with '.') are tool debris and ignored. Linked folders are not
    descended into: one pointing inside is walked under its real path, one pointing outside is skipped.
    """
    root = folder.resolve()
    found: list[Path] = []
    linked: list[Path] = []  # listed after the real files, so a file met under both names is cited by its own
    skipped: list[Skipped] = []

    def unlisted(error: OSError) -> None:
        skipped.append(Skipped(Path(error.filename or folder), MISSING, f"cannot be listed ({error.strerror})"))

    for current, dirs, names in os.walk(folder, onerror=unlisted):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in list(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)
                if not inside(base / name, root):
                    detail = "is a link to a folder outside the folder given; not followed"
                    skipped.append(Skipped(base / name, OUTSIDE, detail))
        for name in sorted(names):
            if name.startswith(".") or not wanted(name):
                continue
            problem = file_problem(base / name, root)
            if problem:
                skipped.append(problem)
            else:
                (linked if (base / name).is_symlink() else found).append(base / name)
    return found + linked, skipped


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"
