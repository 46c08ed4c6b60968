"""The Downloads tab: scorecard exports, follow-ups, the HTML report with reviews, and the blank questionnaire."""

from __future__ import annotations

import logging

import streamlit as st

from app_views import resources
from app_views.presentation import XLSX_MIME, download_row
from app_views.run import chosen_bank
from app_views.state import Key, session
from assessor import app_support as ui
from assessor import exports, pipeline
from assessor.followup_workbook import followups_bytes
from assessor.html_report import render_report
from assessor.register.errors import RegisterError

log = logging.getLogger(__name__)


def downloads_tab(assessment: pipeline.Assessment | None) -> None:
    if assessment is not None:
        result = assessment.result
        name = ui.slug(result.vendor)
        st.subheader(f"Results for {ui.md_escape(result.vendor)}")
        download_row(
            [
                ("Scorecard (CSV)", lambda: exports.scorecard_csv(result).encode("utf-8-sig"),
                 f"{name}-scorecard.csv", "text/csv", Key.DOWNLOAD_CSV),
                ("Scorecard workbook (XLSX)", lambda: exports.xlsx_bytes(assessment), f"{name}-scorecard.xlsx",
                 XLSX_MIME, Key.DOWNLOAD_XLSX),
                ("Full report (JSON)", lambda: exports.report_json(assessment).encode("utf-8"),
                 f"{name}-report.json", "application/json", Key.DOWNLOAD_JSON),
            ]
        )  # fmt: skip
        st.subheader("Follow-up questions to send")
        download_row(
            [
                ("Follow-ups (TXT)", lambda: ui.follow_up_text(result).encode("utf-8"), f"{name}-follow-ups.txt",
                 "text/plain", Key.DOWNLOAD_FOLLOWUPS_TXT),
                ("Follow-ups (CSV)", lambda: ui.follow_up_csv(result).encode("utf-8-sig"),
                 f"{name}-follow-ups.csv", "text/csv", Key.DOWNLOAD_FOLLOWUPS_CSV),
            ]
        )  # fmt: skip
        st.subheader("Report and follow-up workbook")
        download_row(
            [
                ("Report with reviews (HTML)", lambda: render_report(*stored(assessment)).encode("utf-8"),
                 f"{name}-report.html", "text/html", Key.DOWNLOAD_HTML),
                ("Follow-up workbook (XLSX)", lambda: followups_bytes(stored(assessment)[0]),
                 f"{name}-follow-ups.xlsx", XLSX_MIME, Key.DOWNLOAD_FOLLOWUP_WORKBOOK),
            ]
        )  # fmt: skip
        with st.expander("Preview the follow-up letter"):
            st.code(ui.follow_up_text(result), language=None, wrap_lines=True)
    else:
        st.info("Run an assessment to download its scorecard, report and follow-up questions.")
    questionnaire(assessment)


def stored(assessment: pipeline.Assessment) -> tuple[dict, dict, dict | None]:
    """The assessment's report, the analysts' reviews and its decision from the register (else the bare report)."""
    assessment_id = session().register_ids.get(assessment.result.vendor)
    if assessment_id is not None:
        try:
            register = resources.register(assessment.config)
            return register.report(assessment_id), register.overlay(assessment_id), register.decision(assessment_id)
        except RegisterError:
            log.exception("reading assessment %s from the register failed", assessment_id)
    return exports.report_dict(assessment), {}, None


def questionnaire(assessment: pipeline.Assessment | None) -> None:
    st.subheader("Blank questionnaire")
    bank = assessment.prepared.bank if assessment else (chosen_bank() or resources.default_bank())
    st.caption(ui.md_escape(f"{bank.name} {bank.version}: {len(bank.questions)} questions, for vendors to fill in"))
    stem = f"{ui.slug(bank.name)}-questionnaire"
    download_row(
        [
            ("Questionnaire (XLSX)", lambda: ui.questionnaire_bytes(bank, ".xlsx"), f"{stem}.xlsx", XLSX_MIME,
             Key.DOWNLOAD_QUESTIONNAIRE_XLSX),
            ("Questionnaire (CSV)", lambda: ui.questionnaire_bytes(bank, ".csv"), f"{stem}.csv", "text/csv",
             Key.DOWNLOAD_QUESTIONNAIRE_CSV),
        ]
    )  # fmt: skip
