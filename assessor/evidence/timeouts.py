"""Files whose reading timed out, remembered so that later runs do not wait for them again unless asked.

Kept in the cache folder, one small file per content hash and limits: the same file under a longer
time limit (or more memory) is tried again. ``cache prune`` and ``cache clear`` forget them.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from pathlib import Path

from assessor import cache_health
from assessor.evidence.model import Extraction, IngestLimits
from assessor.settings import cache_dir

FOLDER = "timeouts"
KIND = "timed-out files"


def record_path(sha256: str, limits: IngestLimits) -> Path:
    name = f"{sha256}-t{limits.timeout_s:g}-m{limits.memory_mb}-p{limits.max_pages}.json"
    return cache_dir() / FOLDER / name


def earlier(sha256: str, limits: IngestLimits) -> Extraction | None:
    """A "timeout" problem when this content timed out under these limits on an earlier run, else None."""
    path = record_path(sha256, limits)
    record = cache_health.read_record(path, KIND)
    if record is None:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("when"), str):
        cache_health.set_aside(path, "not a valid record of a timeout")
        return None
    detail = (
        f"skipped: timed out on an earlier run ({record['when'][:40]}, limit {limits.timeout_s:g} s); "
        "--retry-timeouts to try again"
    )
    return Extraction(problem="timeout", detail=detail)


def remember(sha256: str, limits: IngestLimits, extraction: Extraction) -> None:
    """Note a file that timed out; forget an earlier timeout once the file was read within the limit."""
    path = record_path(sha256, limits)
    if extraction.problem != "timeout":
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return
    if cache_health.usable_cache(path.parent, KIND):
        when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        cache_health.write_atomically(path, json.dumps({"when": when}).encode("utf-8"), KIND)
