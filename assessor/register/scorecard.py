"""The scorecard CSV of a registered assessment, with the analysts' ratings and notes beside the machine's."""

from __future__ import annotations

from pathlib import Path

from assessor.exports import report_rows, write_rows_csv
from assessor.register.store import Register


def write_registered_csv(register: Register, assessment_id: int, path: str | Path) -> Path:
    """Write the stored assessment's scorecard with the ``analyst_rating`` and ``analyst_note`` columns."""
    rows = report_rows(register.report(assessment_id), register.overlay(assessment_id))
    return write_rows_csv(rows, path)
