"""Matching, alignment, retrieval and language settings come from the scoring config: overriding one changes
the outcome and the config hash (checked with the fast bag-of-words embedder, no model)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assessor.alignment import align_answers
from assessor.answers import read_answers
from assessor.evidence import ingest
from assessor.language import detect_language
from assessor.pipeline import prepare, score
from assessor.retrieval import EvidenceIndex
from scoring.config import load_config
from tests.test_document_identity import BagOfWordsEmbedder

from .conftest import AS_OF

MONITORING_Q = "How do you monitor model performance in production, and what triggers a review or rollback?"
PRICE = "Our list price is 12 dollars per seat per month, billed annually."
FRENCH = "Nous avons une politique pour les systèmes et nous la revoyons chaque année avec le comité."
POLICY = "AI Governance Policy\n\nThe AI Governance Board owns this policy and approves every exception in writing.\n"


class FakeEmbedder(BagOfWordsEmbedder):
    """The bag-of-words stand-in with what the pipeline also asks of an embedder."""

    identity = SimpleNamespace(name="bag-of-words", weights_sha256="")

    def similarity(self, queries, targets) -> np.ndarray:
        return self.encode(queries) @ self.encode(targets).T

    def forget_recent(self) -> None:
        """Nothing is kept between vendors."""


@pytest.fixture
def vendor(tmp_path: Path) -> tuple[Path, Path]:
    """An answers file whose one row answers MO-01 (found by its reworded question) with an off-topic answer."""
    answers = tmp_path / "answers.csv"
    reworded = "How do you monitor your model's performance in production and what triggers a rollback or review?"
    answers.write_text(f'question,answer\n"{reworded}","{PRICE}"\n', encoding="utf-8")
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "governance.txt").write_text(POLICY, encoding="utf-8")
    return answers, evidence


def changed(section: str, key: str, value: float):
    """The packaged defaults and the same with one setting overridden; their hashes differ."""
    default, override = load_config(), load_config(overrides={section: {key: value}})
    assert override[section][key] == value != default[section][key]
    assert override.sha256 != default.sha256
    return default, override


def test_matching_off_topic_score_decides_off_topic(fake_engine) -> None:
    default, override = changed("matching", "off_topic_score", 0.0)

    def off_topic(config) -> bool:
        return fake_engine.matcher.match(PRICE, ["A.6.2.6", "9.1"], MONITORING_Q, settings=config["matching"]).off_topic

    assert off_topic(default) and not off_topic(override)


def test_matching_sentence_margin_changes_the_ranking_scores(fake_engine) -> None:
    default, override = changed("matching", "sentence_margin", 0.0)
    two_sentences = "We retrain the model quarterly. Every supplier signs our security addendum."
    (before,) = fake_engine.matcher.rank([two_sentences], default["matching"])
    (after,) = fake_engine.matcher.rank([two_sentences], override["matching"])
    assert [c.score for c in before] != [c.score for c in after]


def test_alignment_text_threshold_decides_whether_a_reworded_row_matches(vendor, bank) -> None:
    default, override = changed("alignment", "text_threshold", 100.0)
    sheet = read_answers(vendor[0])
    assert list(align_answers(sheet, bank, default["alignment"]).matched) == ["MO-01"]
    assert not align_answers(sheet, bank, override["alignment"]).matched


def test_retrieval_title_match_score_decides_whether_a_reference_resolves(vendor) -> None:
    default, override = changed("retrieval", "title_match_score", 99.0)
    index = EvidenceIndex(ingest([vendor[1]], use_cache=False), FakeEmbedder())
    reference = "AI Governanse Policy"  # misspelt: a close title match, not an exact one
    (before,) = index.resolve_references(reference, default["retrieval"])
    (after,) = index.resolve_references(reference, override["retrieval"])
    assert before.doc == "governance.txt" and 75 <= before.score < 99
    assert after.doc == ""


def test_language_min_words_decides_whether_an_answer_is_long_enough_to_judge() -> None:
    default, override = changed("language", "min_words", 50)
    assert detect_language(FRENCH, default["language"]).language == "french"
    assert detect_language(FRENCH, override["language"]).language == "unknown"


def test_a_users_config_file_reaches_the_pipeline(fake_engine, vendor, bank, tmp_path: Path) -> None:
    """Alignment and matching settings in a user's file change the scorecard, and the report's config hash."""
    answers, evidence = vendor
    prepared = prepare("vendor", answers, [evidence], fake_engine, bank=bank, workers=1)
    custom = tmp_path / "scoring.yaml"
    custom.write_text("matching:\n  off_topic_score: 0.0\n", encoding="utf-8")
    strict = tmp_path / "strict.yaml"  # neither wording nor meaning can match the reworded question
    strict.write_text("alignment:\n  text_threshold: 100\n  meaning_threshold: 1.0\n", encoding="utf-8")

    def flags(config) -> tuple[str, ...]:
        assessment = score(prepared, fake_engine, config, AS_OF)
        assert assessment.provenance["config"]["sha256"] == config.sha256
        (result,) = [q for q in assessment.result.questions if q.question.id == "MO-01"]
        return tuple(flag.code for flag in result.flags)

    default = load_config()
    assert "off_topic" in flags(default)
    assert "off_topic" not in flags(load_config(custom)) and load_config(custom).sha256 != default.sha256
    assert flags(load_config(strict)) == ("no_answer",)
