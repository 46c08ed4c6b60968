"""How the on-disk caches fail safe: a damaged file is set aside, an unusable folder or a full disk means no cache.

A cache only saves time, so nothing wrong with it may stop a run. Each problem is told once, as a
``CacheWarning`` (the CLI prints it as a ``warning:`` line on stderr), and the run goes on without that cache.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import threading
import time
import warnings
from pathlib import Path

from assessor.settings import CORRUPT_MARK

_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})

_lock = threading.Lock()
_told: set[str] = set()
_disabled: set[Path] = set()  # caches turned off for the rest of this process (a full disk, a read-only folder)
_usable: dict[Path, bool] = {}


class CacheWarning(UserWarning):
    """A cache could not be used as it is; the run goes on without it or with a rebuilt one."""


def tell_once(key: str, message: str) -> None:
    """Warn about ``key`` the first time only, so a thousand files give one line, not a thousand."""
    with _lock:
        if key in _told:
            return
        _told.add(key)
    warnings.warn(message, CacheWarning, stacklevel=3)


def disable(folder: Path, kind: str, reason: str) -> None:
    """Stop using the cache in ``folder`` for the rest of this process, with one warning."""
    with _lock:
        _disabled.add(folder)
    tell_once(f"disabled:{folder}", f"the {kind} cache is off for this run: {reason}")


def enabled(folder: Path) -> bool:
    return folder not in _disabled


def usable_cache(folder: Path, kind: str) -> bool:
    """True when the ``kind`` cache can be kept in ``folder``, a subfolder of the cache root (both made if missing).

    The root is checked first, so an unusable cache location gives one warning for every cache.
    """
    return usable_folder(folder.parent, "on-disk") and usable_folder(folder, kind)


def usable_folder(folder: Path, kind: str) -> bool:
    """True when cache files can be written in ``folder`` (made if missing); else one warning and False.

    Checked once per folder and process by writing a probe file, which is what counts on a read-only
    mount, a folder without write permission, a path that is a file or a symlink pointing nowhere.
    """
    if not enabled(folder):
        return False
    with _lock:
        known = _usable.get(folder)
    if known is not None:
        return known
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe-")
        os.close(handle)
        os.unlink(probe)
        usable = True
    except OSError as exc:
        usable = False
        disable(folder, kind, f"cannot write in {folder} ({_why(folder, exc)}); running without it")
    with _lock:
        _usable[folder] = usable
    return usable


def set_aside(path: Path, problem: str) -> Path | None:
    """Rename a damaged cache file to ``<name>.corrupt-<timestamp>`` (one warning naming both), so it is rebuilt."""
    target = path.with_name(f"{path.name}{CORRUPT_MARK}{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None  # another process set it aside first
    except OSError as exc:
        tell_once(f"stuck:{path}", f"damaged cache file {path} ({problem}) cannot be moved aside ({describe(exc)})")
        return None
    message = f"damaged cache file {path} ({problem}) set aside as {target.name}; rebuilding it"
    warnings.warn(message, CacheWarning, stacklevel=2)
    return target


def write_atomically(target: Path, data: bytes, kind: str) -> bool:
    """Write ``data`` to a temporary file beside ``target``, then rename it over ``target``.

    A reader or a later run never sees half a file. An error leaves no temporary file behind (a killed run
    may, which ``cache prune`` removes); a full disk or a read-only folder also switches the cache in that
    folder off (one warning). False when not written.
    """
    try:
        try:
            handle, temporary = _temporary(target)
        except FileNotFoundError:  # the folder was removed meanwhile (``cache clear`` while the app runs)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = _temporary(target)
    except OSError as exc:
        _write_failed(exc, kind, target)
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_all(stream, data)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        _write_failed(exc, kind, target)
        return False
    return True


def read_entry(path: Path) -> bytes:
    """A cache file's bytes; OSError unless it is a regular file (never a symlink, FIFO, device or folder)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def read_record(path: Path, kind: str) -> object | None:
    """A cache entry's JSON value, or None: no usable cache, no entry, or a damaged entry (then set aside)."""
    if not usable_cache(path.parent, kind):
        return None
    try:
        return json.loads(read_entry(path).decode("utf-8"))
    except FileNotFoundError:
        return None
    except OSError as exc:
        set_aside(path, f"unreadable: {describe(exc)}")
    except (ValueError, RecursionError):
        set_aside(path, "not a valid cache record")
    return None


def mark_used(path: Path) -> None:
    """Record a cache hit in the file's access time (its modification time stays: it tells when it was written).

    ``cache prune`` goes by the later of the two, so an entry read every day is never pruned as old.
    """
    with contextlib.suppress(OSError):
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))


def _temporary(target: Path) -> tuple[int, str]:
    return tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")


def _write_all(stream, data: bytes) -> None:
    stream.write(data)
    stream.flush()


def _write_failed(exc: OSError, kind: str, target: Path) -> None:
    if exc.errno in _FULL:
        disable(target.parent, kind, f"the disk holding {target.parent} is full")
    else:
        disable(target.parent, kind, f"cannot write {target} ({describe(exc)})")


def _why(folder: Path, exc: OSError) -> str:
    if folder.is_symlink() and not folder.exists():
        return f"a symlink to {os.readlink(folder)}, which does not exist"
    if folder.exists() and not folder.is_dir():
        return "a file, not a folder"
    return describe(exc)


def describe(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def reset() -> None:
    """Forget every warning and decision, so that a test starts afresh."""
    with _lock:
        _told.clear()
        _disabled.clear()
        _usable.clear()
