"""The column-mapping step of an uploaded answers file: what the reader will use, its first rows, corrections."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st

from app_views.presentation import show_problem
from app_views.state import Key, forget_widget, mapping_key, session, widget
from assessor import app_mapping
from assessor import app_support as ui
from assessor.answers import LayoutOverrides


def read_mapping(upload, overrides: LayoutOverrides) -> app_mapping.MappingPreview:
    """How the uploaded answers file reads with ``overrides``; the saved copy is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="assessor-mapping-"))
    try:
        saved, problems = ui.save_uploads(folder, [ui.Upload(upload.name, upload.getvalue())], ui.ANSWER_SUFFIXES)
        if problems:
            return app_mapping.MappingPreview(overrides, error=problems[0])
        return app_mapping.preview_mapping(saved[0].path, overrides)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def apply_mapping() -> None:
    data = session()
    upload = widget(Key.ANSWERS_UPLOAD)
    if upload is not None:
        values = {key: widget(mapping_key(key)) for key in app_mapping.OVERRIDE_KEYS}
        overrides = app_mapping.overrides_from(values)
        data.answers_mapping = {"id": upload.file_id, "preview": read_mapping(upload, overrides)}
    data.run_error = None


def mapping_step(upload) -> None:
    """Show the sheet, header row and columns the reader will use, the first rows, and boxes to correct them."""
    data = session()
    mapping = data.answers_mapping
    if not mapping or mapping["id"] != upload.file_id:
        for key in app_mapping.OVERRIDE_KEYS:
            forget_widget(mapping_key(key))
        mapping = data.answers_mapping = {"id": upload.file_id, "preview": read_mapping(upload, LayoutOverrides())}
    preview: app_mapping.MappingPreview = mapping["preview"]
    rows = f"{preview.rows} answer rows" + (" (corrected)" if preview.overrides else "")
    with st.expander("Column mapping: " + ("needs your help" if preview.error else rows),
                     expanded=bool(preview.error or preview.overrides)):  # fmt: skip
        if preview.error:
            show_problem(preview.error + " Correct the mapping below.", error=True)
        for line in preview.lines:
            st.markdown("- " + ui.md_escape(line))
        for note in preview.notes[:20]:
            st.caption(ui.md_escape(note))
        for sheet in preview.sheets:
            where = f"Sheet '{sheet.sheet}', " if sheet.sheet else ""
            guessed = " (a guess: set it below)" if preview.error else ""
            shown = f"rows under header row {sheet.header_row}{guessed}" if sheet.header_row else "first rows"
            st.caption(ui.md_escape(f"{where}{shown}"))
            st.dataframe(sheet.frame, width="stretch")
        correction_form(preview)


def correction_form(preview: app_mapping.MappingPreview) -> None:
    """Sheet, header row and a column for each role; "detected" keeps what the reader chose."""
    choices = preview.sheets[0].choices if preview.sheets else {}
    sheets = [app_mapping.DETECTED, *preview.sheet_names]
    for key in app_mapping.ROLE_LABELS:  # a column the new header row no longer has
        if widget(mapping_key(key)) not in (app_mapping.DETECTED, None, *choices):
            forget_widget(mapping_key(key))
    if widget(mapping_key("sheet")) not in sheets:
        forget_widget(mapping_key("sheet"))
    with st.form(Key.MAPPING_FORM, border=False):
        left, right = st.columns(2)
        left.selectbox(
            "Sheet",
            sheets,
            key=mapping_key("sheet"),
            format_func=lambda name: name or "every sheet with questions (detected)",
            disabled=not preview.sheet_names,
        )
        right.number_input(
            "Header row (0 = detect)", min_value=0, max_value=10_000, step=1, key=mapping_key("header_row")
        )
        columns = []
        for key, label in app_mapping.ROLE_LABELS.items():
            columns = columns or list(st.columns(3))
            columns.pop(0).selectbox(
                label,
                [app_mapping.DETECTED, *choices],
                key=mapping_key(key),
                format_func=lambda letter: choices.get(letter, "detected"),
            )
        st.form_submit_button("Apply mapping", key=Key.APPLY_MAPPING, on_click=apply_mapping)
