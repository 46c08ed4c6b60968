"""The assessment register: storage and migrations, reviews, decisions, schedule, the CLI; SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import func, inspect, select, text

from assessor.cli import main
from assessor.register.decisions import add_months
from assessor.register.errors import RegisterError
from assessor.register.location import connect, register_url
from assessor.register.migrate import current, head
from assessor.register.models import Assessment, AuditEvent, Base, Decision, QuestionResult, Review, Vendor
from assessor.register.store import Register
from scoring.vocabulary import flag_label

from .conftest import EXAMPLES_DIR

POSTGRES_ENV = "ASSESSOR_TEST_POSTGRES_URL"
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRES_ENV),
            reason="set ASSESSOR_TEST_POSTGRES_URL to run the register tests against PostgreSQL",
        ),
    ),
]
TABLES = {"vendors", "assessments", "question_results", "reviews", "audit_events", "decisions"}
DAY = datetime.date(2026, 1, 10)


def _wipe(url: str) -> None:
    engine = connect(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    """An empty register database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    target = os.environ[POSTGRES_ENV]
    _wipe(target)
    yield target
    _wipe(target)


@pytest.fixture
def register(url):
    with Register.open(url) as opened:
        yield opened


def question(qid, weight=2, rating="adequate", overall=60.0, flags=(), claims=()):
    """A question of a JSON report, as ``report_dict`` writes it, with only what the tests need filled in."""
    checks = [{"claim": claim, "status": "not_found", "plan": False, "citation": ""} for claim in claims]
    return {
        "question_id": qid,
        "category": "Governance",
        "question": f"How do you handle {qid}?",
        "weight": weight,
        "answer": f"Our answer to {qid}.",
        "answer_row": 2,
        "alignment": "",
        "answered_by_reference": "",
        "evidence_references": "",
        "rating": rating,
        "verification": "",
        "claims_supported": 0,
        "claims_total": len(claims),
        "overall_score": overall,
        "overall_explanation": [],
        "specificity": {"score": 55.0},
        "evidence": {
            "score": 40.0,
            "explanation": [],
            "passages": [{"citation": "POL-1 p.2"}],
            "references": [],
            "claim_checks": checks,
            "stale_documents": [],
        },
        "clauses": {"expected": ["5.2"], "addressed": ["5.2"], "missing": ["6.1"], "other": []},
        "coverage_score": 50.0,
        "flags": [{"code": code, "label": flag_label(code), "reason": f"why {code}"} for code in flags],
        "follow_up": [],
    }


def make_report(vendor="Acme AI", overall=70.0, questions=None, as_of="2026-11-26"):
    questions = questions if questions is not None else [question("GOV-01", 3), question("GOV-02", flags=["vague"])]
    return {
        "provenance": {
            "model": "all-MiniLM-L6-v2",
            "model_weights_sha256": "m" * 64,
            "bank": {"name": "Default bank", "version": "1.0", "sha256": "b" * 64},
            "config": {"source": "defaults", "sha256": "c" * 64},
            "as_of": as_of,
            "inputs": {
                "answers": {"file": "answers.csv", "sha256": "a" * 64},
                "evidence": [{"file": "POL-1", "sha256": "e" * 64}],
            },
        },
        "vendor": vendor,
        "overall_score": overall,
        "rating": "adequate",
        "red_flags": 0,
        "questions": questions,
        "unmatched_answers": [],
    }


def count(register: Register, model) -> int:
    with register.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


# -- schema and location -------------------------------------------------------------------------------------------


