"""What the app loads once and shares across reruns and sessions: the model, banks, examples, the register."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from app_views.state import Key, session, widget
from assessor import app_support as ui
from assessor import pipeline
from assessor.onnx_backend import resolve_backend
from assessor.register.location import register_url
from assessor.register.store import Register
from question_bank import QuestionBank, load_bank, load_catalog
from question_bank.catalog import Catalog
from scoring.config import ScoringConfig, load_config


@st.cache_resource(show_spinner=False)  # the run's progress bar says it is loading
def _engine(backend: str) -> pipeline.Engine:
    return pipeline.Engine.load(backend=backend)


def engine(backend: str | None = None) -> pipeline.Engine:
    """The model on ``backend`` (default: the one chosen in the sidebar), loaded once per server."""
    return _engine(resolve_backend(backend or widget(Key.BACKEND)))


@st.cache_resource
def default_bank() -> QuestionBank:
    return load_bank()


@st.cache_resource
def catalog() -> Catalog:
    return load_catalog()


@st.cache_data
def examples() -> dict[str, ui.ExampleVendor]:
    return {example.key: example for example in ui.example_vendors()}


def current_config() -> ScoringConfig:
    """The scoring config with the settings the analyst applied."""
    return load_config(overrides=ui.overrides_from(session().applied_settings))


@st.cache_resource(show_spinner=False)
def _register_engine(url: str) -> Engine:
    """The register's database, opened (and its schema brought up to date) once per server for each URL."""
    return Register.open(url).engine


def register(config: ScoringConfig) -> Register:
    """The register at ``$ASSESSOR_REGISTER`` or beside the caches; a RegisterError says why it cannot open."""
    return Register(_register_engine(register_url()), config)
