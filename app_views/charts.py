"""The Charts tab: category scores, questions by rating, and ISO/IEC 42001 coverage."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_views import resources
from app_views.presentation import category_chart, rating_scale
from assessor import app_support as ui
from assessor import pipeline


def charts_tab(assessment: pipeline.Assessment) -> None:
    result, config = assessment.result, assessment.config
    catalog = resources.catalog()
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Category scores")
        data = ui.category_frame(result, config)
        rating = alt.Color("Rating:N", scale=rating_scale(), legend=alt.Legend(orient="top", title=None))
        tooltip = ["Category", alt.Tooltip("Score:Q", format=".1f"), "Rating"]
        chart = category_chart(data, rating, tooltip, step=26)
        st.altair_chart(chart, width="stretch")
    with right:
        st.subheader("Questions by rating")
        counts = ui.rating_counts(result)
        chart = (
            alt.Chart(counts)
            .mark_bar()
            .encode(
                x=alt.X("Rating:N", sort=list(ui.RATINGS), title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("Questions:Q", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("Rating:N", scale=rating_scale(), legend=None),
                tooltip=["Rating", "Questions"],
            )
            .properties(height=260)
        )
        st.altair_chart(chart, width="stretch")

    st.subheader("ISO/IEC 42001 coverage")
    st.caption(
        "Per clause group: evidenced (addressed by an answer whose evidence scores at least "
        f"{config['flags']['evidenced_at']:g}), addressed (answered, evidence weaker) or missing."
    )
    coverage = ui.coverage_frame(result.coverage, catalog)
    status_scale = alt.Scale(
        domain=list(ui.COVERAGE_STATUSES), range=[ui.COVERAGE_COLOURS[s] for s in ui.COVERAGE_STATUSES]
    )
    groups = list(dict.fromkeys(coverage.sort_values("Order")["Group"]))
    chart = (
        alt.Chart(coverage)
        .transform_calculate(StatusOrder=f"indexof({list(ui.COVERAGE_STATUSES)}, datum.Status)")
        .mark_bar()
        .encode(
            x=alt.X("Count:Q", title="clauses and controls", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("Group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=360)),
            color=alt.Color("Status:N", scale=status_scale, legend=alt.Legend(orient="top", title=None)),
            order=alt.Order("StatusOrder:Q"),
            tooltip=["Group", "Status", "Count"],
        )
        .properties(height=alt.Step(26))
    )
    st.altair_chart(chart, width="stretch")
    with st.expander("Every clause and control"):
        st.dataframe(ui.coverage_table(result.coverage, catalog), hide_index=True)
