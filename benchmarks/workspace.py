"""A throw-away cache for one benchmark run, so its figures never depend on an analyst's cached vectors."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def fresh_cache(prefix: str) -> Iterator[Path]:
    """A new work folder, removed afterwards, whose ``cache`` holds the assessor's caches meanwhile."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    previous = os.environ.get("ASSESSOR_CACHE_DIR")
    os.environ["ASSESSOR_CACHE_DIR"] = str(work / "cache")
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if previous is None:
            os.environ.pop("ASSESSOR_CACHE_DIR", None)
        else:
            os.environ["ASSESSOR_CACHE_DIR"] = previous
