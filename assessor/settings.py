"""Where the assessor keeps its caches and its register, and how a user moves them."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

# The suffix (and timestamp) of a damaged cache file set aside; assessor.cache_health writes them.
CORRUPT_MARK = ".corrupt-"

CACHE_ENV = "ASSESSOR_CACHE_DIR"
# The caches' subfolders (assessor.evidence.cache, assessor.embeddings, assessor.evidence.timeouts and
# assessor.onnx_backend's exports): ``cache clear`` and ``cache prune`` look in these only, so a cache folder set to
# a folder holding other files loses none of them.
CACHE_FOLDERS = ("extraction", "embeddings", "timeouts", "onnx")
# Folders under these caches that are kept or removed whole (an export is its model file and its manifest).
WHOLE_FOLDER_CACHES = ("onnx",)
REGISTER_FILE = "register.sqlite"  # the default register; its -wal and -shm companions sit beside it


def cache_dir() -> Path:
    """Root of every on-disk cache: ``$ASSESSOR_CACHE_DIR`` or ``~/.cache/ai-vendor-assessor``."""
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured) if configured else Path.home() / ".cache" / "ai-vendor-assessor"
    return root.expanduser()


def register_path() -> Path:
    """The default assessment register: an SQLite file in the same folder as the caches (never cleared with them)."""
    return cache_dir() / REGISTER_FILE


def _cache_files(root: Path) -> list[Path]:
    """Every file in the caches' own subfolders of ``root`` (so never the register, nor anything else kept there).

    A symlink inside is listed as itself (a link, removed as a link) and never followed; ``root``
    itself may be a symlink to the real cache folder, whose subfolders are then the caches.
    """
    found = []
    for name in CACHE_FOLDERS:
        top = root / name
        if top.is_symlink():
            found.append(top)
        elif top.is_dir():
            for folder, dirs, names in os.walk(top):  # does not descend into symlinked folders
                base = Path(folder)
                found.extend(base / entry for entry in dirs if (base / entry).is_symlink())
                found.extend(base / entry for entry in names)
    return found


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def cache_usage() -> tuple[int, int]:
    """(files, bytes) held in the cache folder, the register not counted."""
    files = _cache_files(cache_dir())
    return len(files), sum(map(_size, files))


def clear_cache() -> tuple[int, int]:
    """Delete every cached extraction, embedding and timeout (the register stays); returns (files, bytes) removed.

    Only files and symlinks in the caches' subfolders are deleted, one by one, then the folders left empty:
    nothing else is touched. A symlinked cache folder is emptied and kept, and so is the folder it points to;
    the cache folder itself goes once empty.
    """
    root = cache_dir()
    sizes = {path: _size(path) for path in _cache_files(root)}
    removed = [size for path, size in sizes.items() if _remove(path)]
    if root.is_dir():
        for name in CACHE_FOLDERS:
            for folder, dirs, _ in os.walk(root / name, topdown=False):
                for entry in [*dirs, ""]:
                    with contextlib.suppress(OSError):
                        os.rmdir(Path(folder) / entry)  # only if empty; symlinks were unlinked above
        if not root.is_symlink():
            with contextlib.suppress(OSError):
                root.rmdir()
    return len(removed), sum(removed)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False  # kept (no permission): reported by not being counted
    return True


@dataclass(frozen=True)
class Pruned:
    """A cache file ``cache prune`` removed, and why."""

    path: Path
    size: int
    reason: str


def prune_cache(max_age_days: float, max_size_mb: float, now: float | None = None) -> list[Pruned]:
    """Remove cache files unused for ``max_age_days``, then the least recently used until ``max_size_mb`` is met.

    0 turns a limit off. An SQLite file goes with its ``-wal`` and ``-shm`` companions, an ONNX export's files
    with each other. Damaged files set aside (``.corrupt-``) always go, and so do temporary files and folders a
    killed run left over an hour ago. The register and symlinks are never touched. Run it when no assessment is
    running.
    """
    now = time.time() if now is None else now
    root = cache_dir()
    units: dict[Path, list[Path]] = {}
    for path in _cache_files(root):
        if not path.is_symlink():
            units.setdefault(_unit(path, root), []).append(path)
    pruned: list[Pruned] = []
    kept: list[tuple[float, int, Path]] = []
    for head, members in units.items():
        used, size = max(_last_used(path) for path in members), sum(map(_size, members))
        if CORRUPT_MARK in head.name:
            reason = "set aside as damaged"
        elif head.suffix in (".tmp", ".partial") and now - used > 3600:
            reason = "left over by an interrupted run"
        elif max_age_days and now - used > max_age_days * 86400:
            reason = f"unused for {(now - used) / 86400:.0f} days (limit {max_age_days:g})"
        else:
            kept.append((used, size, head))
            continue
        pruned.extend(_prune(head, members, reason))
    total = sum(size for _, size, _ in kept)
    for _, size, head in sorted(kept, key=lambda unit: (unit[0], str(unit[2]))):
        if not max_size_mb or total <= max_size_mb * 1_000_000:
            break
        pruned.extend(_prune(head, units[head], f"over the size limit of {max_size_mb:g} MB, least recently used"))
        total -= size
    return pruned


def _unit(path: Path, root: Path) -> Path:
    """What a cache file is kept or removed with: an SQLite journal with its database, an export's files with
    their folder."""
    for name in WHOLE_FOLDER_CACHES:
        with contextlib.suppress(ValueError):
            return root / name / path.relative_to(root / name).parts[0]
    for suffix in ("-wal", "-shm"):
        if path.name.endswith(".sqlite" + suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path


def _last_used(path: Path) -> float:
    """The later of the last write and the last read (a cache hit sets the access time)."""
    try:
        status = path.lstat()
    except OSError:
        return 0.0
    return max(status.st_mtime, status.st_atime)


def _prune(head: Path, members: list[Path], reason: str) -> list[Pruned]:
    sizes = {path: _size(path) for path in members}
    pruned = [Pruned(path, sizes[path], reason) for path in sorted(members) if _remove(path)]
    if head.is_dir() and not head.is_symlink():
        with contextlib.suppress(OSError):
            head.rmdir()  # a folder kept whole (an export), once empty
    return pruned
