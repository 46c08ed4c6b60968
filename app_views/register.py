"""The register screens: recording each run, the analyst's review and decision, the Register page and its changes.

Every screen reads the register (``assessor.register``), so what an analyst saved survives a browser reload and
a server restart. The tables and labels come from ``assessor.app_register``; this module only draws them.
"""

from __future__ import annotations

import datetime
import html
import logging

import streamlit as st

from assessor import app_register as R
from assessor import app_support as ui
from assessor import exports
from assessor.followup_workbook import followups_bytes
from assessor.html_report import render_report
from assessor.reassessment import diff_reports
from assessor.register.decisions import DECISIONS
from assessor.register.errors import RegisterError
from scoring.config import ScoringConfig
from scoring.vocabulary import RATINGS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------
# Opening the register and recording runs


def open_register(config: ScoringConfig):
    """The register for this script run, or None (the problem is kept for ``show_problem``)."""
    try:
        register = R.open_register(config)
    except RegisterError as exc:
        st.session_state[R.OPEN_PROBLEM] = str(exc)
        return None
    st.session_state.pop(R.OPEN_PROBLEM, None)
    return register


def record_run(assessment) -> None:
    """Record a scored assessment and keep its id; a failure is a warning, the result stays in the session."""
    state = st.session_state
    ids = state.setdefault(R.ASSESSMENT_IDS, {})
    try:
        ids[assessment.result.vendor] = R.record(assessment)
    except Exception as exc:  # the register must never cost the analyst the assessment
        log.exception("recording %s in the register failed", assessment.result.vendor)
        ids.pop(assessment.result.vendor, None)
        state[R.RECORD_PROBLEM] = f"The assessment was not saved in the register: {exc}"
    else:
        state.pop(R.RECORD_PROBLEM, None)


def show_problem() -> None:
    for key in (R.OPEN_PROBLEM, R.RECORD_PROBLEM):
        problem = st.session_state.get(key)
        if problem:
            st.warning(ui.md_escape(problem))


def assessment_id_of(assessment) -> int | None:
    return st.session_state.get(R.ASSESSMENT_IDS, {}).get(assessment.result.vendor)


