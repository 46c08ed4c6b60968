"""Analyst app (Streamlit): assess a vendor, understand every score, compare vendors, take the results away.

A thin view over the assessor library; tables, highlighting, chart data, upload checks and settings helpers
live in ``assessor.app_support``. Expensive work happens once: the model is a cached resource, each vendor's
``PreparedVendor`` (answers read, evidence read and embedded) stays in session state, and changing the
settings only calls ``pipeline.score`` again. Filters and selections never recompute an assessment.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
import time
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from app_views import register as register_views
from assessor import app_mapping, exports, pipeline
from assessor import app_support as ui
from assessor.answers import LayoutOverrides
from assessor.errors import InputError
from question_bank import MissingIsoIds, load_bank, load_catalog
from scoring.config import load_config

st.set_page_config(page_title="AI vendor due-diligence assessor", layout="wide")

RATING_DELTA = {"strong": "green", "adequate": "green", "weak": "orange", "insufficient": "red"}
SETTING_SECTIONS = {"overall": "Overall score", "rating": "Rating bands", "flags": "Flags", "evidence": "Evidence"}
TABS = ("Assess", "Scorecard", "Charts", "Compare", "Downloads", "Register")
CSS = """<style>
.vendor-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.65; padding: .65rem .85rem;
  border-radius: .5rem; background: rgba(127,127,127,.07); border: 1px solid rgba(127,127,127,.25); }
