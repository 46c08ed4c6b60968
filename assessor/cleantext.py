"""Clean text read from vendor files and text shown on a terminal.

Every reader passes the text it takes from a file through :func:`strip_controls`; anything
printed or logged passes through :func:`terminal_safe`, so a vendor's file can neither break
an export (NUL in an XLSX cell) nor drive the analyst's terminal (escape sequences).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 block; carriage returns become newlines first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
# Everything a terminal may act on, plus the invisible format characters that can reorder text (bidi overrides).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """Text with control characters other than tab and newline removed (CR and CRLF become newline)."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def terminal_safe(text: object) -> str:
    """One line safe to print: control and bidi characters shown as escapes (``\\x1b``), never acted on."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
