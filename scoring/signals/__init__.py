"""Specificity signals: small named detectors, each reporting the words it matched and why they count.

``build_signals`` turns the ``specificity.signals`` settings into ready-to-run detectors; the scorer in
``scoring.specificity`` only runs them, caps their points and adds them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from assessor.answer_doc import AnswerDoc
from question_bank import load_catalog
from scoring.signals.base import PatternSignal, Signal, SignalHit, content_words
from scoring.signals.penalties import (
    Boilerplate,
    KeywordStuffing,
    NonAnswer,
    Parrots,
    ParrotSource,
    is_non_answer,
)
from scoring.signals.positive import POSITIVE_SIGNALS
from scoring.signals.vagueness import VAGUENESS_SIGNALS

__all__ = [
    "POSITIVE_NAMES",
    "PENALTY_NAMES",
    "SIGNAL_LABELS",
    "Signal",
    "SignalHit",
    "SignalSet",
    "VAGUENESS_NAMES",
    "build_signals",
    "is_non_answer",
]

POSITIVE_NAMES: tuple[str, ...] = tuple(signal.name for signal in POSITIVE_SIGNALS)
VAGUENESS_NAMES: tuple[str, ...] = tuple(signal.name for signal in VAGUENESS_SIGNALS)  # hedge, weasel, marketing...
PENALTY_NAMES: tuple[str, ...] = ("non_answer", *VAGUENESS_NAMES, "parrots", "boilerplate", "keyword_stuffing")
_ALL_SIGNALS = (*POSITIVE_SIGNALS, *VAGUENESS_SIGNALS, NonAnswer, Parrots, Boilerplate, KeywordStuffing)
# How every layer names a signal (the app's highlights and tables): its label, else its name with spaces.
SIGNAL_LABELS: dict[str, str] = {cls.name: cls.label or cls.name.replace("_", " ") for cls in _ALL_SIGNALS}


@dataclass(frozen=True)
class SignalSet:
    non_answer: NonAnswer
    positives: tuple[PatternSignal, ...]
    penalties: tuple[PatternSignal, ...]  # the vagueness signals, parrots, keyword_stuffing

    def facts(self, doc: AnswerDoc) -> list[SignalHit]:
        """Every positive hit: the facts parroting and keyword stuffing are weighed against."""
        return [hit for signal in self.positives for hit in signal.find(doc)]


def build_signals(signals: Mapping[str, Mapping], question: str = "") -> SignalSet:
    """Detectors configured from ``specificity.signals``; ``question`` is one of the texts parroting checks."""
    positives = tuple(cls(points=signals[cls.name]["points"]) for cls in POSITIVE_SIGNALS)
    probe = SignalSet(NonAnswer(0.0), positives, ())
    parrots = signals["parrots"]
    stuffing = signals["keyword_stuffing"]
    asked = (ParrotSource("the question", question, is_question=True),) if question.strip() else ()
    sources = asked + _catalog_sources()
    penalties = (
        *(cls(points=signals[cls.name]["points"]) for cls in VAGUENESS_SIGNALS),
        Parrots(
            points=parrots["points"],
            sources=sources,
            facts=probe.facts,
            min_share=parrots["min_share"],
            min_words=parrots["min_words"],
            max_facts=parrots["max_facts"],
        ),
        Boilerplate(points=signals["boilerplate"]["points"]),
        KeywordStuffing(
            points=stuffing["points"],
            vocabulary=_catalog_vocabulary(),
            facts=probe.facts,
            min_keywords=stuffing["min_keywords"],
            min_density=stuffing["min_density"],
            list_density=stuffing["list_density"],
            max_facts=stuffing["max_facts"],
        ),
    )
    return SignalSet(NonAnswer(points=signals["non_answer"]["points"]), positives, penalties)


@lru_cache(maxsize=1)
def _catalog_sources() -> tuple[ParrotSource, ...]:
    return tuple(
        ParrotSource(f"ISO/IEC 42001 {node.id} '{node.title}'", f"{node.title}. {node.description}")
        for node in load_catalog().nodes
    )


@lru_cache(maxsize=1)
def _catalog_vocabulary() -> frozenset[str]:
    """Content words of the catalog's clause titles: the words a stuffed answer strings together."""
    return frozenset(word for node in load_catalog().nodes for word in content_words(node.title))
