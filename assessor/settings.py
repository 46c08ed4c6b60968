"""Where the assessor keeps its caches, and how a user moves them."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "ASSESSOR_CACHE_DIR"


def cache_dir() -> Path:
    """Root of every on-disk cache: ``$ASSESSOR_CACHE_DIR`` or ``~/.cache/ai-vendor-assessor``."""
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured) if configured else Path.home() / ".cache" / "ai-vendor-assessor"
    return root.expanduser()


def cache_usage() -> tuple[int, int]:
    """(files, bytes) held in the cache folder."""
    root = cache_dir()
    files = [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []
    return len(files), sum(path.stat().st_size for path in files)


def clear_cache() -> tuple[int, int]:
    """Delete every cached extraction and embedding; returns what was removed as (files, bytes)."""
    import shutil

    usage = cache_usage()
    root = cache_dir()
    if root.is_dir():
        shutil.rmtree(root)
    return usage