def test_migrations_create_the_schema_from_empty_and_are_idempotent(url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with Register.open(url) as first:
        assert current(first.engine) == head()
        assert set(inspect(first.engine).get_table_names()) >= TABLES
        with first.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        first.record_report(make_report())
    with Register.open(url) as again:  # opening again neither fails nor loses anything
        assert current(again.engine) == head()
        assert len(again.history()) == 1
        with again.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_register_url_defaults_beside_the_caches_and_is_overridden(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(tmp_path / "data"))
    assert register_url() == f"sqlite:///{tmp_path / 'data' / 'register.sqlite'}"
    monkeypatch.setenv("ASSESSOR_REGISTER", str(tmp_path / "team.sqlite"))
    assert register_url() == f"sqlite:///{tmp_path / 'team.sqlite'}"
    assert register_url("sqlite:///x.db") == "sqlite:///x.db"
    assert register_url("postgresql://alice@db/assess") == "postgresql+psycopg://alice@db/assess"
    assert register_url("postgres://alice@db/assess") == "postgresql+psycopg://alice@db/assess"


def test_sqlite_register_uses_wal_and_a_busy_timeout(tmp_path):
    with Register.open(str(tmp_path / "r.sqlite")) as register, register.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_a_bad_register_location_is_a_one_line_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(RegisterError, match="cannot open the register"):
        Register.open(str(tmp_path / "file" / "register.sqlite"))


@pytest.mark.parametrize("location", ["foo://x", "mysql://u@h/db", "sqlite:////"])
def test_an_unusable_register_url_is_a_one_line_error(location):
    with pytest.raises(RegisterError, match="register"):
        Register.open(location)


def test_clearing_the_cache_keeps_the_register(tmp_path, monkeypatch):
    from assessor.settings import clear_cache

    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(tmp_path / "cache"))
    with Register.open() as register:
        register.record_report(make_report())
    (tmp_path / "cache" / "embeddings").mkdir()
    (tmp_path / "cache" / "embeddings" / "vectors.bin").write_bytes(b"x" * 10)
    files, _ = clear_cache()
    assert files == 1 and not (tmp_path / "cache" / "embeddings").exists()
    with Register.open() as register:
        assert len(register.history()) == 1


# -- recording and history -----------------------------------------------------------------------------------------


def test_record_stores_the_report_and_one_row_per_question(register):
    report = make_report()
    assessment_id = register.record_report(report)
    assert register.report(assessment_id) == report
    with register._reads() as session:
        row = session.get(Assessment, assessment_id)
        assert (row.bank_name, row.bank_version, row.config_sha256) == ("Default bank", "1.0", "c" * 64)
        assert row.input_hashes == {
            "answers": {"file": "answers.csv", "sha256": "a" * 64},
            "evidence": [{"file": "POL-1", "sha256": "e" * 64}],
        }
        assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == datetime.timedelta(0)
        assert [(q.question_id, q.weight, q.rating) for q in row.questions] == [
            ("GOV-01", 3, "adequate"),
            ("GOV-02", 2, "adequate"),
        ]
        assert row.questions[1].flags[0]["code"] == "vague"
        assert row.vendor.risk_tier == "standard"


def test_history_latest_and_previous(register):
    first = register.record_report(make_report(overall=50.0))
    second = register.record_report(make_report(overall=72.5))
    register.record_report(make_report(vendor="Other Co"))
    entries = register.history("Acme AI")
    assert [(e.assessment_id, e.overall) for e in entries] == [(first, 50.0), (second, 72.5)]
    assert entries[0].as_of == datetime.date(2026, 11, 26) and entries[0].decision is None
    assert len(register.history()) == 3
    assert register.latest("Acme AI").assessment_id == second
    assert register.previous("Acme AI", second).assessment_id == first
    assert register.previous("Acme AI", first) is None
    assert json.loads(json.dumps(entries[1].to_dict()))["overall"] == 72.5
    with pytest.raises(RegisterError, match="no assessment of vendor 'Nobody'"):
        register.history("Nobody")
    with pytest.raises(RegisterError, match="no assessment 999"):
        register.report(999)


def test_a_failure_mid_record_leaves_nothing_written(register):
    broken = make_report(questions=[question("GOV-01"), question("GOV-02")])
    del broken["questions"][1]["rating"]  # fails after the vendor and assessment rows were written
    with pytest.raises(KeyError):
        register.record_report(broken)
    for model in (Vendor, Assessment, QuestionResult):
        assert count(register, model) == 0
    register.record_report(make_report())  # and the register still works
    assert count(register, QuestionResult) == 2


def test_two_analysts_saving_at_once_both_succeed(url):
    with Register.open(url) as setup:
        setup.record_report(make_report())
    barrier = threading.Barrier(2)
    ids, errors = [], []

    def analyst(name: str) -> None:
        try:
            with Register.open(url) as register:
                barrier.wait()
                ids.append(register.record_report(make_report(vendor="New Co")))  # both create the vendor
                for _ in range(5):
                    ids.append(register.record_report(make_report()))
                    latest = register.latest("Acme AI").assessment_id
                    register.review(latest, "GOV-01", note=f"seen by {name}", reason="check", analyst=name)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=analyst, args=(name,)) for name in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Register.open(url) as register:
        assert len(register.history("Acme AI")) == 11 and len(register.history("New Co")) == 2
        assert len(set(ids)) == 12
        assert len(register.audit(register.latest("Acme AI").assessment_id)) >= 1


