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
