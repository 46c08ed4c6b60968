"""What every specificity signal shares: the hit it reports, the answer's facts and a few text helpers.

Signals read the answer object (``assessor.answer_doc.AnswerDoc``) built once per answer: its text, and
the typed facts the claim extractor found when the doc was built. None of them extracts claims again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from assessor.answer_doc import AnswerDoc
from assessor.claims import FACT_KINDS, Claim


@dataclass(frozen=True)
class SignalHit:
    """One place where a signal fired: ``doc.text[start:end] == matched``; ``points`` is its contribution."""

    name: str
    matched: str
    start: int
    end: int
    points: float
    why: str


class Signal(Protocol):
    """A small named detector; ``kind`` is "positive" or "penalty"."""

    name: str
    kind: str

    def find(self, doc: AnswerDoc) -> list[SignalHit]: ...


class PatternSignal:
    """Shared plumbing: a name, a kind, the points each hit is worth, and a hit builder."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""  # how the app names it; its name with spaces when empty
    kind: ClassVar[str] = "positive"

    def __init__(self, points: float) -> None:
        self.points = float(points)

    def find(self, doc: AnswerDoc) -> list[SignalHit]:  # pragma: no cover - every signal overrides it
        raise NotImplementedError

    def hit(self, text: str, start: int, end: int, why: str) -> SignalHit:
        start, end = trim_span(text, start, end)
        return SignalHit(self.name, text[start:end], start, end, self.points, why)

    def hits_for(self, text: str, pattern: re.Pattern[str], why: str, group: int | str = 0) -> list[SignalHit]:
        return [self.hit(text, *m.span(group), why) for m in pattern.finditer(text) if m.group(group)]


def facts(doc: AnswerDoc) -> list[Claim]:
    """The answer's typed facts that signals read (kinds in ``FACT_KINDS``), in reading order, from the doc."""
    return [claim.fact for claim in doc.claims if claim.fact is not None and claim.kind in FACT_KINDS]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with white space or trailing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


# Function words, and the words every vendor answer uses ("we", "our"), carry no topic.
_STOPWORD_TEXT = """
a about above after again all also am an and any are as at be been before being below between both but by can
could did do does doing done during each either etc every for from further had has have having he her here how i
if in into is it its itself just may me might more most must my no nor not of off on once only or other our ours
ourselves out over own per same shall she should so some such than that the their them then there these they this
those through to too under until up upon us very via was we were what when where whether which while who whom why
will with within would yes you your yours
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d+(?:[.,/]\d+)*")
_SUFFIXES = (
    ("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ities", ""), ("ity", ""), ("ings", ""),
    ("ing", ""), ("ies", "y"), ("ied", "y"), ("ed", ""), ("es", ""), ("s", ""),
)  # fmt: skip


def stem(word: str) -> str:
    """A deliberately light stemmer: 'identifying', 'identified' and 'identify' compare equal."""
    word = word.lower().removesuffix("'s").strip("'-")
    changed = True
    while changed:
        changed = False
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)] + replacement
                changed = True
                break
    if len(word) > 4 and word.endswith("i"):
        word = word[:-1] + "y"
    return word.rstrip("e") if len(word) > 4 else word


def content_words(text: str) -> list[str]:
    """Stemmed words that carry meaning (no stop words, no one-letter tokens), in reading order."""
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1]
