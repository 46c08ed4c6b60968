"""The analyst app's page logic, driven headless with Streamlit's AppTest, and its pure helpers."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from app_views.state import REGISTER_REVIEW, SCORECARD_REVIEW, SESSION_KEY, Key, Session
from assessor import app_support as ui
from assessor import exports
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.workbooks import unnamed_answer_column_workbook

APP = str(REPO_ROOT / "app.py")
TIMEOUT = 900  # seconds for one script run: the first one loads the model and reads the PDFs on a busy machine
BRIGHTPATH = EXAMPLES_DIR / "brightpath-bots"
NORTHWIND = EXAMPLES_DIR / "northwind-assist"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """The same cache folder conftest's autouse fixture uses, set for module-scoped apps too."""
    folder = tmp_path_factory.getbasetemp() / "cache"
    previous = os.environ.get("ASSESSOR_CACHE_DIR")
    os.environ["ASSESSOR_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("ASSESSOR_CACHE_DIR", None)
    else:
        os.environ["ASSESSOR_CACHE_DIR"] = previous


def app_state(at) -> Session:
    """The app's non-widget state in the script's session."""
    return at.session_state[SESSION_KEY]


def new_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def scorecard(at):
    """The scorecard table's rows as a DataFrame (the one table with an ID and a Rating column)."""
    tables = [d.value for d in at.dataframe if {"ID", "Rating", "Flags"} <= set(d.value.columns)]
    assert len(tables) == 1, [list(d.value.columns) for d in at.dataframe]
    return tables[0]


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def messages(at) -> list[str]:
    return [e.value for e in at.error] + [w.value for w in at.warning]


def plain(text: str) -> str:
    """Undo the markdown escaping the page applies to messages."""
    return text.replace("\\", "")


@pytest.fixture(scope="module")
def assessed(cache_dir):
    """The app after assessing the Brightpath example (the default example) once."""
    at = new_app()
    assert at.radio(key="source").value == "Example vendor"
    at.selectbox(key="example").set_value("brightpath-bots").run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    return at


# ---------------------------------------------------------------------------------------------
# Page logic


@pytest.mark.slow
def test_example_vendor_assessment_shows_scorecard_and_metrics(assessed, bank):
    at = assessed
    assert app_state(at).calls == {"prepare": 1, "score": 1}
    assert at.session_state["nav"] == "Scorecard"  # the page opens the scorecard after a run
    assert list(app_state(at).assessments) == ["Brightpath Bots"]
    table = scorecard(at)
    assert list(table["ID"]) == [q.id for q in bank.questions]
    assert set(table["Rating"]) <= set(ui.RATINGS)
    overall = metric(at, "Overall score")
    assert float(overall.value) == app_state(at).assessments["Brightpath Bots"].result.overall
    assert metric(at, "Red flags").value == str(app_state(at).assessments["Brightpath Bots"].result.red_flags)
    assert metric(at, "Answered").value.endswith(f"of {len(bank.questions)}")


@pytest.mark.slow
def test_filters_change_the_rows_without_recomputing(assessed):
    at = assessed
    calls = dict(app_state(at).calls)
    full = scorecard(at)

    at.multiselect(key="filter_rating").set_value(["weak"]).run()
    weak = scorecard(at)
    assert 0 < len(weak) < len(full)
    assert set(weak["Rating"]) == {"weak"}

    at.multiselect(key="filter_rating").set_value([]).run()
    at.multiselect(key="filter_flag").set_value(["contradicted_by_evidence"]).run()
    contradicted = scorecard(at)
    assert 0 < len(contradicted) < len(full)
    assert all("contradicted by evidence" in flags for flags in contradicted["Flags"])

    category = full["Category"].iloc[0]
    at.multiselect(key="filter_flag").set_value([]).run()
    at.multiselect(key="filter_category").set_value([category]).run()
    assert set(scorecard(at)["Category"]) == {category}

    at.multiselect(key="filter_category").set_value([]).run()
    assert len(scorecard(at)) == len(full)
    assert app_state(at).calls == calls  # filtering never prepares or scores again


@pytest.mark.slow
def test_question_details_highlight_escape_and_explain(assessed):
    at = assessed
    at.selectbox(key="detail_qid").set_value("IR-02").run()
    assert not at.exception, at.exception
    result = app_state(at).assessments["Brightpath Bots"].result
    question = next(r for r in result.questions if r.question.id == "IR-02")
    bodies = [h.value for h in at.get("html")]
    answer_html = ui.highlight_answer(question.answer, question.specificity.hits)
    assert answer_html in bodies
    assert any("<mark" in body and "within 24 hours" in body for body in bodies)
    # the contradiction: the answer's claim beside the evidence sentence and its citation
    check = ui.contradictions(question)[0]
    marked = ui.mark_in_context(question.answer, check.start, check.end)
    assert marked in bodies
    assert question.answer[check.start : check.end] == check.claim
    assert f'<mark class="hl-neg">{check.claim}</mark>' in marked
    assert ui.escaped_block(check.evidence_text) in bodies
    assert any(check.citation in plain(c.value) for c in at.caption)
    # the follow-up questions, escaped
    assert any("follow-ups" in body and html.escape(question.follow_ups[0]) in body for body in bodies)
    # flags with reasons, and the clause table with titles
    assert any("contradicted by evidence" in plain(e.value) for e in at.error)
    from question_bank import load_catalog

    clause_html = ui.clause_list_html(question, load_catalog())
    assert clause_html in bodies
    for clause in question.question.iso42001:
        assert f"<b>{clause}</b> {load_catalog().get(clause).title}" in clause_html


@pytest.mark.slow
def test_settings_rescore_without_preparing_again(assessed, monkeypatch):
    from assessor import pipeline

    at = assessed
    prepared_calls = []
    real_prepare = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda *a, **k: prepared_calls.append(a) or real_prepare(*a, **k))
    calls = dict(app_state(at).calls)
    before = app_state(at).assessments["Brightpath Bots"]
    assert before.result.rating == "insufficient"

    at.number_input(key="setting__rating__strong").set_value(40.0)
    at.number_input(key="setting__rating__adequate").set_value(25.0)
    at.number_input(key="setting__rating__weak").set_value(10.0)
    at.number_input(key="setting__flags__vague_below").set_value(10.0)
    at.button(key="apply_settings").click().run()
    assert not at.exception, at.exception

    after = app_state(at).assessments["Brightpath Bots"]
    assert prepared_calls == []
    assert app_state(at).calls == {"prepare": calls["prepare"], "score": calls["score"] + 1}
    assert after.prepared is before.prepared  # the same read and embedded inputs
    assert after.config.sha256 != before.config.sha256
    assert after.config["rating"]["strong"] == 40.0
    assert after.result.rating == "weak"  # 17.2 is now above the weak band
    vague = sum("vague" in r.flag_codes for r in after.result.questions)
    assert vague < sum("vague" in r.flag_codes for r in before.result.questions)
    assert metric(at, "Overall score").proto.delta == "weak"

    at.button(key="reset_settings").click().run()
    reset = app_state(at).assessments["Brightpath Bots"]
    assert prepared_calls == []
    assert reset.result.rating == "insufficient"
    assert reset.config.values == before.config.values
    assert at.number_input(key="setting__rating__strong").value == 75.0


