"""Vagueness signals: every cue class is found with its exact span, and permission or obligation is not a hedge."""

from __future__ import annotations

import pytest

import scoring.signals.penalties as penalties
from assessor.answer_doc import build_answer
from scoring.signals import PENALTY_NAMES, VAGUENESS_NAMES, build_signals
from scoring.signals.vagueness import CUE_CLASSES, VAGUENESS_SIGNALS, WHY, find_cues
from scoring.specificity import load_settings, score_specificity

SETTINGS = load_settings()["signals"]
SIGNAL_OF_CLASS = {cue_class: cls.name for cls in VAGUENESS_SIGNALS for cue_class in cls.classes}


def vague_hits(text: str) -> list:
    doc = build_answer(text)
    signals = [cls(points=SETTINGS[cls.name]["points"]) for cls in VAGUENESS_SIGNALS]
    return [hit for signal in signals for hit in signal.find(doc)]


def cues(text: str) -> list[tuple[str, str]]:
    return [(text[c.start : c.end], c.cue_class) for c in find_cues(text)]


@pytest.mark.parametrize(
    ("text", "matched", "cue_class"),
    [
        ("We may review the transcripts after an incident.", "may", "epistemic_modal"),
        ("The retrained model might drift faster.", "might", "epistemic_modal"),
        ("This filter could reduce false escalations.", "could", "epistemic_modal"),
        ("Output checks can help prevent leaks of account data.", "can", "epistemic_modal"),
        ("Early figures suggest that handover times fell.", "suggest", "speculative_verb"),
        ("The outage seems to have started in the cache layer.", "seems", "speculative_verb"),
        ("We expect to finish the audit in June.", "expect", "speculative_verb"),
        ("The leak was probably limited to one tenant.", "probably", "speculative_adverb"),
        ("We aim to close every ticket within a day.", "aim to", "non_commitment"),
        ("Various checks protect the training data.", "Various", "weasel_quantifier"),
        ("A number of partners host our models.", "A number of", "weasel_quantifier"),
        ("Our process is widely regarded as exemplary.", "is widely regarded", "weasel_attribution"),
        ("Studies show that reviewers catch errors.", "Studies show", "weasel_attribution"),
        ("Our controls are considered strong by auditors.", "are considered", "weasel_attribution"),
        ("We run an industry-leading safety programme.", "industry-leading", "peacock"),
        ("Trusted by banks, our bot protects every chat.", "Trusted by", "peacock"),
        ("Findings are escalated as appropriate.", "as appropriate", "conditionality"),
        ("Legal reviews the prompt if needed.", "if needed", "conditionality"),
        ("Prompts are typically reviewed by a peer.", "typically", "generalisation"),
        ("In most cases we reply the same day.", "In most cases", "generalisation"),
        ("We periodically sample live conversations.", "periodically", "numeric_quantifier"),
        ("From time to time we rotate the reviewers.", "From time to time", "numeric_quantifier"),
        ("Customers get timely notice of changes.", "timely", "numeric_quantifier"),
    ],
)
def test_each_cue_class_is_found_with_its_exact_span(text, matched, cue_class):
    hits = vague_hits(text)
    assert [hit.matched for hit in hits] == [matched]
    hit = hits[0]
    assert text[hit.start : hit.end] == hit.matched
    assert hit.name == SIGNAL_OF_CLASS[cue_class]
    assert hit.why == WHY[cue_class]
    assert hit.why.split(":")[0] in {cue_class.replace("_", " "), cue_class.replace("_", "-")}
    assert hit.points == SETTINGS[hit.name]["points"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "Users may opt in to transcript storage.",
        "Customers may request deletion at any time.",
        "Staff may access production only with approval.",
        "Only the duty engineer may approve a rollback.",
        "Either party may terminate with 30 days' notice.",
        "Support agents may not copy transcripts.",
        "Customer data may not be used for training.",
        "Deletion may be requested through the admin API.",
        "All incidents must be reported within 4 hours.",
        "Suppliers shall delete data within 30 days.",
        "Each engineer is required to pass the training.",
        "We will notify the customer within 24 hours.",
        "Customers should rotate their keys every 90 days.",
        "Administrators can export the audit log as CSV.",
        "The classifier cannot see other tenants' data.",
        "The audit took place in May 2025.",
        "May is our busiest month.",
        "We notify regulators as required by Article 33 GDPR.",
    ],
)
def test_permission_obligation_capability_and_months_are_not_hedges(text):
    assert vague_hits(text) == []


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("This may reduce errors.", "may"),
        ("The model may be retrained.", "may"),
        ("We may review flagged chats.", "may"),
        ("Customers may experience delays during the upgrade.", "may"),  # happens to them: no right granted
        ("Our engineers may access the logs.", "may"),  # the vendor's own staff, said by the vendor: no limit
        ("The results may not be accurate.", "may"),
    ],
)
def test_speculation_and_non_commitment_with_a_modal_are_hedges(text, matched):
    hits = vague_hits(text)
    assert [(h.name, h.matched) for h in hits] == [("hedge", matched)]
    assert hits[0].why.startswith("epistemic modal")