.vendor-text.empty { color: rgba(127,127,127,.9); font-style: italic; }
.vendor-text.small { font-size: .9rem; line-height: 1.5; }
.vendor-text mark { color: inherit; padding: 0 .12em; border-radius: .2em; }
.vendor-text mark.hl-pos { background: rgba(46,160,67,.25); border-bottom: 2px solid #2ea043; }
.vendor-text mark.hl-neg { background: rgba(229,83,75,.22); border-bottom: 2px solid #e5534b; }
.legend mark { padding: 0 .35em; border-radius: .2em; color: inherit; }
.legend mark.hl-pos { background: rgba(46,160,67,.25); border-bottom: 2px solid #2ea043; }
.legend mark.hl-neg { background: rgba(229,83,75,.22); border-bottom: 2px solid #e5534b; }
.legend { font-size: .85rem; opacity: .85; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600; font-size: .85rem; }
ol.follow-ups li { margin-bottom: .35rem; }
ul.criteria { list-style: none; padding-left: 0; }
ul.criteria li { margin-bottom: .3rem; }
ul.criteria .met, ul.criteria .missed, ul.criteria .also { display: inline-block; min-width: 5.2em;
  font-size: .8rem; font-weight: 600; padding: 0 .4em; border-radius: .3em; margin-right: .3em;
  text-align: center; white-space: nowrap; }
ul.criteria .met { background: rgba(46,160,67,.18); color: #1b873f; }
ul.criteria .missed { background: rgba(229,83,75,.15); color: #c2362f; }
ul.criteria .also { background: rgba(47,129,247,.15); color: #1f6feb; }
</style>"""


# ------------------------------------------------------------------------------------------------
# Cached resources and session state


@st.cache_resource(show_spinner=False)  # the run's progress bar says it is loading
def get_engine() -> pipeline.Engine:
    return pipeline.Engine.load()


@st.cache_resource
def default_bank():
    return load_bank()


@st.cache_data
def examples() -> dict[str, ui.ExampleVendor]:
    return {example.key: example for example in ui.example_vendors()}


def init_state() -> None:
    defaults = ui.default_settings()
    state = st.session_state
    state.setdefault("assessments", {})  # vendor name -> pipeline.Assessment (holds its PreparedVendor)
    state.setdefault("input_problems", {})  # vendor name -> upload rejections and evidence problems
    state.setdefault("calls", {"prepare": 0, "score": 0})
    state.setdefault("applied_settings", dict(defaults))
    state.setdefault("applied_as_of", ui.today())
    state.setdefault("run_error", None)
    for key, value in defaults.items():
        state.setdefault(key, value)
    state.setdefault("as_of", state["applied_as_of"])
    state.setdefault("source", "Example vendor")
    state.setdefault("bank_source", "Default bank")
    if "example" not in state and examples():
        state["example"] = next(iter(examples()))
    if "vendor_name" not in state:
        example = examples().get(state.get("example", ""))
        state["vendor_name"] = example.name if example else ""


def current_config():
    return load_config(overrides=ui.overrides_from(st.session_state["applied_settings"]))


def current_assessment() -> pipeline.Assessment | None:
    assessments = st.session_state["assessments"]
    name = st.session_state.get("current")
    if name in assessments:
        return assessments[name]
    return next(reversed(assessments.values()), None)


def clear_run_error() -> None:
    """A changed input makes the last run's error stale."""
    st.session_state["run_error"] = None


def sync_vendor_name() -> None:
    """Picking an example names the vendor after it."""
    clear_run_error()
    example = examples().get(st.session_state.get("example", ""))
    if st.session_state.get("source") == "Example vendor" and example:
        st.session_state["vendor_name"] = example.name


def request_run() -> None:
    st.session_state["run_requested"] = True


def show_problem(message: str, error: bool = False) -> None:
    (st.error if error else st.warning)(ui.md_escape(message))


# ------------------------------------------------------------------------------------------------
# Running an assessment


def chosen_bank():
    """The uploaded bank when one is chosen and valid (None: the default bank)."""
    if st.session_state.get("bank_source") != "Upload a bank":
        return None
    loaded = st.session_state.get("custom_bank")
    return loaded.get("bank") if loaded else None


def load_uploaded_bank(upload) -> dict:
    """Validate an uploaded bank once per file: {'id', 'name', 'bank'} or {'id', 'name', 'error'}."""
    folder = Path(tempfile.mkdtemp(prefix="assessor-bank-"))
    try:
        saved, rejected = ui.save_uploads(folder, [ui.Upload(upload.name, upload.getvalue())], ui.BANK_SUFFIXES)
        if rejected:
            return {"id": upload.file_id, "name": upload.name, "error": rejected[0]}
        try:
            try:
                bank = load_bank(saved[0].path, catalog=load_catalog())
            except MissingIsoIds:  # a buyer's bank without ISO ids: the matcher suggests them
                bank = load_bank(saved[0].path, catalog=load_catalog(), suggest_with=get_engine().embedder)
        except InputError as exc:
            return {"id": upload.file_id, "name": upload.name, "error": str(exc)}
        return {"id": upload.file_id, "name": upload.name, "bank": bank}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_assessment() -> None:
    """Read, embed and score one vendor with visible progress; keep the result in session state."""
    state = st.session_state
    state["run_error"] = None
    source_is_example = state.get("source") == "Example vendor"
    example = examples().get(state.get("example", "")) if source_is_example else None
    vendor = " ".join(str(state.get("vendor_name") or "").split())
    upload = state.get("answers_upload")
    if not vendor:
        vendor = example.name if example else (Path(upload.name).stem if upload else "Vendor")
    if state.get("bank_source") == "Upload a bank" and chosen_bank() is None:
        state["run_error"] = {"where": "bank", "message": "Choose a valid question bank file, or use the default bank."}
        return
    folder = Path(tempfile.mkdtemp(prefix="assessor-session-"))  # this session's uploads, removed below
    rejected: list[str] = []
    started = time.monotonic()
    try:
        with st.status(f"Assessing {ui.md_escape(vendor)}…", expanded=True) as status:
            if example:
                answers_path, evidence_paths = example.answers, list(example.evidence)
            else:
                if upload is None:
                    state["run_error"] = {"where": "answers", "message": "Upload the vendor's answers file first."}
                    status.update(label="No answers file", state="error")
                    return
                saved, problems = ui.save_uploads(
                    folder / "answers", [ui.Upload(upload.name, upload.getvalue())], ui.ANSWER_SUFFIXES
                )
                if problems:
                    state["run_error"] = {"where": "answers", "message": problems[0]}
                    status.update(label="The answers file cannot be used", state="error")
                    return
                answers_path = saved[0].path
                evidence_uploads = [ui.Upload(f.name, f.getvalue()) for f in state.get("evidence_upload") or []]
                saved_evidence, rejected = ui.save_uploads(folder / "evidence", evidence_uploads, ui.EVIDENCE_SUFFIXES)
                evidence_paths = [item.path for item in saved_evidence]
            bar = st.progress(0.0, text="Loading the language model")
            engine = get_engine()

            def progress(step: str, fraction: float) -> None:
                bar.progress(max(0.0, min(1.0, fraction)), text=step[:1].upper() + step[1:])

            layout = None if example else chosen_layout(upload)
            prepared = pipeline.prepare(
                vendor, answers_path, evidence_paths, engine, bank=chosen_bank(), progress=progress, layout=layout
            )
            state["calls"]["prepare"] += 1
            assessment = pipeline.score(prepared, engine, current_config(), state["applied_as_of"], progress=progress)
            state["calls"]["score"] += 1
            register_views.record_run(assessment)  # a register failure is a warning; the result is kept
            elapsed = time.monotonic() - started
            status.update(label=f"Assessed {ui.md_escape(vendor)} in {elapsed:.0f} s", state="complete")
    except InputError as exc:
        state["run_error"] = {"where": "answers", "message": str(exc)}
        return
    except Exception as exc:  # a bug or an unexpected file: say so next to the inputs, keep the session
        logging.getLogger(__name__).exception("assessment of %s failed", vendor)
        state["run_error"] = {"where": "answers", "message": f"The assessment stopped: {type(exc).__name__}: {exc}"}
        return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    problems = rejected + [p.message for p in assessment.prepared.evidence.problems]
    state["assessments"][vendor] = assessment
    state["input_problems"][vendor] = problems
    state["last_run"] = {
        "source": "example" if example else "upload",
        "example": example.key if example else "",
        "problems": {p.doc_id: p.message for p in assessment.prepared.evidence.problems},  # uploads: doc_id == name
    }
    state["current"] = vendor
    state["nav"] = "Scorecard"
    st.rerun()


def rescore_all() -> None:
    """Apply new settings to every vendor of the session: score again, never prepare again."""
    state = st.session_state
    if not state["assessments"]:
        return
    engine = get_engine()
    config = current_config()
    with st.spinner("Re-scoring with the new settings…"):
        for name, assessment in list(state["assessments"].items()):
            state["assessments"][name] = pipeline.score(assessment.prepared, engine, config, state["applied_as_of"])
            state["calls"]["score"] += 1
            register_views.record_run(state["assessments"][name])  # the register holds what the scorecard shows


# ------------------------------------------------------------------------------------------------
# Sidebar: vendor picker and settings


def reset_settings() -> None:
    for key, value in ui.default_settings().items():
        st.session_state[key] = value
    st.session_state["as_of"] = ui.today()
    st.session_state["apply_requested"] = True


def sidebar() -> None:
    state = st.session_state
    with st.sidebar:
        names = list(state["assessments"])
        if names:
            if state.get("current") not in names:
                state["current"] = names[-1]
            st.selectbox("Vendor shown", names, key="current", help="Vendors assessed in this session")
        st.header("Scoring settings")
        with st.form("settings", border=False):
            section = None
            for setting in ui.SETTINGS:
                if setting.path[0] != section:
                    section = setting.path[0]
                    st.caption(SETTING_SECTIONS.get(section, section))
                fmt = "%.2f" if setting.step < 1 else "%.0f"
                st.number_input(
                    setting.label,
                    min_value=setting.minimum,
                    max_value=setting.maximum,
                    step=setting.step,
                    format=fmt,
                    key=setting.key,
                    help=setting.help,
                )
            st.date_input("Assess as of", key="as_of", help="Reference date for stale or expired evidence")
            applied = st.form_submit_button("Apply and re-score", type="primary", key="apply_settings")
        st.button("Reset to defaults", key="reset_settings", on_click=reset_settings)
        if applied or state.pop("apply_requested", False):
            values = {s.key: float(state[s.key]) for s in ui.SETTINGS}
            problems = ui.validate_settings(values)
            if problems:
                for problem in problems:
                    st.error(problem)
            else:
                state["applied_settings"] = values
                state["applied_as_of"] = state["as_of"]
                rescore_all()
                st.success("Settings applied." if state["assessments"] else "Settings saved for the next run.")
        changed = ui.changed_settings(state["applied_settings"])
        st.caption(
            "In force: " + ("; ".join(changed) if changed else "the defaults") + f"; as of {state['applied_as_of']}"
        )


# ------------------------------------------------------------------------------------------------
# Assess tab


def assess_tab() -> None:
    state = st.session_state
    error = state.get("run_error")
    last = state.get("last_run") or {}
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("1 · Answers and evidence")
        st.radio(
            "Inputs", ["Example vendor", "Upload files"], key="source", horizontal=True, on_change=sync_vendor_name
        )
        if state["source"] == "Example vendor":
            options = examples()
            st.selectbox(
                "Example vendor",
                list(options),
                key="example",
                format_func=lambda key: options[key].name,
                on_change=sync_vendor_name,
            )
            example = options.get(state.get("example", ""))
            if example:
                st.caption(
                    ui.md_escape(
                        f"{example.description} Answers: {example.answers.name}; "
                        f"{len(example.evidence)} evidence files."
                    )
                )
                if last.get("source") == "example" and last.get("example") == example.key:
                    for message in last["problems"].values():
                        show_problem(message)
            if error and error["where"] == "answers":
                show_problem(error["message"], error=True)
        else:
            upload = st.file_uploader(
                "Answers file (" + ui.suffix_list(ui.ANSWER_SUFFIXES) + ")",
                type=[suffix.lstrip(".") for suffix in ui.ANSWER_SUFFIXES],
                key="answers_upload",
                on_change=clear_run_error,
            )
            if upload is not None:
                problem = ui.check_upload(ui.safe_filename(upload.name), upload.getvalue()[:65536], ui.ANSWER_SUFFIXES)
                if problem:
                    show_problem(problem, error=True)
                else:
                    mapping_step(upload)
            if error and error["where"] == "answers":
                show_problem(error["message"], error=True)
            files = st.file_uploader(
                "Evidence files (" + ui.suffix_list(ui.EVIDENCE_SUFFIXES) + ")",
                type=[suffix.lstrip(".") for suffix in ui.EVIDENCE_SUFFIXES],
                accept_multiple_files=True,
                key="evidence_upload",
                on_change=clear_run_error,
            )
            for item in files or []:
                name = ui.safe_filename(item.name)
                problem = ui.check_upload(name, item.getvalue()[:65536], ui.EVIDENCE_SUFFIXES)
                if problem:
                    show_problem(problem + " — it will be left out.")
                elif last.get("source") == "upload" and name in last["problems"]:
                    show_problem(last["problems"][name] + " — it was left out of the last run.")
        st.subheader("2 · Question bank")
        bank = default_bank()
        st.radio(
            "Question bank",
            ["Default bank", "Upload a bank"],
            key="bank_source",
            on_change=clear_run_error,
            horizontal=True,
            captions=[f"{bank.name} {bank.version}, {len(bank.questions)} questions", "YAML, CSV or XLSX"],
            label_visibility="collapsed",
        )
        if state["bank_source"] == "Upload a bank":
            bank_upload = st.file_uploader(
                "Question bank file", type=["yaml", "yml", "csv", "xlsx"], key="bank_upload", on_change=clear_run_error
            )
            if bank_upload is None:
                state.pop("custom_bank", None)
            else:
                loaded = state.get("custom_bank")
                if not loaded or loaded["id"] != bank_upload.file_id:
                    loaded = state["custom_bank"] = load_uploaded_bank(bank_upload)
                if "error" in loaded:
                    show_problem(loaded["error"], error=True)
                else:
                    custom = loaded["bank"]
                    st.caption(ui.md_escape(f"{custom.name} {custom.version}: {len(custom.questions)} questions"))
                    for line in custom.mapping:
                        st.caption(ui.md_escape(line))
                    if custom.suggested:
                        show_problem(
                            f"{len(custom.suggested)} questions have no ISO/IEC 42001 ids: the ids below are "
                            "suggested by the clause matcher; please confirm them."
                        )
                        st.dataframe(ui.suggestion_frame(custom), hide_index=True)
            if error and error["where"] == "bank":
                show_problem(error["message"], error=True)
        st.subheader("3 · Vendor")
        st.text_input("Vendor name", key="vendor_name", max_chars=120)
        st.button("Run assessment", type="primary", key="run", on_click=request_run)
    with right:
        st.subheader("Assessed in this session")
        if not state["assessments"]:
            st.caption("None yet. Load an example vendor or upload a vendor's files, then run the assessment.")
        for name, assessment in state["assessments"].items():
            with st.container(border=True):
                result = assessment.result
                st.markdown(f"**{ui.md_escape(name)}**")
                st.html(
                    f"{badge(result.rating)} &nbsp; overall {result.overall:.1f} · {result.red_flags} red flags · "
                    f"{len(assessment.prepared.evidence.documents)} evidence files"
                )
                for problem in state["input_problems"].get(name, []):
                    show_problem(problem)


MAPPING_KEYS = {key: f"map_{key}" for key in app_mapping.OVERRIDE_KEYS}


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


def chosen_layout(upload) -> LayoutOverrides | None:
    """The analyst's corrections for this upload, if any."""
    mapping = st.session_state.get("answers_mapping")
    if upload is None or not mapping or mapping["id"] != upload.file_id:
        return None
    return mapping["preview"].overrides or None


def apply_mapping() -> None:
    state = st.session_state
    values = {key: state.get(widget) for key, widget in MAPPING_KEYS.items()}
    upload = state.get("answers_upload")
    if upload is not None:
        overrides = app_mapping.overrides_from(values)
        state["answers_mapping"] = {"id": upload.file_id, "preview": read_mapping(upload, overrides)}
    clear_run_error()


def mapping_step(upload) -> None:
    """Show the sheet, header row and columns the reader will use, the first rows, and boxes to correct them."""
    state = st.session_state
    mapping = state.get("answers_mapping")
    if not mapping or mapping["id"] != upload.file_id:
        for widget in MAPPING_KEYS.values():
            state.pop(widget, None)
        mapping = state["answers_mapping"] = {"id": upload.file_id, "preview": read_mapping(upload, LayoutOverrides())}
    preview: app_mapping.MappingPreview = mapping["preview"]
    title = "Column mapping: " + (
        "needs your help"
        if preview.error
        else f"{preview.rows} answer rows" + (" (corrected)" if preview.overrides else "")
    )
    with st.expander(title, expanded=bool(preview.error or preview.overrides)):
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
        choices = preview.sheets[0].choices if preview.sheets else {}
        sheets = [app_mapping.DETECTED, *preview.sheet_names]
        for key in app_mapping.ROLE_LABELS:  # a column the new header row no longer has
            if state.get(MAPPING_KEYS[key]) not in (app_mapping.DETECTED, None, *choices):
                state.pop(MAPPING_KEYS[key])
        if state.get(MAPPING_KEYS["sheet"]) not in sheets:
            state.pop(MAPPING_KEYS["sheet"], None)
        with st.form("mapping", border=False):
            left, right = st.columns(2)
            left.selectbox(
                "Sheet",
                sheets,
                key=MAPPING_KEYS["sheet"],
                format_func=lambda name: name or "every sheet with questions (detected)",
                disabled=not preview.sheet_names,
            )
            right.number_input(
                "Header row (0 = detect)", min_value=0, max_value=10_000, step=1, key=MAPPING_KEYS["header_row"]
            )
            columns = []
            for key, label in app_mapping.ROLE_LABELS.items():
                columns = columns or list(st.columns(3))
                columns.pop(0).selectbox(
                    label,
                    [app_mapping.DETECTED, *choices],
                    key=MAPPING_KEYS[key],
                    format_func=lambda letter: choices.get(letter, "detected"),
                )
            st.form_submit_button("Apply mapping", key="apply_mapping", on_click=apply_mapping)


def badge(rating: str) -> str:
    background, text = ui.RATING_COLOURS.get(rating, ui.RATING_COLOURS["unscored"])
    return f'<span class="badge" style="background:{background};color:{text}">{rating}</span>'


# ------------------------------------------------------------------------------------------------
# Scorecard tab


def select_from_table(key: str, ids: list[str]) -> None:
    """A row picked in the table opens that question's details."""
    selection = st.session_state.get(key)
    rows = selection.selection.rows if selection else []
    if rows and rows[0] < len(ids):
        st.session_state["detail_qid"] = ids[rows[0]]


def scorecard_tab(assessment: pipeline.Assessment, register=None) -> None:
    state = st.session_state
    result, config = assessment.result, assessment.config
    catalog = load_catalog()
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
    problems = state["input_problems"].get(result.vendor, [])
    if problems:
        with st.expander(f"{len(problems)} file problem(s): these files were not used", expanded=True):
            for problem in problems:
                show_problem(problem)
    layout = assessment.prepared.sheet.mapping_lines()
    with st.expander(f"How the vendor's rows were read ({len(result.notes)} notes)"):
        for line in layout:
            st.markdown("- " + ui.md_escape(line))
        if result.notes:
            st.dataframe(pd.DataFrame({"Note": list(result.notes)}), hide_index=True)

    frame = ui.scorecard_frame(result, config["flags"]["red"])
    f1, f2, f3 = st.columns(3)
    categories = f1.multiselect("Category", list(dict.fromkeys(frame["Category"])), key="filter_category")
    ratings = f2.multiselect("Rating", list(ui.RATINGS), key="filter_rating")
    options = ui.flag_options(result)
    flag_help = ui.flag_help(code for code in options if code != ui.NO_FLAGS)
    flags = f3.multiselect("Flag", options, key="filter_flag", format_func=ui.flag_label, help=flag_help or None)
    shown = ui.filter_scorecard(frame, categories, ratings, flags)
    ids = list(shown["ID"])
    table_key = f"scorecard_table_{abs(hash((result.vendor, tuple(categories), tuple(ratings), tuple(flags))))}"
    styled = shown[list(ui.TABLE_COLUMNS)].style.map(ui.rating_cell_style, subset=["Rating"])
    height = min(36 + 35 * max(len(shown), 1), 36 + 35 * 15) + 2
    score_column = {"min_value": 0, "max_value": 100, "format": "%.0f", "width": "small"}
    st.dataframe(
        styled,
        hide_index=True,
        height=height,
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
    if result.unmatched:
        with st.expander(f"{len(result.unmatched)} answer row(s) matched no question"):
            st.dataframe(ui.unmatched_frame(result), hide_index=True)

    st.divider()
    by_id = {r.question.id: r for r in result.questions}
    if state.get("detail_qid") not in by_id:
        state["detail_qid"] = ids[0] if ids else result.questions[0].question.id
    st.selectbox(
        "Question details",
        list(by_id),
        key="detail_qid",
        format_func=lambda qid: ui.question_label(by_id[qid]),
    )
    question_details(by_id[state["detail_qid"]], catalog, config)
    register_views.show_message()
    register_views.review_section(register, assessment, by_id[state["detail_qid"]], current_config())
    st.divider()
    register_views.decision_section(register, assessment, current_config())


def question_details(r, catalog, config) -> None:
    red = set(config["flags"]["red"])
    st.html(
        f"<div>{badge(r.rating)} &nbsp;<b>{html.escape(r.question.id)}</b> · "
        f"{html.escape(r.category_title)}</div>"
        f"<div style='font-size:1.15rem;font-weight:600;margin-top:.3rem'>{html.escape(r.question.text)}</div>"
    )
    cols = st.columns(4)
    cols[0].metric("Overall", f"{r.overall:.1f}")
    cols[1].metric("Specificity", f"{r.specificity.score:.0f}", help="How concrete the answer is (0-100)")
    cols[2].metric("Evidence", f"{r.evidence.score:.0f}", help="How well the attached documents back it (0-100)")
    cols[3].metric("Clause coverage", f"{r.coverage:.0f}", help="Share of the expected ISO 42001 clauses addressed")
    for flag in r.flags:
        text = f"**{ui.md_escape(ui.flag_label(flag.code))}**: {ui.md_escape(flag.reason)}"
        (st.error if flag.code in red else st.warning)(text)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### Answer")
        where = f"row {r.answer_row} of the vendor's file" if r.answer_row else "no answer row"
        note = f" · {r.alignment_note}" if r.alignment_note and r.alignment_note != where else ""
        st.caption(ui.md_escape(where + note))
        st.html(ui.highlight_answer(r.answer, r.specificity.hits))
        if r.specificity.hits:
            st.html(
                '<div class="legend"><mark class="hl-pos">counts for the answer</mark> '
                '<mark class="hl-neg">counts against it</mark> — hover a highlight to see why</div>'
            )
            with st.expander("Signals found in the answer"):
                st.dataframe(ui.signal_frame(r), hide_index=True)
                st.caption(f"Base points for length: {r.specificity.base:g}")
        if r.evidence_refs:
            st.caption("Evidence the vendor cites")
            st.html(ui.escaped_block(r.evidence_refs, "vendor-text small"))
        with st.expander("How the overall score adds up"):
            st.dataframe(ui.score_lines_frame(r.overall_lines), hide_index=True)
            st.caption("Evidence score")
            st.dataframe(ui.score_lines_frame(r.evidence.lines), hide_index=True)
    with right:
        st.markdown("##### What a specific answer names")
        met, missed = ui.criteria_lists(r)
        items = [
            f'<li><span class="met">✓ met</span> {html.escape(name)}: <i>“{html.escape(words)}”</i></li>'
            for name, words in met
        ]
        items += [f'<li><span class="missed">✗ missing</span> {html.escape(name)}</li>' for name in missed]
        st.html(f'<ul class="criteria">{"".join(items)}</ul>' if items else "<i>This question lists no criteria.</i>")
        st.markdown("##### ISO/IEC 42001 clauses")
        clauses = ui.clause_list_html(r, catalog)
        if clauses:
            st.html(clauses)
        else:
            st.caption("This question maps to no clause.")

    contradicted = ui.contradictions(r)
    if contradicted:
        st.markdown("##### Contradictions")
        for check in contradicted:
            with st.container(border=True):
                a, b = st.columns(2)
                with a:
                    st.caption("The answer says")
                    st.html(ui.mark_in_context(r.answer, check.start, check.end))
                with b:
                    st.caption(ui.md_escape(f"The evidence says ({check.citation})"))
                    st.html(ui.escaped_block(check.evidence_text or "(no sentence recorded)"))
                st.caption(ui.md_escape(check.explanation))
    st.markdown("##### Supporting evidence")
    views = ui.passages(r)
    if not views:
        st.caption("No passage in the evidence supports this answer.")
    for view in views:
        with st.container(border=True):
            st.caption(ui.md_escape(f"{view.document} — page {view.page} · similarity {view.similarity:.2f}"))
            st.html(ui.escaped_block(view.text, "vendor-text small"))
    if r.evidence.checks:
        with st.expander(f"Facts checked against the evidence ({len(r.evidence.checks)})"):
            st.dataframe(ui.claim_frame(r), hide_index=True)
    for stale in r.evidence.stale:
        st.warning(ui.md_escape(f"Out of date: {stale.doc} — {stale.reason}"))

    st.markdown("##### Follow-up questions")
    if r.follow_ups:
        items = "".join(f"<li>{html.escape(text)}</li>" for text in r.follow_ups)
        st.html(f'<ol class="follow-ups">{items}</ol>')
    else:
        st.caption("None: the answer leaves nothing to ask.")


# ------------------------------------------------------------------------------------------------
# Charts, Compare, Downloads


def rating_scale() -> alt.Scale:
    return alt.Scale(domain=list(ui.RATINGS), range=[ui.RATING_COLOURS[r][0] for r in ui.RATINGS])


def charts_tab(assessment: pipeline.Assessment) -> None:
    result, config = assessment.result, assessment.config
    catalog = load_catalog()
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Category scores")
        data = ui.category_frame(result, config)
        chart = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("Category:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
                color=alt.Color("Rating:N", scale=rating_scale(), legend=alt.Legend(orient="top", title=None)),
                tooltip=["Category", alt.Tooltip("Score:Q", format=".1f"), "Rating"],
            )
            .properties(height=alt.Step(26))
        )
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


def compare_tab() -> None:
    assessments = st.session_state["assessments"]
    if len(assessments) < 2:
        st.info("Assess at least two vendors in this session (for example both example vendors) to compare them.")
    if not assessments:
        return
    state = st.session_state
    known = state.get("compare_known", [])
    chosen_before = [name for name in state.get("compare_vendors", []) if name in assessments]
    state["compare_vendors"] = chosen_before + [name for name in assessments if name not in known]
    state["compare_known"] = list(assessments)
    chosen = st.multiselect("Vendors", list(assessments), key="compare_vendors")
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
        chart = (
            alt.Chart(long)
            .mark_bar()
            .encode(
                x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("Category:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
                yOffset="Vendor:N",
                color=alt.Color("Vendor:N", legend=alt.Legend(orient="top", title=None)),
                tooltip=["Vendor", "Category", alt.Tooltip("Score:Q", format=".1f")],
            )
            .properties(height=alt.Step(12))
        )
        st.altair_chart(chart, width="stretch")
        with st.expander("Category scores as a table"):
            st.dataframe(ui.compare_categories(picked))
    with right:
        st.subheader("Red flags")
        red = picked[0].config["flags"]["red"]
        st.dataframe(ui.compare_flags(picked, red))
        st.caption("Number of questions carrying each red flag.")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_row(buttons: list[tuple[str, object, str, str, str]]) -> None:
    """A row of download buttons: (label, data callable, file name, mime type, widget key)."""
    for column, (label, data, file_name, mime, key) in zip(st.columns(3), buttons):
        column.download_button(
            label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore", width="stretch"
        )


def downloads_tab(assessment: pipeline.Assessment | None) -> None:
    if assessment is not None:
        result = assessment.result
        name = ui.slug(result.vendor)
        st.subheader(f"Results for {ui.md_escape(result.vendor)}")
        download_row(
            [
                ("Scorecard (CSV)", lambda: pipeline_csv(assessment), f"{name}-scorecard.csv", "text/csv",
                 "download_csv"),
                ("Scorecard workbook (XLSX)", lambda: exports.xlsx_bytes(assessment), f"{name}-scorecard.xlsx",
                 XLSX_MIME, "download_xlsx"),
                ("Full report (JSON)", lambda: exports.report_json(assessment).encode("utf-8"),
                 f"{name}-report.json", "application/json", "download_json"),
            ]
        )  # fmt: skip
        st.subheader("Follow-up questions to send")
        download_row(
            [
                ("Follow-ups (TXT)", lambda: ui.follow_up_text(result).encode("utf-8"), f"{name}-follow-ups.txt",
                 "text/plain", "download_followups_txt"),
                ("Follow-ups (CSV)", lambda: ui.follow_up_csv(result).encode("utf-8-sig"),
                 f"{name}-follow-ups.csv", "text/csv", "download_followups_csv"),
            ]
        )  # fmt: skip
        st.subheader("Report and follow-up workbook")
        register_views.report_downloads(assessment, current_config())
        with st.expander("Preview the follow-up letter"):
            st.code(ui.follow_up_text(result), language=None, wrap_lines=True)
    else:
        st.info("Run an assessment to download its scorecard, report and follow-up questions.")
    st.subheader("Blank questionnaire")
    bank = assessment.prepared.bank if assessment else (chosen_bank() or default_bank())
    st.caption(ui.md_escape(f"{bank.name} {bank.version}: {len(bank.questions)} questions, for vendors to fill in"))
    stem = f"{ui.slug(bank.name)}-questionnaire"
    download_row(
        [
            ("Questionnaire (XLSX)", lambda: ui.questionnaire_bytes(bank, ".xlsx"), f"{stem}.xlsx", XLSX_MIME,
             "download_questionnaire_xlsx"),
            ("Questionnaire (CSV)", lambda: ui.questionnaire_bytes(bank, ".csv"), f"{stem}.csv", "text/csv",
             "download_questionnaire_csv"),
        ]
    )  # fmt: skip


def pipeline_csv(assessment: pipeline.Assessment) -> bytes:
    return exports.scorecard_csv(assessment.result).encode("utf-8-sig")


# ------------------------------------------------------------------------------------------------
# The page


def main() -> None:
    st.html(CSS)
    init_state()
    if st.session_state.pop("run_requested", False):
        run_assessment()
    sidebar()
    st.title("AI vendor due-diligence assessor")
    st.caption(
        "Judge an AI vendor's questionnaire answers and evidence against ISO/IEC 42001. "
        "Everything runs on this machine; nothing is sent anywhere."
    )
    assessment = current_assessment()
    register = register_views.open_register(current_config())  # one register for this script run
    try:
        register_views.show_problem()
        tabs = st.tabs(list(TABS), key="nav", on_change="rerun")
        with tabs[0]:
            assess_tab()
        for tab, render in zip(tabs[1:3], (lambda shown: scorecard_tab(shown, register), charts_tab)):
            with tab:
                if assessment is None:
                    st.info("Run an assessment in the Assess tab first.")
                else:
                    render(assessment)
        with tabs[3]:
            compare_tab()
        with tabs[4]:
            downloads_tab(assessment)
        with tabs[5]:
            register_views.register_tab(register)
    finally:
        if register is not None:
            register.close()


main()