@pytest.mark.slow
def test_invalid_settings_are_refused(assessed):
    at = assessed
    calls = dict(app_state(at).calls)
    at.number_input(key="setting__overall__weights__evidence").set_value(0.9)
    at.button(key="apply_settings").click().run()
    assert any("add up to 1" in e.value for e in at.sidebar.error)
    assert app_state(at).calls == calls
    at.button(key="reset_settings").click().run()
    assert at.number_input(key="setting__overall__weights__evidence").value == 0.35


@pytest.mark.slow
def test_second_vendor_is_compared_side_by_side(assessed):
    at = assessed
    at.selectbox(key="example").set_value("northwind-assist").run()
    assert at.text_input(key="vendor_name").value == "Northwind Assist"
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert list(app_state(at).assessments) == ["Brightpath Bots", "Northwind Assist"]
    assert at.session_state["current"] == "Northwind Assist"
    summaries = [d.value for d in at.dataframe if "Red flags" in d.value.columns and "Vendor" in d.value.columns]
    assert summaries and list(summaries[0]["Vendor"]) == ["Brightpath Bots", "Northwind Assist"]
    overall = dict(zip(summaries[0]["Vendor"], summaries[0]["Overall"]))
    assert overall["Northwind Assist"] > overall["Brightpath Bots"]


@pytest.mark.slow
def test_bad_answers_upload_is_an_error_naming_the_file(cache_dir, monkeypatch):
    from assessor import pipeline

    prepared_calls = []
    monkeypatch.setattr(pipeline, "prepare", lambda *a, **k: prepared_calls.append(a))
    at = new_app()
    at.radio(key="source").set_value("Upload files").run()
    at.file_uploader(key="answers_upload").set_value(("broken.xlsx", b"this is not a workbook", "application/zip"))
    at.run()
    assert any("broken.xlsx" in plain(m) and "not an Excel workbook" in plain(m) for m in messages(at))
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert any("broken.xlsx" in plain(e.value) for e in at.error)
    assert prepared_calls == []
    assert app_state(at).assessments == {}
    assert app_state(at).run_error.where == "answers"


