"""Make values safe to write into any CSV or XLSX cell: no formula injection, nothing the file format refuses.

Every cell the assessor writes, whatever its source (answers, bank, vendor names, document titles, follow-ups),
goes through :func:`safe_cell`.
"""

from __future__ import annotations

import datetime
import re

from assessor.cleantext import strip_controls

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Code points XML 1.0 cannot hold at all (an XLSX is XML): lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_PLAIN = (str, int, float, bool, datetime.date, type(None))


def neutralize(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Numbers pass through unchanged so numeric columns stay numeric.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_cell(value: object) -> object:
    """``value`` ready for a cell: text stripped of control characters and of what XML cannot hold, then
    neutralised; numbers, dates, booleans and None unchanged; anything else written as its text."""
    if not isinstance(value, _PLAIN):
        value = str(value)
    if isinstance(value, str):
        value = _NOT_XML.sub("", strip_controls(value))
    return neutralize(value)


def safe_row(values) -> list[object]:
    """:func:`safe_cell` applied to each value of a row."""
    return [safe_cell(value) for value in values]
