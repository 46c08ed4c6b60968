"""Clean extracted page text once, so offsets, search and display all see the same string."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# Invisible characters that split words for search without showing anything to the reader.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_AROUND_NEWLINE = re.compile(r" ?\n ?")
# Only lower-case on both sides: "gover-\nnance" is a line-end hyphenation, "ISO-\n42001" is not.
_HYPHENATION = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(raw: str) -> str:
    """Unify newlines and spaces, undo simple hyphenation and trim; idempotent."""
    text = _LINE_BREAKS.sub("\n", raw)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _HYPHENATION.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