@pytest.mark.slow
def test_unreadable_answers_table_names_the_file(cache_dir):
    at = new_app()
    at.radio(key="source").set_value("Upload files").run()
    at.file_uploader(key="answers_upload").set_value(("vendor answers.csv", b"foo,bar\n1,2\n", "text/csv"))
    at.text_input(key="vendor_name").set_value("Acme")
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    errors = [plain(e.value) for e in at.error]
    assert any("vendor answers.csv" in e and "no 'answer' column" in e for e in errors), errors
    assert app_state(at).assessments == {}


@pytest.mark.slow
def test_uploads_with_bad_pdfs_still_assess_and_leave_no_files(cache_dir, tmp_path, monkeypatch):
    import tempfile

    uploads_root = tmp_path / "tmp"
    uploads_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads_root))
    good = sorted((BRIGHTPATH / "evidence").glob("*.pdf"))[:2]
    at = new_app()
    at.radio(key="source").set_value("Upload files").run()
    at.file_uploader(key="answers_upload").set_value(
        ("../../etc/answers.csv", (BRIGHTPATH / "answers.csv").read_bytes(), "text/csv")
    )
    at.file_uploader(key="evidence_upload").set_value(
        [
            *((p.name, p.read_bytes(), "application/pdf") for p in good),
            ("renamed.pdf", b"PK\x03\x04 a zip in disguise", "application/pdf"),
            ("broken.pdf", b"%PDF-1.7\nthis is not really a PDF body\n", "application/pdf"),
        ]
    )
    at.run()
    assert any("renamed.pdf" in plain(w) and "not a PDF" in plain(w) for w in messages(at))
    at.text_input(key="vendor_name").set_value("Uploaded vendor")
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assessment = app_state(at).assessments["Uploaded vendor"]
    assert sorted(d.name for d in assessment.prepared.evidence.documents) == sorted(p.name for p in good)
    assert Path(assessment.prepared.sheet.path).name == "answers.csv"  # no path components survive
    problems = app_state(at).input_problems["Uploaded vendor"]
    assert any("renamed.pdf" in p for p in problems)  # rejected by content
    assert any("broken.pdf" in p for p in problems)  # rejected by the PDF reader
    assert any("broken.pdf" in plain(w) and "left out of the last run" in plain(w) for w in messages(at))
    assert len(scorecard(at)) == len(assessment.result.questions)
    assert [p for p in uploads_root.iterdir() if p.name.startswith("assessor-")] == []  # upload folders are gone


@pytest.mark.slow
def test_uploaded_bank_is_used_and_a_bad_one_is_named(cache_dir):
    import yaml

    from question_bank.bank import DEFAULT_BANK_PATH

    data = yaml.safe_load(DEFAULT_BANK_PATH.read_text(encoding="utf-8"))
    data["name"], data["questions"] = "Short bank", data["questions"][:3]
    at = new_app()
    at.radio(key="bank_source").set_value("Upload a bank").run()
    at.file_uploader(key="bank_upload").set_value(("short.yaml", b"questions: [ {id: X} ", "application/yaml")).run()
    assert any("short.yaml" in plain(e.value) for e in at.error)
    at.button(key="run").click().run()
    assert app_state(at).assessments == {}
    assert any("valid question bank" in plain(e.value) for e in at.error)

    bank_yaml = yaml.safe_dump(data, sort_keys=False).encode()
    at.file_uploader(key="bank_upload").set_value(("short.yaml", bank_yaml, "application/yaml")).run()
    assert not at.error, [e.value for e in at.error]
    at.selectbox(key="example").set_value("northwind-assist").run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assessment = app_state(at).assessments["Northwind Assist"]
    assert assessment.prepared.bank.name == "Short bank"
    assert len(scorecard(at)) == 3


