"""Claims as the unit of evidence: typed extraction with exact spans, and typed comparison against evidence."""

import pytest

from assessor.answer_doc import build_answer
from assessor.claims import extract_claims
from assessor.commitments import commitments_in
from assessor.stance import Stance, stance_of
from assessor.text import content_stems

from .test_flags import question, run

ANSWERS = [
    "The AI Governance Council reviews the policy quarterly and escalations close within two working days.",
    "Two independent reviewers sample 1,200 conversations every three months using Langfuse; see NW-POL-004 v2.1.",
    "We never use customer conversations to train or improve our models. We plan to extend the scope by Q3.",
    "Alerts reach PagerDuty within 15 minutes; 3 times a week the Head of ML Platform checks drift below 5%.",
]


def kinds(text):
    return [(c.kind, c.text, c.value, c.unit) for c in extract_claims(text)]


def test_a_second_is_an_ordinal_not_a_duration():
    found = kinds("Archives are copied to a second region within 1 second; a second reviewer checks within a minute.")
    assert [(k, t) for k, t, _, _ in found if k == "duration"] == [("duration", "1 second"), ("duration", "a minute")]


def test_durations_in_words_are_hours():
    found = kinds("Replies within one business day, fixes in one month, escalation within two working days.")
    assert [(k, v) for k, _, v, _ in found if k == "duration"] == [
        ("duration", 24),
        ("duration", 730),
        ("duration", 48),
    ]


@pytest.mark.parametrize(
    ("text", "per_year"),
    [("quarterly", 4), ("every three months", 4), ("once a year", 1), ("annually", 1), ("twice a year", 2),
     ("every 2 weeks", 26), ("3 times a week", 156), ("daily", 365), ("monthly", 12)],
)  # fmt: skip
def test_cadences_normalise_to_a_frequency(text, per_year):
    (claim,) = extract_claims(f"The review happens {text} without fail.")
    assert (claim.kind, claim.value) == ("cadence", per_year)


def test_counts_keep_what_they_count():
    found = {(k, v, u) for k, _, v, u in kinds("Two independent reviewers read 1,200 conversations.")}
    assert found == {("quantity", 2, "reviewer"), ("quantity", 1200, "conversation")}


def test_versions_names_ids_and_roles():
    found = {
        (k, t)
        for k, t, _, _ in kinds(
            "Alerts go to PagerDuty and ServiceNow per NW-RUN-007 v3.2, owned by the Head of ML Platform."
        )
    }
    assert {("name", "PagerDuty"), ("name", "ServiceNow"), ("identifier", "NW-RUN-007"), ("version", "v3.2")} <= found
    assert ("role", "Head of ML Platform") in found


def test_commitments_have_subject_and_polarity():
    (denial,) = commitments_in("We never use customer conversations to train our models.")
    assert (denial.subject, denial.negative, denial.quantifier) == ("customer_data_for_models", True, "never")
    (allows,) = commitments_in(
        "Provider may use de-identified customer content to improve its services, including the models."
    )
    assert (allows.subject, allows.negative) == ("customer_data_for_models", False)
    (none,) = commitments_in("We do not use any subprocessors.")
    assert (none.subject, none.negative) == ("subprocessors", True)
    (uses,) = commitments_in("The service uses two subprocessors, which are prohibited from training on the data.")
    assert (uses.subject, uses.negative) == ("subprocessors", False)


def test_staff_training_is_not_model_training():
    assert commitments_in("All employees complete annual training on handling customer data.") == []


def test_plans_are_not_material_facts():
    doc = build_answer(ANSWERS[2])
    plan = [c for c in doc.claims if doc.sentence_of(c).text.startswith("We plan")]
    assert plan and all(c.plan and not c.material for c in plan)
    assert any(c.kind == "commitment" and c.material for c in doc.claims)


@pytest.mark.parametrize("answer", ANSWERS)
def test_every_claim_span_is_exact(answer):
    doc = build_answer(answer)
    assert doc.claims
    for claim in doc.claims:
        assert answer[claim.start : claim.end] == claim.text


GOVERNANCE = "Who in your organisation is accountable for AI governance, and how are AI risks escalated?"
POLICY = (
    "AI Governance Policy AG-POL-002\nEffective date: 2026-03-01\n\n"
    "2. Review\nThis policy is reviewed annually by the AI Governance Council and approved by the Chief Risk Officer. "
    "Material AI risks are escalated to the Council within five business days.\n"
)


