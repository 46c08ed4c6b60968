"""The analyst's review of a question and the decision on an assessment, as forms on a page of the app.

Both forms write to the register and read back from it, so they work the same on an assessment run in this
session (Scorecard tab) and on one reopened from the register (Register page); ``ReviewKeys`` keeps the two
pages' widgets apart.
"""

from __future__ import annotations

import streamlit as st

from app_views import resources
from app_views.presentation import show_problem
from app_views.state import ReviewKeys, session, set_widget, widget
from assessor import app_register as R
from assessor import app_support as ui
from assessor.register.decisions import DECISIONS
from assessor.register.errors import RegisterError
from assessor.register.store import Register
from scoring.vocabulary import RATINGS


def _text(key: str) -> str | None:
    return (widget(key) or "").strip() or None


def save_review(assessment_id: int, question_id: str, keys: ReviewKeys) -> None:
    data = session()
    try:
        resources.register(resources.current_config()).review(
            assessment_id,
            question_id,
            rating=widget(keys.review_rating) or None,
            add_flag=widget(keys.review_add_flag) or None,
            dismiss_flag=widget(keys.review_dismiss_flag) or None,
            note=_text(keys.review_note),
            reason=widget(keys.review_reason) or "",
            analyst=_text(keys.review_analyst),
        )
    except RegisterError as exc:
        data.message = ("error", f"Review not saved: {exc}")
        return
    data.message = ("success", f"Review of {question_id} saved.")
    for key in (keys.review_rating, keys.review_add_flag, keys.review_dismiss_flag, keys.review_note,
                keys.review_reason):  # fmt: skip
        set_widget(key, R.KEEP)


def review_section(
    register: Register | None,
    assessment_id: int | None,
    question_id: str,
    tool_rating: str,
    machine_flags: list[str],
    keys: ReviewKeys,
) -> None:
    """The tool's rating beside the analyst's, the flags still open, the review form and the question's audit."""
    st.markdown("##### Analyst review")
    if register is None or assessment_id is None:
        st.caption("This assessment is not in the register, so it cannot be reviewed here.")
        return
    try:
        review = register.overlay(assessment_id).get(question_id) or {}
        events = register.audit(assessment_id)
    except RegisterError as exc:
        show_problem(str(exc))
        return
    machine = {"flags": [{"code": code} for code in machine_flags]}
    cols = st.columns(3)
    cols[0].metric("Tool rating", tool_rating)
    cols[1].metric("Analyst rating", review.get("analyst_rating") or "not reviewed")
    flags = R.open_flags(machine, review)
    cols[2].metric("Open flags", len(flags), help=", ".join(ui.flag_label(code) for code in flags) or None)
    if review.get("analyst_note"):
        st.caption(ui.md_escape(f"Analyst note: {review['analyst_note']}"))
    addable, dismissable = R.flag_choices(machine, review)
    for key, options in ((keys.review_add_flag, addable), (keys.review_dismiss_flag, dismissable)):
        if widget(key) not in options:
            set_widget(key, R.KEEP)
    with st.form(keys.review_form, border=True):
        st.caption(ui.md_escape(f"Review {question_id} (assessment #{assessment_id} in the register)"))
        left, middle, right = st.columns(3)
        left.selectbox("Analyst rating", [R.KEEP, *RATINGS], key=keys.review_rating, format_func=R.rating_choice_label)
        middle.selectbox("Add a flag", addable, key=keys.review_add_flag, format_func=R.flag_choice_label)
        right.selectbox("Dismiss a flag", dismissable, key=keys.review_dismiss_flag, format_func=R.flag_choice_label)
        st.text_area("Note", key=keys.review_note, height=80)
        left, right = st.columns([2, 1])
        left.text_input("Reason (required)", key=keys.review_reason, max_chars=500)
        right.text_input("Analyst (optional)", key=keys.review_analyst, max_chars=120)
        st.form_submit_button(
            "Save review", key=keys.review_submit, on_click=save_review, args=(assessment_id, question_id, keys)
        )
    trail = R.audit_frame(events, question_id)
    if len(trail):
        st.caption(f"Audit trail of {question_id}")
        st.dataframe(trail, hide_index=True, key=keys.review_audit)


def save_decision(assessment_id: int, keys: ReviewKeys) -> None:
    data = session()
    try:
        resources.register(resources.current_config()).decide(
            assessment_id,
            widget(keys.decision_choice) or "",
            R.conditions_from(widget(keys.decision_conditions) or ""),
            widget(keys.decision_reason) or "",
            analyst=_text(keys.decision_analyst),
        )
    except RegisterError as exc:
        data.message = ("error", f"Decision not recorded: {exc}")
        return
    data.message = ("success", "Decision recorded.")
    set_widget(keys.decision_reason, "")


def decision_section(register: Register | None, assessment_id: int | None, keys: ReviewKeys) -> None:
    """The suggested decision and its rule, the current decision, and the form to record the analyst's."""
    st.subheader("Decision")
    if register is None or assessment_id is None:
        st.caption("This assessment is not in the register, so no decision can be recorded here.")
        return
    try:
        suggested, conditions, rule = register.suggest_decision(assessment_id)
        current = register.decision(assessment_id)
    except RegisterError as exc:
        show_problem(str(exc))
        return
    st.markdown(ui.md_escape(f"Suggested: {R.decision_label(suggested)}, because {rule}."))
    if current:
        st.info(ui.md_escape(R.decision_summary(current)))
    filled = session().decision_filled_for
    wanted = (assessment_id, suggested, tuple(conditions))
    if filled.get(keys.page) != wanted:  # pre-fill with the suggestion, again when the suggestion changes
        filled[keys.page] = wanted
        set_widget(keys.decision_choice, suggested)
        set_widget(keys.decision_conditions, "\n".join(conditions))
    with st.form(keys.decision_form, border=True):
        st.selectbox("Decision", list(DECISIONS), key=keys.decision_choice, format_func=R.decision_label)
        st.text_area("Conditions (one a line)", key=keys.decision_conditions, height=120)
        left, right = st.columns([2, 1])
        left.text_input("Reason (required)", key=keys.decision_reason, max_chars=500)
        right.text_input("Analyst (optional)", key=keys.decision_analyst, max_chars=120)
        st.form_submit_button(
            "Record decision", key=keys.decision_submit, on_click=save_decision, args=(assessment_id, keys)
        )
