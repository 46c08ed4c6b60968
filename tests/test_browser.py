"""End to end in a real browser: assess the example vendor, inspect a question, download, review and decide,
reload and find both in the register, assess again and open the changes.

Drives Debian's Chromium (``apt-get install chromium``) with Playwright for Python; skipped when it is missing.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assessor.app_server import CHROMIUM, AppDidNotStart, chromium, running_app, settle
from tests.conftest import REPO_ROOT

OUTPUT = REPO_ROOT / "test-output"
ASSESS_TIMEOUT_MS = 600_000  # model load and a cold assessment on a busy machine
STEP_TIMEOUT_MS = 120_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROW_HEIGHT = 35  # st.dataframe's default header and row height in pixels

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt install chromium)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free local port, its caches in the session's cache folder; its log kept in the tmp folder."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        with running_app(log_path, {"ASSESSOR_CACHE_DIR": str(tmp_path_factory.getbasetemp() / "cache")}) as url:
            yield url
    except AppDidNotStart as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def metric_value(page, label: str) -> str:
    """The value of the visible metric with this label."""
    box = page.get_by_test_id("stMetric").filter(has_text=label).filter(visible=True).first
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def visible_form(page, button: str):
    """The visible form whose submit button says ``button``."""
    return page.get_by_test_id("stForm").filter(has_text=button).filter(visible=True).first


def choose(page, scope, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label`` inside ``scope``."""
    scope.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.wait_for(timeout=STEP_TIMEOUT_MS)
    page.keyboard.press("Enter")


def pick(page, scope, label: str | None, typed: str) -> None:
    """Type into a select box (``scope`` itself when ``label`` is None) and take the first option that matches."""
    box = scope if label is None else scope.get_by_test_id("stSelectbox").filter(has_text=label).filter(visible=True)
    box.first.locator("input").click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=typed, exact=False).first.click(timeout=STEP_TIMEOUT_MS)  # not the first shown
    settle(page)


def test_assess_example_inspect_question_and_download_csv(server, browser, bank):
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlparse(request.url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(request.url).hostname not in LOCAL_HOSTS
            else None
        ),
    )
    try:
        page.goto(server, timeout=STEP_TIMEOUT_MS)
        page.get_by_role("tab", name="Assess").wait_for(timeout=STEP_TIMEOUT_MS)
        settle(page)

        # Assess: the default input is an example vendor; run it.
        page.get_by_text("Example vendor", exact=True).first.wait_for()
        page.get_by_role("button", name="Run assessment").click()
        page.get_by_test_id("stMetric").filter(has_text="Overall score").wait_for(timeout=ASSESS_TIMEOUT_MS)
        settle(page)
        assert page.get_by_role("tab", name="Scorecard", selected=True).is_visible()
        page.locator("[data-testid=stDataFrame]:visible").first.wait_for()
        assert page.get_by_text(f"Showing {len(bank.questions)} of {len(bank.questions)} questions").is_visible()

        # Selecting a row in the table opens that question's details.
        grid = page.locator("[data-testid=stDataFrame]:visible").first.bounding_box()
        page.mouse.click(grid["x"] + 16, grid["y"] + ROW_HEIGHT * 3.5)  # the third question's selection box
        settle(page)
        assert page.get_by_text(bank.questions[2].text, exact=True).filter(visible=True).count() >= 1

        # Or pick one by name: the answer with highlights, clauses, evidence and follow-ups.
        question = bank.questions[8]
        page.get_by_test_id("stSelectbox").filter(has_text="Question details").click()
        page.keyboard.type(question.id)
        page.get_by_role("option", name=f"{question.id} ·").first.wait_for()
        page.keyboard.press("Enter")
        settle(page)
        assert page.get_by_text(question.text, exact=True).filter(visible=True).count() >= 1
        for heading in ("Answer", "ISO/IEC 42001 clauses", "Supporting evidence", "Follow-up questions"):
            assert page.get_by_role("heading", name=heading).first.is_visible(), heading
        assert page.locator(".vendor-text mark").count() > 0
        page.screenshot(path=str(OUTPUT / "app-scorecard.png"), full_page=True)

        # Charts render.
        page.get_by_role("tab", name="Charts").click()
        settle(page)
        assert page.get_by_test_id("stVegaLiteChart").count() >= 3

        # Downloads: the scorecard CSV, one row per bank question with the export's columns.
        page.get_by_role("tab", name="Downloads").click()
        settle(page)
        with page.expect_download(timeout=STEP_TIMEOUT_MS) as download_info:
            page.get_by_role("button", name="Scorecard (CSV)").click()
        download = download_info.value
        assert download.suggested_filename.endswith("-scorecard.csv")
        saved = OUTPUT / download.suggested_filename
        download.save_as(saved)
        rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        from assessor.exports import CSV_COLUMNS

        assert tuple(rows[0].keys()) == CSV_COLUMNS
        scored = [row for row in rows if row["question_id"]]
        assert [row["question_id"] for row in scored] == [q.id for q in bank.questions]
        assert all(row["rating"] in {"strong", "adequate", "weak", "insufficient"} for row in scored)
        assert all(row["rating"] == "unscored" for row in rows if not row["question_id"])
        page.screenshot(path=str(OUTPUT / "app-downloads.png"), full_page=True)

        # The HTML report of the recorded assessment.
        with page.expect_download(timeout=STEP_TIMEOUT_MS) as download_info:
            page.get_by_role("button", name="Report with reviews (HTML)").click()
        report_html = Path(download_info.value.path()).read_text(encoding="utf-8")
        assert report_html.lstrip().lower().startswith("<!doctype html") and "Brightpath Bots" in report_html

        # Review: override the open question's rating with a reason, then record a decision.
        page.get_by_role("tab", name="Scorecard").click()
        settle(page)
        tool_rating = metric_value(page, "Tool rating")
        caption = page.get_by_text(f"Review {question.id} (assessment #", exact=False).filter(visible=True).first
        assessment_id = re.search(r"assessment #(\d+)", caption.inner_text()).group(1)
        override = next(rating for rating in ("strong", "adequate", "weak", "insufficient") if rating != tool_rating)
        review = visible_form(page, "Save review")
        choose(page, review, "Analyst rating", override)
        review.get_by_label("Reason (required)").fill("The runbook shows the named owner")
        review.get_by_label("Analyst (optional)").fill("Browser Analyst")
        review.get_by_role("button", name="Save review").click()
        settle(page)
        page.get_by_text(f"Review of {question.id} saved.").first.wait_for(timeout=STEP_TIMEOUT_MS)
        assert metric_value(page, "Analyst rating") == override
        decision = visible_form(page, "Record decision")
        choose(page, decision, "Decision", "escalate")
        decision.get_by_label("Reason (required)").fill("Open red flags need the security team")
        decision.get_by_label("Analyst (optional)").fill("Browser Analyst")
        decision.get_by_role("button", name="Record decision").click()
        settle(page)
        page.get_by_text("Decision recorded.").first.wait_for(timeout=STEP_TIMEOUT_MS)

        # After a reload the Register page finds both: the decision and the analyst's rating of that question.
        page.reload(timeout=STEP_TIMEOUT_MS)
        page.get_by_role("tab", name="Assess").wait_for(timeout=STEP_TIMEOUT_MS)
        settle(page)
        page.get_by_role("tab", name="Register").click()
        settle(page)
        pick(page, page, "Open a stored assessment", f"#{assessment_id} ")  # other tests record assessments too
        page.get_by_text("Brightpath Bots, assessed as of", exact=False).filter(visible=True).first.wait_for(
            timeout=STEP_TIMEOUT_MS
        )
        page.get_by_text("Decision: escalate by Browser Analyst", exact=False).filter(visible=True).first.wait_for(
            timeout=STEP_TIMEOUT_MS
        )
        pick(page, page, "Review a question", question.id)
        assert metric_value(page, "Analyst rating") == override
        with page.expect_download(timeout=STEP_TIMEOUT_MS) as download_info:
            page.get_by_role("button", name="Stored report (HTML)").click()
        stored_html = Path(download_info.value.path()).read_text(encoding="utf-8")
        assert "Browser Analyst" in stored_html and "Decision: Escalate" in stored_html

        # A second assessment of the vendor: the Register page shows the changes between the two.
        page.get_by_role("tab", name="Assess").click()
        settle(page)
        page.get_by_role("button", name="Run assessment").click()
        page.get_by_role("tab", name="Scorecard", selected=True).wait_for(timeout=ASSESS_TIMEOUT_MS)
        settle(page)
        page.get_by_role("tab", name="Register").click()
        settle(page)
        changes = page.get_by_test_id("stSelectbox").filter(has_text="Vendor").filter(has_not_text="Vendor shown")
        pick(page, changes.filter(visible=True).first, None, "Brightpath")
        page.get_by_text("against #", exact=False).filter(visible=True).first.wait_for(timeout=STEP_TIMEOUT_MS)
        page.screenshot(path=str(OUTPUT / "app-register.png"), full_page=True)

        assert outside == [], f"the page reached outside this machine: {outside}"
    except Exception:
        page.screenshot(path=str(OUTPUT / "app-failure.png"), full_page=True)
        raise
    finally:
        context.close()


