"""Running an assessment from the Assess tab, re-scoring after new settings, and recording both in the register."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from app_views import resources
from app_views.state import SCORECARD_TAB, Key, LastRun, RunError, session, set_widget, widget
from assessor import app_support as ui
from assessor import pipeline
from assessor.answers import LayoutOverrides
from assessor.errors import InputError
from assessor.evidence import IngestLimits
from assessor.progress import PhaseClock
from assessor.register.errors import RegisterError
from question_bank import MissingIsoIds, QuestionBank, load_bank

log = logging.getLogger(__name__)
EXAMPLE_SOURCE = "Example vendor"
UPLOAD_SOURCE = "Upload files"
UPLOAD_BANK = "Upload a bank"
DEFAULT_BANK = "Default bank"
KEEP_TIER = ""  # the risk-tier choice that keeps the vendor's tier in the register
LOADING = "loading the language model"  # the app's own phases around the pipeline's
RECORDING = "recording in the register"


def chosen_bank() -> QuestionBank | None:
    """The uploaded bank when one is chosen and valid (None: the default bank)."""
    if widget(Key.BANK_SOURCE) != UPLOAD_BANK:
        return None
    loaded = session().custom_bank
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
                bank = load_bank(saved[0].path, catalog=resources.catalog())
            except MissingIsoIds:  # a buyer's bank without ISO ids: the matcher suggests them
                bank = load_bank(saved[0].path, catalog=resources.catalog(), suggest_with=resources.engine().embedder)
        except InputError as exc:
            return {"id": upload.file_id, "name": upload.name, "error": str(exc)}
        return {"id": upload.file_id, "name": upload.name, "bank": bank}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def chosen_layout(upload) -> LayoutOverrides | None:
    """The analyst's column-mapping corrections for this upload, if any."""
    mapping = session().answers_mapping
    if upload is None or not mapping or mapping["id"] != upload.file_id:
        return None
    return mapping["preview"].overrides or None


def vendor_name(example: ui.ExampleVendor | None, upload) -> str:
    name = " ".join(str(widget(Key.VENDOR_NAME) or "").split())
    return name or (example.name if example else (Path(upload.name).stem if upload else "Vendor"))


def run_assessment() -> None:
    """Read, embed and score one vendor with visible progress; keep the result and record it in the register."""
    data = session()
    data.run_error = None
    example = resources.examples().get(widget(Key.EXAMPLE, "")) if widget(Key.SOURCE) == EXAMPLE_SOURCE else None
    upload = widget(Key.ANSWERS_UPLOAD)
    vendor = vendor_name(example, upload)
    if widget(Key.BANK_SOURCE) == UPLOAD_BANK and chosen_bank() is None:
        data.run_error = RunError("bank", "Choose a valid question bank file, or use the default bank.")
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
                    data.run_error = RunError("answers", "Upload the vendor's answers file first.")
                    status.update(label="No answers file", state="error")
                    return
                saved, problems = ui.save_uploads(
                    folder / "answers", [ui.Upload(upload.name, upload.getvalue())], ui.ANSWER_SUFFIXES
                )
                if problems:
                    data.run_error = RunError("answers", problems[0])
                    status.update(label="The answers file cannot be used", state="error")
                    return
                answers_path = saved[0].path
                evidence_uploads = [ui.Upload(f.name, f.getvalue()) for f in widget(Key.EVIDENCE_UPLOAD) or []]
                saved_evidence, rejected = ui.save_uploads(folder / "evidence", evidence_uploads, ui.EVIDENCE_SUFFIXES)
                evidence_paths = [item.path for item in saved_evidence]
            bar = st.progress(0.0)
            clock = PhaseClock((LOADING, *pipeline.PHASES, RECORDING))

            def progress(step: str, fraction: float) -> None:
                bar.progress(max(0.0, min(1.0, fraction)), text=step[:1].upper() + step[1:])
                show_phase(clock.mark(step))

            progress(LOADING, 0.0)
            engine = resources.engine()
            layout = None if example else chosen_layout(upload)
            config = resources.current_config()
            limits = IngestLimits.from_config(config["evidence_limits"])
            prepared = pipeline.prepare(vendor, answers_path, evidence_paths, engine, bank=chosen_bank(),
                                        limits=limits, progress=progress, layout=layout)  # fmt: skip
            data.calls["prepare"] += 1
            assessment = pipeline.score(prepared, engine, config, data.applied_as_of, progress=progress)
            data.calls["score"] += 1
            progress(RECORDING, 1.0)
            record(assessment, widget(Key.RISK_TIER) or None)  # a register failure is a warning; the result is kept
            show_phase(clock.stop())
            status.update(label=f"Assessed {ui.md_escape(vendor)} in {time.monotonic() - started:.1f} s",
                          state="complete")  # fmt: skip
    except InputError as exc:
        data.run_error = RunError("answers", str(exc))
        return
    except Exception as exc:  # a bug or an unexpected file: say so next to the inputs, keep the session
        log.exception("assessment of %s failed", vendor)
        data.run_error = RunError("answers", f"The assessment stopped: {type(exc).__name__}: {exc}")
        return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    data.assessments[vendor] = assessment
    data.input_problems[vendor] = rejected + [p.message for p in assessment.prepared.evidence.problems]
    data.last_run = LastRun(
        "example" if example else "upload",
        example.key if example else "",
        {p.doc_id: p.message for p in assessment.prepared.evidence.problems},  # uploads: doc_id == name
    )
    set_widget(Key.CURRENT, vendor)
    set_widget(Key.NAV, SCORECARD_TAB)
    st.rerun()


def show_phase(ended: tuple[str, float] | None) -> None:
    """A line in the progress panel for a phase that has just ended, with its time."""
    if ended:
        phase, seconds = ended
        st.caption(f"{phase[:1].upper()}{phase[1:]}: {seconds:.1f} s")


def rescore_all() -> None:
    """Apply new settings to every vendor of the session: score again (and record it), never prepare again."""
    data = session()
    if not data.assessments:
        return
    config = resources.current_config()
    with st.spinner("Re-scoring with the new settings…"):
        for name, assessment in list(data.assessments.items()):
            engine = resources.engine(assessment.provenance["model_backend"])  # the one its passages were read with
            data.assessments[name] = pipeline.score(assessment.prepared, engine, config, data.applied_as_of)
            data.calls["score"] += 1
            record(data.assessments[name])  # the register holds what the scorecard shows


def record(assessment: pipeline.Assessment, risk_tier: str | None = None) -> None:
    """Record a scored assessment and keep its id; a failure is a warning, the result stays in the session."""
    data = session()
    vendor = assessment.result.vendor
    try:
        data.register_ids[vendor] = resources.register(assessment.config).record(assessment, risk_tier=risk_tier)
    except (RegisterError, SQLAlchemyError, OSError) as exc:  # the register must never cost the analyst the result
        log.exception("recording %s in the register failed", vendor)
        data.register_ids.pop(vendor, None)
        problem = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        data.register_problem = f"The assessment was not saved in the register: {problem}"
    else:
        data.register_problem = None
