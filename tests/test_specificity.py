"""Specificity scorer: every signal explains itself, penalties bite, and the calibration set lands in its bands."""

from __future__ import annotations

import dataclasses
import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assessor.answer_doc
import assessor.claims
from assessor.answer_doc import build_answer
from assessor.relevance import Relevance, relevance_of
from scoring.duplicates import find_duplicate_answers
from scoring.signals import VAGUENESS_NAMES
from scoring.specificity import (
    BANDS,
    SpecificityResult,
    band_for,
    load_settings,
    score_specificity,
)

DEFAULTS = load_settings()
POINTS = {name: float(values["points"]) for name, values in DEFAULTS["signals"].items()}


def hits_named(result: SpecificityResult, name: str) -> list:
    return [hit for hit in result.hits if hit.name == name]


def assert_offsets_exact(text: str, result: SpecificityResult) -> None:
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.matched, hit


def docs_of(answers: dict[str, str]) -> dict:
    return {question_id: build_answer(text) for question_id, text in answers.items()}


# ------------------------------------------------------------------------------------- positive signals
@pytest.mark.parametrize(
    ("signal", "text", "expected"),
    [
        (
            "owner",
            "Our Chief AI Risk Officer, Dana Ortiz, signs off every release; the AI Governance Board meets monthly.",
            ["Chief AI Risk Officer, Dana Ortiz", "AI Governance Board"],
        ),
        ("owner", "The on-call ML engineer reviews the alert.", ["on-call ML engineer"]),
        (
            "metric",
            "We track containment rate, CSAT and p95 latency for every tenant.",
            ["containment rate", "CSAT", "p95 latency"],
        ),
        (
            "threshold",
            "A model is rolled back when accuracy drops below 92% over a 2-hour window.",
            ["drops below 92%"],
        ),
        ("threshold", "Any risk scored 12 or above needs Board approval.", ["12 or above"]),
        (
            "cadence",
            "Guardrails are red-teamed quarterly and re-tested every 6 months.",
            ["quarterly", "every 6 months"],
        ),
        ("cadence", "Prompts are re-evaluated on every model release.", ["on every model release"]),
        ("time_frame", "Affected customers are notified within 24 hours.", ["within 24 hours"]),
        ("time_frame", "Transcripts are retained for 90 days; the certificate is valid until 2028-06-29.", None),
        (
            "named_document",
            "Escalation follows NW-POL-001 and the Incident Response Plan v2.3, section 4.2.",
            ["NW-POL-001", "Incident Response Plan", "v2.3", "section 4.2"],
        ),
        ("named_document", "We are certified to ISO/IEC 27001 and sign a Data Processing Agreement.", None),
        (
            "scope",
            "The certificate covers the Chat and Agent Assist products; the internal HR bot is out of scope.",
            ["covers the Chat and Agent Assist products", "out of scope"],
        ),
        (
            "quantity",
            "Each release is checked by 3 reviewers on 1,200 conversations.",
            ["3 reviewers", "1,200 conversations"],
        ),
        ("quantity", "We rely on 14 sub-processors.", ["14 sub-processors"]),
        (
            "process_steps",
            "When a fault spreads we (1) contain the flow, (2) notify customers and (3) fix the prompt.",
            ["(1) contain the flow, (2) notify customers and (3) fix the prompt"],
        ),
        (
            "process_steps",
            "First we triage the report, then we contain it, and finally we publish a review.",
            ["First we triage the report, then we contain it, and finally we publish a review"],
        ),
    ],
)
def test_positive_signal_reports_the_words_it_matched(signal, text, expected):
    result = score_specificity(text)
    found = hits_named(result, signal)
    assert found, f"{signal} did not fire on {text!r}"
    assert_offsets_exact(text, result)
    if expected is not None:
        assert [hit.matched for hit in found] == expected
    assert found[0].points == POINTS[signal]
    assert all(hit.why for hit in found)


def test_time_frame_and_named_document_cover_periods_dates_standards_and_titles():
    text = "Transcripts are retained for 90 days; the certificate is valid until 2028-06-29."
    assert [h.matched for h in hits_named(score_specificity(text), "time_frame")] == ["for 90 days", "2028-06-29"]
    text = "We are certified to ISO/IEC 27001 and sign a Data Processing Agreement."
    found = hits_named(score_specificity(text), "named_document")
    assert [h.matched for h in found] == ["ISO/IEC 27001", "Data Processing Agreement"]
    assert found[0].why == "cites a standard or framework by name"