def test_upload_corrects_the_column_mapping_then_assesses(server, browser, bank, tmp_path):
    from tests.workbooks import unnamed_answer_column_workbook

    OUTPUT.mkdir(exist_ok=True)
    answers = tmp_path / "acme.xlsx"
    answers.write_bytes(unnamed_answer_column_workbook(bank.questions[:4]))
    page = browser.new_context(viewport={"width": 1440, "height": 2400}).new_page()
    try:
        page.goto(server, timeout=STEP_TIMEOUT_MS)
        page.get_by_role("tab", name="Assess").wait_for(timeout=STEP_TIMEOUT_MS)
        settle(page)
        page.get_by_text("Upload files", exact=True).click()
        settle(page)
        page.locator("[data-testid=stFileUploader]").first.locator("input[type=file]").set_input_files(str(answers))
        settle(page)
        # Detection fails (no column it knows as the answer): the step says so and shows the top rows.
        page.get_by_text("Column mapping: needs your help").wait_for(timeout=STEP_TIMEOUT_MS)
        assert page.get_by_text("Correct the mapping below", exact=False).first.is_visible()
        page.get_by_label("Header row (0 = detect)").fill("3")
        page.get_by_test_id("stSelectbox").filter(has_text="Answer (or yes/no)").locator("input").click()
        page.keyboard.type("Supplier")
        page.get_by_role("option", name="C · Supplier reply").first.wait_for()
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Apply mapping").click()
        settle(page)
        page.get_by_text("Column mapping: 4 answer rows (corrected)").wait_for(timeout=STEP_TIMEOUT_MS)
        assert page.get_by_text("answer = C 'Supplier reply'", exact=False).first.is_visible()
        page.get_by_label("Vendor name").fill("Acme")
        page.get_by_role("button", name="Run assessment").click()
        page.get_by_test_id("stMetric").filter(has_text="Overall score").wait_for(timeout=ASSESS_TIMEOUT_MS)
        settle(page)
        page.screenshot(path=str(OUTPUT / "app-mapping.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(OUTPUT / "app-mapping-failure.png"), full_page=True)
        raise
    finally:
        page.context.close()