@pytest.mark.slow
def test_uploaded_buyer_bank_without_iso_ids_shows_suggested_ids(cache_dir, bank):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Instructions"
    workbook.active.append(["Answer every question on the next sheet."])
    sheet = workbook.create_sheet("Questions")
    sheet.append(["Acme Bank AI supplier questions"])
    sheet.append(["Ref", "Question", "Domain"])
    for question in bank.questions[:3]:
        sheet.append([question.id, question.text, "Governance"])
    stream = io.BytesIO()
    workbook.save(stream)
    at = new_app()
    at.radio(key="bank_source").set_value("Upload a bank").run()
    at.file_uploader(key="bank_upload").set_value(("acme-bank.xlsx", stream.getvalue(), "application/zip")).run()
    assert not at.exception, at.exception
    assert any("suggested by the clause matcher" in plain(w.value) for w in at.warning)
    frame = next(d.value for d in at.dataframe if "Suggested ISO/IEC 42001 ids" in d.value.columns)
    assert list(frame["ID"]) == [q.id for q in bank.questions[:3]]
    assert all(frame["Suggested ISO/IEC 42001 ids"]) and frame["Where"].iloc[0] == "sheet 'Questions' row 3"


def test_streamlit_config_keeps_vendor_data_local():
    import tomllib

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 200
    assert config["server"]["address"] == "127.0.0.1"


@pytest.mark.slow
def test_downloads_are_offered(assessed):
    keys = {b.key for b in assessed.get("download_button")}
    assert {
        "download_csv",
        "download_xlsx",
        "download_json",
        "download_followups_txt",
        "download_followups_csv",
        "download_questionnaire_xlsx",
        "download_questionnaire_csv",
    } <= keys


def test_blank_page_before_any_assessment(cache_dir):
    at = new_app()
    assert [t.label for t in at.tabs] == ["Assess", "Scorecard", "Charts", "Compare", "Downloads", "Register"]
    assert any("Run an assessment" in i.value for i in at.info)
    assert app_state(at).calls == {"prepare": 0, "score": 0}


# ---------------------------------------------------------------------------------------------
# Pure helpers


def test_highlight_escapes_vendor_text_and_marks_hits():
    from scoring.signals.base import SignalHit

    answer = "<script>alert(1)</script> owner: **CISO** reviews within 24 hours & may escalate"
    start = answer.index("within 24 hours")
    hedge = answer.index("may")
    hits = [
        SignalHit("time_frame", "within 24 hours", start, start + 15, 12.0, "sets a <deadline>"),
        SignalHit("hedge", "may", hedge, hedge + 3, -4.0, "hedges"),
    ]
    out = ui.highlight_answer(answer, hits)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "**CISO**" in out  # markdown is not interpreted either: st.html shows it literally
    assert '<mark class="hl-pos" title="time frame: sets a &lt;deadline&gt; (+12)">within 24 hours</mark>' in out
    assert '<mark class="hl-neg" title="hedging: hedges (-4)">may</mark>' in out
    assert "&amp;" in out
    assert ui.highlight_answer("", []) == '<div class="vendor-text empty">(no answer)</div>'


def test_overlapping_hits_split_without_losing_text():
    from scoring.signals.base import SignalHit

    answer = "Our AI governance is robust and integrated"
    hits = [
        SignalHit("keyword_stuffing", answer, 0, len(answer), -40.0, "buzzwords"),
        SignalHit("marketing", "robust", 21, 27, -4.0, "marketing"),
        SignalHit("scope", "integrated", 32, 42, 10.0, "scope"),
    ]
    out = ui.highlight_answer(answer, hits)
    import re

    assert re.sub(r"<[^>]+>", "", out) == answer
    assert '<mark class="hl-pos"' in out and out.count("<mark") == 4


