"""The sidebar: the vendor shown, the scoring settings and the as-of date, applied by re-scoring."""

from __future__ import annotations

import streamlit as st

from app_views.run import rescore_all
from app_views.state import Key, default_widget, session, set_widget, widget
from assessor import app_support as ui
from assessor.errors import InputError
from assessor.onnx_backend import BACKENDS, resolve_backend
from scoring.config import load_config

SETTING_SECTIONS = {"overall": "Overall score", "rating": "Rating bands", "flags": "Flags", "evidence": "Evidence"}


def init_settings() -> None:
    """Settings widgets start at the defaults, the as-of date at today."""
    data = session()
    defaults = ui.default_settings()
    if not data.applied_settings:
        data.applied_settings = dict(defaults)
        data.applied_as_of = ui.today()
    for key, value in defaults.items():
        default_widget(key, value)
    default_widget(Key.AS_OF, data.applied_as_of)
    default_widget(Key.BACKEND, resolve_backend())


def reset_settings() -> None:
    for key, value in ui.default_settings().items():
        set_widget(key, value)
    set_widget(Key.AS_OF, ui.today())
    session().apply_requested = True


def sidebar() -> None:
    data = session()
    with st.sidebar:
        names = list(data.assessments)
        if names:
            if widget(Key.CURRENT) not in names:
                set_widget(Key.CURRENT, names[-1])
            st.selectbox("Vendor shown", names, key=Key.CURRENT, help="Vendors assessed in this session")
        st.header("Scoring settings")
        with st.form(Key.SETTINGS_FORM, border=False):
            section = None
            for setting in ui.SETTINGS:
                if setting.path[0] != section:
                    section = setting.path[0]
                    st.caption(SETTING_SECTIONS.get(section, section))
                st.number_input(
                    setting.label,
                    min_value=setting.minimum,
                    max_value=setting.maximum,
                    step=setting.step,
                    format="%.2f" if setting.step < 1 else "%.0f",
                    key=setting.key,
                    help=setting.help,
                )
            st.date_input("Assess as of", key=Key.AS_OF, help="Reference date for stale or expired evidence")
            applied = st.form_submit_button("Apply and re-score", type="primary", key=Key.APPLY_SETTINGS)
        st.button("Reset to defaults", key=Key.RESET_SETTINGS, on_click=reset_settings)
        st.selectbox(
            "Encoding backend",
            BACKENDS,
            key=Key.BACKEND,
            help="How passages are turned into vectors, for the next run: torch (fp32, the measured default) or "
            "onnx-int8 (faster and lighter, but its rankings agree less with fp32; see README). "
            "Vectors of the two are cached apart.",
        )
        if applied or data.apply_requested:
            data.apply_requested = False
            apply_settings()
        changed = ui.changed_settings(data.applied_settings)
        in_force = "; ".join(changed) if changed else "the defaults"
        st.caption(f"In force: {in_force}; as of {data.applied_as_of}")


def apply_settings() -> None:
    """Validate the settings boxes; apply them and re-score every vendor of the session, or say what is wrong."""
    data = session()
    values = {s.key: float(widget(s.key)) for s in ui.SETTINGS}
    problems = ui.validate_settings(values)
    if not problems:
        try:  # the config's own checks (ranges, sums, orderings) have the last word
            load_config(overrides=ui.overrides_from(values))
        except InputError as exc:
            problems = [str(exc)]
    for problem in problems:
        st.error(problem)
    if problems:
        return
    data.applied_settings = values
    data.applied_as_of = widget(Key.AS_OF)
    rescore_all()
    st.success("Settings applied." if data.assessments else "Settings saved for the next run.")
