import json
import subprocess
import sys

import pytest

from benchmarks.clause_matching import FINOS_CSV, evaluate, finos_items, own_items
from scoring.config import load_config

from .conftest import REPO_ROOT

SETTINGS = load_config()["matching"]

MONITORING = (
    "We track containment accuracy, escalation rate and latency on live dashboards; when accuracy falls below "
    "92% over two hours the on-call engineer rolls back to the previous model version."
)
TWO_TOPICS = (
    "Our internal audit team audits the AI management system every year against a three-year audit programme. "
    "Separately, every supplier of a foundation model signs our supplier security addendum and is reassessed annually."
)


def ids(ranked, k):
    return [item.id for item in ranked[:k]]


def test_monitoring_answer_ranks_operation_and_monitoring_first(matcher):
    assert ids(matcher.rank([MONITORING], SETTINGS)[0], 3)[0] == "A.6.2.6"


def test_two_topic_answer_surfaces_both_topics(matcher):
    top = ids(matcher.rank([TWO_TOPICS], SETTINGS)[0], 5)
    assert any(node.startswith("9.2") for node in top)
    assert "A.10.3" in top


def test_expected_ids_are_split_into_addressed_and_missing(matcher):
    result = matcher.match(
        MONITORING, ["A.6.2.6", "7.2"], "How do you monitor model performance in production?", settings=SETTINGS
    )
    assert result.addressed == ("A.6.2.6",) and result.missing == ("7.2",)
    assert not result.off_topic and result.question_similarity > 0.3


def test_answer_about_something_else_is_off_topic(matcher):
    result = matcher.match(
        "Our list price is 12 dollars per seat per month, billed annually.",
        ["A.6.2.6", "9.1"],
        "How do you monitor model performance in production, and what triggers a review or rollback?",
        settings=SETTINGS,
    )
    assert result.off_topic and not result.addressed


def test_ranking_is_deterministic_and_complete(matcher):
    first, second = matcher.rank([MONITORING, MONITORING], SETTINGS)
    assert first == second and len(first) == 70
    assert [c.score for c in first] == sorted((c.score for c in first), reverse=True)


def test_quality_targets_on_team_sentences(matcher):
    quality = evaluate(matcher, "team", own_items(), SETTINGS)
    assert quality.count >= 40
    assert quality.meets_target, quality.line()


@pytest.mark.skipif(not FINOS_CSV.exists(), reason="shared/eval not beside the checkout")
def test_quality_targets_on_finos_mitigations(matcher):
    quality = evaluate(matcher, "finos", finos_items(), SETTINGS)
    assert quality.count == 18 and quality.meets_target, quality.line()


def test_match_command_reads_json_and_plain_lines(tmp_path):
    lines = json.dumps({"id": "a1", "text": MONITORING}) + "\n\nWe audit the AIMS every year.\n"
    result = subprocess.run(
        [sys.executable, "-m", "assessor", "match", "--top", "3"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a1", 3]
    assert records[0]["clauses"][0]["id"] == "A.6.2.6" and len(records[0]["clauses"]) == 3
    assert set(records[0]["clauses"][0]) == {"id", "title", "score"}
