"""Hostile YAML (alias bombs, tags, oversized and odd files) is refused with the file, the place and the problem,
in vendor.yaml, banks, catalogs and configs; one bad vendor.yaml fails that vendor only; reports are strict JSON."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from assessor import strict_json
from assessor.batch import discover, read_vendor_file, run_batch
from assessor.errors import InputError
from question_bank import load_bank, load_catalog
from scoring import safe_yaml
from scoring.config import DEFAULTS_PATH, load_config
from scoring.safe_yaml import load_yaml, loads_yaml

from .conftest import AS_OF, REPO_ROOT

LEVELS = "abcdefghi"
# The "billion laughs": nine lists of nine references each, 9**9 strings once expanded; about 380 bytes.
ALIAS_BOMB = (
    "".join(
        f"{name}: &{name} [" + (",".join(['"lol"'] * 9) if not i else ",".join([f"*{LEVELS[i - 1]}"] * 9)) + "]\n"
        for i, name in enumerate(LEVELS)
    )
    + "name: *i\nrisk_tier: *i\ndescription: *i\n"
)
# The same through merge keys: each level's mapping holds twice the pairs of the one before.
MERGE_BOMB = "l0: &l0 {k0: 0, k1: 1, k2: 2, k3: 3}\n" + "".join(
    f"l{n}: &l{n} {{<<: [*l{n - 1}, *l{n - 1}]}}\n" for n in range(1, 40)
)
BUNDLED = [
    DEFAULTS_PATH,
    REPO_ROOT / "question_bank" / "data" / "default_bank.yaml",
    REPO_ROOT / "question_bank" / "data" / "iso42001_catalog.yaml",
    *sorted((REPO_ROOT / "examples" / "vendors").glob("*/vendor.yaml")),
]


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request, monkeypatch):
    """Run a test with libyaml's parser (when PyYAML has it) and with the pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(safe_yaml, "_PlainLoader", safe_yaml._plain_loader(yaml.SafeLoader))
    return request.param


def refused(text: str) -> InputError:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        loads_yaml(text, "hostile.yaml")
    assert time.monotonic() - started < 10
    return caught.value


def test_the_alias_bomb_is_about_380_bytes():
    assert 350 <= len(ALIAS_BOMB.encode()) <= 400


@pytest.mark.parametrize("bundled", BUNDLED, ids=lambda path: path.name)
def test_bundled_yaml_files_load_as_before(bundled):
    """Our own files use no aliases or tags: the safe loader gives exactly what PyYAML's safe_load gave."""
    assert load_yaml(bundled, None) == yaml.safe_load(bundled.read_text(encoding="utf-8"))


def test_alias_bombs_are_refused_at_the_alias(loader):
    error = refused(ALIAS_BOMB)
    assert str(error) == "hostile.yaml (line 2, column 8): YAML aliases are not allowed"
    assert "YAML aliases are not allowed" in str(refused(MERGE_BOMB))
    assert refused("a: &self [*self]\n").where == "line 1, column 11"  # a list holding itself


def test_anchors_alone_and_plain_merge_keys_still_load(loader):
    assert loads_yaml("x: &first 1\ny: 2\n", "ok.yaml") == {"x": 1, "y": 2}
    assert loads_yaml("<<: {a: 1}\nb: 2\n", "ok.yaml") == {"a": 1, "b": 2}
    assert loads_yaml("a: !!str 5\nb: 2026-01-31\nc: ~\n", "ok.yaml")["a"] == "5"


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system ['touch pwned']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !vendor_tag {x: 1}\n", "!vendor_tag"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x, y}\n", "!!set"),
        ("- 1\n- !<tag:example.com,2026:thing> 2\n", "tag:example.com,2026:thing"),
    ],
)
def test_tags_are_refused_with_their_place(loader, text, tag):
    error = refused(text)
    assert error.problem == f"YAML tags such as {tag} are not allowed"
    assert error.where.startswith("line ")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name: [unclosed\n", "not valid YAML: "),
        ("a: 2026-13-45\n", "not valid YAML: month must be in 1..12"),
        ("a: \x07bell\n", "not valid YAML: "),
        ("? [a, b]\n: c\n", "not valid YAML: found unhashable key"),
        ("[" * 5_000 + "]" * 5_000, "not valid YAML: "),
    ],
    ids=["syntax", "bad-date", "control-character", "list-as-key", "deep-nesting"],
)
def test_broken_yaml_is_an_input_error_not_a_traceback(loader, text, problem):
    error = refused(text)
    assert error.problem.startswith(problem) and error.path == "hostile.yaml"


def test_the_file_is_bounded_and_must_be_a_regular_utf8_file(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"big.yaml: larger than 4 KB, the most the test file may be"):
        load_yaml(big, 4096, "the test file")
    assert load_yaml(big, 8192)["a"] == "x" * 5000
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="not a regular file"):
        load_yaml(fifo, 4096)
    assert time.monotonic() - started < 5  # refused, not waited on
    with pytest.raises(InputError, match="cannot read the file: not a regular file"):
        load_yaml(tmp_path, 4096)
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="zero.yaml: cannot read the file: not a regular file"):
        load_yaml(tmp_path / "zero.yaml", None)  # even unbounded, a device is never read
    with pytest.raises(InputError, match="cannot read the file: No such file"):
        load_yaml(tmp_path / "missing.yaml", 4096)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Soci\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.yaml \(byte 11\): not UTF-8 text"):
        load_yaml(latin, 4096)


