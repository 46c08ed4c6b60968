"""Types and ranges of the scoring settings, checked once a user's file or the app's settings are laid over the
defaults: every problem is named by its dotted key, so a typo'd weight or a ``.nan`` never reaches a score.

Each leaf gets the first rule in ``RULES`` whose pattern matches its key (``*`` stands for one part of the key);
a leaf no rule names (a section added later) must still be a finite number when its default is one.
``CROSS_CHECKS`` then relate settings to each other: bands that fall, weights that add up, ranges that open.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from scoring.vocabulary import FLAGS

MAGNITUDE = 1e12  # no setting means anything beyond this; 1e308 would overflow as soon as it is multiplied
WEIGHT_SUM_TOLERANCE = 0.005  # as the app's settings panel allows


@dataclass(frozen=True)
class Rule:
    """What a setting may hold: a number from ``low`` to ``high`` (whole when ``whole``), null when ``optional``;
    or, by ``kind``, a text or a list of flag codes."""

    low: float = -MAGNITUDE
    high: float = MAGNITUDE
    whole: bool = False
    optional: bool = False
    kind: str = "number"  # "number", "text" or "flag codes"


UNIT = Rule(0.0, 1.0)  # similarities, shares, overlaps, margins of similarity, fractions
SCORE = Rule(0.0, 100.0)  # scores, bands, caps and 0-100 match ratios
BONUS = Rule(0.0, 100.0)  # points an answer earns
PENALTY = Rule(-100.0, 0.0)  # points an answer loses
POINTS = Rule(-100.0, 100.0)  # a signal: positive or, for a penalty, negative
WEIGHT = Rule(0.0)
COUNT = Rule(0.0, whole=True)
POSITIVE_COUNT = Rule(1.0, whole=True)

RULES: tuple[tuple[str, Rule], ...] = (
    ("specificity.base.points", BONUS),
    ("specificity.base.full_words", POSITIVE_COUNT),
    ("specificity.relevance.min_margin", UNIT),
    ("specificity.signals.*.points", POINTS),
    ("specificity.signals.*.cap", POINTS),
    ("specificity.signals.*.min_share", UNIT),
    ("specificity.signals.*.*_density", UNIT),
    ("specificity.signals.*.min_*", COUNT),
    ("specificity.signals.*.max_facts", COUNT),
    ("specificity.bands.*", SCORE),
    ("specificity.duplicates.min_chars", COUNT),
    ("specificity.duplicates.min_ratio", SCORE),
    ("specificity.duplicates.min_similarity", UNIT),
    ("evidence.*_similarity", UNIT),
    ("evidence.doc_type_weights.*", UNIT),
    ("evidence.authority_weights.*", UNIT),
    ("evidence.claim_kind_weights.*", WEIGHT),
    ("evidence.points.reference_missing*", PENALTY),
    ("evidence.points.claim_not_found*", PENALTY),
    ("evidence.points.claim_contradicted", PENALTY),
    ("evidence.points.stale_document*", PENALTY),
    ("evidence.points.*", BONUS),
    ("claims.nearest_passages", POSITIVE_COUNT),
    ("claims.statement_candidates", POSITIVE_COUNT),
    ("claims.stance_min_*", COUNT),
    ("claims.*", UNIT),
    ("verification.min_supported_share", UNIT),
    ("verification.unverified_margin", SCORE),
    ("staleness.*", COUNT),
    ("overall.weights.*", UNIT),
    ("overall.*_cap", SCORE),
    ("rating.*", SCORE),
    ("flags.red", Rule(kind="flag codes")),
    ("flags.*", SCORE),
    ("alignment.meaning_*", UNIT),
    ("alignment.*", SCORE),
    ("matching.other_top", POSITIVE_COUNT),
    ("matching.*", UNIT),
    ("bank_suggestions.max_ids", COUNT),
    ("bank_suggestions.*", UNIT),
    ("fit.min_words", COUNT),
    ("fit.*", UNIT),
    ("retrieval.title_match_score", SCORE),
    ("by_reference.min_similarity", UNIT),
    ("by_reference.*", COUNT),
    ("language.latin_share", UNIT),
    ("language.lead_over_english", WEIGHT),
    ("language.*", COUNT),
    ("followups.max_per_question", COUNT),
    ("decisions.*_below", SCORE),
    ("decisions.*_weight", WEIGHT),
    ("decisions.max_conditions", COUNT),
    ("review_schedule.months.*", Rule(1.0, whole=True, optional=True)),
    ("review_schedule.tier_factors.*", WEIGHT),
    ("review_schedule.default_tier", Rule(kind="text")),
    ("yaml_limits.*", POSITIVE_COUNT),
    ("evidence_limits.garbled_word_share", UNIT),
    ("evidence_limits.garbled_min_words", COUNT),
    ("evidence_limits.*_s", Rule(0.001)),
    ("evidence_limits.*", POSITIVE_COUNT),
    ("answer_limits.reader_timeout_s", Rule(0.001)),
    ("answer_limits.*", POSITIVE_COUNT),
    ("cache.*", COUNT),  # 0: no limit
    ("backend_choice.*_top", POSITIVE_COUNT),
    ("backend_choice.min_*_agreement", UNIT),
    ("backend_choice.min_speedup", Rule(1.0)),
)


def config_problems(values: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> list[str]:
    """One message per problem, each naming its dotted key; empty when the settings can be used.

    ``defaults`` (the packaged values) tell what a leaf no rule names must hold.
    """
    problems: list[str] = []
    bad: set[str] = set()
    for key, value in _leaves(values):
        rule = _rule_for(key)
        if rule is None:
            default = _lookup(defaults, key) if defaults is not None else None
            rule = Rule() if _is_number(default) else None
        problem = _leaf_problem(key, value, rule) if rule else ""
        if problem:
            problems.append(problem)
            bad.add(key)
    for check in CROSS_CHECKS:
        problems.extend(check(values, bad))
    return problems


def _leaves(values: Mapping[str, Any], trail: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in values.items():
        where = f"{trail}{key}"
        if isinstance(value, Mapping):
            yield from _leaves(value, where + ".")
        else:
            yield where, value


@lru_cache(maxsize=1024)
def _rule_for(key: str) -> Rule | None:
    parts = key.split(".")
    for pattern, rule in RULES:
        pieces = pattern.split(".")
        if len(pieces) == len(parts) and all(fnmatchcase(part, piece) for part, piece in zip(parts, pieces)):
            return rule
    return None


def _lookup(values: Mapping[str, Any], key: str) -> Any:
    for part in key.split("."):
        if not isinstance(values, Mapping) or part not in values:
            return None
        values = values[part]
    return values


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: Any) -> str:
    return reprlib.repr(value)


def _leaf_problem(key: str, value: Any, rule: Rule) -> str:
    if rule.kind == "text":
        return "" if isinstance(value, str) and value.strip() else f"'{key}' must be a name, not {_show(value)}"
    if rule.kind == "flag codes":
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            return f"'{key}' must be a list of flag codes, not {_show(value)}"
        unknown = [code for code in value if code not in FLAGS]
        return f"'{key}' holds unknown flag codes: {', '.join(unknown)}" if unknown else ""
    if value is None and rule.optional:
        return ""
    if not _is_number(value):
        return f"'{key}' must be a number, not {_show(value)}"
    if not math.isfinite(value):
        return f"'{key}' must be a finite number, not {_show(value)}"
    if abs(value) > MAGNITUDE:
        return f"'{key}' is out of range ({_show(value)}): no setting goes beyond {MAGNITUDE:g}"
    if rule.whole and value != int(value):
        return f"'{key}' must be a whole number, not {_show(value)}"
    if not rule.low <= value <= rule.high:
        return f"'{key}' must be {_range(rule)}, not {_show(value)}"
    return ""


def _range(rule: Rule) -> str:
    if rule.high >= MAGNITUDE:
        return f"at least {rule.low:g}"
    return f"from {rule.low:g} to {rule.high:g}"


# -- settings that must agree with each other --------------------------------------------------------------------

Check = Callable[[Mapping[str, Any], set[str]], list[str]]


def _section(values: Mapping[str, Any], key: str, bad: set[str]) -> dict[str, float] | None:
    """The numbers of the mapping at ``key``, or None when it is missing or one of them is already reported."""
    section = _lookup(values, key)
    if not isinstance(section, Mapping) or any(f"{key}.{name}" in bad for name in section):
        return None
    return dict(section)


def falling(key: str, order: tuple[str, ...]) -> Check:
    """The bands at ``key`` fall in ``order`` (strong above adequate above weak)."""

    def check(values: Mapping[str, Any], bad: set[str]) -> list[str]:
        bands = _section(values, key, bad)
        if bands is None or all(bands[a] > bands[b] for a, b in zip(order, order[1:])):
            return []
        shown = ", ".join(f"{name} {bands[name]:g}" for name in order)
        return [f"'{key}' must fall: {' > '.join(order)}, not {shown}"]

    return check


def adding_up(key: str, total: float) -> Check:
    """The weights at ``key`` add up to ``total``."""

    def check(values: Mapping[str, Any], bad: set[str]) -> list[str]:
        weights = _section(values, key, bad)
        if weights is None or abs(sum(weights.values()) - total) <= WEIGHT_SUM_TOLERANCE:
            return []
        return [f"'{key}' must add up to {total:g}, not {sum(weights.values()):g}"]

    return check


def below(lower: str, upper: str, strictly: bool) -> Check:
    """The setting ``lower`` is under (or, unless ``strictly``, at most) ``upper``."""

    def check(values: Mapping[str, Any], bad: set[str]) -> list[str]:
        if lower in bad or upper in bad:
            return []
        low, high = _lookup(values, lower), _lookup(values, upper)
        if not (_is_number(low) and _is_number(high)) or (low < high if strictly else low <= high):
            return []
        word = "under" if strictly else "at most"
        return [f"'{lower}' ({low:g}) must be {word} '{upper}' ({high:g})"]

    return check


def some_positive(key: str) -> Check:
    """At least one of the weights at ``key`` is above zero (they divide a share)."""

    def check(values: Mapping[str, Any], bad: set[str]) -> list[str]:
        weights = _section(values, key, bad)
        return [f"'{key}' must not all be 0"] if weights and not any(weights.values()) else []

    return check


def _signal_caps(values: Mapping[str, Any], bad: set[str]) -> list[str]:
    """A signal's cap has the sign of its points: a bonus is capped above zero, a penalty below."""
    problems = []
    for name, signal in (_lookup(values, "specificity.signals") or {}).items():
        key = f"specificity.signals.{name}"
        if not isinstance(signal, Mapping) or "cap" not in signal or {f"{key}.cap", f"{key}.points"} & bad:
            continue
        points, cap = signal.get("points", 0), signal["cap"]
        if points * cap < 0:
            problems.append(f"'{key}.cap' ({cap:g}) must have the sign of '{key}.points' ({points:g})")
    return problems


def _default_tier(values: Mapping[str, Any], bad: set[str]) -> list[str]:
    tier, tiers = _lookup(values, "review_schedule.default_tier"), _lookup(values, "review_schedule.tier_factors")
    if "review_schedule.default_tier" in bad or not isinstance(tiers, Mapping) or tier in tiers:
        return []
    return [f"'review_schedule.default_tier' ({tier!r}) must be one of the tier_factors: {', '.join(tiers)}"]


CROSS_CHECKS: tuple[Check, ...] = (
    falling("specificity.bands", ("strong", "adequate", "weak")),
    falling("rating", ("strong", "adequate", "weak")),
    adding_up("overall.weights", 1.0),
    below("evidence.min_passage_similarity", "evidence.full_passage_similarity", strictly=True),
    below("decisions.reject_below", "decisions.escalate_below", strictly=False),
    some_positive("evidence.claim_kind_weights"),
    _signal_caps,
    _default_tier,
)
