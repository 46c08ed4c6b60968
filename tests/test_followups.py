"""Follow-up questions: a few per answer, most serious first, in plain language, never asking for what is given.
And the flag vocabulary they are worded from: one registry every layer reads."""

import re
from pathlib import Path

import pytest
import yaml

from assessor.matching import ClauseMatch
from question_bank import Question
from scoring.checks import CONTRADICTED, NOT_FOUND, ClaimCheck
from scoring.config import load_config
from scoring.evidence_score import EvidenceResult
from scoring.followups import CRITERION_ASKS, default_limit, follow_ups
from scoring.question import _follow_ups
from scoring.results import FLAG_CODES, Flag
from scoring.signals.positive import gives_steps
from scoring.specificity import CriterionCheck, SpecificityResult
from scoring.staleness import StaleDocument
from scoring.vocabulary import FLAGS, flag_label

REPO = Path(__file__).resolve().parents[1]
QUESTION = "How do you monitor model performance in production, and what triggers a review or rollback?"
ANSWER = "The on-call engineer rolls back within 4 hours under runbook NW-SEC-011, and we review it quarterly."
STEPS_ASK = CRITERION_ASKS["process_steps"]
ALL_CRITERIA = ["owner", "metric", "threshold", "cadence", "time_frame", "named_document", "scope", "quantity"]
JARGON = re.compile(r"ISO/IEC|42001|Annex|\bclause\b|\b(?:A\.)?\d+\.\d+(?:\.\d+)?\b")


def everything(**changes):
    """Arguments that produce one ask of every kind."""
    arguments = {
        "question_text": QUESTION,
        "answer": ANSWER,
        "flags": ["unsupported_claim", "contradicted_by_evidence", "stale_evidence"],
        "missed_criteria": ALL_CRITERIA,
        "contradictions": [("4 hours", "runbook.pdf p.3", "The on-call engineer rolls back within 30 minutes.")],
        "unsupported": ["quarterly"],
        "unverified": True,
        "missing_references": [("Security Runbook NW-SEC-011 §2", "")],
        "stale": [("runbook.pdf", "valid until 2025-01-31, expired before 2026-11-26")],
        "missing_types": ["report"],
    }
    return arguments | changes


# --------------------------------------------------------------------------------------------------
# How many, in which order


def test_at_most_three_by_default():
    assert default_limit() == 3
    assert yaml.safe_load((REPO / "scoring" / "defaults.yaml").read_text())["followups"]["max_per_question"] == 3
    asks = follow_ups(**everything())
    assert len(asks) == 3


@pytest.mark.parametrize("limit", [0, 1, 5, 20])
def test_the_limit_is_configurable(limit):
    asks = follow_ups(**everything(), limit=limit)
    assert len(asks) == min(limit, len(follow_ups(**everything(), limit=100)))


def test_order_is_contradiction_then_key_claim_then_missing_criterion():
    asks = follow_ups(**everything(missing_references=[]), limit=3)
    assert asks[0].startswith("Your answer says 'The on-call engineer rolls back within 4 hours', but runbook.pdf p.3")
    assert asks[0].endswith("Which is correct?")
    assert asks[1] == "Which document states 'we review it quarterly'? Please attach it and give the page or section."
    assert asks[2] == CRITERION_ASKS["owner"]


def test_stale_evidence_and_missing_types_come_only_if_room_is_left():
    crowded = follow_ups(**everything(), limit=3)
    assert not any("out of date" in ask or "Please attach the audit" in ask for ask in crowded)
    roomy = follow_ups(**everything(missed_criteria=[], contradictions=[], unsupported=[], missing_references=[]))
    assert roomy == [
        "runbook.pdf is out of date (valid until 2025-01-31, expired before 2026-11-26). Please send the current "
        "version.",
        "Please attach the audit or assessment report that covers this.",
    ]
    everything_asked = follow_ups(**everything(), limit=100)
    assert everything_asked[-2:] == roomy


def test_an_answer_that_is_not_an_answer_gets_one_ask():
    assert follow_ups(**everything(flags=["no_answer"])) == [f"Please answer this question in full: {QUESTION}"]
    (ask,) = follow_ups(**everything(flags=["not_english", "unsupported_claim"]))
    assert "in English" in ask


def test_a_rewrite_comes_right_after_contradictions_and_off_topic_claims_are_not_chased():
    asks = follow_ups(**everything(flags=["off_topic", "duplicate_answer"]), limit=100)
    assert asks[1] == f"Your answer does not address the question. Please answer it: {QUESTION}"
    assert not any("Which document states" in ask for ask in asks)
    assert sum("same text" in ask for ask in asks) == 0  # one rewrite ask, not two


def test_deterministic_and_without_repeats():
    first = follow_ups(**everything(), limit=100)
    assert first == follow_ups(**everything(), limit=100)
    assert len(first) == len(set(first))


# --------------------------------------------------------------------------------------------------
# What they say