def test_bombs_stay_small_under_a_memory_cap(tmp_path):
    """In a process that may not grow past 1.5 GB, each bomb is refused (it would need many gigabytes)."""
    paths = []
    for name, text in {"alias.yaml": ALIAS_BOMB, "merge.yaml": MERGE_BOMB}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)\n"
        "from assessor.errors import InputError\n"
        "from scoring.safe_yaml import load_yaml\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        load_yaml(path, 1 << 20)\n"
        "        print('loaded')\n"
        "    except InputError as exc:\n"
        "        print(exc.problem)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, *paths], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["YAML aliases are not allowed"] * 2
    assert time.monotonic() - started < 30


def test_config_bank_and_catalog_refuse_hostile_yaml(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("rating: &r {strong: 80}\nflags: {red: *r}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"config.yaml \(line 2, column 14\): YAML aliases are not allowed"):
        load_config(config)
    config.write_text("rating: {strong: !!python/object/apply:os.getpid []}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"config.yaml \(line 1, column 18\): YAML tags such as !!python"):
        load_config(config)
    config.write_text("# padding\n" * 30_000, encoding="utf-8")
    with pytest.raises(InputError, match="larger than 256 KB, the most the scoring config may be"):
        load_config(config)

    bank = tmp_path / "bank.yaml"
    bank.write_text(ALIAS_BOMB.replace("name: *i", "name: Bank\nquestions: *i"), encoding="utf-8")
    with pytest.raises(InputError, match=r"bank.yaml \(line 2, column 8\): YAML aliases are not allowed"):
        load_bank(bank)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("nodes:\n  - !node {id: '4.1'}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"catalog.yaml \(line 2, column 5\): YAML tags such as !node"):
        load_catalog(catalog)


def test_the_config_keeps_libyamls_speed():
    """The app reads the config on every rerun: parsing and checking it stays around a few milliseconds."""
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(safe_yaml._PlainLoader, yaml.CSafeLoader)
    load_config()
    started = time.perf_counter()
    for _ in range(20):
        load_config()
    assert (time.perf_counter() - started) / 20 < 0.05  # about 3 ms on one core; generous for shared machines


# -- vendor.yaml in a batch ------------------------------------------------------------------------------------------

GOOD_ANSWERS = (
    "question_id,answer\n"
    'OW-01,"The AI Governance Board owns the AI policy; the Head of AI Risk chairs it and it meets monthly."\n'
)
POLICY = "AI Governance Policy\n\nThe AI Governance Board owns this policy and meets monthly.\n"


def vendor_folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def test_read_vendor_file_is_the_public_reader(tmp_path):
    folder = vendor_folder(tmp_path, "acme", {"vendor.yaml": "name: Acme\ndescription: Makes chat bots\n"})
    path, data = read_vendor_file(folder)
    assert path == folder / "vendor.yaml" and data == {"name": "Acme", "description": "Makes chat bots"}
    assert read_vendor_file(vendor_folder(tmp_path, "bare", {"answers.csv": GOOD_ANSWERS})) == (None, None)
    with pytest.raises(InputError, match=r"vendor.yaml \(line 2, column 8\): YAML aliases are not allowed"):
        read_vendor_file(vendor_folder(tmp_path, "bomb", {"vendor.yaml": ALIAS_BOMB}))


def test_an_alias_bomb_in_one_vendor_yaml_fails_that_vendor_only(tmp_path, catalog, bank):
    from assessor.matching import ClauseMatcher
    from assessor.pipeline import Engine
    from tests.test_config_settings import FakeEmbedder

    class CountingEmbedder(FakeEmbedder):
        encoded_count = 0

    root = tmp_path / "vendors"
    vendor_folder(root, "good", {"answers.csv": GOOD_ANSWERS, "evidence/policy.txt": POLICY})
    vendor_folder(root, "hostile", {"vendor.yaml": ALIAS_BOMB, "answers.csv": GOOD_ANSWERS})
    embedder = CountingEmbedder()
    engine = Engine(embedder, ClauseMatcher(embedder, catalog), catalog)
    started = time.monotonic()
    vendors = discover(root)
    result = run_batch(
        vendors, tmp_path / "out", engine=engine, bank=bank, config=load_config(), as_of=AS_OF, workers=1
    )
    assert time.monotonic() - started < 60

    assert [row.vendor for row in result.rows] == ["good"]
    (failure,) = result.failures
    assert failure.vendor == "hostile"
    assert failure.problem == "vendor.yaml (line 2, column 8): YAML aliases are not allowed"
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8-sig", newline="") as stream:
        errors = list(csv.DictReader(stream))
    assert [(row["vendor"], row["problem"]) for row in errors] == [("hostile", failure.problem)]
    text = (tmp_path / "out" / "good.json").read_text(encoding="utf-8")
    report = json.loads(text, parse_constant=_no_constants)
    assert report["vendor"] == "good" and "policy.txt" in text  # the good vendor's evidence was read
    assert "good" in (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")


# -- strict JSON -----------------------------------------------------------------------------------------------------


def _no_constants(name: str):
    raise AssertionError(f"{name} is not JSON")


def test_strict_json_writes_null_for_numbers_that_are_not_finite():
    value = {"overall": math.nan, "scores": [1.5, math.inf, -math.inf], "nested": ({"x": math.nan},), "ok": 2}
    text = strict_json.dumps(value, indent=2)
    assert json.loads(text, parse_constant=_no_constants) == {
        "overall": None,
        "scores": [1.5, None, None],
        "nested": [{"x": None}],
        "ok": 2,
    }
    assert strict_json.dumps({"a": 0.5}) == json.dumps({"a": 0.5})


def test_the_json_report_never_holds_nan(monkeypatch):
    from assessor import exports

    monkeypatch.setattr(exports, "report_dict", lambda assessment: {"overall": math.nan, "questions": [math.inf]})
    text = exports.report_json(None)
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text, parse_constant=_no_constants) == {"overall": None, "questions": [None]}