def test_an_open_read_does_not_block_a_writer(url):
    with Register.open(url) as reader, Register.open(url) as writer, reader._reads() as session:
        writer.record_report(make_report())
        assert session.scalar(select(func.count()).select_from(Assessment)) == 1  # reading holds a transaction
        assert writer.record_report(make_report()) == 2


# -- reviews -------------------------------------------------------------------------------------------------------


def test_review_overrides_the_rating_and_keeps_the_machine_rating(register):
    assessment_id = register.record_report(make_report())
    register.review(assessment_id, "GOV-01", rating="weak", note="Policy is a draft", reason="read it", analyst="alice")
    register.review(assessment_id, "GOV-01", rating="insufficient", reason="unsigned", analyst="bob")
    assert register.overlay(assessment_id) == {
        "GOV-01": {
            "analyst_rating": "insufficient",
            "analyst_note": "Policy is a draft",
            "dismissed_flags": [],
            "added_flags": [],
        }
    }
    audit = register.audit(assessment_id)
    assert [(e["analyst"], e["field"], e["old"], e["new"], e["reason"]) for e in audit] == [
        ("alice", "analyst_rating", None, "weak", "read it"),
        ("alice", "analyst_note", None, "Policy is a draft", "read it"),
        ("bob", "analyst_rating", "weak", "insufficient", "unsigned"),
    ]
    assert all(e["question_id"] == "GOV-01" and e["at"].utcoffset() == datetime.timedelta(0) for e in audit)
    with register._reads() as session:
        machine = session.scalars(select(QuestionResult).where(QuestionResult.question_id == "GOV-01")).one()
        assert machine.rating == "adequate"
    assert register.report(assessment_id)["questions"][0]["rating"] == "adequate"


def test_review_adds_and_dismisses_flags(register):
    assessment_id = register.record_report(make_report())
    register.review(assessment_id, "GOV-02", dismiss_flag="vague", reason="detail is in the annex", analyst="a")
    register.review(assessment_id, "GOV-01", add_flag="stale_evidence", reason="policy from 2019", analyst="a")
    overlay = register.overlay(assessment_id)
    assert overlay["GOV-02"]["dismissed_flags"] == ["vague"]
    assert overlay["GOV-01"]["added_flags"] == ["stale_evidence"]
    register.review(assessment_id, "GOV-01", dismiss_flag="stale_evidence", reason="new version came", analyst="a")
    register.review(assessment_id, "GOV-02", add_flag="vague", reason="annex is vague too", analyst="a")
    overlay = register.overlay(assessment_id)
    assert overlay["GOV-01"]["added_flags"] == [] and overlay["GOV-02"]["dismissed_flags"] == []
    flag_events = [(e["old"], e["new"]) for e in register.audit(assessment_id) if e["field"] == "flag"]
    assert flag_events == [("vague", None), (None, "stale_evidence"), ("stale_evidence", None), (None, "vague")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": "excellent"}, "unknown rating 'excellent'; use one of strong, adequate, weak, insufficient"),
        ({"add_flag": "sloppy"}, "unknown flag 'sloppy'"),
        ({"dismiss_flag": "no_answer"}, "GOV-02 has no open flag 'no_answer'"),
        ({"add_flag": "vague"}, "GOV-02 already has the flag 'vague'"),
        ({"note": "x", "reason": "  "}, "a reason is required"),
        ({}, "nothing to review"),
        ({"note": "x", "question_id": "NOPE-9"}, "has no question 'NOPE-9'"),
    ],
)
def test_review_rejects_bad_requests_and_writes_nothing(register, change, message):
    assessment_id = register.record_report(make_report())
    arguments = {"question_id": "GOV-02", "reason": "because", "analyst": "a"} | change
    with pytest.raises(RegisterError, match=message):
        register.review(assessment_id, **arguments)
    assert count(register, Review) == 0 and count(register, AuditEvent) == 0


