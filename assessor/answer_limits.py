"""The bounds on reading a vendor's answers file, from the ``answer_limits`` section of the scoring config."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields

_MB = 1024 * 1024


@dataclass(frozen=True)
class AnswerLimits:
    """One field per key of ``answer_limits`` in ``scoring/defaults.yaml``, where the values and their
    meaning are given; tests and callers derive variants with ``dataclasses.replace``."""

    max_file_mb: float
    max_rows: int
    max_columns: int
    max_cells: int
    max_sheets: int
    max_unpacked_mb: float
    max_shared_strings_mb: float
    max_shared_strings: int
    max_meaning_rows: int
    max_row_notes: int
    duplicate_compared_chars: int
    reader_timeout_s: float
    reader_memory_mb: int

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * _MB)

    @classmethod
    def from_section(cls, section: Mapping) -> AnswerLimits:
        """The limits in a loaded config's ``answer_limits`` section."""
        return cls(**{f.name: section[f.name] for f in fields(cls)})


@functools.lru_cache(maxsize=1)
def packaged_limits() -> AnswerLimits:
    """The limits of the packaged config (scoring/defaults.yaml)."""
    from scoring.config import load_config

    return AnswerLimits.from_section(load_config()["answer_limits"])


def limits_of(config=None) -> AnswerLimits:
    """The limits of a loaded ``ScoringConfig`` (or the packaged ones when ``config`` is None)."""
    return packaged_limits() if config is None else AnswerLimits.from_section(config["answer_limits"])
