"""The analyst's workflow end to end through the command line, on SQLite and (when configured) PostgreSQL: two
assessments of a vendor with one answer changed, a review and a decision, then history, diff, report and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from assessor.cli import main
from tests.conftest import EXAMPLES_DIR
from tests.test_register import url  # noqa: F401 - the register database fixture, one per backend

pytestmark = pytest.mark.slow
BRIGHTPATH = EXAMPLES_DIR / "brightpath-bots"
CHANGED = (
    "Every model or prompt change runs against a regression set of 1,500 conversations and needs sign-off from the "
    "ML lead before release."
)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_two_assessments_review_decide_diff_report_and_csv(url, tmp_path):  # noqa: F811
    rows = list(csv.reader(io.StringIO((BRIGHTPATH / "answers.csv").read_text(encoding="cp1252"))))
    for row in rows:
        if row[0] == "MO-02":
            row[2] = CHANGED
    changed = tmp_path / "answers-2026.csv"
    with changed.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    evidence = BRIGHTPATH / "evidence"
    for answers, as_of in ((BRIGHTPATH / "answers.csv", "2025-12-01"), (changed, "2026-12-01")):
        run("score", "--answers", answers, "--evidence", evidence, "--vendor", "Brightpath", "--as-of", as_of,
            "--out", tmp_path / f"{as_of}.csv", "--register", url)  # fmt: skip

    history = [json.loads(line) for line in run("history", "Brightpath", "--json", "--register", url).splitlines()]
    assert [entry["as_of"] for entry in history] == ["2025-12-01", "2026-12-01"]
    changes = json.loads(run("diff", "Brightpath", "--json", "--register", url))
    assert [q["question_id"] for q in changes["questions"]] == ["MO-02"]
    inserted = [text for op, text in changes["questions"][0]["answer_diff"] if op == "insert"]
    assert inserted and "regression set of 1,500 conversations" in " ".join(inserted)

    run("review", "Brightpath", "MO-02", "--rating", "adequate", "--note", "Seen in a live demo",
        "--reason", "the regression run was shown to us", "--analyst", "J. Analyst", "--register", url)  # fmt: skip
    decided = run("decide", "Brightpath", "--decision", "approve_with_conditions", "--condition",
                  "Send the regression report within 30 days", "--reason", "routing only, low risk",
                  "--analyst", "J. Analyst", "--register", url)  # fmt: skip
    assert "suggested:" in decided

    page, scorecard = tmp_path / "report.html", tmp_path / "reviewed.csv"
    run("report", "Brightpath", "--out", page, "--csv", scorecard, "--register", url)
    html = page.read_text(encoding="utf-8")
    assert "Send the regression report within 30 days" in html and "Seen in a live demo" in html
    assert "approve with conditions" in html.lower().replace("_", " ")
    reviewed = {row["question_id"]: row for row in csv.DictReader(io.StringIO(scorecard.read_text("utf-8-sig")))}
    assert reviewed["MO-02"]["analyst_rating"] == "adequate" and reviewed["MO-02"]["rating"] != ""
    assert reviewed["MO-02"]["analyst_note"] == "Seen in a live demo"
    assert reviewed["HR-01"]["analyst_rating"] == ""
    later = json.loads(run("history", "Brightpath", "--json", "--register", url).splitlines()[-1])
    assert later["decision"] == "approve_with_conditions" and later["next_review"]


def test_follow_up_workbook_returned_by_the_vendor_is_the_next_assessment(url, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    evidence = BRIGHTPATH / "evidence"
    run("score", "--answers", BRIGHTPATH / "answers.csv", "--evidence", evidence, "--vendor", "Brightpath",
        "--as-of", "2026-06-01", "--out", tmp_path / "first.csv", "--register", url)  # fmt: skip
    workbook_path = tmp_path / "followups.xlsx"
    run("followups", "Brightpath", "--out", workbook_path, "--register", url)
    workbook = load_workbook(workbook_path)
    sheet = workbook["Follow-ups"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "MO-02")
    sheet.cell(row, 5).value = CHANGED
    workbook.save(workbook_path)

    run("score", "--answers", workbook_path, "--evidence", evidence, "--vendor", "Brightpath",
        "--as-of", "2026-12-01", "--out", tmp_path / "second.csv", "--register", url)  # fmt: skip
    changes = json.loads(run("diff", "Brightpath", "--json", "--register", url))
    (question,) = [q for q in changes["questions"] if q["question_id"] == "MO-02"]
    inserted = " ".join(text for op, text in question["answer_diff"] if op == "insert")
    assert "Follow-up response:" in inserted and "regression set of 1,500 conversations" in inserted
    assert all(q["question_id"] == "MO-02" for q in changes["questions"] if q.get("answer_change"))