def test_the_analyst_defaults_to_the_os_user(register, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assessment_id = register.record_report(make_report())
    register.review(assessment_id, "GOV-01", note="ok", reason="checked")
    assert register.audit(assessment_id)[0]["analyst"] == "os-user"


# -- decisions and the review schedule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overall", "questions", "decision", "rule"),
    [
        (70.0, [question("GOV-01", 3), question("GOV-02", flags=["vague"])], "approve", "no red flag open"),
        (28.0, [question("GOV-01", 3)], "reject", "under reject_below (30)"),
        (40.0, [question("GOV-01", 3)], "escalate", "under escalate_below (45)"),
        (70.0, [question("GOV-01", 3, flags=["off_topic"])], "escalate", "'off topic' is open on GOV-01, of weight 3"),
        (70.0, [question("GOV-01", 2, flags=["off_topic"])], "approve_with_conditions", "1 red flag(s) open"),
        (70.0, [question("GOV-01", 2, claims=["24-hour notice"])], "approve_with_conditions", "1 key claim(s)"),
        (70.0, [question("GOV-01", 1, claims=["24-hour notice"])], "approve", "every key claim verified"),
    ],
)
def test_suggested_decision_follows_the_configured_rules(register, overall, questions, decision, rule):
    assessment_id = register.record_report(make_report(overall=overall, questions=questions))
    suggested, conditions, explanation = register.suggest_decision(assessment_id)
    assert suggested == decision and rule in explanation
    assert (conditions == []) == (decision == "approve" or overall < 45)


def test_suggested_conditions_come_from_open_red_flags_and_unverified_key_claims(register):
    questions = [
        question("GOV-01", 2, flags=["stale_evidence"]),
        question("GOV-02", 2, flags=["unsupported_claim"], claims=["a 24-hour SLA"]),
    ]
    assessment_id = register.record_report(make_report(questions=questions))
    decision, conditions, _ = register.suggest_decision(assessment_id)
    assert decision == "approve_with_conditions"
    assert conditions == [
        "GOV-01: resolve 'stale evidence': why stale_evidence",
        "GOV-02: provide a document that shows 'a 24-hour SLA'",
    ]
    register.review(assessment_id, "GOV-01", dismiss_flag="stale_evidence", reason="current copy", analyst="a")
    assert register.suggest_decision(assessment_id)[1] == ["GOV-02: provide a document that shows 'a 24-hour SLA'"]
    register.review(assessment_id, "GOV-02", dismiss_flag="unsupported_claim", reason="SLA in contract", analyst="a")
    assert register.suggest_decision(assessment_id) == ("approve", [], "no red flag open and every key claim verified")


def test_decide_records_the_decision_the_suggestion_and_the_next_review(register):
    assessment_id = register.record_report(make_report(questions=[question("GOV-01", 2, flags=["off_topic"])]))
    assert register.decision(assessment_id) is None
    record = register.decide(assessment_id, "approve_with_conditions", ["Fix GOV-01"], "ok with fixes", "alice", DAY)
    assert register.decision(assessment_id) == record
    assert record["suggested"] == "approve_with_conditions" and record["conditions"] == ["Fix GOV-01"]
    assert record["next_review"] == datetime.date(2026, 7, 10)  # 6 months for a standard-tier vendor
    assert record["at"].utcoffset() == datetime.timedelta(0)
    register.decide(assessment_id, "reject", [], "changed my mind", "bob", DAY)
    assert register.decision(assessment_id)["next_review"] is None
    events = [(e["field"], e["old"], e["new"], e["analyst"]) for e in register.audit(assessment_id)]
    assert events == [
        ("decision", None, "approve_with_conditions", "alice"),
        ("decision", "approve_with_conditions", "reject", "bob"),
    ]
    assert register.history("Acme AI")[0].decision == "reject"
    with pytest.raises(RegisterError, match="unknown decision 'maybe'"):
        register.decide(assessment_id, "maybe", [], "x", "a")
    with pytest.raises(RegisterError, match="a reason is required"):
        register.decide(assessment_id, "approve", [], "", "a")
    assert count(register, Decision) == 2


def test_the_risk_tier_scales_the_review_interval(register):
    high = register.record_report(make_report(vendor="Risky"), risk_tier="high")
    low = register.record_report(make_report(vendor="Calm"), risk_tier="low")
    assert register.decide(high, "approve", [], "fine", "a", DAY)["next_review"] == datetime.date(2026, 7, 10)
    assert register.decide(low, "escalate", [], "look again", "a", DAY)["next_review"] == datetime.date(2026, 6, 10)
    with pytest.raises(RegisterError, match="unknown risk tier 'extreme'"):
        register.record_report(make_report(), risk_tier="extreme")