def test_a_duration_after_every_counts_as_cadence_not_time_frame():
    result = score_specificity("Access rights are reviewed every 90 days.")
    assert [h.matched for h in hits_named(result, "cadence")] == ["every 90 days"]
    assert hits_named(result, "time_frame") == []


def test_repeating_a_fact_or_piling_up_roles_cannot_inflate_the_score():
    once = score_specificity("Customers are told within 24 hours by email and on the status page, always.")
    text = "Customers are told within 24 hours. " * 6
    repeated = score_specificity(text)
    frames = hits_named(repeated, "time_frame")
    assert len(frames) == 6 and frames[0].points == POINTS["time_frame"]
    assert all(hit.points == 0 for hit in frames[1:])
    assert "already counted" in frames[1].why
    assert sum(h.points for h in frames) == sum(h.points for h in hits_named(once, "time_frame"))
    many_roles = score_specificity("The CEO, CTO, CISO, DPO, COO and CIO sign off each change.")
    owner_points = sum(h.points for h in hits_named(many_roles, "owner"))
    assert owner_points == DEFAULTS["signals"]["owner"]["cap"]
    assert any("capped" in h.why for h in hits_named(many_roles, "owner"))


# ------------------------------------------------------------------------------------------- penalties
def test_hedge_words_are_reported_and_cost_points():
    text = "We may notify customers, might escalate where possible and aim to fix issues as appropriate."
    result = score_specificity(text)
    hedges = hits_named(result, "hedge")
    assert [h.matched for h in hedges] == ["may", "might", "aim to"]
    assert hedges[0].points == POINTS["hedge"] and hedges[0].why.startswith("epistemic modal")
    assert hedges[2].why.startswith("non-commitment")
    assert sum(h.points for h in hedges) == DEFAULTS["signals"]["hedge"]["cap"]
    # conditions are Bhatia et al.'s vague terms, a signal of their own
    vague = hits_named(result, "vague_term")
    assert [h.matched for h in vague] == ["where possible", "as appropriate"]
    assert all(h.points == POINTS["vague_term"] and h.why.startswith("conditionality") for h in vague)


def test_a_month_named_may_and_a_requirement_of_law_are_not_hedges():
    result = score_specificity("In May 2025 we began notifying regulators as required by Article 33 GDPR.")
    assert [h for h in result.hits if h.name in VAGUENESS_NAMES] == []


def test_marketing_language_is_reported_and_costs_points():
    text = "Our industry-leading platform is robust, and we take privacy very seriously."
    result = score_specificity(text)
    found = hits_named(result, "marketing")
    assert [h.matched for h in found] == ["industry-leading", "robust", "take privacy very seriously"]
    assert found[0].points == POINTS["marketing"]
    assert_offsets_exact(text, result)


def test_hedged_and_marketing_versions_score_below_the_plain_answer():
    plain = (
        "Our Head of Support reviews flagged conversations weekly and notifies affected customers within "
        "24 hours under our Incident Response Plan."
    )
    hedged = (
        "Our Head of Support may review flagged conversations weekly where possible and aims to notify affected "
        "customers within 24 hours under our Incident Response Plan."
    )
    marketing = (
        "Our world-class Head of Support reviews flagged conversations weekly with best-in-class tools and "
        "notifies affected customers within 24 hours under our robust Incident Response Plan."
    )
    plain_score = score_specificity(plain).score
    assert plain_score < 100
    assert score_specificity(hedged).score < plain_score
    assert score_specificity(marketing).score < plain_score


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "Yes",
        "No.",
        "N/A",
        "TBD",
        "See attached",
        "Refer to policy",
        "Please refer to our Security Policy.",
        "Available on request.",
        "Confidential",
        "Yes - see attached.",
    ],
)
def test_non_answers_score_zero(text):
    result = score_specificity(text, criteria=("owner", "time_frame"))
    assert result.score == 0 and result.band == "insufficient"
    assert [hit.name for hit in result.hits] == ["non_answer"]
    assert result.hits[0].matched == text.strip()
    assert not any(check.met for check in result.criteria)


def test_a_short_answer_with_content_is_not_a_non_answer():
    result = score_specificity("Yes. We notify customers within 24 hours.")
    assert result.score > 0 and not hits_named(result, "non_answer")


def test_parroting_the_question_scores_low_and_names_the_question(bank):
    question = bank.get("SP-01")
    answer = "Our AI governance is integrated with our information security and privacy management systems."
    result = score_specificity(answer, question.text, question.criteria)
    parrots = hits_named(result, "parrots")
    assert parrots and "the question" in parrots[0].why
    assert parrots[0].points == POINTS["parrots"]
    assert result.band == "insufficient"
    assert_offsets_exact(answer, result)