def checks_of(engine, tmp_path, answer, evidence, qid="OW-01", text=GOVERNANCE):
    result = question(run(engine, tmp_path, [[qid, text, answer, ""]], evidence), qid)
    return result, {check.status for check in result.evidence.checks}


def test_cadence_contradiction_is_caught(engine, tmp_path):
    answer = "This policy is reviewed quarterly by the AI Governance Council and approved by the Chief Risk Officer."
    result, _ = checks_of(engine, tmp_path, answer, {"policy.txt": POLICY})
    assert "contradicted_by_evidence" in result.flag_codes
    (check,) = [c for c in result.evidence.checks if c.status == "contradicted"]
    assert (check.kind, check.claim, check.doc, check.authority) == (
        "cadence",
        "quarterly",
        "policy.txt",
        "signed_policy",
    )


def test_same_cadence_in_other_words_supports(engine, tmp_path):
    answer = "This policy is reviewed once a year by the AI Governance Council and approved by the Chief Risk Officer."
    result, statuses = checks_of(engine, tmp_path, answer, {"policy.txt": POLICY})
    assert "contradicted" not in statuses
    assert result.evidence.claims_supported == result.evidence.claims_total > 0
    assert result.verification == "verified"


DPA = (
    "Data Processing Addendum\nEffective date: 2026-01-15\n\n"
    "7. Subprocessors\nProvider engages the following subprocessors: Northcloud Hosting (EU), Relay Mail and "
    "Vectorly Search. Provider may use de-identified customer content to improve and develop its services, "
    "including the models.\n"
)
DATA = "Do you use our data or conversations to train or improve your AI models?"


def test_subprocessor_denial_against_a_list_is_contradicted(engine, tmp_path):
    result, _ = checks_of(
        engine, tmp_path, "We never use subprocessors for the AI service.", {"dpa.txt": DPA}, "DT-01", DATA
    )
    assert any(c.kind == "commitment" and c.status == "contradicted" for c in result.evidence.checks)


def test_model_use_denial_against_de_identified_use_is_contradicted(engine, tmp_path):
    answer = "Customer conversations are never used to improve or develop our models."
    result, _ = checks_of(engine, tmp_path, answer, {"dpa.txt": DPA}, "DT-01", DATA)
    assert "contradicted_by_evidence" in result.flag_codes


def test_staff_training_never_contradicts_a_model_training_denial(engine, tmp_path):
    terms = "Terms of Service\n\n4. Data\nWe never train models on customer data.\n"
    answer = "All employees complete annual training on handling customer data, tracked in Workday."
    result, _ = checks_of(engine, tmp_path, answer, {"terms.txt": terms}, "DT-01", DATA)
    assert "contradicted_by_evidence" not in result.flag_codes


CERT = (
    "Certificate of Registration\nISO/IEC 42001:2023 AI management system\n"
    "Scope: Design and operation of the Acme Assist customer-service platform and its internal tooling.\n"
    "Valid until: {expiry}\n"
)
CERT_QUESTION = "Are you certified against ISO/IEC 42001, and what does the certificate cover?"


def test_a_plan_does_not_switch_off_the_expired_certificate_check(engine, tmp_path):
    answer = "We are certified to ISO/IEC 42001 for the whole platform. We plan to extend the scope next year."
    evidence = {"certificate.txt": CERT.format(expiry="2025-03-31")}
    result, _ = checks_of(engine, tmp_path, answer, evidence, "CE-01", CERT_QUESTION)
    assert any(c.kind == "certification" and c.status == "contradicted" for c in result.evidence.checks)


def test_internal_tooling_beside_the_product_is_not_a_narrower_scope(engine, tmp_path):
    answer = "We are certified to ISO/IEC 42001 for the Acme Assist platform."
    evidence = {"certificate.txt": CERT.format(expiry="2028-03-31")}
    result, _ = checks_of(engine, tmp_path, answer, evidence, "CE-01", CERT_QUESTION)
    assert "contradicted_by_evidence" not in result.flag_codes


