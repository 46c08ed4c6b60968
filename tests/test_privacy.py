"""Nothing leaves the machine: a whole assessment runs with network sockets blocked; caches can be cleared."""

import subprocess
import sys

from .conftest import EXAMPLES_DIR, REPO_ROOT

# Loaded by every Python process started with this folder on PYTHONPATH (the CLI and its PDF
# reader processes): any attempt to open an internet socket or resolve a host name is logged and refused.
SOCKET_GUARD = """
import os, socket

LOG = os.environ["NETWORK_ATTEMPTS_LOG"]

def _refuse(what):
    with open(LOG, "a") as log:
        log.write(what + "\\n")
    raise OSError("network access blocked by the test: " + what)

_connect = socket.socket.connect

def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(f"connect {address}")
    return _connect(self, address)

socket.socket.connect = connect
socket.socket.connect_ex = lambda self, address: connect(self, address)
socket.getaddrinfo = lambda host, *args, **kwargs: _refuse(f"resolve {host}")
socket.create_connection = lambda address, *args, **kwargs: _refuse(f"connect {address}")
"""


def test_whole_assessment_runs_with_network_blocked(tmp_path):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SOCKET_GUARD)
    attempts = tmp_path / "attempts.log"
    attempts.write_text("")
    vendor = EXAMPLES_DIR / "brightpath-bots"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": f"{guard}:{REPO_ROOT}",
        "ASSESSOR_CACHE_DIR": str(tmp_path / "cache"),  # cold: the model loads and everything is embedded
        "NETWORK_ATTEMPTS_LOG": str(attempts),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "score",
            "--answers",
            str(vendor / "answers.csv"),
            "--evidence",
            str(vendor / "evidence"),
            "--out",
            str(tmp_path / "card.csv"),
            "--json",
            str(tmp_path / "r.json"),
            "--as-of",
            "2026-11-26",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "card.csv").read_text(encoding="utf-8-sig").count("\n") > 29
    assert attempts.read_text() == ""
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0 and "blocked by the test" in probe.stderr  # the guard itself works


def test_cache_clear_removes_cached_evidence_and_embeddings(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ASSESSOR_CACHE_DIR": str(tmp_path / "cache")}
    cached = tmp_path / "cache" / "embeddings"
    cached.mkdir(parents=True)
    (cached / "model.sqlite").write_bytes(b"x" * 1000)
    cli = [sys.executable, "-m", "assessor", "cache"]
    info = subprocess.run([*cli, "info"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "1 files" in info.stdout
    cleared = subprocess.run([*cli, "clear"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert cleared.returncode == 0 and "removed 1 files" in cleared.stdout
    assert not (tmp_path / "cache").exists()
