"""Walking the folders a vendor sent: no link followed out of them, only regular files read, each file once,
each vendor folder scored once, every skipped entry named with its reason and the good files still cited."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessor.batch import discover, find_answers, run_batch
from assessor.errors import InputError
from assessor.evidence import ingest
from assessor.settings import cache_usage, clear_cache

from .conftest import AS_OF, REPO_ROOT

PASSWD = Path("/etc/passwd")
POLICY = (
    "AI Governance Policy\n\nThe AI Governance Board owns this policy, reviews every model before release "
    "and approves each exception in writing.\n"
)
BOUND_S = 20  # each hostile case, subprocess start-up included

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not PASSWD.exists(), reason="needs POSIX links, FIFOs")


@contextlib.contextmanager
def within(seconds: float):
    """Fail (instead of hanging the suite) when the block takes longer than ``seconds``; an open() blocked on a
    FIFO is interrupted too."""

    def expire(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < seconds


def secret_line() -> str:
    """The first line of /etc/passwd, which must never reach an output."""
    return PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()[0]


def hostile_evidence(folder: Path) -> Path:
    """An evidence folder with one good policy beside links out, a pipe, a broken link and links inside."""
    (folder / "sub").mkdir(parents=True)
    (folder / "policy.txt").write_text(POLICY, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(PASSWD)
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "ring1.txt").symlink_to("ring2.txt")  # a loop of links
    (folder / "ring2.txt").symlink_to("ring1.txt")
    (folder / "alias.txt").symlink_to(folder / "policy.txt")  # inside -> inside: the same file, read once
    (folder / "sub" / "up.md").symlink_to("../policy.txt")
    (folder / "etc").symlink_to("/etc")  # a linked folder out: not walked
    (folder / "loop").symlink_to(folder)  # a linked folder in: walked once, under its real path
    return folder


# -- evidence folders ----------------------------------------------------------------------------------------------

INGEST_UNDER_A_CAP = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from assessor.evidence import ingest
found = ingest([sys.argv[1]], use_cache=False, workers=1)
print(json.dumps({
    "documents": [[d.doc_id, "\\n".join(d.pages)] for d in found.documents],
    "problems": [[p.doc_id, p.code, p.message] for p in found.problems],
}))
"""


@needs_posix
def test_evidence_walk_reads_only_regular_files_inside_the_folder(tmp_path):
    folder = hostile_evidence(tmp_path / "evidence")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", INGEST_UNDER_A_CAP, str(folder)],
        capture_output=True,
        text=True,
        timeout=BOUND_S,
        cwd=REPO_ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert time.monotonic() - started < BOUND_S
    found = json.loads(run.stdout)
    assert [doc_id for doc_id, _ in found["documents"]] == ["policy.txt"]  # cited by its own name, once
    assert "Governance Board" in found["documents"][0][1]
    problems = {doc_id: code for doc_id, code, _ in found["problems"]}
    assert problems == {
        "passwd.txt": "outside_folder",
        "zero.txt": "outside_folder",
        "pipe.txt": "special_file",
        "gone.txt": "unreadable",
        "ring1.txt": "unreadable",
        "ring2.txt": "unreadable",
        "etc": "outside_folder",
    }
    messages = {doc_id: message for doc_id, _, message in found["problems"]}
    assert "outside the folder" in messages["passwd.txt"] and "pipe (FIFO)" in messages["pipe.txt"]
    assert secret_line() not in run.stdout and "root:" not in run.stdout


@needs_posix
def test_a_pipe_named_directly_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "policy.txt").write_text(POLICY, encoding="utf-8")
    with within(BOUND_S):
        found = ingest([tmp_path / "pipe.pdf", tmp_path / "policy.txt"], use_cache=False, workers=1)
    assert [d.doc_id for d in found.documents] == ["policy.txt"]
    assert [(p.doc_id, p.code) for p in found.problems] == [("pipe.pdf", "special_file")]


# -- vendor folders ------------------------------------------------------------------------------------------------

ANSWERS = (
    "question_id,answer\nGV-01,The AI Governance Board owns our AI policy and reviews every model before release.\n"
)


def vendors_tree(tmp_path: Path) -> Path:
    """acme (good), acme-again (a link to acme), elsewhere (a link out), leaky (answers linked to /etc/passwd),
    piped (answers.csv is a FIFO)."""
    root = tmp_path / "vendors"
    acme = root / "acme"
    (acme / "evidence").mkdir(parents=True)
    (acme / "answers.csv").write_text(ANSWERS, encoding="utf-8")
    hostile_evidence(acme / "evidence" / "mixed")
    (root / "acme-again").symlink_to(acme)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "answers.csv").write_text(ANSWERS, encoding="utf-8")
    (root / "elsewhere").symlink_to(outside)
    (root / "leaky").mkdir()
    (root / "leaky" / "answers.csv").symlink_to(PASSWD)
    (root / "piped").mkdir()
    os.mkfifo(root / "piped" / "answers.csv")
    return root