def test_due_lists_vendors_due_or_overdue_by_their_latest_decision(register):
    acme = register.record_report(make_report())
    other = register.record_report(make_report(vendor="Other Co"))
    register.decide(acme, "approve", [], "good", "a", DAY)  # review 2027-01-10
    register.decide(other, "escalate", [], "unclear", "a", DAY)  # review 2026-04-10
    assert register.due(datetime.date(2026, 4, 9)) == []
    due = register.due(datetime.date(2027, 1, 10))
    assert [(d["vendor"], d["next_review"], d["days_overdue"]) for d in due] == [
        ("Other Co", datetime.date(2026, 4, 10), 275),
        ("Acme AI", datetime.date(2027, 1, 10), 0),
    ]
    newer = register.record_report(make_report(vendor="Other Co"))
    register.decide(newer, "reject", [], "no", "a", DAY)  # a later decision supersedes: no review scheduled
    assert [d["vendor"] for d in register.due(datetime.date(2027, 1, 10))] == ["Acme AI"]


def test_add_months_clips_to_the_end_of_a_shorter_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


# -- exports -------------------------------------------------------------------------------------------------------


def test_registered_scorecard_csv_has_the_analyst_columns(register, tmp_path):
    from assessor.exports import CSV_COLUMNS, REVIEW_COLUMNS
    from assessor.register.scorecard import write_registered_csv

    assessment_id = register.record_report(make_report())
    register.review(assessment_id, "GOV-02", rating="weak", note="=HYPERLINK(1)", reason="x", analyst="a")
    path = write_registered_csv(register, assessment_id, tmp_path / "card.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS + REVIEW_COLUMNS
    assert (rows[0]["analyst_rating"], rows[0]["analyst_note"]) == ("", "")
    assert rows[1]["rating"] == "adequate" and rows[1]["analyst_rating"] == "weak"
    assert rows[1]["analyst_note"] == "'=HYPERLINK(1)"  # neutralised like every other cell
    assert rows[1]["citations"] == "POL-1 p.2" and rows[1]["missing_clauses"] == "6.1"


# -- the command line ----------------------------------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_cli_history_review_and_decide(url):
    with Register.open(url) as register:
        first = register.record_report(make_report(overall=40.0))
        second = register.record_report(make_report(questions=[question("GOV-01", 2, flags=["off_topic"])]))
    listed = invoke("history", "Acme AI", "--json", "--register", url)
    assert listed.exit_code == 0, listed.output
    entries = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [e["assessment_id"] for e in entries] == [first, second] and entries[0]["overall"] == 40.0
    reviewed = invoke(
        "review", "Acme AI", "GOV-01", "--rating", "weak", "--reason", "thin", "--analyst", "alice", "--register", url
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert f"assessment {second}" in reviewed.stdout and "analyst rating weak" in reviewed.stdout
    older = invoke(
        "decide", "Acme AI", "--assessment", first, "--decision", "reject", "--condition", "none", "--reason", "x",
        "--json", "--register", url,
    )  # fmt: skip
    assert json.loads(older.stdout)["conditions"] == ["none"] and json.loads(older.stdout)["suggested"] == "escalate"
    decided = invoke(
        "decide", "Acme AI", "--decision", "approve_with_conditions", "--reason", "fixable", "--register", url
    )
    assert decided.exit_code == 0, decided.output
    assert "suggested: approve_with_conditions (1 red flag(s) open" in decided.stdout
    assert "condition: GOV-01: resolve 'off topic': why off_topic" in decided.stdout
    table = invoke("history", "--register", url)
    assert "decision approve_with_conditions, next review" in table.stdout
    due = invoke("history", "--due", "--as-of", "2099-01-01", "--json", "--register", url)
    assert [json.loads(line)["vendor"] for line in due.stdout.splitlines()] == ["Acme AI"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("history", "Nobody"), "error: no assessment of vendor 'Nobody' in the register"),
        (("review", "Nobody", "GOV-01", "--note", "x", "--reason", "r"), "error: no assessment of vendor 'Nobody'"),
        (("review", "Acme AI", "NOPE", "--note", "x", "--reason", "r"), "has no question 'NOPE'"),
        (("review", "Acme AI", "GOV-01", "--rating", "great", "--reason", "r"), "error: unknown rating 'great'"),
        (("review", "Acme AI", "GOV-01", "--flag", "oops", "--reason", "r"), "error: unknown flag 'oops'"),
        (("review", "Acme AI", "GOV-01", "--rating", "weak"), "error: a reason is required (--reason TEXT)"),
        (("review", "Acme AI", "GOV-01", "--flag", "vague", "--dismiss", "vague", "--reason", "r"), "not both"),
        (("decide", "Acme AI", "--decision", "maybe", "--reason", "r"), "error: unknown decision 'maybe'"),
        (("decide", "Acme AI", "--decision", "approve"), "error: a reason is required"),
        (("decide", "Acme AI", "--assessment", "999", "--decision", "approve", "--reason", "r"), "no assessment 999"),
    ],
)
def test_cli_errors_are_one_line_messages(tmp_path, args, message):
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    with Register.open(url) as register:
        register.record_report(make_report())
    result = invoke(*args, "--register", url)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