def test_markdown_escape_shows_text_literally():
    assert ui.md_escape("**bold** [link](http://x) <b>") == r"\*\*bold\*\* \[link\]\(http\://x\) \<b\>"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\answers.xlsx", "answers.xlsx"),
        (".hidden.pdf", "hidden.pdf"),
        ("a<b>|c?.pdf", "a_b_c_.pdf"),
        ("\x00\x1f.pdf", "upload.pdf"),
        ("", "upload"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_filename_keeps_only_a_plain_name(name, expected):
    assert ui.safe_filename(name) == expected


def test_uploads_are_checked_by_content(tmp_path):
    assert ui.check_upload("a.pdf", b"%PDF-1.7 ...", ui.EVIDENCE_SUFFIXES) is None
    assert "not a PDF" in ui.check_upload("a.pdf", b"<html>", ui.EVIDENCE_SUFFIXES)
    assert "not an Excel workbook" in ui.check_upload("a.xlsx", b"id,answer", ui.ANSWER_SUFFIXES)
    assert ui.check_upload("a.xlsx", b"PK\x03\x04...", ui.ANSWER_SUFFIXES) is None
    assert "zip or Excel" in ui.check_upload("a.csv", b"PK\x03\x04...", ui.ANSWER_SUFFIXES)
    assert "empty" in ui.check_upload("a.csv", b"", ui.ANSWER_SUFFIXES)
    assert "unsupported file type" in ui.check_upload("a.exe", b"MZ", ui.EVIDENCE_SUFFIXES)
    saved, problems = ui.save_uploads(
        tmp_path / "up",
        [ui.Upload("../x.pdf", b"%PDF-1.4"), ui.Upload("x.pdf", b"%PDF-1.5"), ui.Upload("y.pdf", b"nope")],
        ui.EVIDENCE_SUFFIXES,
    )
    assert [s.path.name for s in saved] == ["x.pdf", "x (2).pdf"]
    assert all(s.path.parent == tmp_path / "up" for s in saved)
    assert len(problems) == 1 and problems[0].startswith("y.pdf: not a PDF")


def test_settings_overrides_and_validation():
    from scoring.config import load_config

    values = ui.default_settings()
    assert ui.validate_settings(values) == []
    assert ui.changed_settings(values) == []
    values["setting__rating__strong"] = 80.0
    config = load_config(overrides=ui.overrides_from(values))
    assert config["rating"]["strong"] == 80.0 and config["rating"]["adequate"] == 55
    assert ui.changed_settings(values) == ["'Strong' from = 80"]
    values["setting__rating__weak"] = 90.0
    values["setting__overall__weights__coverage"] = 0.5
    problems = ui.validate_settings(values)
    assert len(problems) == 2


def test_example_vendors_are_found():
    examples = {e.key: e for e in ui.example_vendors()}
    assert examples["northwind-assist"].name == "Northwind Assist"
    assert examples["northwind-assist"].answers.name == "answers.xlsx"
    assert examples["brightpath-bots"].answers.name == "answers.csv"
    assert all(p.suffix == ".pdf" for p in examples["brightpath-bots"].evidence)


def test_coverage_frame_counts_every_node_once(catalog):
    coverage = dict.fromkeys(catalog.ids, "missing") | {"4.1": "evidenced", "A.2.2": "addressed"}
    frame = ui.coverage_frame(coverage, catalog)
    assert frame["Count"].sum() == len(catalog)
    assert list(dict.fromkeys(frame["Group"]))[0].startswith("4 ")
    assert frame[(frame["Status"] == "evidenced")]["Count"].sum() == 1
    assert set(frame[frame["Annex"]]["Group"].str[:2]) == {"A."}


def test_follow_up_exports_neutralise_formulas(northwind):
    text = ui.follow_up_text(northwind.result)
    assert text.startswith("Follow-up questions for northwind-assist")
    rows = ui.follow_up_rows(northwind.result)
    csv_text = ui.follow_up_csv(northwind.result)
    assert csv_text.splitlines()[0] == "vendor,question_id,category,question,rating,follow_up"
    assert len(rows) == sum(len(r.follow_ups) for r in northwind.result.questions) + len(northwind.result.unmatched)
    assert exports.xlsx_bytes(northwind).startswith(b"PK")
    assert '"provenance"' in exports.report_json(northwind)


@pytest.mark.slow
def test_column_mapping_step_previews_and_corrects_the_layout(cache_dir, bank, monkeypatch):
    from assessor import pipeline

    layouts = []
    real_prepare = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda *a, **k: layouts.append(k.get("layout")) or real_prepare(*a, **k))
    at = new_app()
    at.radio(key="source").set_value("Upload files").run()
    data = unnamed_answer_column_workbook(bank.questions[:4])
    at.file_uploader(key="answers_upload").set_value(("acme.xlsx", data, "application/zip")).run()
    assert not at.exception, at.exception
    assert any("acme.xlsx" in plain(e.value) and "Correct the mapping" in plain(e.value) for e in at.error)
    preview = next(d.value for d in at.dataframe if "C · Supplier reply" in d.value.columns)  # a likely header
    assert list(preview.index)[:2] == [4, 5]
    at.number_input(key="map_header_row").set_value(3)
    at.selectbox(key="map_answer_col").set_value("C")
    at.button(key="apply_mapping").click().run()
    assert not at.exception, at.exception
    mapping = app_state(at).answers_mapping["preview"]
    assert not mapping.error and mapping.rows == 4
    assert any("answer = C 'Supplier reply'" in line for line in mapping.lines)
    frame = next(d.value for d in at.dataframe if "C · Supplier reply" in d.value.columns)
    assert list(frame.index) == [4, 5, 6, 7] and frame.iloc[0]["A · Ref"] == bank.questions[0].id
    at.text_input(key="vendor_name").set_value("Acme").run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert layouts and layouts[-1].answer_col == "C" and layouts[-1].header_row == 3
    result = app_state(at).assessments["Acme"].result
    answered = {r.question.id for r in result.questions if r.answer}
    assert {q.id for q in bank.questions[:4]} <= answered
    assert any("answer = C 'Supplier reply'" in plain(m.value) for m in at.markdown)  # shown on the scorecard


