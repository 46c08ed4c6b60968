"""The Assess tab: the vendor's answers and evidence (an example or uploads), the question bank, name and tier."""

from __future__ import annotations

import streamlit as st

from app_views import resources
from app_views.mapping import mapping_step
from app_views.presentation import badge, show_problem
from app_views.run import DEFAULT_BANK, EXAMPLE_SOURCE, KEEP_TIER, UPLOAD_BANK, UPLOAD_SOURCE, load_uploaded_bank
from app_views.state import Key, default_widget, session, set_widget, widget
from assessor import app_support as ui

SNIFF_BYTES = 65536  # how much of an upload the suffix and signature check reads


def init_inputs() -> None:
    """The inputs start on the first example vendor, named after it, with the default bank."""
    default_widget(Key.SOURCE, EXAMPLE_SOURCE)
    default_widget(Key.BANK_SOURCE, DEFAULT_BANK)
    examples = resources.examples()
    if widget(Key.EXAMPLE) is None and examples:
        set_widget(Key.EXAMPLE, next(iter(examples)))
    if widget(Key.VENDOR_NAME) is None:
        example = examples.get(widget(Key.EXAMPLE, ""))
        set_widget(Key.VENDOR_NAME, example.name if example else "")
        set_widget(Key.RISK_TIER, example.risk_tier if example and example.risk_tier else KEEP_TIER)


def clear_run_error() -> None:
    """A changed input makes the last run's error stale."""
    session().run_error = None


def sync_vendor() -> None:
    """Picking an example names the vendor after it and takes its risk tier."""
    clear_run_error()
    example = resources.examples().get(widget(Key.EXAMPLE, ""))
    if widget(Key.SOURCE) == EXAMPLE_SOURCE and example:
        set_widget(Key.VENDOR_NAME, example.name)
        set_widget(Key.RISK_TIER, example.risk_tier or KEEP_TIER)


def request_run() -> None:
    session().run_requested = True


def assess_tab() -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("1 · Answers and evidence")
        st.radio("Inputs", [EXAMPLE_SOURCE, UPLOAD_SOURCE], key=Key.SOURCE, horizontal=True, on_change=sync_vendor)
        if widget(Key.SOURCE) == EXAMPLE_SOURCE:
            example_inputs()
        else:
            uploaded_inputs()
        st.subheader("2 · Question bank")
        bank_inputs()
        st.subheader("3 · Vendor")
        vendor_inputs()
        st.button("Run assessment", type="primary", key=Key.RUN, on_click=request_run)
    with right:
        session_summary()


def run_error_for(where: str) -> None:
    error = session().run_error
    if error and error.where == where:
        show_problem(error.message, error=True)


def example_inputs() -> None:
    options = resources.examples()
    st.selectbox(
        "Example vendor", list(options), key=Key.EXAMPLE, format_func=lambda key: options[key].name,
        on_change=sync_vendor,
    )  # fmt: skip
    example = options.get(widget(Key.EXAMPLE, ""))
    if example:
        files = f"Answers: {example.answers.name}; {len(example.evidence)} evidence files."
        st.caption(ui.md_escape(f"{example.description} {files}"))
        last = session().last_run
        if last and last.source == "example" and last.example == example.key:
            for message in last.problems.values():
                show_problem(message)
    run_error_for("answers")


def uploaded_inputs() -> None:
    upload = st.file_uploader(
        "Answers file (" + ui.suffix_list(ui.ANSWER_SUFFIXES) + ")",
        type=[suffix.lstrip(".") for suffix in ui.ANSWER_SUFFIXES],
        key=Key.ANSWERS_UPLOAD,
        on_change=clear_run_error,
    )
    if upload is not None:
        problem = ui.check_upload(ui.safe_filename(upload.name), upload.getvalue()[:SNIFF_BYTES], ui.ANSWER_SUFFIXES)
        if problem:
            show_problem(problem, error=True)
        else:
            mapping_step(upload)
    run_error_for("answers")
    files = st.file_uploader(
        "Evidence files (" + ui.suffix_list(ui.EVIDENCE_SUFFIXES) + ")",
        type=[suffix.lstrip(".") for suffix in ui.EVIDENCE_SUFFIXES],
        accept_multiple_files=True,
        key=Key.EVIDENCE_UPLOAD,
        on_change=clear_run_error,
    )
    last = session().last_run
    for item in files or []:
        name = ui.safe_filename(item.name)
        problem = ui.check_upload(name, item.getvalue()[:SNIFF_BYTES], ui.EVIDENCE_SUFFIXES)
        if problem:
            show_problem(problem + " — it will be left out.")
        elif last and last.source == "upload" and name in last.problems:
            show_problem(last.problems[name] + " — it was left out of the last run.")


def bank_inputs() -> None:
    data = session()
    bank = resources.default_bank()
    st.radio(
        "Question bank",
        [DEFAULT_BANK, UPLOAD_BANK],
        key=Key.BANK_SOURCE,
        on_change=clear_run_error,
        horizontal=True,
        captions=[f"{bank.name} {bank.version}, {len(bank.questions)} questions", "YAML, CSV or XLSX"],
        label_visibility="collapsed",
    )
    if widget(Key.BANK_SOURCE) != UPLOAD_BANK:
        return
    bank_upload = st.file_uploader(
        "Question bank file", type=["yaml", "yml", "csv", "xlsx"], key=Key.BANK_UPLOAD, on_change=clear_run_error
    )
    if bank_upload is None:
        data.custom_bank = None
    else:
        if not data.custom_bank or data.custom_bank["id"] != bank_upload.file_id:
            data.custom_bank = load_uploaded_bank(bank_upload)
        if "error" in data.custom_bank:
            show_problem(data.custom_bank["error"], error=True)
        else:
            custom = data.custom_bank["bank"]
            st.caption(ui.md_escape(f"{custom.name} {custom.version}: {len(custom.questions)} questions"))
            for line in custom.mapping:
                st.caption(ui.md_escape(line))
            if custom.suggested:
                show_problem(
                    f"{len(custom.suggested)} questions have no ISO/IEC 42001 ids: the ids below are "
                    "suggested by the clause matcher; please confirm them."
                )
                st.dataframe(ui.suggestion_frame(custom), hide_index=True)
    run_error_for("bank")


def vendor_inputs() -> None:
    tiers = list(resources.current_config()["review_schedule"]["tier_factors"])
    left, right = st.columns([2, 1])
    left.text_input("Vendor name", key=Key.VENDOR_NAME, max_chars=120)
    if widget(Key.RISK_TIER) not in (KEEP_TIER, *tiers):
        set_widget(Key.RISK_TIER, KEEP_TIER)
    right.selectbox(
        "Risk tier",
        [KEEP_TIER, *tiers],
        key=Key.RISK_TIER,
        format_func=lambda tier: tier or "as in the register",
        help="How often the vendor is reviewed: it scales the review schedule after a decision. "
        "'As in the register' keeps the vendor's recorded tier (the config's default for a new vendor).",
    )


def session_summary() -> None:
    data = session()
    st.subheader("Assessed in this session")
    if not data.assessments:
        st.caption("None yet. Load an example vendor or upload a vendor's files, then run the assessment.")
    for name, assessment in data.assessments.items():
        with st.container(border=True):
            result = assessment.result
            st.markdown(f"**{ui.md_escape(name)}**")
            st.html(
                f"{badge(result.rating)} &nbsp; overall {result.overall:.1f} · {result.red_flags} red flags · "
                f"{len(assessment.prepared.evidence.documents)} evidence files"
            )
            for problem in data.input_problems.get(name, []):
                show_problem(problem)