# -- recording real assessments (the model) ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_real_assessment_is_recorded_and_its_scorecard_rebuilt_from_the_register(brightpath, tmp_path):
    from assessor.exports import report_dict, report_rows, rows_csv, scorecard_csv, scorecard_rows

    with Register.open(str(tmp_path / "r.sqlite")) as register:
        assessment_id = register.record(brightpath)
        stored = register.report(assessment_id)
        assert stored == json.loads(json.dumps(report_dict(brightpath)))
        assert report_rows(stored) == scorecard_rows(brightpath.result)
        assert rows_csv(report_rows(stored)) == scorecard_csv(brightpath.result)
        entry = register.latest("brightpath-bots")
        assert (entry.overall, entry.rating, entry.red_flags) == (
            brightpath.result.overall,
            brightpath.result.rating,
            brightpath.result.red_flags,
        )
        decision, conditions, rule = register.suggest_decision(assessment_id)
        assert decision in ("reject", "escalate") and conditions and rule


@pytest.mark.slow
def test_a_batch_vendor_is_recorded_with_its_risk_tier(brightpath, tmp_path):
    from assessor.batch import VendorFolder
    from assessor.errors import InputError
    from assessor.register.recording import Recorder

    folder = tmp_path / "brightpath"
    folder.mkdir()
    (folder / "vendor.yaml").write_text("name: Brightpath Bots\nrisk_tier: high\n", encoding="utf-8")
    recorder = Recorder(str(tmp_path / "r.sqlite"))
    recorder.record_vendor(brightpath, VendorFolder(folder, "Brightpath Bots"))
    (folder / "vendor.yaml").write_text("risk_tier: extreme\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown risk tier 'extreme'"):
        recorder.record_vendor(brightpath, VendorFolder(folder, "Brightpath Bots"))
    recorder.close()
    with Register.open(str(tmp_path / "r.sqlite")) as register, register._reads() as session:
        assert session.scalars(select(Vendor.risk_tier)).all() == ["high"]
        assert len(register.history()) == 1


@pytest.mark.slow
def test_score_records_unless_told_not_to(engine, monkeypatch, tmp_path):
    monkeypatch.setattr("assessor.pipeline.Engine.load", classmethod(lambda cls, model=None, backend=None: engine))
    base = EXAMPLES_DIR / "brightpath-bots"
    url = str(tmp_path / "r.sqlite")
    common = ("score", "--answers", base / "answers.csv", "--evidence", base / "evidence", "--as-of", "2026-11-26")
    recorded = invoke(*common, "--out", tmp_path / "a.csv", "--register", url)
    assert recorded.exit_code == 0, recorded.output
    assert "recorded as assessment 1 in sqlite:///" in recorded.stderr
    skipped = invoke(*common, "--out", tmp_path / "b.csv", "--register", url, "--no-register")
    assert skipped.exit_code == 0, skipped.output
    with Register.open(url) as register:
        assert [entry.vendor for entry in register.history()] == ["brightpath-bots"]


def test_decide_takes_the_review_schedule_of_the_config_given(register, url, tmp_path):
    """``decide --config`` applies that file's review schedule; the risk tier recorded with the vendor scales it."""
    assessment_id = register.record_report(make_report(), risk_tier="high")
    config = tmp_path / "team.yaml"
    config.write_text("review_schedule:\n  months:\n    approve: 4\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["decide", "Acme AI", "--decision", "approve", "--reason", "fine", "--json", "--config", str(config),
         "--register", url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    decided = json.loads(result.output)
    assert decided["assessment_id"] == assessment_id
    today = datetime.date.today()
    assert decided["next_review"] == add_months(today, 2).isoformat()  # 4 months times the high tier's 0.5
    assert register.history("Acme AI")[-1].risk_tier == "high"