def test_parroting_a_clause_of_the_standard_names_the_clause(bank):
    question = bank.get("OW-01")
    answer = (
        "Leadership has appointed an owner of the AI management system who is accountable for keeping it "
        "conforming and for reporting its performance to the executive team; responsibilities and authorities "
        "are documented and communicated."
    )
    parrots = hits_named(score_specificity(answer, question.text, question.criteria), "parrots")
    assert parrots and "ISO/IEC 42001 5.3" in parrots[0].why


def test_echoing_the_question_with_new_facts_or_a_yes_no_reply_is_not_parroting(bank):
    question = bank.get("IR-02")
    answer = "We notify affected customers of an AI incident within 24 hours."
    assert not hits_named(score_specificity(answer, question.text), "parrots")
    question = bank.get("DT-01")
    answer = "No. Our AI does not train on your conversations or on any other customer data."
    assert not hits_named(score_specificity(answer, question.text), "parrots")


def test_a_list_of_governance_buzzwords_is_keyword_stuffing():
    text = "Impact assessment; vulnerable customers; fairness; bias mitigation; responsible AI; ethics; oversight."
    result = score_specificity(text)
    stuffing = hits_named(result, "keyword_stuffing")
    assert stuffing and stuffing[0].points == POINTS["keyword_stuffing"]
    assert "buzzwords" in stuffing[0].why
    assert result.band == "insufficient"


def test_a_plain_specific_sentence_is_not_keyword_stuffing():
    text = "The AI Risk Committee reviews the risk register monthly and escalates any risk scored 12 or above."
    assert not hits_named(score_specificity(text), "keyword_stuffing")


# ------------------------------------------------------------------------------------ score and result
def test_a_one_liner_with_one_number_is_not_strong():
    result = score_specificity("We notify affected customers within 24 hours of any incident.")
    assert result.band in {"weak", "adequate"}
    assert result.base < DEFAULTS["base"]["points"]


def test_score_is_base_plus_hit_points():
    text = "Our DPO reviews the Data Retention Policy annually; logs are deleted within 30 days."
    result = score_specificity(text)
    assert result.score == round(min(100.0, max(0.0, result.base + sum(h.points for h in result.hits))), 1)
    assert result.band == band_for(result.score)


def test_criteria_are_checked_one_by_one(bank):
    question = bank.get("MO-01")  # metric, threshold, owner, cadence, process_steps
    answer = "Our Head of ML Platform reviews containment rate and CSAT every week on the monitoring dashboard."
    result = score_specificity(answer, question.text, question.criteria)
    checks = {check.name: check for check in result.criteria}
    assert [c.name for c in result.criteria] == list(question.criteria)
    assert checks["metric"].met and checks["metric"].evidence == "containment rate; CSAT"
    assert checks["owner"].met and checks["owner"].evidence == "Head of ML Platform"
    assert checks["cadence"].met and checks["cadence"].evidence == "every week"
    assert not checks["threshold"].met and checks["threshold"].evidence == ""
    assert not checks["process_steps"].met


def test_unknown_criterion_is_an_error():
    with pytest.raises(ValueError, match="unknown criterion"):
        score_specificity("text", criteria=("owner", "vibes"))


def test_same_input_same_output_and_hits_in_reading_order():
    text = (
        "The CISO owns NW-POL-001. Reviews run quarterly, accuracy must stay above 95%, and the DPO signs off "
        "within 5 business days; we may also escalate to the AI Governance Board."
    )
    first = score_specificity(text, "How is AI risk governed?", ("owner", "cadence"))
    second = score_specificity(text, "How is AI risk governed?", ("owner", "cadence"))
    assert first == second
    assert [(h.start, h.name) for h in first.hits] == sorted((h.start, h.name) for h in first.hits)


def test_to_dict_is_json_ready():
    result = score_specificity("The CISO reviews access quarterly.", criteria=("owner", "threshold"))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["score"] == result.score and data["band"] == result.band
    assert {"name", "matched", "points", "why"} <= set(data["signals"][0])
    assert data["criteria"] == [
        {"name": "owner", "met": True, "evidence": "CISO"},
        {"name": "threshold", "met": False, "evidence": ""},
    ]


def test_settings_override_only_what_they_name():
    text = "The CISO reviews access quarterly."
    default = score_specificity(text)
    boosted = score_specificity(text, settings={"signals": {"owner": {"points": 30, "cap": 30}}})
    assert boosted.score == default.score + 20
    assert score_specificity(text, settings={"bands": {"weak": 0, "adequate": 1, "strong": 2}}).band == "strong"


