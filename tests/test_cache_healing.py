"""A cache that heals: damaged files are set aside and rebuilt, an unusable place or a full disk means no cache,
writes are atomic, ``cache clear`` stays inside the cache, ``cache prune`` keeps it bounded, timeouts are remembered."""

from __future__ import annotations

import errno
import hashlib
import importlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from assessor import cache_health, embeddings, onnx_backend
from assessor.cli import main, show_cache_warnings
from assessor.embeddings import VectorCache
from assessor.evidence import IngestLimits, ingest, timeouts
from assessor.evidence import cache as extraction_cache
from assessor.evidence.model import Extraction
from assessor.settings import CACHE_FOLDERS, REGISTER_FILE, clear_cache, prune_cache

from .conftest import REPO_ROOT
from .pdf_factory import slow_pdf, text_pdf

ingest_module = importlib.import_module("assessor.evidence.ingest")
POLICY = "AI Policy. The Chief AI Officer owns AI risk and reviews the register every quarter."
BOUND_S = 30  # each case, generously (the machine is shared)


@pytest.fixture(autouse=True)
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(root))
    cache_health.reset()
    yield root
    cache_health.reset()


@pytest.fixture
def told():
    """The cache warnings given during the test, each one counted (Python's own de-duplication off)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield lambda: [str(w.message) for w in caught if issubclass(w.category, cache_health.CacheWarning)]


@pytest.fixture
def pdfs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return [text_pdf(folder / f"policy-{n}.pdf", [f"{POLICY} Version {n}."]) for n in range(3)]


def vectors(count: int, seed: int = 0) -> dict[str, np.ndarray]:
    rows = np.random.default_rng(seed).normal(size=(count, 384)).astype(np.float32)
    return {hashlib.sha256(str(n).encode()).hexdigest(): row for n, row in enumerate(rows)}


def set_aside(folder: Path, name: str = "*") -> list[Path]:
    """The files set aside in ``folder`` (those of ``name`` only, when given; not its SQLite journals)."""
    return sorted(folder.glob(f"{name}{cache_health.CORRUPT_MARK}*"))


# ---- damaged entries and databases are set aside and rebuilt ---------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(os.urandom(4096)),  # garbage
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),  # truncated
        lambda path: path.write_bytes(b"[" * 200_000),  # deeply nested: a parser recursion bomb
        lambda path: (path.unlink(), path.mkdir()),  # not a file at all
        lambda path: (path.unlink(), os.mkfifo(path)),  # would block a reader forever
        lambda path: (path.unlink(), path.symlink_to("/dev/zero")),  # would fill memory
    ],
    ids=["garbage", "truncated", "nested", "directory", "fifo", "symlink-to-device"],
)
def test_a_damaged_extraction_entry_is_set_aside_with_one_warning_and_rebuilt(pdfs, cache_root, told, damage):
    first = ingest(pdfs[:1])
    (entry,) = (cache_root / "extraction").glob("*.json")
    damage(entry)
    started = time.monotonic()

    assert ingest(pdfs[:1]) == first
    assert time.monotonic() - started < BOUND_S
    (moved,) = set_aside(cache_root / "extraction")
    (message,) = told()
    assert str(entry) in message and moved.name in message and "set aside" in message
    assert extraction_cache.load(first.documents[0].sha256, 1000) is not None  # rebuilt and usable


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(os.urandom(64 * 1024)),
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_text("this is a note, not a database\n" * 100),
    ],
    ids=["garbage", "truncated", "not-a-database"],
)
def test_a_damaged_embedding_database_is_set_aside_with_one_warning_and_rebuilt(cache_root, told, damage):
    path = cache_root / "embeddings" / "model.sqlite"
    stored = vectors(2000)
    VectorCache(path).put_many(stored)
    with sqlite3.connect(path) as db:  # everything in the main file, so truncating it cuts real pages
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)

    cache = VectorCache(path)
    found = cache.get_many(set(stored))
    assert all(np.array_equal(found[key], stored[key]) for key in found)  # never an error, never a wrong vector
    cache.put_many(stored)
    again = VectorCache(path).get_many(set(stored))
    assert set(again) == set(stored) and all(np.array_equal(again[key], stored[key]) for key in stored)
    (message,) = told()
    assert str(path) in message and "set aside" in message and len(set_aside(path.parent, path.name)) == 1


def test_garbage_over_a_whole_embedding_database_is_always_noticed(cache_root, told):
    path = cache_root / "embeddings" / "model.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(os.urandom(100_000))
    cache = VectorCache(path)
    assert cache.usable and cache.get_many(set(vectors(3))) == {}
    (moved,) = set_aside(path.parent, path.name)
    assert len(told()) == 1 and moved.read_bytes()[:16] != b"SQLite format 3\x00"


# ---- an unusable location means no cache, with one warning ------------------------------------------------------


def _read_only_folder(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    # Permissions do not stop root: use a folder of a read-only kernel file system instead.
    folder = Path("/sys/kernel")
    if not folder.is_dir() or os.access(folder, os.W_OK) and _can_write(folder):
        pytest.skip("no read-only folder available to root here")
    return folder


def _can_write(folder: Path) -> bool:
    try:
        (folder / ".assessor-probe").touch()
    except OSError:
        return False
    (folder / ".assessor-probe").unlink()
    return True


def _unusable(kind: str, tmp_path: Path) -> Path:
    if kind == "a file":
        path = tmp_path / "cache-file"
        path.write_text("not a folder")
        return path
    if kind == "a dangling symlink":
        path = tmp_path / "cache-link"
        path.symlink_to(tmp_path / "nowhere" / "at-all")
        return path
    if kind == "a symlink to a file":
        (tmp_path / "target-file").write_text("x")
        path = tmp_path / "cache-link"
        path.symlink_to(tmp_path / "target-file")
        return path
    return _read_only_folder(tmp_path)


@pytest.mark.parametrize("kind", ["a file", "a dangling symlink", "a symlink to a file", "read-only"])
def test_an_unusable_cache_location_means_no_cache_and_one_warning(tmp_path, pdfs, told, monkeypatch, kind):
    location = _unusable(kind, tmp_path)
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(location))
    started = time.monotonic()

    result = ingest(pdfs)
    cache = VectorCache(location / "embeddings" / "model.sqlite")
    cache.put_many(vectors(5))

    assert time.monotonic() - started < BOUND_S
    assert [doc.name for doc in result.documents] == [p.name for p in pdfs] and not result.problems
    assert cache.get_many(set(vectors(5))) == {}
    (message,) = told()  # one for every cache and every file
    assert str(location) in message and "running without it" in message


def test_an_unusable_cache_folder_inside_a_good_root_is_skipped_with_one_warning(pdfs, cache_root, told):
    cache_root.mkdir()
    (cache_root / "extraction").write_text("a file where the folder belongs")
    result = ingest(pdfs)
    assert len(result.documents) == 3
    (message,) = told()
    assert "evidence extraction" in message and "a file, not a folder" in message


# ---- a full disk and a killed run ------------------------------------------------------------------------------


def test_a_full_disk_turns_the_extraction_cache_off_with_one_warning(pdfs, cache_root, told, monkeypatch):
    def full(stream, data):
        stream.write(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_health, "_write_all", full)
    result = ingest(pdfs)
    assert len(result.documents) == 3 and not result.problems
    (message,) = told()
    assert "full" in message
    assert not [p for p in (cache_root / "extraction").iterdir()]  # no entry, no temporary file left


def test_a_full_disk_turns_the_embedding_cache_off_with_one_warning(cache_root, told, monkeypatch):
    real = sqlite3.connect

    def tiny(*args, **kwargs):
        db = real(*args, **kwargs)
        db.execute("PRAGMA max_page_count = 8")  # SQLite's own "database or disk is full" after 8 pages
        return db

    monkeypatch.setattr(sqlite3, "connect", tiny)
    cache = VectorCache(cache_root / "embeddings" / "model.sqlite")
    cache.put_many(vectors(500))
    cache.put_many(vectors(500, seed=1))
    assert cache.get_many(set(vectors(500))) == {}
    (message,) = told()
    assert "full" in message


def test_a_write_cut_short_never_leaves_a_half_entry(pdfs, cache_root, told, monkeypatch):
    first = ingest(pdfs[:1])
    (entry,) = (cache_root / "extraction").glob("*.json")
    before = entry.read_bytes()

    def killed(stream, data):
        stream.write(data[: len(data) // 2])
        raise KeyboardInterrupt  # the run is stopped mid-write

    monkeypatch.setattr(cache_health, "_write_all", killed)
    with pytest.raises(KeyboardInterrupt):
        extraction_cache.store(first.documents[0].sha256, 1000, Extraction(pages=("other text",)))
    assert entry.read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(cache_root))
    assert ingest(pdfs[:1]) == first and not told()


KEEP_WRITING = """
import hashlib, sys
import numpy as np
from pathlib import Path
from assessor import embeddings
from assessor.embeddings import VectorCache

