"""The app's register screens without Streamlit: tables and labels built from the register.

``app_views.register`` renders these; everything here takes plain register values (``HistoryEntry``, report
dicts, overlays, audit events, a ``ReportDiff``) and returns data frames or strings, so it is tested directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from assessor.reassessment import ReportDiff, render_word_diff
from assessor.register.store import HistoryEntry
from scoring.vocabulary import FLAG_CODES, flag_label

KEEP = ""  # the "no change" choice of the review form's selects
REGISTER_COLUMNS = ("Vendor", "Tier", "Last assessed", "As of", "Overall", "Rating", "Decision", "Next review", "Due")
STORED_COLUMNS = ("ID", "Category", "Question", "Tool rating", "Analyst rating", "Flags", "Note", "Score")


def decision_label(decision: str | None) -> str:
    return decision.replace("_", " ") if decision else ""


def rating_choice_label(rating: str) -> str:
    return rating or "(keep the current rating)"


def flag_choice_label(code: str) -> str:
    return flag_label(code) if code else "(none)"


def due_marks(due: Iterable[Mapping], today: datetime.date) -> dict[str, str]:
    """vendor -> "overdue by N days" or "due today", from ``Register.due(today)``."""
    marks = {}
    for item in due:
        days = item.get("days_overdue")
        if days is None:
            days = (today - item["next_review"]).days
        marks[item["vendor"]] = f"overdue by {days} day{'s' if days != 1 else ''}" if days > 0 else "due today"
    return marks


def register_frame(history: Sequence[HistoryEntry], due: Iterable[Mapping], today: datetime.date) -> pd.DataFrame:
    """One row per vendor, from its latest assessment: when, overall, rating, decision, next review, due mark."""
    latest: dict[str, HistoryEntry] = {}
    for entry in history:  # oldest first: the last one seen is the latest
        latest[entry.vendor] = entry
    marks = due_marks(due, today)
    rows = [
        {
            "Vendor": entry.vendor,
            "Tier": entry.risk_tier,
            "Last assessed": entry.created_at.strftime("%Y-%m-%d %H:%M"),
            "As of": entry.as_of.isoformat(),
            "Overall": round(entry.overall, 1),
            "Rating": entry.rating,
            "Decision": decision_label(entry.decision),
            "Next review": entry.next_review.isoformat() if entry.next_review else "",
            "Due": marks.get(entry.vendor, ""),
        }
        for entry in sorted(latest.values(), key=lambda e: e.vendor.casefold())
    ]
    return pd.DataFrame(rows, columns=list(REGISTER_COLUMNS))


def assessment_label(entry: HistoryEntry) -> str:
    decided = f" · {decision_label(entry.decision)}" if entry.decision else ""
    return (
        f"#{entry.assessment_id} {entry.vendor} · {entry.created_at:%Y-%m-%d %H:%M} · "
        f"{entry.overall:.1f} {entry.rating}{decided}"
    )


def open_flags(question: Mapping, review: Mapping | None) -> list[str]:
    """The question's flag codes after the analyst's review: the machine's not dismissed, then those added."""
    review = review or {}
    dismissed = set(review.get("dismissed_flags") or ())
    codes = [flag["code"] for flag in question.get("flags", []) if flag["code"] not in dismissed]
    return codes + [code for code in review.get("added_flags") or () if code not in codes]


def stored_scorecard_frame(report: Mapping, overlay: Mapping[str, Mapping] | None = None) -> pd.DataFrame:
    """A stored report's questions with the tool's rating beside the analyst's and the flags still open."""
    overlay = overlay or {}
    rows = []
    for q in report.get("questions", []):
        review = overlay.get(q["question_id"]) or {}
        rows.append(
            {
                "ID": q["question_id"],
                "Category": q.get("category", ""),
                "Question": q.get("question", ""),
                "Tool rating": q.get("rating", ""),
                "Analyst rating": review.get("analyst_rating") or "",
                "Flags": ", ".join(flag_label(code) for code in open_flags(q, review)),
                "Note": review.get("analyst_note") or "",
                "Score": round(float(q.get("overall_score") or 0.0), 1),
            }
        )
    return pd.DataFrame(rows, columns=list(STORED_COLUMNS))


def flag_choices(question: Mapping | None, review: Mapping | None) -> tuple[list[str], list[str]]:
    """(flags the analyst may add, flags they may dismiss), each led by the "none" choice."""
    current = open_flags(question or {}, review)
    addable = [code for code in FLAG_CODES if code not in current]
    return [KEEP, *addable], [KEEP, *current]


def audit_frame(events: Iterable[Mapping], question_id: str | None = None) -> pd.DataFrame:
    """The audit trail (of one question, or of the decisions when ``question_id`` is None), oldest first."""
    rows = [
        {
            "When": e["at"].strftime("%Y-%m-%d %H:%M:%S") if hasattr(e["at"], "strftime") else str(e["at"]),
            "Analyst": e["analyst"],
            "What": e["field"].replace("_", " "),
            "From": _audit_value(e["field"], e["old"]),
            "To": _audit_value(e["field"], e["new"]),
            "Reason": e["reason"],
        }
        for e in events
        if e.get("question_id") == question_id
    ]
    return pd.DataFrame(rows, columns=["When", "Analyst", "What", "From", "To", "Reason"])


def _audit_value(field: str, value: object) -> str:
    if value is None:
        return ""
    if field == "flag":
        return flag_label(str(value))
    if field == "decision":
        return decision_label(str(value))
    return str(value)


def conditions_from(text: str) -> list[str]:
    """The conditions text area, one condition a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decision_summary(decision: Mapping | None) -> str:
    """The current decision in one line, or "" when none is recorded."""
    if not decision:
        return ""
    when = decision["at"].strftime("%Y-%m-%d") if hasattr(decision["at"], "strftime") else str(decision["at"])
    review = f"; next review {decision['next_review']}" if decision.get("next_review") else "; no review scheduled"
    return (
        f"Decision: {decision_label(decision['decision'])} by {decision['analyst']} on {when} "
        f"(suggested: {decision_label(decision.get('suggested'))}){review}. Reason: {decision['reason']}"
    )


def diff_frame(diff: ReportDiff) -> pd.DataFrame:
    """The questions that changed: rating before and after, score change, flags, and the answer's word diff."""
    rows = [
        {
            "ID": change.question_id,
            "Question": change.question,
            "Change": change.presence or change.answer_change or ("rating " + change.rating_direction).strip(),
            "Rating before": change.rating_before,
            "Rating after": change.rating_after,
            "Score change": change.overall.change,
            "New flags": ", ".join(flag_label(code) for code in change.flags_new),
            "Resolved flags": ", ".join(flag_label(code) for code in change.flags_resolved),
            "Answer diff": render_word_diff(change.answer_diff) if change.answer_change == "changed" else "",
        }
        for change in diff.questions
    ]
    columns = ["ID", "Question", "Change", "Rating before", "Rating after", "Score change", "New flags"]
    return pd.DataFrame(rows, columns=[*columns, "Resolved flags", "Answer diff"])