# ---------------------------------------------------------------------------------------------
# The register: recording, review, decision, the Register page, changes


def register_table(at):
    """The Register page's vendor table."""
    from assessor import app_register

    tables = [d.value for d in at.dataframe if list(d.value.columns) == list(app_register.REGISTER_COLUMNS)]
    assert len(tables) == 1, [list(d.value.columns) for d in at.dataframe]
    return tables[0]


def stored_table(at):
    from assessor import app_register

    tables = [d.value for d in at.dataframe if list(d.value.columns) == list(app_register.STORED_COLUMNS)]
    assert len(tables) == 1, [list(d.value.columns) for d in at.dataframe]
    return tables[0]


@pytest.mark.slow
def test_register_records_reviews_and_decisions_that_survive_a_reload(assessed):
    from assessor.register.store import Register

    at = assessed
    if at.session_state["current"] != "Brightpath Bots":
        at.selectbox(key="current").set_value("Brightpath Bots").run()
    assessment_id = app_state(at).register_ids["Brightpath Bots"]
    row = register_table(at).set_index("Vendor").loc["Brightpath Bots"]
    assessment = app_state(at).assessments["Brightpath Bots"]
    assert row["Rating"] == assessment.result.rating
    assert row["Overall"] == round(assessment.result.overall, 1)

    # override one rating with a reason
    at.selectbox(key="detail_qid").set_value("IR-02").run()
    machine = next(r for r in assessment.result.questions if r.question.id == "IR-02").rating
    override = next(rating for rating in ui.RATINGS if rating != machine)
    at.selectbox(key=SCORECARD_REVIEW.review_rating).set_value(override)
    at.text_input(key=SCORECARD_REVIEW.review_reason).set_value("")  # no reason: refused, nothing saved
    at.button(key=SCORECARD_REVIEW.review_submit).click().run()
    assert not at.exception, at.exception
    assert any("reason is required" in plain(e.value) for e in at.error)
    at.selectbox(key=SCORECARD_REVIEW.review_rating).set_value(override)
    at.text_input(key=SCORECARD_REVIEW.review_reason).set_value("The incident runbook shows the 24-hour deadline")
    at.text_input(key=SCORECARD_REVIEW.review_analyst).set_value("Dana Analyst")
    at.button(key=SCORECARD_REVIEW.review_submit).click().run()
    assert not at.exception, at.exception
    assert any("Review of IR-02 saved" in plain(s.value) for s in at.success)
    assert metric(at, "Tool rating").value == machine
    assert metric(at, "Analyst rating").value == override
    trail = next(d.value for d in at.dataframe if "Reason" in d.value.columns and "Analyst" in d.value.columns)
    assert list(trail["Analyst"]) == ["Dana Analyst"] and list(trail["To"]) == [override]

    # record a decision: the form is pre-filled with the suggestion
    with Register.open() as register:
        suggested, conditions, _ = register.suggest_decision(assessment_id)
    assert at.selectbox(key=SCORECARD_REVIEW.decision_choice).value == suggested
    assert at.text_area(key=SCORECARD_REVIEW.decision_conditions).value == "\n".join(conditions)
    at.selectbox(key=SCORECARD_REVIEW.decision_choice).set_value("escalate")
    at.text_input(key=SCORECARD_REVIEW.decision_reason).set_value("Too many open red flags to approve")
    at.text_input(key=SCORECARD_REVIEW.decision_analyst).set_value("Dana Analyst")
    at.button(key=SCORECARD_REVIEW.decision_submit).click().run()
    assert not at.exception, at.exception
    assert any("Decision recorded" in plain(s.value) for s in at.success)
    assert register_table(at).set_index("Vendor").loc["Brightpath Bots"]["Decision"] == "escalate"
    assert {Key.DOWNLOAD_HTML, Key.DOWNLOAD_FOLLOWUP_WORKBOOK} <= {b.key for b in at.get("download_button")}

    # a reload: a new session reads both back from the register
    reloaded = new_app()
    assert app_state(reloaded).assessments == {}
    row = register_table(reloaded).set_index("Vendor").loc["Brightpath Bots"]
    assert row["Decision"] == "escalate" and row["Next review"]
    reloaded.selectbox(key=Key.REGISTER_PICK).set_value(assessment_id).run()
    assert not reloaded.exception, reloaded.exception
    stored = stored_table(reloaded).set_index("ID")
    assert stored.loc["IR-02", "Tool rating"] == machine
    assert stored.loc["IR-02", "Analyst rating"] == override
    assert any("escalate" in plain(i.value) and "Dana Analyst" in plain(i.value) for i in reloaded.info)