def test_literal_uses_of_speculative_words_are_not_cues():
    assert cues("The banner appears on the first page.") == []
    assert cues("A red icon indicates a failed run.") == []
    assert cues("The CISO assumes responsibility for the register.") == []
    assert cues("We considered three vendors.") == []
    assert cues("The most recent test ran in March.") == []
    assert cues("At most 5 engineers hold access.") == []
    assert cues("The report shows how many chats were escalated.") == []
    assert cues("Customers expect answers within a day.") == []


def test_a_quantity_that_is_spelled_out_is_not_a_weasel():
    assert cues("Several regions are available: Frankfurt, London and Virginia.") == []
    assert cues("Several checks run first (toxicity, PII and grounding).") == []
    assert cues("Several regions are available.") == [("Several", "weasel_quantifier")]


def test_overlapping_cues_count_once_in_the_longer_class():
    assert cues("It is generally accepted that the data is safe.") == [
        ("It is generally accepted", "weasel_attribution")
    ]
    assert cues("We fix bugs as soon as possible.") == [("as soon as possible", "numeric_quantifier")]


def test_spans_hold_in_a_longer_answer_and_each_hit_names_its_class():
    text = (
        "Our world-class team generally reviews flagged chats.\n\n"
        "- Some incidents may be escalated where necessary.\n"
        "- Users may opt out; experts say this is best practice."
    )
    hits = vague_hits(text)
    assert {(h.name, h.matched) for h in hits} == {
        ("marketing", "world-class"),
        ("vague_term", "generally"),
        ("weasel", "Some"),
        ("hedge", "may"),
        ("vague_term", "where necessary"),
        ("weasel", "experts say"),
        ("marketing", "best practice"),
    }
    for hit in hits:
        assert text[hit.start : hit.end] == hit.matched
        assert hit.why in WHY.values()
    opt_out = text.index("Users may") + len("Users ")
    assert all(hit.start != opt_out for hit in hits)  # the permission "may" is not among them


def test_signals_are_registered_in_place_of_the_old_regexes():
    assert VAGUENESS_NAMES == ("hedge", "weasel", "marketing", "vague_term")
    assert set(VAGUENESS_NAMES) <= set(PENALTY_NAMES)
    assert not hasattr(penalties, "Hedge") and not hasattr(penalties, "Marketing")
    assert not hasattr(penalties, "_HEDGE") and not hasattr(penalties, "_MARKETING")
    names = [signal.name for signal in build_signals(SETTINGS).penalties]
    assert names[: len(VAGUENESS_NAMES)] == list(VAGUENESS_NAMES)
    for name in VAGUENESS_NAMES:
        assert SETTINGS[name]["points"] < 0 and SETTINGS[name]["cap"] <= SETTINGS[name]["points"]
    assert sorted(SIGNAL_OF_CLASS) == sorted(CUE_CLASSES)


def test_a_vague_answer_scores_below_its_plain_version():
    plain = "The Security Manager reviews access to the model every 90 days and removes unused accounts within 5 days."
    vague = (
        "Our robust security team generally reviews access to the model periodically and may remove some unused "
        "accounts as appropriate."
    )
    plain_result, vague_result = score_specificity(plain), score_specificity(vague)
    assert [h for h in plain_result.hits if h.name in VAGUENESS_NAMES] == []
    assert {h.name for h in vague_result.hits} >= set(VAGUENESS_NAMES)
    assert vague_result.score < plain_result.score
