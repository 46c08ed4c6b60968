"""The scoring config is checked key by key once a user's file or the app's settings are laid over the defaults:
each bad setting is named by its dotted key, all of them in one InputError, and no NaN or 1e308 reaches a score."""

from __future__ import annotations

import math
import time

import pytest

from assessor.errors import InputError
from scoring.config import load_config
from scoring.config_checks import RULES, _leaves, _rule_for, config_problems


def problems_of(tmp_path, text: str) -> InputError:
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert time.monotonic() - started < 10
    assert caught.value.path == str(path)
    return caught.value


def test_the_bundled_defaults_pass_every_check():
    config = load_config()
    assert config_problems(config.values, config.values) == []


def test_every_rule_names_a_setting_and_every_setting_of_those_sections_has_a_rule():
    leaves = [key for key, _ in _leaves(load_config().values)]
    for pattern, _ in RULES:
        assert any(_rule_for(key) and _matches(pattern, key) for key in leaves), f"rule {pattern} matches nothing"
    sections = {pattern.split(".")[0] for pattern, _ in RULES}
    assert [key for key in leaves if key.split(".")[0] in sections and _rule_for(key) is None] == []


def _matches(pattern: str, key: str) -> bool:
    from fnmatch import fnmatchcase

    parts, pieces = key.split("."), pattern.split(".")
    return len(parts) == len(pieces) and all(fnmatchcase(a, b) for a, b in zip(parts, pieces))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("overall: {weights: {evidence: -0.35}}", "'overall.weights.evidence' must be from 0 to 1, not -0.35"),
        ("claims: {support_similarity: .nan}", "'claims.support_similarity' must be a finite number, not nan"),
        ("staleness: {max_age_months: .inf}", "'staleness.max_age_months' must be a finite number, not inf"),
        ("flags: {red: 5}", "'flags.red' must be a list of flag codes, not 5"),
        ("flags: {red: [off_topic, made_up]}", "'flags.red' holds unknown flag codes: made_up"),
        ("rating: {strong: [70, 80]}", "setting 'rating.strong' must be a number, not [70, 80]"),
        ("overall: 5", "setting 'overall' must be a mapping, not 5"),
        (
            "evidence: {claim_kind_weights: {other: 1.0e+308}}",
            "'evidence.claim_kind_weights.other' is out of range (1e+308): no setting goes beyond 1e+12",
        ),
        (
            "evidence: {doc_type_weights: {other: 1e308}}",
            "setting 'evidence.doc_type_weights.other' must be a number, not '1e308' (YAML reads this as text",
        ),
        ("rating: {strong: 30, weak: 75}", "'rating' must fall: strong > adequate > weak, not strong 30, adequate 55"),
        ("specificity: {bands: {adequate: 90}}", "'specificity.bands' must fall: strong > adequate > weak"),
        ("overall: {weights: {evidence: 0.5}}", "'overall.weights' must add up to 1, not 1.15"),
        ("followups: {max_per_question: 2.5}", "'followups.max_per_question' must be a whole number, not 2.5"),
        ("claims: {nearest_passages: 0}", "'claims.nearest_passages' must be at least 1, not 0"),
        ("alignment: {text_threshold: 165}", "'alignment.text_threshold' must be from 0 to 100, not 165"),
        ("matching: {off_topic_score: 1.5}", "'matching.off_topic_score' must be from 0 to 1, not 1.5"),
        ("rating: {strong: true}", "setting 'rating.strong' must be a number, not True"),
        (
            "evidence: {min_passage_similarity: 0.7}",
            "'evidence.min_passage_similarity' (0.7) must be under 'evidence.full_passage_similarity' (0.7)",
        ),
        (
            "evidence: {claim_kind_weights: {statement: 0, other: 0}}",
            "'evidence.claim_kind_weights' must not all be 0",
        ),
        (
            "specificity: {signals: {hedge: {cap: 10}}}",
            "'specificity.signals.hedge.cap' (10) must have the sign of 'specificity.signals.hedge.points' (-4)",
        ),
        ("decisions: {reject_below: 50}", "'decisions.reject_below' (50) must be at most 'decisions.escalate_below'"),
        ("review_schedule: {months: {reject: 0}}", "'review_schedule.months.reject' must be at least 1, not 0"),
        ("review_schedule: {default_tier: platinum}", "'review_schedule.default_tier' ('platinum') must be one of"),
        ("review_schedule: {default_tier: [high]}", "'review_schedule.default_tier' must be a name, not ['high']"),
        ("yaml_limits: {config_kb: -1}", "'yaml_limits.config_kb' must be at least 1, not -1"),
        ("rating: {stronk: 80}", "unknown setting 'rating.stronk'"),
        ("rating: {strong: 100000000000000000000000000000000000000}", "'rating.strong' is out of range"),
    ],
)
def test_each_bad_setting_is_named_by_its_key(tmp_path, setting, message):
    error = problems_of(tmp_path, setting + "\n")
    assert message in error.problem


