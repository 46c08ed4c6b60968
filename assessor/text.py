"""Small text helpers shared by answers and evidence: sentence spans and normalisation."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

# A sentence ends at . ! ? or ; followed by space and a capital/digit/quote, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[A-Z0-9\u00C0-\u024F])|\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+[.)])\s)")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|incl|approx|no|nr|sec|fig|dr|mr|ms|inc|ltd|co|v)\.|\b[A-Z]\.|(?:^|\s)\d{1,2}\.)$", re.I
)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_vendor_text(data: bytes, cp1252_errors: str = "strict") -> tuple[str, str]:
    """Text a vendor saved: UTF-16 with a BOM, else UTF-8 (with or without BOM), else Windows-1252
    (what "ANSI" editors and Excel still write). Returns (text, encoding); raises UnicodeDecodeError."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors=cp1252_errors), "cp1252"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if _ABBREVIATIONS.search(text[start : boundary.start()]):
            continue
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, span))]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_CONTENT_WORD = re.compile(r"[a-z][a-z-]{3,}")
# Quantifiers and negation are a sentence's stance (assessor.stance), not its topic.
_STOP_LIST = """this that with from have been were will their there which when where what also into each every
such they them than then only more most other some over under must shall should would could about after before
these those does done using used uses within without upon very ours your cannot always never none"""
_STOP_WORDS = frozenset(_STOP_LIST.split())
_SUFFIX = re.compile(r"(?:ies|ing|ed|es|s)$")
# Words vendors and their documents use for one act or party, compared as one concept: a policy that makes
# "disclosure" optional speaks of what an answer says users are "told".
_SAME_CONCEPT = """tell told tells inform informed notify notified disclose disclosure
staff employee personnel engineer worker
scrape scraped crawl crawler crawled harvest harvested
delete deletion erase erasure purge purged destroy destruction
customer client tenant
conversation chat transcript dialogue
train retrain fine-tune fine-tuned
independent external third-party
encrypt encryption encrypted"""


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    base = _SUFFIX.sub(lambda m: "y" if m.group() == "ies" else "", word)
    base = base if len(base) >= 4 else word
    return (base[:-1] if len(base) > 4 and base.endswith("e") else base)[:6]


_CONCEPT = {_stem(word): _stem(group.split()[0]) for group in _SAME_CONCEPT.splitlines() for word in group.split()}


def content_stems(text: str) -> set[str]:
    """Content words cut to a common stem ('reviews' meets 'reviewed', 'policies' meets 'policy'), with words
    for the same concept folded together ('notified' meets 'disclosure')."""
    stems = (_stem(word) for word in _CONTENT_WORD.findall(text.lower()) if word not in _STOP_WORDS)
    return {_CONCEPT.get(stem, stem) for stem in stems}


# Where one sentence's clauses meet: "; ", ", and ...", ", but ...", " and we ...".
CLAUSE_BREAK = re.compile(r";\s*|,\s+(?=(?:and|but|while|whereas|although)\b)|\s+(?=and\s+(?:we|our|it)\b)", re.I)


def clause_spans(sentence: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans (plus ``offset``) of the clauses of one sentence, trimmed of the separators between them."""
    cuts = [0, *(m.end() for m in CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        while b > a and (sentence[b - 1].isspace() or sentence[b - 1] in ",;"):
            b -= 1
        if b > a:
            spans.append((offset + a, offset + b))
    return spans


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def topic_units(text: str, min_words: int = 5, max_sentences: int = 60) -> list[str]:
    """The whole text, then (up to ``max_sentences`` of) its sentences long enough to carry a topic of their own."""
    text = text.strip()
    if not text:
        return []
    parts = [s for s in sentences(text) if word_count(s) >= min_words][:max_sentences]
    return [text, *parts] if len(parts) > 1 else [text]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that contains the span start..end."""
    for sentence_start, sentence_end in sentence_spans(text):
        if sentence_start <= start < sentence_end:
            return text[sentence_start : max(end, sentence_end)]
    return text[start:end]


def window_around(text: str, start: int, end: int, words: int = 8, sentence: tuple[int, int] | None = None) -> str:
    """Up to ``words`` words either side of start..end, within the sentence that holds it
    (pass its span as ``sentence`` when already known).

    Comparing these short windows, not whole sentences, tells which number a
    sentence with several numbers is about.
    """
    sentence_start, sentence_end = sentence or next(
        ((s, e) for s, e in sentence_spans(text) if s <= start < e), (start, end)
    )
    before = text[sentence_start:start].split()[-words:]
    after = text[end : max(end, sentence_end)].split()[:words]
    return " ".join([*before, text[start:end], *after])


class _Span(Protocol):
    start: int
    end: int


SpanT = TypeVar("SpanT", bound=_Span)


def without_overlaps(items: Iterable[SpanT]) -> list[SpanT]:
    """Keep the earliest, then longest, of any two overlapping spans (a date inside an id, say)."""
    kept: list[SpanT] = []
    for item in sorted(items, key=lambda i: (i.start, -(i.end - i.start))):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept
