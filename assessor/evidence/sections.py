"""Where sections start in text: Markdown ``#`` headings and short numbered heading lines ("4 Incident response")."""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_HEADING = 80
# "4 Incident response", "4.2 Escalation", "1. Scope", "Section 3: Retention"; not "1. We encrypt data." (prose).
_NUMBERED = re.compile(r"(?:(?:[Ss]ection|[Aa]rticle|[Cc]lause)\s+)?\d{1,2}(?:\.\d{1,2}){0,3}\.?[:)]?\s+[A-Z][^\n]*")
_MARKDOWN = re.compile(r"#{1,6}\s+(?P<title>\S[^\n]*?)\s*#*\s*")
_LINE = re.compile(r"[^\n]+")


def numbered_heading(line: str) -> str:
    """The heading a short numbered line is ("" if it reads as prose or a list item)."""
    line = line.strip()
    if len(line) > MAX_HEADING or line.endswith((".", ",", ";", ":", "!", "?")) or not _NUMBERED.fullmatch(line):
        return ""
    return line


def text_sections(pages: Sequence[str], markdown: bool) -> tuple[tuple[int, int, str], ...]:
    """(page, offset, label) for each heading line: ``#`` headings in Markdown, numbered headings in both."""
    found: list[tuple[int, int, str]] = []
    for number, text in enumerate(pages, start=1):
        for match in _LINE.finditer(text):
            line = match.group(0)
            heading = _MARKDOWN.fullmatch(line) if markdown else None
            label = heading.group("title").strip() if heading else numbered_heading(line)
            if label:
                found.append((number, match.start(), label[:MAX_HEADING]))
    return tuple(found)
