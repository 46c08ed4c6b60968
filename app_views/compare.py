"""The Compare tab: the session's vendors side by side (summary, category scores, red flags)."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_views.presentation import category_chart
from app_views.state import Key, session, set_widget, widget
from assessor import app_support as ui


def compare_tab() -> None:
    data = session()
    assessments = data.assessments
    if len(assessments) < 2:
        st.info("Assess at least two vendors in this session (for example both example vendors) to compare them.")
    if not assessments:
        return
    chosen_before = [name for name in widget(Key.COMPARE_VENDORS, []) if name in assessments]
    set_widget(Key.COMPARE_VENDORS, chosen_before + [name for name in assessments if name not in data.compare_known])
    data.compare_known = list(assessments)  # a vendor new to the session joins the comparison once
    chosen = st.multiselect("Vendors", list(assessments), key=Key.COMPARE_VENDORS)
    picked = [assessments[name] for name in chosen]
    if not picked:
        return
    summary = ui.compare_summary(picked)
    st.dataframe(
        summary.style.map(ui.rating_cell_style, subset=["Rating"]).format({"Overall": "{:.1f}"}),
        hide_index=True,
        column_config={"Overall": st.column_config.NumberColumn(format="%.1f"), "Rating": {"width": 100}},
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Category scores")
        long = ui.compare_categories_long(picked)
        vendor = alt.Color("Vendor:N", legend=alt.Legend(orient="top", title=None))
        tooltip = ["Vendor", "Category", alt.Tooltip("Score:Q", format=".1f")]
        chart = category_chart(long, vendor, tooltip, step=12, yOffset="Vendor:N")
        st.altair_chart(chart, width="stretch")
        with st.expander("Category scores as a table"):
            st.dataframe(ui.compare_categories(picked))
    with right:
        st.subheader("Red flags")
        red = picked[0].config["flags"]["red"]
        st.dataframe(ui.compare_flags(picked, red))
        st.caption("Number of questions carrying each red flag.")
