"""How specific is an answer? Run the signals, cap each one, add them up, explain every point.

    score = clamp(0..100, base for length + capped positive signals + capped penalties)

and a non-answer ("N/A", "See attached", blank) scores 0. Points, caps, bands and the duplicate
thresholds live in ``scoring/defaults.yaml`` under ``specificity``.

The scorer reads the answer object (``assessor.answer_doc.AnswerDoc``) built once per answer; every
hit's span is exact against ``doc.text``, and no signal re-splits or re-parses the answer.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from assessor.answer_doc import AnswerDoc, build_answer
from assessor.relevance import Relevance
from assessor.text import word_count
from scoring.config import load_config
from scoring.signals import POSITIVE_NAMES, SignalHit, build_signals

BANDS = ("strong", "adequate", "weak", "insufficient")

__all__ = [
    "BANDS",
    "CriterionCheck",
    "SignalHit",
    "SpecificityResult",
    "band_for",
    "load_settings",
    "score_specificity",
]


@dataclass(frozen=True)
class CriterionCheck:
    """One of the question's criteria: met when its signal fired; ``evidence`` is the words that fired it."""

    name: str
    met: bool
    evidence: str


@dataclass(frozen=True)
class SpecificityResult:
    score: float
    hits: tuple[SignalHit, ...]
    criteria: tuple[CriterionCheck, ...]
    band: str = "insufficient"
    base: float = 0.0  # points for length; score == clamp(base + sum of hit points), or 0 for a non-answer

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "band": self.band,
            "base": self.base,
            "signals": [
                {
                    "name": hit.name,
                    "matched": hit.matched,
                    "start": hit.start,
                    "end": hit.end,
                    "points": hit.points,
                    "why": hit.why,
                }
                for hit in self.hits
            ],
            "criteria": [{"name": c.name, "met": c.met, "evidence": c.evidence} for c in self.criteria],
        }


def load_settings(overrides: Mapping | None = None) -> dict[str, Any]:
    """The packaged ``specificity`` settings, with ``overrides`` (a partial mapping) laid over them. A complete
    section (the loaded config's, as the pipeline passes it) is used as it is."""
    if overrides is not None and overrides.keys() >= _packaged_settings().keys():
        return dict(overrides)
    settings = copy.deepcopy(_packaged_settings())
    return _merge(settings, overrides) if overrides else settings


def score_specificity(
    answer: AnswerDoc | str,
    question: str = "",
    criteria: Sequence[str] = (),
    settings: Mapping | None = None,
    relevance: Relevance | None = None,
) -> SpecificityResult:
    """Score how specific ``answer`` is as an answer to ``question`` and check the question's ``criteria``.

    ``answer`` is the answer object; a plain string (benchmarks, tests, the CLI) is first built into one
    with ``build_answer``, so both take the same path. Hit spans are offsets into ``doc.text``. With
    ``relevance`` (see ``assessor.relevance``), the facts of an answer that does not speak to the question
    are shown but count nothing and meet no criterion.
    """
    config = load_settings(settings)
    unknown = [name for name in criteria if name not in POSITIVE_NAMES]
    if unknown:
        raise ValueError(f"unknown criterion {', '.join(unknown)} (use {', '.join(POSITIVE_NAMES)})")
    doc = answer if isinstance(answer, AnswerDoc) else build_answer(answer or "")
    signals = build_signals(config["signals"], question or "")
    non_answer = signals.non_answer.find(doc)
    if non_answer:
        checks = tuple(CriterionCheck(name, False, "") for name in criteria)
        return SpecificityResult(0.0, tuple(non_answer), checks, band_for(0.0, config), 0.0)

    positives = [hit for signal in signals.positives for hit in signal.find(doc)]
    penalties = [hit for signal in signals.penalties for hit in signal.find(doc)]
    counted, off_question = _by_relevance(positives, relevance, config["relevance"])
    hits = tuple(sorted((*_capped(counted + penalties, config["signals"]), *off_question), key=_order))
    words = word_count(doc.text)
    base = round(float(config["base"]["points"]) * min(1.0, words / float(config["base"]["full_words"])), 2)
    score = round(min(100.0, max(0.0, base + sum(hit.points for hit in hits))), 1)
    checks = tuple(_check(name, [hit for hit in hits if hit not in off_question]) for name in criteria)
    return SpecificityResult(score, hits, checks, band_for(score, config), base)


def _by_relevance(
    hits: list[SignalHit], relevance: Relevance | None, settings: Mapping
) -> tuple[list[SignalHit], list[SignalHit]]:
    """Split positive hits into those that count and, when the answer does not speak to the question, the
    others (shown with 0 points)."""
    if relevance is None or relevance.counts(settings):
        return hits, []
    why = (
        f"not counted: the answer is not about the question (margin {relevance.answer:.2f} < {settings['min_margin']})"
    )
    return [], [replace(hit, points=0.0, why=f"{hit.why} ({why})") for hit in hits]


def band_for(score: float, settings: Mapping | None = None) -> str:
    bands = load_settings(settings)["bands"]
    for band in BANDS[:-1]:
        if score >= float(bands[band]):
            return band
    return BANDS[-1]


def _capped(found: list[SignalHit], signals: Mapping[str, Mapping]) -> tuple[SignalHit, ...]:
    """Each signal's hits in reading order: repeats add nothing, and the total stops at the signal's cap."""
    result: list[SignalHit] = []
    by_signal: dict[str, list[SignalHit]] = {}
    for hit in sorted(found, key=_order):
        by_signal.setdefault(hit.name, []).append(hit)
    for name, hits in by_signal.items():
        cap = float(signals[name].get("cap", signals[name]["points"]))
        total = 0.0
        seen: set[str] = set()
        for hit in hits:
            key = " ".join(hit.matched.casefold().split())
            if key in seen:
                result.append(replace(hit, points=0.0, why=f"{hit.why} (already counted)"))
                continue
            seen.add(key)
            points = min(hit.points, max(0.0, cap - total)) if cap >= 0 else max(hit.points, min(0.0, cap - total))
            total += points
            why = hit.why if points == hit.points else f"{hit.why} ({name} capped at {cap:g} points)"
            result.append(replace(hit, points=round(points, 2), why=why))
    return tuple(sorted(result, key=_order))


def _order(hit: SignalHit) -> tuple:
    return (hit.start, hit.name, hit.end, hit.matched)


def _check(name: str, hits: Sequence[SignalHit]) -> CriterionCheck:
    matched = list(dict.fromkeys(hit.matched for hit in hits if hit.name == name))
    return CriterionCheck(name, bool(matched), "; ".join(matched))


def _merge(base: dict[str, Any], overrides: Mapping) -> dict[str, Any]:
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


@lru_cache(maxsize=1)
def _packaged_settings() -> dict[str, Any]:
    """The ``specificity`` section of scoring/defaults.yaml, read once through the scoring config loader."""
    return load_config()["specificity"]
