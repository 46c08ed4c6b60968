"""The page: state set up, a requested run carried out, the sidebar, and one tab per screen."""

from __future__ import annotations

import streamlit as st

from app_views import resources
from app_views.assess import assess_tab, init_inputs
from app_views.charts import charts_tab
from app_views.compare import compare_tab
from app_views.downloads import downloads_tab
from app_views.presentation import CSS, show_problem
from app_views.register import register_tab
from app_views.run import run_assessment
from app_views.scorecard import scorecard_tab
from app_views.sidebar import init_settings, sidebar
from app_views.state import TABS, Key, session, widget
from assessor import pipeline
from assessor.register.errors import RegisterError
from assessor.register.store import Register


def current_assessment() -> pipeline.Assessment | None:
    """The vendor picked in the sidebar, else the latest assessed."""
    assessments = session().assessments
    return assessments.get(widget(Key.CURRENT)) or next(reversed(assessments.values()), None)


def open_register() -> Register | None:
    """The register for this script run, or None (why is kept to show above the tabs)."""
    data = session()
    try:
        register = resources.register(resources.current_config())
    except RegisterError as exc:
        data.register_problem = str(exc)
        return None
    if data.register_problem and data.register_problem.startswith("cannot open"):
        data.register_problem = None
    return register


def main() -> None:
    st.html(CSS)
    init_settings()
    init_inputs()
    data = session()
    if data.run_requested:
        data.run_requested = False
        run_assessment()
    sidebar()
    st.title("AI vendor due-diligence assessor")
    st.caption(
        "Judge an AI vendor's questionnaire answers and evidence against ISO/IEC 42001. "
        "Everything runs on this machine; nothing is sent anywhere."
    )
    assessment = current_assessment()
    register = open_register()
    if data.register_problem:
        show_problem(data.register_problem)
    tabs = st.tabs(list(TABS), key=Key.NAV, on_change="rerun")
    with tabs[0]:
        assess_tab()
    with tabs[1]:
        if assessment is None:
            st.info("Run an assessment in the Assess tab first.")
        else:
            scorecard_tab(assessment, register)
    with tabs[2]:
        if assessment is None:
            st.info("Run an assessment in the Assess tab first.")
        else:
            charts_tab(assessment)
    with tabs[3]:
        compare_tab()
    with tabs[4]:
        downloads_tab(assessment)
    with tabs[5]:
        register_tab(register)
