"""Where the assessor keeps its caches and its register, and how a user moves them."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "ASSESSOR_CACHE_DIR"
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
    """Every cached file: all files under ``root`` except the register."""
    if not root.is_dir():
        return []
    # rglob does not descend into linked folders; linked files are skipped too, so nothing outside is counted
    found = root.rglob("*")
    return [path for path in found if path.is_file() and not path.is_symlink() and not _is_register(root, path)]


def _is_register(root: Path, path: Path) -> bool:
    return path.parent == root and path.name.startswith(REGISTER_FILE)


def cache_usage() -> tuple[int, int]:
    """(files, bytes) held in the cache folder, the register not counted."""
    files = _cache_files(cache_dir())
    return len(files), sum(path.stat().st_size for path in files)


def clear_cache() -> tuple[int, int]:
    """Delete every cached extraction and embedding (the register stays); returns what was removed as (files, bytes)."""
    import shutil

    usage = cache_usage()
    root = cache_dir()
    if root.is_dir():
        for entry in root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            elif not _is_register(root, entry):
                entry.unlink()
        if not any(root.iterdir()):
            root.rmdir()
    return usage
