"""The Register page: every vendor's last assessment, decision and next review; a stored assessment reopened
for review and decision; and the changes between a vendor's last two assessments.

Everything here is read from the register, so what analysts saved survives a browser reload and a server restart.
"""

from __future__ import annotations

import datetime
import html

import streamlit as st

from app_views.presentation import rated_table, show_message, show_problem
from app_views.review import decision_section, review_section
from app_views.state import REGISTER_REVIEW, Key, audit_key, session, set_widget, widget
from assessor import app_register as R
from assessor import app_support as ui
from assessor.html_report import render_report
from assessor.reassessment import diff_reports
from assessor.register.errors import RegisterError
from assessor.register.store import HistoryEntry, Register

MAX_DIFF_LINES = 200


def register_tab(register: Register | None) -> None:
    if register is None:
        st.info("The register cannot be opened, so no recorded assessment can be shown (see the warning above).")
        return
    today = datetime.date.today()
    try:
        history = register.history()
        due = register.due(today)
    except RegisterError as exc:
        show_problem(str(exc))
        return
    if not history:
        st.info("No assessment is recorded yet: every assessment run in the Assess tab is saved here.")
        return
    st.subheader("Vendors")
    rated_table(R.register_frame(history, due, today), ["Rating"], Key.REGISTER_TABLE, {"Overall": "{:.1f}"})
    if due:
        st.warning(f"{len(due)} vendor(s) due for review or overdue.")
    entries = {entry.assessment_id: entry for entry in reversed(history)}  # newest first
    if widget(Key.REGISTER_PICK) not in entries:
        set_widget(Key.REGISTER_PICK, next(iter(entries)))
    st.subheader("Stored assessment")
    st.selectbox(
        "Open a stored assessment",
        list(entries),
        key=Key.REGISTER_PICK,
        format_func=lambda assessment_id: R.assessment_label(entries[assessment_id]),
    )
    stored_assessment(register, widget(Key.REGISTER_PICK))
    st.divider()
    changes_section(register, history)


def stored_assessment(register: Register, assessment_id: int) -> None:
    """A recorded assessment's scorecard from its stored report, its reviews, decision and audit, and the forms."""
    try:
        report = register.report(assessment_id)
        overlay = register.overlay(assessment_id)
        decision = register.decision(assessment_id)
        events = register.audit(assessment_id)
    except RegisterError as exc:
        show_problem(str(exc))
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
    rated_table(R.stored_scorecard_frame(report, overlay), ["Tool rating", "Analyst rating"], Key.REGISTER_SCORECARD,
                {"Score": "{:.1f}"})  # fmt: skip
    if events:
        with st.expander(f"Audit trail ({len(events)} changes)"):
            decisions = R.audit_frame(events, None)
            if len(decisions):
                st.caption("Decisions")
                st.dataframe(decisions, hide_index=True, key=Key.AUDIT_DECISIONS)
            for qid in dict.fromkeys(e["question_id"] for e in events if e["question_id"]):
                st.caption(ui.md_escape(qid))
                st.dataframe(R.audit_frame(events, qid), hide_index=True, key=audit_key(qid))
    st.download_button(
        "Stored report (HTML)",
        data=lambda: render_report(report, overlay, decision).encode("utf-8"),
        file_name=f"{ui.slug(report['vendor'])}-{assessment_id}-report.html",
        mime="text/html",
        key=Key.DOWNLOAD_STORED_HTML,
        on_click="ignore",
    )
    review_stored(register, assessment_id, report)


def review_stored(register: Register, assessment_id: int, report: dict) -> None:
    """Review one question of the stored assessment and record its decision, as on the Scorecard tab."""
    questions = {q["question_id"]: q for q in report.get("questions", [])}
    if not questions:
        return
    data = session()
    show_message(data.message)
    data.message = None
    if widget(Key.REGISTER_QUESTION) not in questions:
        set_widget(Key.REGISTER_QUESTION, next(iter(questions)))
    st.selectbox(
        "Review a question",
        list(questions),
        key=Key.REGISTER_QUESTION,
        format_func=lambda qid: f"{qid} · {questions[qid].get('question', '')}"[:100],
    )
    question = questions[widget(Key.REGISTER_QUESTION)]
    flags = [flag["code"] for flag in question.get("flags", [])]
    review_section(register, assessment_id, question["question_id"], question.get("rating", ""), flags,
                   REGISTER_REVIEW)  # fmt: skip
    decision_section(register, assessment_id, REGISTER_REVIEW)


def changes_section(register: Register, history: list[HistoryEntry]) -> None:
    """The latest assessment of a vendor against the one before: the summary lines and the changed questions."""
    st.subheader("Changes since the previous assessment")
    counts: dict[str, int] = {}
    for entry in history:
        counts[entry.vendor] = counts.get(entry.vendor, 0) + 1
    vendors = sorted((v for v, n in counts.items() if n > 1), key=str.casefold)
    if not vendors:
        st.caption("A vendor needs two recorded assessments to compare.")
        return
    if widget(Key.CHANGES_VENDOR) not in vendors:
        set_widget(Key.CHANGES_VENDOR, vendors[0])
    vendor = st.selectbox("Vendor", vendors, key=Key.CHANGES_VENDOR)
    try:
        latest = register.latest(vendor)
        previous = register.previous(vendor, latest.assessment_id)
        diff = diff_reports(register.report(previous.assessment_id), register.report(latest.assessment_id))
    except RegisterError as exc:
        show_problem(str(exc))
        return
    st.caption(f"Assessment #{previous.assessment_id} against #{latest.assessment_id}")
    lines = diff.lines()
    more = f"<i>and {len(lines) - MAX_DIFF_LINES} more lines</i>" if len(lines) > MAX_DIFF_LINES else ""
    items = "".join(f"<li>{diff_line_html(line)}</li>" for line in lines[:MAX_DIFF_LINES])
    st.html(f'<ul class="changes">{items}</ul>{more}')
    if diff.questions:
        st.dataframe(R.diff_frame(diff), hide_index=True, key=Key.CHANGES_TABLE)


def diff_line_html(line: str) -> str:
    """A diff line, escaped, with the word diff's [-removed-] and {+added+} struck through and marked."""
    text = html.escape(line)
    text = text.replace("[-", "<del>").replace("-]", "</del>")
    return text.replace("{+", "<ins>").replace("+}", "</ins>")