def show_message() -> None:
    """The outcome of the last review or decision, shown once."""
    message = st.session_state.pop(R.REVIEW_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(ui.md_escape(text))


# ------------------------------------------------------------------------------------------------
# Review of the current question, and the decision (Scorecard tab)


def save_review(assessment_id: int, question_id: str, config: ScoringConfig) -> None:
    state = st.session_state
    try:
        with R.open_register(config) as register:
            register.review(
                assessment_id,
                question_id,
                rating=state.get(R.REVIEW_RATING) or None,
                add_flag=state.get(R.REVIEW_ADD_FLAG) or None,
                dismiss_flag=state.get(R.REVIEW_DISMISS_FLAG) or None,
                note=(state.get(R.REVIEW_NOTE) or "").strip() or None,
                reason=state.get(R.REVIEW_REASON) or "",
                analyst=(state.get(R.REVIEW_ANALYST) or "").strip() or None,
            )
    except RegisterError as exc:
        state[R.REVIEW_MESSAGE] = ("error", f"Review not saved: {exc}")
        return
    state[R.REVIEW_MESSAGE] = ("success", f"Review of {question_id} saved.")
    for key in (R.REVIEW_RATING, R.REVIEW_ADD_FLAG, R.REVIEW_DISMISS_FLAG, R.REVIEW_NOTE, R.REVIEW_REASON):
        state[key] = R.KEEP


def review_section(register, assessment, question, config: ScoringConfig) -> None:
    """The analyst's review of one question: the machine's rating beside the analyst's, a form, the audit trail."""
    state = st.session_state
    st.markdown("##### Analyst review")
    assessment_id = assessment_id_of(assessment)
    if register is None or assessment_id is None:
        st.caption("This assessment is not in the register, so it cannot be reviewed here.")
        return
    qid = question.question.id
    try:
        review = register.overlay(assessment_id).get(qid) or {}
        events = register.audit(assessment_id)
    except RegisterError as exc:
        st.warning(ui.md_escape(str(exc)))
        return
    machine = {"flags": [{"code": flag.code} for flag in question.flags]}
    cols = st.columns(3)
    cols[0].metric("Tool rating", question.rating)
    cols[1].metric("Analyst rating", review.get("analyst_rating") or "not reviewed")
    flags = R.open_flags(machine, review)
    cols[2].metric("Open flags", len(flags), help=", ".join(ui.flag_label(code) for code in flags) or None)
    if review.get("analyst_note"):
        st.caption(ui.md_escape(f"Analyst note: {review['analyst_note']}"))
    addable, dismissable = R.flag_choices(machine, review)
    for key, options in ((R.REVIEW_ADD_FLAG, addable), (R.REVIEW_DISMISS_FLAG, dismissable)):
        if state.get(key) not in options:
            state[key] = R.KEEP
    with st.form(R.REVIEW_FORM, border=True):
        st.caption(ui.md_escape(f"Review {qid} (assessment #{assessment_id} in the register)"))
        left, middle, right = st.columns(3)
        left.selectbox("Analyst rating", [R.KEEP, *RATINGS], key=R.REVIEW_RATING, format_func=R.rating_choice_label)
        middle.selectbox("Add a flag", addable, key=R.REVIEW_ADD_FLAG, format_func=R.flag_choice_label)
        right.selectbox("Dismiss a flag", dismissable, key=R.REVIEW_DISMISS_FLAG, format_func=R.flag_choice_label)
        st.text_area("Note", key=R.REVIEW_NOTE, height=80)
        left, right = st.columns([2, 1])
        left.text_input("Reason (required)", key=R.REVIEW_REASON, max_chars=500)
        right.text_input("Analyst (optional)", key=R.REVIEW_ANALYST, max_chars=120)
        st.form_submit_button(
            "Save review", key=R.REVIEW_SUBMIT, on_click=save_review, args=(assessment_id, qid, config)
        )
    trail = R.audit_frame(events, qid)
    if len(trail):
        st.caption(f"Audit trail of {qid}")
        st.dataframe(trail, hide_index=True, key=R.REVIEW_AUDIT)


def save_decision(assessment_id: int, config: ScoringConfig) -> None:
    state = st.session_state
    try:
        with R.open_register(config) as register:
            register.decide(
                assessment_id,
                state.get(R.DECISION_CHOICE) or "",
                R.conditions_from(state.get(R.DECISION_CONDITIONS) or ""),
                state.get(R.DECISION_REASON) or "",
                analyst=(state.get(R.DECISION_ANALYST) or "").strip() or None,
            )
    except RegisterError as exc:
        state[R.REVIEW_MESSAGE] = ("error", f"Decision not recorded: {exc}")
        return
    state[R.REVIEW_MESSAGE] = ("success", "Decision recorded.")
    state[R.DECISION_REASON] = ""


def decision_section(register, assessment, config: ScoringConfig) -> None:
    """The suggested decision and its rule, the current decision, and the form to record the analyst's."""
    state = st.session_state
    st.subheader("Decision")
    assessment_id = assessment_id_of(assessment)
    if register is None or assessment_id is None:
        st.caption("This assessment is not in the register, so no decision can be recorded here.")
        return
    try:
        suggested, conditions, rule = register.suggest_decision(assessment_id)
        current = register.decision(assessment_id)
    except RegisterError as exc:
        st.warning(ui.md_escape(str(exc)))
        return
    st.markdown(ui.md_escape(f"Suggested: {R.decision_label(suggested)}, because {rule}."))
    if current:
        st.info(ui.md_escape(R.decision_summary(current)))
    filled_for = (assessment_id, suggested, tuple(conditions))
    if state.get(R.DECISION_FOR) != filled_for:  # pre-fill with the suggestion, again when the suggestion changes
        state[R.DECISION_FOR] = filled_for
        state[R.DECISION_CHOICE] = suggested
        state[R.DECISION_CONDITIONS] = "\n".join(conditions)
    with st.form(R.DECISION_FORM, border=True):
        st.selectbox("Decision", list(DECISIONS), key=R.DECISION_CHOICE, format_func=R.decision_label)
        st.text_area("Conditions (one a line)", key=R.DECISION_CONDITIONS, height=120)
        left, right = st.columns([2, 1])
        left.text_input("Reason (required)", key=R.DECISION_REASON, max_chars=500)
        right.text_input("Analyst (optional)", key=R.DECISION_ANALYST, max_chars=120)
        st.form_submit_button(
            "Record decision", key=R.DECISION_SUBMIT, on_click=save_decision, args=(assessment_id, config)
        )


# ------------------------------------------------------------------------------------------------
# Register page


def register_tab(register) -> None:
    state = st.session_state
    if register is None:
        st.info("The register cannot be opened, so no recorded assessment can be shown (see the warning above).")
        return
    today = datetime.date.today()
    try:
        history = register.history()
        due = register.due(today)
    except RegisterError as exc:
        st.warning(ui.md_escape(str(exc)))
        return
    if not history:
        st.info("No assessment is recorded yet: every assessment run in the Assess tab is saved here.")
        return
    st.subheader("Vendors")
    frame = R.register_frame(history, due, today)
    st.dataframe(
        frame.style.map(ui.rating_cell_style, subset=["Rating"]).format({"Overall": "{:.1f}"}),
        hide_index=True,
        key=R.REGISTER_TABLE,
    )
    if due:
        st.warning(f"{len(due)} vendor(s) due for review or overdue.")
    entries = {entry.assessment_id: entry for entry in reversed(history)}  # newest first
    if state.get(R.REGISTER_PICK) not in entries:
        state[R.REGISTER_PICK] = next(iter(entries))
    st.subheader("Stored assessment")
    st.selectbox(
        "Open a stored assessment",
        list(entries),
        key=R.REGISTER_PICK,
        format_func=lambda assessment_id: R.assessment_label(entries[assessment_id]),
    )
    stored_assessment(register, state[R.REGISTER_PICK])
    st.divider()
    changes_section(register, history)


def stored_assessment(register, assessment_id: int) -> None:
    """A recorded assessment's scorecard from its stored report, with the analysts' reviews, decision and audit."""
    try:
        report = register.report(assessment_id)
        overlay = register.overlay(assessment_id)
        decision = register.decision(assessment_id)
        events = register.audit(assessment_id)
    except RegisterError as exc:
        st.warning(ui.md_escape(str(exc)))
        return
    cols = st.columns(4)
    cols[0].metric("Overall (stored)", f"{report['overall_score']:.1f}")
    cols[1].metric("Rating (stored)", report["rating"])
    cols[2].metric("Red flags (stored)", report["red_flags"])
    cols[3].metric("Questions reviewed", sum(1 for qid in overlay if qid))
    st.caption(ui.md_escape(f"{report['vendor']}, assessed as of {report['provenance']['as_of']}"))
    if decision:
        st.info(ui.md_escape(R.decision_summary(decision)))
    else:
        st.caption("No decision recorded yet.")
    frame = R.stored_scorecard_frame(report, overlay)
    st.dataframe(
        frame.style.map(ui.rating_cell_style, subset=["Tool rating", "Analyst rating"]).format({"Score": "{:.1f}"}),
        hide_index=True,
        key=R.REGISTER_SCORECARD,
    )
    if events:
        with st.expander(f"Audit trail ({len(events)} changes)"):
            decisions = R.audit_frame(events, None)
            if len(decisions):
                st.caption("Decisions")
                st.dataframe(decisions, hide_index=True, key=R.AUDIT_DECISIONS)
            for qid in dict.fromkeys(e["question_id"] for e in events if e["question_id"]):
                st.caption(ui.md_escape(qid))
                st.dataframe(R.audit_frame(events, qid), hide_index=True, key=f"{R.AUDIT_PREFIX}{qid}")
    name = ui.slug(report["vendor"])
    st.download_button(
        "Stored report (HTML)",
        data=lambda: render_report(report, overlay, decision).encode("utf-8"),
        file_name=f"{name}-{assessment_id}-report.html",
        mime="text/html",
        key=R.DOWNLOAD_STORED_HTML,
        on_click="ignore",
    )


def changes_section(register, history) -> None:
    """The latest assessment of a vendor against the one before: the summary lines and the changed questions."""
    st.subheader("Changes since the previous assessment")
    counts: dict[str, int] = {}
    for entry in history:
        counts[entry.vendor] = counts.get(entry.vendor, 0) + 1
    vendors = sorted((v for v, n in counts.items() if n > 1), key=str.casefold)
    if not vendors:
        st.caption("A vendor needs two recorded assessments to compare.")
        return
    if st.session_state.get(R.CHANGES_VENDOR) not in vendors:
        st.session_state[R.CHANGES_VENDOR] = vendors[0]
    vendor = st.selectbox("Vendor", vendors, key=R.CHANGES_VENDOR)
    try:
        latest = register.latest(vendor)
        previous = register.previous(vendor, latest.assessment_id)
        diff = diff_reports(register.report(previous.assessment_id), register.report(latest.assessment_id))
    except RegisterError as exc:
        st.warning(ui.md_escape(str(exc)))
        return
    st.caption(f"Assessment #{previous.assessment_id} against #{latest.assessment_id}")
    lines = diff.lines()
    st.html(
        '<ul class="changes">'
        + "".join(f"<li>{_diff_line_html(line)}</li>" for line in lines[:200])
        + "</ul>"
        + (f"<i>and {len(lines) - 200} more lines</i>" if len(lines) > 200 else "")
    )
    if diff.questions:
        st.dataframe(R.diff_frame(diff), hide_index=True, key=R.CHANGES_TABLE)


def _diff_line_html(line: str) -> str:
    """A diff line, escaped, with the word diff's [-removed-] and {+added+} struck through and marked."""
    text = html.escape(line)
    text = text.replace("[-", "<del>").replace("-]", "</del>")
    return text.replace("{+", "<ins>").replace("+}", "</ins>")


# ------------------------------------------------------------------------------------------------
# Downloads


def report_downloads(assessment, config: ScoringConfig) -> None:
    """The HTML report (with the analysts' reviews and decision) and the follow-up workbook of this assessment."""
    assessment_id = assessment_id_of(assessment)
    name = ui.slug(assessment.result.vendor)

    def stored() -> tuple[dict, dict, dict | None]:
        if assessment_id is not None:
            try:
                with R.open_register(config) as register:
                    return (
                        register.report(assessment_id),
                        register.overlay(assessment_id),
                        register.decision(assessment_id),
                    )
            except RegisterError:
                log.exception("reading assessment %s from the register failed", assessment_id)
        return exports.report_dict(assessment), {}, None

    left, right, _ = st.columns(3)
    left.download_button(
        "Report with reviews (HTML)",
        data=lambda: render_report(*stored()).encode("utf-8"),
        file_name=f"{name}-report.html",
        mime="text/html",
        key=R.DOWNLOAD_HTML,
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        "Follow-up workbook (XLSX)",
        data=lambda: followups_bytes(stored()[0]),
        file_name=f"{name}-follow-ups.xlsx",
        mime=XLSX_MIME,
        key=R.DOWNLOAD_FOLLOWUP_WORKBOOK,
        on_click="ignore",
        width="stretch",
    )
