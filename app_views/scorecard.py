"""The Scorecard tab: the vendor's metrics, the filterable question table, one question's details and its review."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_views import resources
from app_views.presentation import RATING_DELTA, show_message, show_problem
from app_views.question import question_details
from app_views.review import decision_section, review_section
from app_views.state import SCORECARD_REVIEW, Key, scorecard_table_key, session, set_widget, widget
from assessor import app_support as ui
from assessor import pipeline
from assessor.register.store import Register

MAX_TABLE_ROWS = 15  # rows shown before the table scrolls


def select_from_table(key: str, ids: list[str]) -> None:
    """A row picked in the table opens that question's details."""
    selection = widget(key)
    rows = selection.selection.rows if selection else []
    if rows and rows[0] < len(ids):
        set_widget(Key.DETAIL_QID, ids[rows[0]])


def scorecard_tab(assessment: pipeline.Assessment, register: Register | None) -> None:
    result, config = assessment.result, assessment.config
    metrics(assessment)
    problems = session().input_problems.get(result.vendor, [])
    if problems:
        with st.expander(f"{len(problems)} file problem(s): these files were not used", expanded=True):
            for problem in problems:
                show_problem(problem)
    with st.expander(f"How the vendor's rows were read ({len(result.notes)} notes)"):
        for line in assessment.prepared.sheet.mapping_lines():
            st.markdown("- " + ui.md_escape(line))
        if result.notes:
            st.dataframe(pd.DataFrame({"Note": list(result.notes)}), hide_index=True)
    ids = question_table(assessment)
    if result.unmatched:
        with st.expander(f"{len(result.unmatched)} answer row(s) matched no question"):
            st.dataframe(ui.unmatched_frame(result), hide_index=True)

    st.divider()
    by_id = {r.question.id: r for r in result.questions}
    if widget(Key.DETAIL_QID) not in by_id:
        set_widget(Key.DETAIL_QID, ids[0] if ids else result.questions[0].question.id)
    st.selectbox(
        "Question details", list(by_id), key=Key.DETAIL_QID, format_func=lambda qid: ui.question_label(by_id[qid])
    )
    question = by_id[widget(Key.DETAIL_QID)]
    question_details(question, resources.catalog(), config)
    data = session()
    show_message(data.message)
    data.message = None
    assessment_id = data.register_ids.get(result.vendor)
    flags = [flag.code for flag in question.flags]
    review_section(register, assessment_id, question.question.id, question.rating, flags, SCORECARD_REVIEW)
    st.divider()
    decision_section(register, assessment_id, SCORECARD_REVIEW)


def metrics(assessment: pipeline.Assessment) -> None:
    result, config = assessment.result, assessment.config
    evidenced = sum(status == "evidenced" for status in result.coverage.values())
    cols = st.columns(5)
    cols[0].metric(
        "Overall score",
        f"{result.overall:.1f}",
        delta=result.rating,
        delta_color=RATING_DELTA.get(result.rating, "off"),
        delta_arrow="off",
        help="Weighted mean of the question scores (0-100) and its rating",
    )
    red_help = "Questions' red flags:  \n" + ui.flag_help(config["flags"]["red"])
    cols[1].metric("Red flags", result.red_flags, help=red_help)
    cols[2].metric("Answered", f"{result.answered} of {len(result.questions)}")
    cols[3].metric("Evidence files used", len(assessment.prepared.evidence.documents))
    cols[4].metric("ISO 42001 evidenced", f"{evidenced} of {len(result.coverage)}", help="Clauses and controls")


def question_table(assessment: pipeline.Assessment) -> list[str]:
    """The filters and the question table; returns the ids of the rows shown, in order."""
    result, config = assessment.result, assessment.config
    frame = ui.scorecard_frame(result, config["flags"]["red"])
    f1, f2, f3 = st.columns(3)
    categories = f1.multiselect("Category", list(dict.fromkeys(frame["Category"])), key=Key.FILTER_CATEGORY)
    ratings = f2.multiselect("Rating", list(ui.RATINGS), key=Key.FILTER_RATING)
    options = ui.flag_options(result)
    flag_help = ui.flag_help(code for code in options if code != ui.NO_FLAGS)
    flags = f3.multiselect("Flag", options, key=Key.FILTER_FLAG, format_func=ui.flag_label, help=flag_help or None)
    shown = ui.filter_scorecard(frame, categories, ratings, flags)
    ids = list(shown["ID"])
    table_key = scorecard_table_key(result.vendor, tuple(categories), tuple(ratings), tuple(flags))
    styled = shown[list(ui.TABLE_COLUMNS)].style.map(ui.rating_cell_style, subset=["Rating"])
    score_column = {"min_value": 0, "max_value": 100, "format": "%.0f", "width": "small"}
    st.dataframe(
        styled,
        hide_index=True,
        height=min(36 + 35 * max(len(shown), 1), 36 + 35 * MAX_TABLE_ROWS) + 2,
        key=table_key,
        on_select=lambda: select_from_table(table_key, ids),
        selection_mode="single-row",
        column_config={
            "ID": st.column_config.TextColumn(width="small", pinned=True),
            "Category": st.column_config.TextColumn(width="medium"),
            "Question": st.column_config.TextColumn(width="large"),
            "Flags": st.column_config.TextColumn(width="medium"),
            "Rating": st.column_config.TextColumn(width=100),
            "Score": st.column_config.ProgressColumn("Score", color="auto", **score_column),
            "Specificity": st.column_config.NumberColumn(format="%.0f", width="small"),
            "Evidence": st.column_config.NumberColumn(format="%.0f", width="small"),
            "Coverage": st.column_config.NumberColumn(format="%.0f", width="small"),
            "Answer": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(f"Showing {len(shown)} of {len(frame)} questions. Select a row, or pick a question below, for details.")
    return ids
