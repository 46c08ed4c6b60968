"""The app's session state in one typed place: widget keys as named constants, everything else in ``Session``.

Streamlit keeps a widget's value under its key, so every key a view passes to a widget is a ``Key`` member
(or a ``ReviewKeys`` field, for the review and decision forms drawn on two pages). Values the app keeps between
reruns that are not widgets live on one ``Session`` object; views read and write its attributes, never bare
strings in ``st.session_state``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

import streamlit as st

from assessor import pipeline

TABS = ("Assess", "Scorecard", "Charts", "Compare", "Downloads", "Register")  # the page's screens, in order
SCORECARD_TAB = TABS[1]


class Key(StrEnum):
    """Widget keys (the value each widget holds in ``st.session_state``)."""

    NAV = "nav"
    SOURCE = "source"
    EXAMPLE = "example"
    ANSWERS_UPLOAD = "answers_upload"
    EVIDENCE_UPLOAD = "evidence_upload"
    BANK_SOURCE = "bank_source"
    BANK_UPLOAD = "bank_upload"
    VENDOR_NAME = "vendor_name"
    RISK_TIER = "risk_tier"
    RUN = "run"
    CURRENT = "current"
    AS_OF = "as_of"
    BACKEND = "backend"
    SETTINGS_FORM = "settings"
    APPLY_SETTINGS = "apply_settings"
    RESET_SETTINGS = "reset_settings"
    MAPPING_FORM = "mapping"
    APPLY_MAPPING = "apply_mapping"
    FILTER_CATEGORY = "filter_category"
    FILTER_RATING = "filter_rating"
    FILTER_FLAG = "filter_flag"
    DETAIL_QID = "detail_qid"
    COMPARE_VENDORS = "compare_vendors"
    DOWNLOAD_CSV = "download_csv"
    DOWNLOAD_XLSX = "download_xlsx"
    DOWNLOAD_JSON = "download_json"
    DOWNLOAD_FOLLOWUPS_TXT = "download_followups_txt"
    DOWNLOAD_FOLLOWUPS_CSV = "download_followups_csv"
    DOWNLOAD_QUESTIONNAIRE_XLSX = "download_questionnaire_xlsx"
    DOWNLOAD_QUESTIONNAIRE_CSV = "download_questionnaire_csv"
    DOWNLOAD_HTML = "download_html_report"
    DOWNLOAD_FOLLOWUP_WORKBOOK = "download_followup_workbook"
    DOWNLOAD_STORED_HTML = "download_stored_html"
    REGISTER_TABLE = "register_vendors"
    REGISTER_PICK = "register_pick"
    REGISTER_SCORECARD = "register_scorecard"
    REGISTER_QUESTION = "register_question"
    AUDIT_DECISIONS = "register_audit_decisions"
    CHANGES_VENDOR = "changes_vendor"
    CHANGES_TABLE = "changes_questions"


def mapping_key(name: str) -> str:
    """The widget key of one column-mapping box (``name``: one of ``answers.OVERRIDE_KEYS``)."""
    return f"map_{name}"


def scorecard_table_key(vendor: str, *filters: tuple[str, ...]) -> str:
    """The question table's key: a new table (no stale row selection) for each vendor and set of filters."""
    return f"scorecard_table_{abs(hash((vendor, *filters)))}"


def audit_key(question_id: str) -> str:
    """The audit table of one reviewed question on the Register page."""
    return f"register_audit_{question_id}"


@dataclass(frozen=True)
class ReviewKeys:
    """Keys of the review and decision forms on one page (the Scorecard tab and the Register page each have one)."""

    page: str
    review_form: str
    review_rating: str
    review_add_flag: str
    review_dismiss_flag: str
    review_note: str
    review_reason: str
    review_analyst: str
    review_submit: str
    review_audit: str
    decision_form: str
    decision_choice: str
    decision_conditions: str
    decision_reason: str
    decision_analyst: str
    decision_submit: str

    @classmethod
    def of(cls, page: str) -> ReviewKeys:
        """Every key named ``<page>_<field>``."""
        names = [f.name for f in fields(cls) if f.name != "page"]
        return cls(page, **{name: f"{page}_{name}" for name in names})


SCORECARD_REVIEW = ReviewKeys.of("scorecard")
REGISTER_REVIEW = ReviewKeys.of("register")


@dataclass
class RunError:
    """Why the last run did not happen, shown beside the input it concerns (``where``: answers or bank)."""

    where: str
    message: str


@dataclass
class LastRun:
    """What the last run read: its source, example key and evidence problems by document id."""

    source: str
    example: str
    problems: dict[str, str]


@dataclass
class Session:
    """Everything the app keeps between reruns that is not a widget's value."""

    assessments: dict[str, pipeline.Assessment] = field(default_factory=dict)  # vendor name -> assessment
    input_problems: dict[str, list[str]] = field(default_factory=dict)  # vendor name -> upload/evidence problems
    register_ids: dict[str, int] = field(default_factory=dict)  # vendor name -> its assessment's id in the register
    calls: dict[str, int] = field(default_factory=lambda: {"prepare": 0, "score": 0})
    applied_settings: dict[str, float] = field(default_factory=dict)
    applied_as_of: datetime.date = field(default_factory=datetime.date.today)
    run_error: RunError | None = None
    last_run: LastRun | None = None
    run_requested: bool = False
    apply_requested: bool = False
    custom_bank: dict[str, Any] | None = None  # {'id', 'name', 'bank' | 'error'} of the uploaded bank
    answers_mapping: dict[str, Any] | None = None  # {'id', 'preview'} of the uploaded answers file
    register_problem: str | None = None  # why the register could not be opened or written
    message: tuple[str, str] | None = None  # (kind, text) of the last review or decision, shown once
    decision_filled_for: dict[str, tuple] = field(default_factory=dict)  # page -> what its decision form holds
    compare_known: list[str] = field(default_factory=list)  # vendors the Compare picker has already offered


SESSION_KEY = "app_session"


def session() -> Session:
    """This browser session's ``Session`` (created on first use)."""
    state = st.session_state
    if SESSION_KEY not in state:
        state[SESSION_KEY] = Session()
    return state[SESSION_KEY]


def widget(key: str, default: Any = None) -> Any:
    """A widget's current value (``key``: a ``Key`` or ``ReviewKeys`` field)."""
    return st.session_state.get(key, default)


def set_widget(key: str, value: Any) -> None:
    st.session_state[key] = value


def default_widget(key: str, value: Any) -> None:
    """A widget's starting value, unless it already has one."""
    st.session_state.setdefault(key, value)


def forget_widget(key: str) -> None:
    st.session_state.pop(key, None)