def test_the_lead_config_section_is_accepted():
    from scoring.config import load_config

    result = score_specificity("The CISO reviews access quarterly.", settings=load_config()["specificity"])
    assert result == score_specificity("The CISO reviews access quarterly.")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), question=st.text(max_size=120))
def test_score_is_always_between_0_and_100(text, question):
    result = score_specificity(text, question, ("owner", "scope"))
    assert 0.0 <= result.score <= 100.0
    assert result.band in BANDS
    assert all(text[h.start : h.end] == h.matched for h in result.hits)


# --------------------------------------------------------------------------------------- the answer object
VARIED_ANSWER = (
    "  Our Chief AI Risk Officer, Dana Ortiz, owns NW-POL-001 and the Incident Response Plan v2.3, section 4.2.\n"
    "- Metrics: containment rate and CSAT, sampled daily; a model is rolled back when accuracy drops below 92%.\n"
    "- The certificate (ISO/IEC 42001) covers the Chat and Agent Assist products and is valid until 2028-06-29.\n\n"
    "First we triage the report, then we contain it, and finally we notify customers within 24 hours. "
    "3 reviewers check 1,200 conversations every 90 days; the HR bot is out of scope. "
    "We may escalate where possible, and our world-class team takes privacy very seriously."
)


def test_signals_read_the_answer_object_and_their_spans_hold_against_doc_text(bank):
    question = bank.get("MO-01")
    doc = build_answer(VARIED_ANSWER)
    from_doc = score_specificity(doc, question.text, question.criteria)
    assert from_doc == score_specificity(VARIED_ANSWER, question.text, question.criteria)
    assert {hit.name for hit in from_doc.hits} >= {"owner", "metric", "threshold", "cadence", "time_frame", "scope"}
    assert {"named_document", "quantity", "process_steps", "hedge", "marketing"} <= {h.name for h in from_doc.hits}
    for hit in from_doc.hits:
        assert doc.text[hit.start : hit.end] == hit.matched, hit
    # fact-based hits sit exactly on the doc's claims: the id, the standard and the date come from doc.claims
    spans = {(hit.start, hit.end) for hit in from_doc.hits}
    facts = [c for c in doc.claims if c.kind in ("identifier", "standard", "date")]
    assert {c.text for c in facts} >= {"NW-POL-001", "ISO/IEC 42001", "2028-06-29"}
    assert all((c.start, c.end) in spans for c in facts)
    # and they come from nowhere else: a doc without its identifier claim gives no hit on the id
    stripped = dataclasses.replace(doc, claims=tuple(c for c in doc.claims if c.kind != "identifier"))
    matched = [h.matched for h in score_specificity(stripped).hits if h.name == "named_document"]
    assert "NW-POL-001" not in matched and "Incident Response Plan" in matched


def test_the_claim_extractor_runs_once_per_answer(bank, monkeypatch):
    calls = []
    original = assessor.claims.extract_claims

    def counting(text, kinds=None):
        calls.append(text)
        return original(text, kinds)

    # wherever the name was imported (assessor.answer_doc today), so a signal importing it would be counted too
    for module in [m for name, m in sys.modules.items() if name.split(".")[0] in {"assessor", "scoring"}]:
        if getattr(module, "extract_claims", None) is original:
            monkeypatch.setattr(module, "extract_claims", counting)
    assert assessor.answer_doc.extract_claims is counting
    question = bank.get("SP-01")
    stuffed = "Impact assessment; vulnerable customers; fairness; bias mitigation; responsible AI; ethics; oversight."
    for answer in (VARIED_ANSWER, stuffed, question.text):  # the last one parrots the question
        calls.clear()
        doc = build_answer(answer)
        assert calls == [answer]
        score_specificity(doc, question.text, question.criteria)
        assert calls == [answer], "scoring a doc must not extract claims again"
        calls.clear()
        score_specificity(answer, question.text, question.criteria)
        assert calls == [answer], "a plain string is built into one doc, extracted once"