def test_a_contradiction_cites_the_document_and_quotes_it():
    (ask,) = follow_ups(**everything(), limit=1)
    assert "runbook.pdf p.3" in ask and '"The on-call engineer rolls back within 30 minutes."' in ask


def test_two_passages_contradicting_one_claim_are_one_ask():
    contradictions = [
        ("we are certified", "cert.pdf p.1", "Valid until: 2025-03-31"),
        ("we are certified", "cert.pdf p.1", "Scope: the internal HR chatbot only."),
    ]
    asks = follow_ups(**everything(contradictions=contradictions), limit=100)
    contradiction_asks = [ask for ask in asks if "Which is correct?" in ask]
    assert contradiction_asks == [
        'Your answer says \'we are certified\', but cert.pdf p.1 says: "Valid until: 2025-03-31" and "Scope: the '
        'internal HR chatbot only.". Which is correct?'
    ]


def test_key_claims_are_named_in_the_answers_words():
    answer = "The audit found 0 major nonconformities, 2 minor nonconformities and 3 opportunities."
    claims = ["0 major nonconformities", "2 minor nonconformities", "3 opportunities", "one more"]
    (ask,) = follow_ups(**everything(answer=answer, contradictions=[], unsupported=claims), limit=1)
    assert ask == (
        "Which documents state 'The audit found 0 major nonconformities', '2 minor nonconformities' and "
        "'3 opportunities'? Please attach them and give the page or section for each."
    )


def test_whole_sentences_are_chased_only_when_a_specific_answer_is_unverified():
    sentence = "Runtime defences include the pre-delivery guardrail pipeline and our tenant isolation controls."
    arguments = everything(contradictions=[], unsupported=[], unsupported_statements=[sentence], missing_references=[])
    assert f"Which document states '{sentence}'?" in follow_ups(**arguments)[0]
    assert not any("Which document states" in ask for ask in follow_ups(**arguments | {"unverified": False}))


def test_references_to_documents_or_sections_not_provided():
    references = [("Security Runbook NW-SEC-011 §2", ""), ("AI Policy §9", "policy.pdf")]
    asks = follow_ups(**everything(contradictions=[], unsupported=[], missing_references=references))
    assert asks[:2] == [
        "You refer to 'Security Runbook NW-SEC-011 §2', but it is not among the documents you sent. Please attach it.",
        "You refer to 'AI Policy §9', but policy.pdf has no such section. Which section or page covers this?",
    ]


def test_no_clause_ids_or_standard_titles_in_the_text(catalog):
    asks = follow_ups(**everything(), limit=100)
    titles = [node.title for node in catalog.nodes]
    for ask in asks:
        assert not JARGON.search(ask), ask
        assert not any(f"({title})" in ask for title in titles), ask


def test_missing_clauses_stay_out_of_the_asks_and_in_the_export(catalog, brightpath, northwind):
    for assessment in (brightpath, northwind):
        for result in assessment.result.questions:
            assert len(result.follow_ups) <= 3
            for ask in result.follow_ups:
                assert not ask.startswith("How do you address"), ask
                assert not re.search(r"ISO/IEC 42001 (?:A\.)?\d", ask), ask
                assert not any(f"({catalog.get(i).title})" in ask for i in result.question.iso42001), ask
    from assessor.exports import scorecard_rows

    row = next(r for r in scorecard_rows(brightpath.result) if r["question_id"] == "HR-01")
    assert row["missing_clauses"]  # the clauses an answer misses are a column of their own


def test_the_example_contradiction_leads_and_cites_the_incident_plan(brightpath):
    result = next(r for r in brightpath.result.questions if r.question.id == "IR-02")
    first = result.follow_ups[0]
    assert "BPB-IRP-01_Incident_Response_Plan.pdf p.2" in first and "72 hours" in first and "24 hours" in first


# --------------------------------------------------------------------------------------------------
# Never asking for what the answer gives


@pytest.mark.parametrize(
    "answer",
    [
        "Step 1: the analyst triages the alert. Step 2: the on-call engineer investigates. Finally the lead closes.",
        "Step one: the analyst triages. Step two: the engineer investigates.",
        "Stage 1 is triage by the analyst; Stage 2 is investigation by the engineer.",
        "Our process:\n1. The analyst triages the alert.\n2. The engineer investigates.\n3. The lead closes it.",
        "Our process: (1) the analyst triages; (2) the engineer investigates; (3) the lead closes it.",
        "Our process: 1) the analyst triages; 2) the engineer investigates.",
        "Our process: a) triage by the analyst; b) investigation by the engineer.",
        "Our process:\n- the analyst triages the alert\n- the engineer investigates\n- the lead closes it",
        "Our process:\n\u2022 the analyst triages the alert\n\u2022 the engineer investigates",
        "Our process:\n* the analyst triages the alert\n* the engineer investigates",
        "First the analyst triages the alert, then the engineer investigates, and finally the lead closes it.",
        "The analyst first triages the alert. Next, the engineer investigates. Lastly the lead closes it.",
        "We first triage; afterwards we investigate.",
    ],
)
def test_steps_written_in_any_form_are_not_asked_for(answer):
    assert gives_steps(answer)
    asks = follow_ups(question_text=QUESTION, answer=answer, flags=[], missed_criteria=["process_steps"])
    assert STEPS_ASK not in asks