INVENTED = (
    "The Chief AI Ethics Officer, Dana Whitfield, chairs a 7-member AI Risk Board that meets every two weeks under "
    "charter GOV-CH-118 v4.2; 3 reviewers sign off each risk within 48 hours using RiskLedger."
)
TRUE = (
    "The AI Governance Council owns this policy and the Chief Risk Officer approves it. This policy is reviewed "
    "annually, and material AI risks are escalated to the Council within five business days."
)


def test_invented_detail_is_never_strong_and_loses_to_the_evidenced_truth(engine, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    invented, _ = checks_of(engine, tmp_path / "a", INVENTED, {"policy.txt": POLICY})
    true, _ = checks_of(engine, tmp_path / "b", TRUE, {"policy.txt": POLICY})
    assert invented.rating != "strong"
    assert invented.verification == "unverified"
    assert invented.evidence.claims_supported < invented.evidence.claims_total
    assert true.verification == "verified"
    assert true.overall >= invented.overall + 15


@pytest.mark.parametrize(
    ("text", "negative", "universal", "optional", "not_in_place"),
    [
        ("Support staff cannot open customer chats.", True, False, False, False),
        ("Customers are told no later than 24 hours after an incident.", False, False, False, False),
        ("Every release is signed off by the risk committee.", False, True, False, False),
        ("Sign-off is optional for patch releases.", False, False, True, False),
        ("The check runs on the billing model only.", False, False, True, False),
        ("Automated evaluation is being piloted with two customers.", False, False, False, True),
        ("The first external audit is scheduled for May 2027.", False, False, False, True),
    ],
)
def test_stance_reads_denial_exception_option_and_not_yet(text, negative, universal, optional, not_in_place):
    assert stance_of(text) == Stance(negative, universal, optional, not_in_place)


def test_stance_conflicts_need_opposed_stances():
    rule, option, pilot = map(stance_of, ("All chats are reviewed.", "Review is optional.", "Review is piloted."))
    assert rule.conflict(option) and rule.conflict(pilot)
    assert not option.conflict(rule)  # an optional practice is not contradicted by a universal one
    assert stance_of("Staff never read chats.").conflict(stance_of("Engineers may read chats."))


def test_words_for_one_concept_share_a_stem():
    assert {"tell", "staff"} <= content_stems("Employees are notified") & content_stems("staff told")
    assert content_stems("policies reviewed") == content_stems("policy reviews")


ACCESS = (
    "Access Control Standard\n\nChat transcripts\n"
    "Effective 1 March 2026. Support engineers may read customer chat transcripts when a ticket requires it.\n"
)
RELEASES = (
    "Release Procedure\n\nSign-off\n"
    "Effective 1 March 2026. Sign-off by the model risk committee is optional for patch releases of the assistant.\n"
)
BIAS = (
    "Fairness Testing Plan\n\nBias testing\n"
    "Effective 1 March 2026. Monthly bias testing of the intent models is planned and has not yet started.\n"
)
RETENTION = (
    "Data Retention Standard\n\nDeletion\n"
    "Effective 1 March 2026. Chat transcripts are never used for model training; they are deleted from our "
    "systems when the customer contract ends.\n"
)


@pytest.mark.parametrize(
    ("answer", "evidence", "qid"),
    [
        ("Our support staff cannot read customer chat transcripts under any circumstances.", ACCESS, "RP-01"),
        ("Every release of the assistant is signed off by the model risk committee.", RELEASES, "MO-02"),
        ("Bias testing of the intent models runs every month.", BIAS, "HR-02"),
    ],
    ids=["permission-against-denial", "option-against-rule", "not-yet-against-cadence"],
)
def test_a_conflicting_stance_on_the_same_topic_contradicts(engine, tmp_path, answer, evidence, qid):
    result, _ = checks_of(engine, tmp_path, answer, {"evidence.txt": evidence}, qid, "How do you control this?")
    (check,) = [c for c in result.evidence.checks if c.status == "contradicted"]
    assert check.doc == "evidence.txt" and answer[check.start : check.end] == check.claim
    assert "contradicted_by_evidence" in result.flag_codes


def test_a_sentence_that_denies_something_else_in_another_clause_does_not_contradict(engine, tmp_path):
    answer = "Chat transcripts are deleted from our systems when the customer contract ends."
    result, _ = checks_of(engine, tmp_path, answer, {"retention.txt": RETENTION}, "RP-02", "When is our data deleted?")
    assert "contradicted_by_evidence" not in result.flag_codes
