"""Split page texts into citable passages of a few sentences with exact character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assessor.evidence.model import Passage
from assessor.text import sentence_spans

MIN_CHARS = 300
MAX_CHARS = 700
MAX_SENTENCES = 4
# A line this short without closing punctuation reads as a heading, label or list item, not prose.
SHORT_LINE = 60

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_LIST_ITEM = re.compile(r"(?:[-\u2022*\u25aa\u25e6\u2023\u00b7]|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z])[.)])\s")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    sentence: bool
    opens_paragraph: bool


def split_passages(
    doc: str, pages: Sequence[str], sections: Sequence[tuple[int, int, str]] = ()
) -> tuple[Passage, ...]:
    """Passages for every page of ``doc``; none crosses a page or a section start, and offsets index the page text.

    ``sections`` are (page, offset, label) where sections start; a passage carries the label of the section it is in
    (a section runs on across pages until the next one starts).
    """
    passages: list[Passage] = []
    starts: dict[int, list[tuple[int, str]]] = {}
    for page, offset, label in sections:
        starts.setdefault(page, []).append((offset, label))
    label = ""
    for number, text in enumerate(pages, start=1):
        cuts = sorted(starts.get(number, []))
        bounds = [(0, label)] + [(min(max(offset, 0), len(text)), name) for offset, name in cuts]
        for index, (piece_start, piece_label) in enumerate(bounds):
            piece_end = bounds[index + 1][0] if index + 1 < len(bounds) else len(text)
            label = piece_label
            if piece_end <= piece_start:
                continue
            passages.extend(
                Passage(
                    doc=doc,
                    page=number,
                    start=piece_start + start,
                    end=piece_start + end,
                    text=text[piece_start + start : piece_start + end],
                    section=piece_label,
                )
                for start, end in _page_spans(text[piece_start:piece_end])
            )
    return tuple(passages)


def prose_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` that are prose: headings, labels and short list lines state nothing."""
    return [(unit.start, unit.end) for unit in _units(text) if unit.sentence]


def _page_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    current: list[_Unit] = []

    def flush() -> None:
        if current:
            spans.append((current[0].start, current[-1].end))
            current.clear()

    for unit in _units(text):
        if unit.end - unit.start > MAX_CHARS:
            flush()
            spans.extend(_split_long(text, unit.start, unit.end))
        elif current and _starts_new_passage(current, unit):
            flush()
            current.append(unit)
        else:
            current.append(unit)
    flush()
    # A short leftover at the page end reads better as the tail of the passage before it.
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < MIN_CHARS // 3 and spans[-1][1] - spans[-2][0] <= MAX_CHARS:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return spans


def _starts_new_passage(current: list[_Unit], unit: _Unit) -> bool:
    length = current[-1].end - current[0].start
    sentences = sum(1 for u in current if u.sentence)
    if unit.end - current[0].start > MAX_CHARS:
        return True
    if sentences == 0:
        return False  # headings and labels stay with the text they introduce
    return (
        (length >= MIN_CHARS and sentences >= 2)
        or (sentences >= MAX_SENTENCES and length >= MIN_CHARS // 2)
        or (not unit.sentence and length >= MIN_CHARS // 3)
        or (unit.opens_paragraph and length >= MIN_CHARS * 2 // 3)
    )


def _units(text: str) -> Iterator[_Unit]:
    """Sentences, headings and list items, in order, each trimmed of surrounding whitespace."""
    for block_start, block_end in _paragraphs(text):
        first = True
        for seg_start, seg_end in _segments(text, block_start, block_end):
            for rel_start, rel_end in sentence_spans(text[seg_start:seg_end]):
                start, end = seg_start + rel_start, seg_start + rel_end
                piece = text[start:end]
                sentence = len(piece) > SHORT_LINE or piece.rstrip("\"')]\u201d\u2019").endswith((".", "!", "?"))
                yield _Unit(start, end, sentence, first)
                first = False


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _segments(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Runs of lines inside a paragraph, broken after headings and before list items."""
    seg_start = start
    line_start = start
    while line_start < end:
        newline = text.find("\n", line_start, end)
        line_end = end if newline == -1 else newline
        next_start = line_end + 1
        if next_start < end:
            line = text[line_start:line_end]
            heading = len(line) <= SHORT_LINE and not line.endswith((".", ",", ";", "!", "?"))
            if heading or _LIST_ITEM.match(text, next_start):
                yield seg_start, line_end
                seg_start = next_start
        line_start = next_start
    yield seg_start, end


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence at the last whitespace that keeps each piece within MAX_CHARS."""
    while end - start > MAX_CHARS:
        limit = start + MAX_CHARS
        floor = start + MIN_CHARS // 2
        cut = max(text.rfind(" ", floor, limit + 1), text.rfind("\n", floor, limit + 1))
        # No whitespace at all (an embedded key or URL): cut mid-word rather than exceed the size.
        piece_end = cut if cut != -1 else limit
        while text[piece_end - 1].isspace():
            piece_end -= 1
        yield start, piece_end
        start = _skip_space(text, piece_end, end)
    if start < end:
        yield start, end


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position