@pytest.mark.slow
def test_a_register_failure_is_a_warning_and_keeps_the_result(cache_dir, monkeypatch):
    from assessor.register.errors import RegisterError
    from assessor.register.store import Register

    def broken(self, assessment, report=None, risk_tier=None):
        raise RegisterError("disk full")

    monkeypatch.setattr(Register, "record", broken)
    at = new_app()
    at.selectbox(key="example").set_value("northwind-assist").run()
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert "Northwind Assist" in app_state(at).assessments
    assert any("not saved in the register" in plain(w.value) for w in at.warning)
    assert len(scorecard(at)) > 0


def test_register_page_reads_stored_assessments_and_their_changes(cache_dir, tmp_path, monkeypatch):
    """No model: reports recorded straight into the register show on the Register page, with their changes."""
    from assessor.register.store import Register
    from tests.test_register import make_report, question

    monkeypatch.setenv("ASSESSOR_REGISTER", str(tmp_path / "register.sqlite"))
    with Register.open() as register:
        first = register.record_report(make_report(questions=[question("GOV-01", 3), question("GOV-02")]))
        changed = question("GOV-02", rating="weak", overall=30.0, flags=["vague"])
        changed["answer"] = "Our new answer to GOV-02."
        second = register.record_report(make_report(overall=50.0, questions=[question("GOV-01", 3), changed]))
        register.review(second, "GOV-02", rating="strong", reason="the policy shows it", analyst="Kim")
        register.decide(second, "approve", [], "fine", analyst="Kim")
        register.record_report(make_report(vendor="Other AI"))
    at = new_app()
    table = register_table(at).set_index("Vendor")
    assert list(table.index) == ["Acme AI", "Other AI"]
    assert table.loc["Acme AI", "Decision"] == "approve" and table.loc["Acme AI", "Overall"] == 50.0
    assert at.selectbox(key=Key.REGISTER_PICK).value != first  # the newest opens first
    at.selectbox(key=Key.REGISTER_PICK).set_value(second).run()
    stored = stored_table(at).set_index("ID")
    assert stored.loc["GOV-02", "Tool rating"] == "weak" and stored.loc["GOV-02", "Analyst rating"] == "strong"
    assert at.selectbox(key=Key.CHANGES_VENDOR).value == "Acme AI"  # the only vendor assessed twice
    changes = next(d.value for d in at.dataframe if "Answer diff" in d.value.columns)
    assert list(changes["ID"]) == ["GOV-02"]
    assert "{+new+}" in changes["Answer diff"].iloc[0]
    assert any("<del>" in h.value or "<ins>" in h.value for h in at.get("html"))

    # the stored assessment, reopened, is reviewed and decided on the Register page itself
    at.selectbox(key=Key.REGISTER_QUESTION).set_value("GOV-01").run()
    assert metric(at, "Tool rating").value == "adequate"
    at.selectbox(key=REGISTER_REVIEW.review_rating).set_value("weak")
    at.text_input(key=REGISTER_REVIEW.review_reason).set_value("no document shows the committee")
    at.text_input(key=REGISTER_REVIEW.review_analyst).set_value("Lee")
    at.button(key=REGISTER_REVIEW.review_submit).click().run()
    assert not at.exception, at.exception
    assert any("Review of GOV-01 saved" in plain(s.value) for s in at.success)
    assert stored_table(at).set_index("ID").loc["GOV-01", "Analyst rating"] == "weak"
    at.selectbox(key=REGISTER_REVIEW.decision_choice).set_value("escalate")
    at.text_input(key=REGISTER_REVIEW.decision_reason).set_value("the committee is not evidenced")
    at.button(key=REGISTER_REVIEW.decision_submit).click().run()
    assert not at.exception, at.exception
    assert register_table(at).set_index("Vendor").loc["Acme AI", "Decision"] == "escalate"
    with Register.open() as register:
        assert register.decision(second)["decision"] == "escalate"
        assert [e["analyst"] for e in register.audit(second) if e["question_id"] == "GOV-01"] == ["Lee"]


