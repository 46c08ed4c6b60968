"""Suggested decisions and review dates, by the rules in scoring/defaults.yaml (``decisions``, ``review_schedule``)."""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessor.register.errors import RegisterError
from scoring.config import ScoringConfig
from scoring.vocabulary import flag_explanation, flag_label

DECISIONS = ("approve", "approve_with_conditions", "escalate", "reject")


@dataclass(frozen=True)
class QuestionState:
    """What the decision rules read of one question: its weight, the flags still open, its claim checks."""

    question_id: str
    weight: float
    open_flags: dict[str, str]  # code -> reason (an analyst's added flag has no machine reason)
    claim_checks: Sequence[dict]
    claims_dismissed: bool = False  # the analyst dismissed unsupported_claim


@dataclass(frozen=True)
class Suggestion:
    decision: str
    conditions: list[str]
    rule: str  # which rule gave the decision, in words


def suggest(overall: float, questions: Sequence[QuestionState], config: ScoringConfig) -> Suggestion:
    """The first rule that holds: reject, escalate, approve with conditions, approve."""
    rules = config["decisions"]
    red = set(config["flags"]["red"])
    open_red = [(q, code) for q in questions for code in q.open_flags if code in red]
    unverified = [(q, claim) for q in questions if q.weight >= rules["key_claim_weight"] for claim in _unverified(q)]
    conditions = [_flag_condition(q, code) for q, code in open_red] + [
        f"{q.question_id}: provide a document that shows '{claim}'" for q, claim in unverified
    ]
    conditions = conditions[: rules["max_conditions"]]
    if overall < rules["reject_below"]:
        return Suggestion(
            "reject", conditions, f"overall score {overall:.1f} is under reject_below ({rules['reject_below']})"
        )
    if overall < rules["escalate_below"]:
        rule = f"overall score {overall:.1f} is under escalate_below ({rules['escalate_below']})"
        return Suggestion("escalate", conditions, rule)
    heavy = [(q, code) for q, code in open_red if q.weight >= rules["escalate_flag_weight"]]
    if heavy:
        q, code = heavy[0]
        rule = (
            f"red flag '{flag_label(code)}' is open on {q.question_id}, of weight {q.weight:g} "
            f"(escalate_flag_weight: {rules['escalate_flag_weight']})"
        )
        return Suggestion("escalate", conditions, rule)
    if open_red or unverified:
        rule = f"{len(open_red)} red flag(s) open and {len(unverified)} key claim(s) unverified"
        return Suggestion("approve_with_conditions", conditions, rule)
    return Suggestion("approve", [], "no red flag open and every key claim verified")


def _unverified(question: QuestionState) -> list[str]:
    """The question's material claims no document shows, each once."""
    if question.claims_dismissed:
        return []
    claims = [c["claim"] for c in question.claim_checks if c.get("status") == "not_found" and not c.get("plan")]
    return list(dict.fromkeys(claims))


def _flag_condition(question: QuestionState, code: str) -> str:
    why = question.open_flags[code] or flag_explanation(code)
    return f"{question.question_id}: resolve '{flag_label(code)}': {why}"


def check_decision(decision: str) -> str:
    if decision not in DECISIONS:
        raise RegisterError(f"unknown decision '{decision}'; use one of {', '.join(DECISIONS)}")
    return decision


def check_tier(tier: str, config: ScoringConfig) -> str:
    tiers = config["review_schedule"]["tier_factors"]
    if tier not in tiers:
        raise RegisterError(f"unknown risk tier '{tier}'; use one of {', '.join(tiers)}")
    return tier


def next_review(decision: str, tier: str, decided_on: datetime.date, config: ScoringConfig) -> datetime.date | None:
    """The decision date plus the decision's months times the tier's factor (whole months, at least one);
    None when no review is scheduled."""
    schedule = config["review_schedule"]
    months = schedule["months"][check_decision(decision)]
    if months is None:
        return None
    scaled = months * schedule["tier_factors"][check_tier(tier, config)]
    return add_months(decided_on, max(1, math.floor(scaled + 0.5)))  # halves round up: 4.5 months is 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 month: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
