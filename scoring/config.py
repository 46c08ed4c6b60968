"""Scoring settings: packaged defaults (scoring/defaults.yaml) with a user's file laid over them."""

from __future__ import annotations

import copy
import hashlib
import reprlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assessor.errors import InputError
from scoring.config_checks import config_problems
from scoring.safe_yaml import load_yaml

DEFAULTS_PATH = Path(__file__).parent / "defaults.yaml"


@dataclass(frozen=True)
class ScoringConfig:
    """All weights and thresholds, and a hash of them for the report's provenance."""

    values: dict[str, Any]
    source: str
    sha256: str

    def __getitem__(self, section: str) -> Any:
        return self.values[section]


# libyaml's dumper when PyYAML has it (about ten times faster), else the pure-Python one.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> ScoringConfig:
    """Defaults, then the user's YAML file, then in-memory overrides (the app's settings panel).

    A user's file may set any subset of keys; an unknown key is an error, so a typo
    cannot silently leave a default in force. After each layer every setting is checked
    (scoring/config_checks.py); all the problems found are raised together as one InputError.
    """
    values = _read(DEFAULTS_PATH, None)
    defaults = copy.deepcopy(values)
    source = "defaults"
    _check(values, {}, DEFAULTS_PATH, defaults)
    if path is not None:
        limit = int(values["yaml_limits"]["config_kb"]) * 1024
        _check(values, _read(Path(path), limit), Path(path), defaults)
        source = str(path)
    if overrides:
        _check(values, overrides, Path("settings"), defaults)
    canonical = yaml.dump(values, Dumper=_DUMPER, sort_keys=True).encode()
    return ScoringConfig(values=values, source=source, sha256=hashlib.sha256(canonical).hexdigest())


def _read(path: Path, max_bytes: int | None) -> dict[str, Any]:
    data = load_yaml(path, max_bytes, "the scoring config")
    if not isinstance(data, dict):
        raise InputError(path, "the scoring config must be a mapping of sections")
    return data


def _check(values: dict[str, Any], update: dict[str, Any], path: Path, defaults: dict[str, Any]) -> None:
    """Lay ``update`` over ``values``, then check them all; raise one InputError naming every problem."""
    problems: list[str] = []
    _merge(values, update, [], problems)
    problems.extend(config_problems(values, defaults))
    if len(problems) == 1:
        raise InputError(path, problems[0])
    if problems:
        raise InputError(path, f"{len(problems)} problems in the scoring config: " + "; ".join(problems))


def _merge(base: dict[str, Any], update: dict[str, Any], trail: list[str], problems: list[str]) -> None:
    for key, value in update.items():
        where = ".".join([*trail, str(key)])
        if key not in base:
            problems.append(f"unknown setting '{where}'")
        elif isinstance(base[key], dict):
            if isinstance(value, dict):
                _merge(base[key], value, [*trail, str(key)], problems)
            else:
                problems.append(f"setting '{where}' must be a mapping, not {reprlib.repr(value)}")
        elif isinstance(base[key], (int, float)) and not isinstance(base[key], bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"setting '{where}' must be a number, not {reprlib.repr(value)}{_hint(value)}")
            else:
                base[key] = value
        else:
            base[key] = copy.deepcopy(value)


def _hint(value: object) -> str:
    """YAML reads ``1e3`` (no dot, no exponent sign) as text: say so when a text looks like a number."""
    try:
        float(str(value))
    except ValueError:
        return ""
    return " (YAML reads this as text: write a number such as 0.5 or 1.0e+3)"