cache = VectorCache(Path(sys.argv[1]))
for batch in range(10**6):
    rows = np.random.default_rng(batch).normal(size=(200, 384)).astype(np.float32)
    cache.put_many({hashlib.sha256(f"{batch}-{n}".encode()).hexdigest(): row for n, row in enumerate(rows)})
    print(batch, flush=True)
"""


def test_an_embedding_database_killed_mid_write_is_usable_next_run(cache_root, told):
    path = cache_root / "embeddings" / "model.sqlite"
    writer = subprocess.Popen([sys.executable, "-c", KEEP_WRITING, str(path)], cwd=REPO_ROOT, stdout=subprocess.PIPE)
    for _ in range(5):  # several transactions committed, and the next one under way
        writer.stdout.readline()
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=BOUND_S)
    found = VectorCache(path).get_many({hashlib.sha256(f"{batch}-{n}".encode()).hexdigest()
                                        for batch in range(5) for n in range(200)})  # fmt: skip
    assert len(found) == 1000 and not told()


# ---- cache clear and cache prune -------------------------------------------------------------------------------


def _fill(root: Path) -> None:
    (root / "extraction").mkdir(parents=True)
    (root / "embeddings").mkdir()
    (root / "extraction" / "a.json").write_bytes(b"x" * 1000)
    (root / "embeddings" / "m.sqlite").write_bytes(b"y" * 3000)
    (root / REGISTER_FILE).write_bytes(b"the register")


def test_cache_clear_empties_a_symlinked_cache_folder_and_touches_nothing_outside(tmp_path, monkeypatch):
    real = tmp_path / "real-cache"
    real.mkdir()
    _fill(real)
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the cache's")
    (real / "extraction" / "escape").symlink_to(outside)  # a symlink inside, to a folder outside
    (real / "extraction" / "file-link.json").symlink_to(outside / "keep.txt")
    (real / "not-a-cache").mkdir()
    (real / "not-a-cache" / "notes.txt").write_text("someone else's")  # a cache folder set to a busy folder
    link = tmp_path / "cache-link"
    link.symlink_to(real)
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(link))

    result = CliRunner().invoke(main, ["cache", "clear"])

    assert result.exit_code == 0, result.output
    assert "removed 4 files (0.0 MB)" in result.output  # two entries, two links; the register stays
    assert clear_cache() == (0, 0)
    assert (outside / "keep.txt").read_text() == "not the cache's"
    assert link.is_symlink() and real.is_dir()
    assert sorted(p.name for p in real.iterdir()) == ["not-a-cache", REGISTER_FILE]
    assert (real / "not-a-cache" / "notes.txt").exists()


def test_clear_and_prune_know_every_cache_folder():
    assert {extraction_cache.FOLDER, timeouts.FOLDER, embeddings.FOLDER, onnx_backend.FOLDER} == set(CACHE_FOLDERS)


def test_an_onnx_export_is_cleared_and_pruned_whole(cache_root):
    _fill(cache_root)
    now = time.time()
    export = cache_root / onnx_backend.FOLDER / "abc-123"
    partial = cache_root / onnx_backend.FOLDER / ".abc-123.77-deadbeef.partial"
    for folder in (export, partial):
        folder.mkdir(parents=True)
        (folder / onnx_backend.MODEL_FILE).write_bytes(b"m" * 2_000_000)
        (folder / onnx_backend.MANIFEST_FILE).write_text("{}")
    os.utime(export / onnx_backend.MODEL_FILE, (now - 5 * 86400, now - 5 * 86400))  # read recently, written long ago
    os.utime(export / onnx_backend.MANIFEST_FILE, (now - 5 * 86400, now - 5 * 86400))
    for path in partial.iterdir():
        os.utime(path, (now - 7200, now - 7200))

    pruned = prune_cache(max_age_days=30, max_size_mb=0, now=now)  # the export is in use; the partial one is not
    assert {entry.path.parent.name for entry in pruned} == {partial.name}
    assert {entry.reason for entry in pruned} == {"left over by an interrupted run"}
    assert not partial.exists() and export.is_dir()

    pruned = prune_cache(max_age_days=30, max_size_mb=1, now=now)  # over the size: its model and manifest go together
    assert sorted(entry.path.name for entry in pruned) == [onnx_backend.MANIFEST_FILE, onnx_backend.MODEL_FILE]
    assert not export.exists() and (cache_root / REGISTER_FILE).exists()

    export.mkdir(parents=True)
    (export / onnx_backend.MODEL_FILE).write_bytes(b"m")
    assert clear_cache() == (3, 4001) and not (cache_root / onnx_backend.FOLDER).exists()


def test_prune_removes_old_then_least_recently_used_files_and_set_aside_ones(cache_root):
    _fill(cache_root)
    now = time.time()
    old = cache_root / "extraction" / "a.json"
    os.utime(old, (now - 100 * 86400, now - 100 * 86400))
    database = cache_root / "embeddings" / "m.sqlite"
    journal = cache_root / "embeddings" / "m.sqlite-wal"
    journal.write_bytes(b"w" * 500)
    for n in range(3):  # recent extractions, the first least recently used
        entry = cache_root / "extraction" / f"recent-{n}.json"
        entry.write_bytes(b"z" * 400_000)
        os.utime(entry, (now - 10 * 86400 + n, now - 10 * 86400 + n))
    for path in (database, journal):
        os.utime(path, (now - 5 * 86400, now - 5 * 86400))
    damaged = cache_root / "extraction" / f"b.json{cache_health.CORRUPT_MARK}20260101-000000"
    damaged.write_bytes(b"?")

    pruned = prune_cache(max_age_days=90, max_size_mb=0.9, now=now)

    reasons = {entry.path.name: entry.reason for entry in pruned}
    assert reasons["a.json"].startswith("unused for 100 days")
    assert reasons[damaged.name] == "set aside as damaged"
    assert set(reasons) == {"a.json", damaged.name, "recent-0.json"}  # 1.2 MB + 3.5 KB over 0.9 MB: one goes
    assert "over the size limit" in reasons["recent-0.json"]
    assert database.exists() and (cache_root / REGISTER_FILE).exists()
    pruned = prune_cache(max_age_days=1, max_size_mb=0, now=now)  # the database goes with its journal
    assert {entry.path.name for entry in pruned} >= {"m.sqlite", "m.sqlite-wal"}
    assert (cache_root / REGISTER_FILE).read_bytes() == b"the register"


def test_a_cache_hit_keeps_an_entry_from_being_pruned_as_old_without_changing_when_it_was_written(pdfs, cache_root):
    (document,) = ingest(pdfs[:1]).documents
    (entry,) = (cache_root / "extraction").glob("*.json")
    long_ago = time.time_ns() - 200 * 86400 * 10**9 + 123  # odd nanoseconds: kept exactly
    os.utime(entry, ns=(long_ago, long_ago))
    assert extraction_cache.load(document.sha256, 1000) is not None
    assert entry.stat().st_mtime_ns == long_ago  # a warm run does not look like a rewrite
    assert prune_cache(max_age_days=90, max_size_mb=0) == [] and entry.exists()


def test_cache_prune_command_reads_its_limits_from_the_config_and_says_what_it_removed(tmp_path, cache_root):
    _fill(cache_root)
    past = time.time() - 3 * 86400
    os.utime(cache_root / "extraction" / "a.json", (past, past))
    config = tmp_path / "config.yaml"
    config.write_text("cache:\n  max_age_days: 2\n  max_size_mb: 0\n")

    result = CliRunner().invoke(main, ["cache", "prune", "--config", str(config)])

    assert result.exit_code == 0, result.output
    assert "a.json" in result.output and "unused for 3 days (limit 2)" in result.output
    assert "pruned 1 files" in result.output
    assert (cache_root / "embeddings" / "m.sqlite").exists()
    assert "pruned 1 files" in CliRunner().invoke(main, ["cache", "prune", "--max-age-days", "0",
                                                         "--max-size-mb", "0.001"]).output  # fmt: skip


def test_cache_prune_refuses_a_negative_limit_instead_of_removing_everything(tmp_path, cache_root):
    _fill(cache_root)
    config = tmp_path / "config.yaml"
    config.write_text("cache:\n  max_age_days: -1\n")
    result = CliRunner().invoke(main, ["cache", "prune", "--config", str(config)])
    assert result.exit_code == 2 and "'cache.max_age_days' must be at least 0" in result.output  # config checks
    assert (cache_root / "extraction" / "a.json").exists()


def test_clear_cache_counts_what_it_removed(cache_root):
    _fill(cache_root)
    assert clear_cache() == (2, 4000)
    assert sorted(p.name for p in cache_root.iterdir()) == [REGISTER_FILE]


def test_clear_cache_without_a_cache_folder_removes_nothing(cache_root):
    assert clear_cache() == (0, 0) and prune_cache(1, 1) == []


def test_a_cache_cleared_while_in_use_is_made_again(pdfs, cache_root, told):
    ingest(pdfs[:1])
    clear_cache()
    ingest(pdfs[1:2])
    assert len(list((cache_root / "extraction").glob("*.json"))) == 1 and not told()


# ---- timeouts are remembered -----------------------------------------------------------------------------------


def test_a_file_that_timed_out_is_skipped_next_run_unless_retried(tmp_path, pdfs, monkeypatch):
    hostile = slow_pdf(tmp_path / "evidence" / "bomb.pdf", pages=60)
    limits = IngestLimits(timeout_s=1)
    first = {p.doc_id: p for p in ingest([tmp_path / "evidence"], limits=limits).problems}
    assert first["bomb.pdf"].code == "timeout" and "longer than 1 s" in first["bomb.pdf"].message

    sent: list[object] = []
    real = ingest_module.read_files
    monkeypatch.setattr(
        ingest_module, "read_files", lambda jobs, *args, **kwargs: (sent.extend(jobs), real(jobs, *args, **kwargs))
    )
    started = time.monotonic()
    second = ingest([tmp_path / "evidence"], limits=limits)
    assert time.monotonic() - started < BOUND_S and sent == []  # nothing read: skipped, the rest cached
    (problem,) = second.problems
    assert problem.code == "timeout" and len(second.documents) == 3
    assert "skipped: timed out on an earlier run (" in problem.message
    assert problem.message.endswith("limit 1 s); --retry-timeouts to try again")

    retried = ingest([hostile], limits=limits, retry_timeouts=True).problems[0]
    assert "longer than 1 s" in retried.message  # read again, not skipped
    other_limits = ingest([hostile], limits=IngestLimits(timeout_s=1.5)).problems[0]
    assert "longer than 1.5 s" in other_limits.message  # another limit: tried again


def test_the_cli_prints_a_cache_warning_as_one_clean_line(capsys, monkeypatch):
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # put back after the test
    show_cache_warnings()
    show_cache_warnings()  # idempotent: still one line per warning
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        cache_health.tell_once("folder", "the cache in /x\x1b[2J is off")
        cache_health.tell_once("folder", "the cache in /x\x1b[2J is off")
    assert capsys.readouterr().err == "warning: the cache in /x\\x1b[2J is off\n"


def test_score_and_batch_take_retry_timeouts():
    for command in ("score", "batch"):
        assert "--retry-timeouts" in CliRunner().invoke(main, [command, "--help"]).output