@needs_posix
def test_discovery_scores_each_vendor_folder_once_and_refuses_links_out(tmp_path):
    root = vendors_tree(tmp_path)
    with within(BOUND_S):
        vendors = {vendor.folder.name: vendor for vendor in discover(root)}
    assert set(vendors) == {"acme", "acme-again", "elsewhere", "leaky", "piped"}
    assert vendors["acme"].problem == "" and vendors["acme"].answers == root / "acme" / "answers.csv"
    assert "the same folder as 'acme'" in vendors["acme-again"].problem
    assert "outside" in vendors["elsewhere"].problem and vendors["elsewhere"].answers is None
    assert "outside the vendor folder" in vendors["leaky"].problem
    assert "pipe (FIFO)" in vendors["piped"].problem
    assert all(secret_line() not in vendor.problem for vendor in vendors.values())


@needs_posix
def test_answers_linked_inside_the_vendor_folder_is_read(tmp_path):
    folder = tmp_path / "vendor"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "mine.csv").write_text(ANSWERS, encoding="utf-8")
    (folder / "answers.csv").symlink_to(folder / "files" / "mine.csv")
    assert find_answers(folder) == folder / "answers.csv"
    (folder / "answers.csv").unlink()
    (folder / "answers.csv").symlink_to(PASSWD)
    with pytest.raises(InputError, match="outside the vendor folder") as raised:
        find_answers(folder)
    assert secret_line() not in str(raised.value)


@needs_posix
def test_vendor_yaml_linked_out_is_refused(tmp_path):
    root = tmp_path / "vendors"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "answers.csv").write_text(ANSWERS, encoding="utf-8")
    (root / "acme" / "vendor.yaml").symlink_to(PASSWD)
    [vendor] = discover(root)
    assert "vendor.yaml" in vendor.problem and "outside the vendor folder" in vendor.problem
    assert secret_line() not in vendor.problem


@needs_posix
def test_batch_over_hostile_folders_scores_the_good_vendor_once_and_leaks_nothing(tmp_path, fake_engine):
    root = vendors_tree(tmp_path)
    out = tmp_path / "out"
    with within(60):
        result = run_batch(discover(root), out, engine=fake_engine, as_of=AS_OF, workers=1)
    assert [row.vendor for row in result.rows] == ["acme"]
    assert sorted(failure.vendor for failure in result.failures) == ["acme-again", "elsewhere", "leaky", "piped"]
    report = json.loads((out / "acme.json").read_text(encoding="utf-8"))
    assert [doc["file"] for doc in report["evidence_documents"]] == ["evidence/mixed/policy.txt"]
    codes = {problem["file"]: problem["code"] for problem in report["evidence_problems"]}
    assert codes["evidence/mixed/passwd.txt"] == "outside_folder" and codes["evidence/mixed/pipe.txt"] == "special_file"
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        errors = {row["vendor"]: row["problem"] for row in csv.DictReader(handle)}
    assert "outside the vendor folder" in errors["leaky"]
    written = "".join(path.read_text(encoding="utf-8", errors="replace") for path in out.glob("*.*sv"))
    written += "".join(path.read_text(encoding="utf-8") for path in out.glob("*.json"))
    assert secret_line() not in written and "root:x" not in written


# -- the cache folder ----------------------------------------------------------------------------------------------


@needs_posix
def test_cache_listing_and_clearing_stay_inside_the_cache_folder(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (cache / "extraction").mkdir(parents=True)
    (cache / "extraction" / "entry.json").write_text("{}", encoding="utf-8")
    keep = tmp_path / "precious.txt"
    keep.write_text("x" * 10_000, encoding="utf-8")
    (cache / "extraction" / "link.json").symlink_to(keep)
    (cache / "outside").symlink_to(tmp_path)
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(cache))
    files, size = cache_usage()
    assert files == 2 and size < 1_000  # the entry, and the link as a link: its 10 KB target is not the cache's
    clear_cache()
    assert keep.read_text(encoding="utf-8") == "x" * 10_000  # the link went, its target stays
    assert not (cache / "extraction").exists() and (cache / "outside").is_symlink()  # nothing outside the caches
