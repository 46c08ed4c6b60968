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


_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20))
BINARY_SHARE = 0.05  # text with more control bytes than this share of its start is a binary file


def looks_binary(head: bytes) -> bool:
    """Whether the start of a file is binary data rather than text that carries a few stray control characters.

    UTF-16 text (with its byte-order mark) is text; a NUL or an escape sequence here and there is text too
    (the readers strip them); a file whose start is more than ``BINARY_SHARE`` control bytes is binary.
    """
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return sum(byte in _CONTROL_BYTES for byte in head) > BINARY_SHARE * len(head)


def strip_controls(text: str) -> str:
    """Text with control characters other than tab and newline removed (CR and CRLF become newline)."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


def terminal_safe(text: object) -> str:
    """One line safe to print: control and bidi characters shown as escapes (``\\x1b``), never acted on."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