def test_all_the_problems_come_together_in_one_error(tmp_path):
    error = problems_of(
        tmp_path,
        "overall:\n  weights: {specificity: 0.6, evidence: -0.35, coverage: 0.15}\n"
        "claims: {support_similarity: .nan}\n"
        "flags: {red: 5}\n"
        "evidence: {claim_kind_weights: {other: 1.0e+308}}\n"
        "rating: {strong: 30, adequate: 55, weak: 75}\n",
    )
    assert error.problem.startswith("5 problems in the scoring config: ")
    for key in (
        "overall.weights.evidence",
        "claims.support_similarity",
        "flags.red",
        "evidence.claim_kind_weights.other",
    ):
        assert f"'{key}'" in error.problem
    assert "'rating' must fall" in error.problem
    assert "'overall.weights' must add up" not in error.problem  # a weight already reported is not summed


def test_whole_numbers_may_come_as_floats_as_the_settings_panel_sends_them(tmp_path):
    path = tmp_path / "custom.yaml"
    path.write_text("followups: {max_per_question: 4.0}\nrating: {strong: 80.5}\n", encoding="utf-8")
    config = load_config(path)
    assert config["followups"]["max_per_question"] == 4.0 and config["rating"]["strong"] == 80.5
    assert load_config(overrides={"review_schedule": {"months": {"reject": 24}}})["review_schedule"]["months"]


def test_the_settings_panels_overrides_are_checked_too():
    with pytest.raises(InputError) as caught:
        load_config(overrides={"rating": {"strong": 10.0}, "overall": {"weights": {"coverage": math.nan}}})
    assert caught.value.path == "settings"
    assert "'rating' must fall" in caught.value.problem
    assert "'overall.weights.coverage' must be a finite number, not nan" in caught.value.problem


def test_a_setting_no_rule_names_must_still_be_a_finite_number():
    defaults = {"later_section": {"max_rows": 1000, "label": "x"}}
    values = {"later_section": {"max_rows": math.inf, "label": "anything"}}
    assert config_problems(values, defaults) == ["'later_section.max_rows' must be a finite number, not inf"]
    assert config_problems({"later_section": {"max_rows": 5, "label": 3}}, defaults) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("evidence_limits.max_chars", 0),
        ("evidence_limits.budget_s", -5),
        ("evidence_limits.garbled_word_share", 1.5),
        ("answer_limits.max_rows", 2.5),
        ("answer_limits.reader_timeout_s", 0),
        ("cache.max_size_mb", -1),
    ],
)
def test_input_limits_are_checked(tmp_path, key, value):
    section, name = key.split(".")
    path = tmp_path / "limits.yaml"
    path.write_text(f"{section}:\n  {name}: {value}\n", encoding="utf-8")
    with pytest.raises(InputError, match=key.replace(".", r"\.")):
        load_config(path)