def test_register_helpers_build_the_tables():
    import datetime

    from assessor import app_register as R
    from assessor.register.store import HistoryEntry

    at = datetime.datetime(2026, 11, 1, 9, 30)
    history = [
        HistoryEntry(1, "Acme", at, datetime.date(2026, 11, 1), 40.0, "weak", 2, None, None),
        HistoryEntry(
            2, "Acme", at, datetime.date(2026, 11, 2), 62.04, "adequate", 0, "approve", datetime.date(2026, 11, 20)
        ),
        HistoryEntry(3, "Beta", at, datetime.date(2026, 11, 2), 80.0, "strong", 0, None, None),
    ]
    today = datetime.date(2026, 11, 26)
    due = [{"vendor": "Acme", "assessment_id": 2, "decision": "approve", "next_review": history[1].next_review,
            "days_overdue": 6}]  # fmt: skip
    frame = R.register_frame(history, due, today)
    assert list(frame["Vendor"]) == ["Acme", "Beta"]
    assert frame.iloc[0]["Overall"] == 62.0 and frame.iloc[0]["Due"] == "overdue by 6 days"
    assert frame.iloc[1]["Decision"] == "" and frame.iloc[1]["Due"] == ""
    assert R.due_marks([{"vendor": "X", "next_review": today}], today) == {"X": "due today"}

    q = {
        "question_id": "Q1",
        "rating": "weak",
        "overall_score": 30,
        "flags": [{"code": "vague"}, {"code": "no_answer"}],
    }
    review = {"analyst_rating": "strong", "dismissed_flags": ["vague"], "added_flags": ["stale_evidence"]}
    assert R.open_flags(q, review) == ["no_answer", "stale_evidence"]
    stored = R.stored_scorecard_frame({"questions": [q]}, {"Q1": review})
    assert stored.iloc[0]["Tool rating"] == "weak" and stored.iloc[0]["Analyst rating"] == "strong"
    assert stored.iloc[0]["Flags"] == "no answer, stale evidence"
    addable, dismissable = R.flag_choices(q, review)
    assert dismissable == [R.KEEP, "no_answer", "stale_evidence"] and "vague" in addable and "no_answer" not in addable
    events = [
        {"question_id": "Q1", "analyst": "Kim", "at": at, "field": "flag", "old": "vague", "new": None, "reason": "r"},
        {"question_id": None, "analyst": "Kim", "at": at, "field": "decision", "old": None, "new": "reject",
         "reason": "no"},
    ]  # fmt: skip
    assert list(R.audit_frame(events, "Q1")["From"]) == ["vague"]
    assert list(R.audit_frame(events, None)["To"]) == ["reject"]
    assert R.conditions_from(" a \n\n b ") == ["a", "b"]
    assert R.decision_label("approve_with_conditions") == "approve with conditions"


def test_an_unusable_register_is_a_warning_not_a_crash(cache_dir, monkeypatch):
    monkeypatch.setenv("ASSESSOR_REGISTER", "nosuchdatabase://nowhere/register")
    at = new_app()
    assert any("register" in plain(w.value) for w in at.warning)
    assert any("register cannot be opened" in i.value for i in at.info)


def test_settings_the_config_refuses_are_not_applied(cache_dir):
    """A value in the box's range that the config's own checks refuse is reported and not applied."""
    at = new_app()
    before = dict(app_state(at).applied_settings)
    at.number_input(key="setting__evidence__min_passage_similarity").set_value(0.9)  # above the full similarity
    at.button(key="apply_settings").click().run()
    assert not at.exception, at.exception
    assert any("min_passage_similarity" in plain(e.value) for e in at.error), [e.value for e in at.error]
    assert app_state(at).applied_settings == before


def test_phase_clock_times_each_phase_from_the_progress_messages():
    from assessor.progress import PhaseClock

    ticks = iter([0.0, 0.5, 0.75, 2.0])
    clock = PhaseClock(("reading", "scoring"), clock=lambda: next(ticks))
    assert clock.mark("reading") is None  # the first phase starts
    assert clock.mark("read policy.pdf (1/2)") is None  # a step within it: no clock read
    assert clock.mark("scoring") == ("reading", 0.5)
    assert clock.mark("scored IR-01 (1/9)") is None
    assert clock.stop() == ("scoring", 0.25)
    assert clock.stop() is None


def test_the_encoding_backend_is_chosen_in_the_sidebar(cache_dir):
    from assessor.onnx_backend import BACKENDS, resolve_backend

    at = new_app()
    choice = at.selectbox(key=Key.BACKEND)
    assert list(choice.options) == list(BACKENDS) and choice.value == resolve_backend()