@pytest.mark.parametrize(
    "answer",
    [
        "Our team reviews incidents and fixes them as appropriate.",
        "If accuracy drops, then we roll back.",
        "It found 0 major nonconformities, 2 minor nonconformities and 3 opportunities.",
        "Our AI Policy v1.6 §5 applies; see section 4.2. The next review is on 2026-03-12.",
    ],
)
def test_steps_are_asked_for_when_the_answer_has_none(answer):
    assert not gives_steps(answer)
    asks = follow_ups(question_text=QUESTION, answer=answer, flags=[], missed_criteria=["process_steps"])
    assert asks == [STEPS_ASK]


def test_which_document_is_not_asked_when_the_vendor_cites_documents():
    arguments = {"question_text": QUESTION, "answer": ANSWER, "flags": [], "missed_criteria": ["named_document"]}
    assert follow_ups(**arguments) == [CRITERION_ASKS["named_document"]]
    assert follow_ups(**arguments, cites_documents=True) == []


def test_a_vague_answer_meeting_every_criterion_is_still_asked_to_be_concrete():
    assert follow_ups(question_text=QUESTION, answer="We do it well.", flags=["vague"]) == [FLAGS["vague"].ask()]


# --------------------------------------------------------------------------------------------------
# Through scoring: _follow_ups builds the arguments from a question's results


def results(criteria_met: dict[str, bool]):
    question = Question("MO-01", "MO", QUESTION, ("9.1", "8.1"), tuple(criteria_met), ("report",), 1.0)
    specificity = SpecificityResult(60.0, (), tuple(CriterionCheck(n, met, "") for n, met in criteria_met.items()))
    checks = (
        ClaimCheck(
            "duration",
            "4 hours",
            CONTRADICTED,
            "4 hours against 30 minutes",
            40,
            47,
            "runbook.pdf",
            3,
            evidence_text="The on-call engineer rolls back within 30 minutes.",
        ),
        ClaimCheck("cadence", "quarterly", NOT_FOUND, "not found", 90, 99),
    )
    evidence = EvidenceResult(30.0, (), (), (), checks, (StaleDocument("runbook.pdf", "expired"),), ())
    match = ClauseMatch((), ("9.1",), ("8.1",), (), False, 0.5)
    flags = (Flag("contradicted_by_evidence", "4 hours against 30 minutes"), Flag("unsupported_claim", "quarterly"))
    return question, specificity, evidence, match, flags


def test_scoring_passes_the_answer_and_the_configured_limit(catalog):
    question, specificity, evidence, match, flags = results({"process_steps": False, "owner": False, "scope": False})
    answer = "Step 1: page the engineer. Step 2: the engineer rolls back within 4 hours; we review it quarterly."
    asks = _follow_ups(
        question, specificity, evidence, match, flags, "unverified", catalog, answer=answer, config=load_config()
    )
    assert len(asks) == 3 and asks[0].startswith("Your answer says") and "runbook.pdf p.3" in asks[0]
    assert STEPS_ASK not in asks and CRITERION_ASKS["owner"] in asks
    config = load_config(overrides={"followups": {"max_per_question": 6}})
    more = _follow_ups(
        question, specificity, evidence, match, flags, "unverified", catalog, answer=answer, config=config
    )
    assert len(more) == 6 and more[:3] == asks  # then the scope criterion, the stale runbook, the missing report
    assert "runbook.pdf is out of date (expired)" in more[4] and "audit or assessment report" in more[5]
    assert not any(JARGON.search(ask) for ask in more)


# --------------------------------------------------------------------------------------------------
# The flag registry


def test_every_flag_is_defined_once_with_label_explanation_and_follow_up():
    assert tuple(FLAGS) == FLAG_CODES
    assert "reference_not_found" in FLAGS
    for code, definition in FLAGS.items():
        assert definition.code == code and definition.label and definition.explanation.endswith(".")
        assert definition.follow_ups, code
        assert flag_label(code) == definition.label


def test_every_flag_scoring_sets_and_every_red_flag_is_registered():
    source = (REPO / "scoring" / "question.py").read_text(encoding="utf-8")
    used = set(re.findall(r"Flag\(\s*\"(\w+)\"", source))
    assert used and used <= set(FLAGS), used - set(FLAGS)
    assert set(load_config()["flags"]["red"]) <= set(FLAGS)


def test_no_layer_keeps_its_own_copy_of_the_flag_labels():
    for path in ("assessor/app_support.py", "assessor/exports.py", "app.py", "scoring/followups.py"):
        text = (REPO / path).read_text(encoding="utf-8")
        for definition in FLAGS.values():
            assert f'"{definition.label}"' not in text or definition.label == definition.code, (path, definition.code)
            for template in definition.follow_ups.values():
                assert template not in text, (path, definition.code)
