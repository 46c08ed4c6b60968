"""Scoring settings: packaged defaults (scoring/defaults.yaml) with a user's file laid over them."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assessor.errors import InputError

DEFAULTS_PATH = Path(__file__).parent / "defaults.yaml"


@dataclass(frozen=True)
class ScoringConfig:
    """All weights and thresholds, and a hash of them for the report's provenance."""

    values: dict[str, Any]
    source: str
    sha256: str

    def __getitem__(self, section: str) -> Any:
        return self.values[section]


# libyaml's safe loader and dumper when PyYAML has them (about ten times faster), else the pure-Python ones.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> ScoringConfig:
    """Defaults, then the user's YAML file, then in-memory overrides (the app's settings panel).

    A user's file may set any subset of keys; an unknown key is an error, so a typo
    cannot silently leave a default in force.
    """
    values = _read(DEFAULTS_PATH)
    source = "defaults"
    if path is not None:
        user = _read(Path(path))
        _merge(values, user, Path(path), [])
        source = str(path)
    if overrides:
        _merge(values, overrides, Path("settings"), [])
    canonical = yaml.dump(values, Dumper=_DUMPER, sort_keys=True).encode()
    return ScoringConfig(values=values, source=source, sha256=hashlib.sha256(canonical).hexdigest())


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LOADER)
    except OSError as exc:
        raise InputError(path, f"cannot read the scoring config: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(path, "the scoring config must be a mapping of sections")
    return data


def _merge(base: dict[str, Any], update: dict[str, Any], path: Path, trail: list[str]) -> None:
    for key, value in update.items():
        where = ".".join([*trail, str(key)])
        if key not in base:
            raise InputError(path, f"unknown setting '{where}'")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise InputError(path, f"setting '{where}' must be a mapping")
            _merge(base[key], value, path, [*trail, str(key)])
        elif isinstance(base[key], (int, float)) and not isinstance(base[key], bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InputError(path, f"setting '{where}' must be a number, not {value!r}")
            base[key] = value
        else:
            base[key] = copy.deepcopy(value)