# ------------------------------------------------------------------------------------------ duplicates
def test_a_paragraph_pasted_under_three_questions_is_found():
    paragraph = (
        "At Brightpath we take AI safety very seriously and our experienced team continuously improves our models."
    )
    answers = {
        "HR-01": paragraph,
        "IR-03": "  " + paragraph.upper().replace(" ", "  "),
        "SP-02": paragraph.replace("continuously", "constantly"),
        "MO-01": "Our Head of ML Platform reviews containment accuracy every week and rolls back below 92%.",
        "MO-02": "Yes",
        "OC-02": "Yes",
        "TP-01": "N/A",
        "TP-02": "N/A",
    }
    assert {qid: found.literal for qid, found in find_duplicate_answers(docs_of(answers)).items()} == {
        "HR-01": ("IR-03", "SP-02"),
        "IR-03": ("HR-01", "SP-02"),
        "SP-02": ("HR-01", "IR-03"),
    }


def test_short_identical_answers_and_non_answers_are_not_duplicates():
    long_non_answer = "Please refer to our policy documentation. Available on request."
    answers = {"A": "Yes", "B": "Yes", "C": "See attached", "D": "See attached", "E": long_non_answer}
    answers["F"] = long_non_answer
    assert find_duplicate_answers(docs_of(answers)) == {}


# ----------------------------------------------------------------------------------------- calibration
def test_calibration_bands_agree_and_means_are_ordered():
    from benchmarks.specificity_calibration import calibrate

    calibration = calibrate()
    assert len(calibration.rows) >= 60
    assert calibration.accuracy >= 0.85
    assert calibration.severe_misses() == []
    means = calibration.mean_scores()
    assert means["strong"] > means["adequate"] > means["weak"] > means["insufficient"]


def test_an_answer_with_its_own_words_is_never_parroting(bank):
    question = bank.get("MO-01")
    answer = (
        "Our ML Operations Lead watches the escalation rate and grounding failures on a live dashboard; a rise "
        "above the agreed limit pages the on-call engineer, who can switch the assistant to scripted replies."
    )
    assert not hits_named(score_specificity(answer, question.text, question.criteria), "parrots")


def test_management_system_boilerplate_is_penalised():
    text = (
        "The organization shall determine the controls that are necessary to implement the AI risk treatment, and "
        "documented information shall be retained as evidence of the results."
    )
    result = score_specificity(text)
    found = hits_named(result, "boilerplate")
    assert {"The organization shall", "documented information"} <= {h.matched for h in found}
    assert all(h.points < 0 for h in found)
    assert_offsets_exact(text, result)


def test_a_vendor_describing_its_practice_is_not_boilerplate():
    text = "Our risk team records each AI risk in the register and reviews the treatment plan with the product owner."
    assert not hits_named(score_specificity(text), "boilerplate")


def test_facts_of_an_answer_not_about_the_question_count_nothing():
    text = "Trusted by 300 brands in 25 countries, with 99.99% uptime across 1.2 billion conversations."
    doc = build_answer(text)
    about, elsewhere = Relevance(0.3, (0.3,)), Relevance(0.02, (0.02,))
    counted = score_specificity(doc, criteria=("quantity",), relevance=about)
    ignored = score_specificity(doc, criteria=("quantity",), relevance=elsewhere)
    assert ignored.score < counted.score
    assert hits_named(ignored, "quantity") and all(h.points == 0 for h in hits_named(ignored, "quantity"))
    assert "not about the question" in hits_named(ignored, "quantity")[0].why
    assert not ignored.criteria[0].met and counted.criteria[0].met


@pytest.mark.slow
def test_relevance_separates_figures_about_something_else_from_a_plain_technical_answer(embedder, bank):
    vectors = embedder.encode([q.text for q in bank.questions])
    own = bank.questions.index(bank.get("TI-01"))
    figures = build_answer("Founded in 2013, we employ 450 people in 6 offices and serve 1,100 enterprise customers.")
    technical = build_answer(
        "Every query to the conversation store passes through a data access layer that adds the tenant key from the "
        "signed session token, so a request can only read its own tenant's rows."
    )
    settings = load_settings()["relevance"]
    assert not relevance_of(figures, own, vectors, embedder).counts(settings)
    assert relevance_of(technical, own, vectors, embedder).counts(settings)


def test_how_it_is_done_earns_credit_without_a_role_or_a_number():
    plain = "We take tenant isolation very seriously and apply strong safeguards throughout."
    mechanism = (
        "Every query to the conversation store passes through a data access layer that adds the tenant key, and "
        "retrieval indexes are built per tenant so they are never shared."
    )
    hits = hits_named(score_specificity(mechanism), "mechanism")
    assert hits and all(mechanism[h.start : h.end] == h.matched for h in hits)
    assert score_specificity(mechanism).score > score_specificity(plain).score
    assert not hits_named(score_specificity("We plan to add a tenant key to every query next year."), "mechanism")
