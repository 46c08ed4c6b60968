"""Attempts to game the score: pasted standard wording, keyword stuffing, one answer reused everywhere."""

from .test_flags import MONITORING, SPECIFIC_MONITORING, question, run


def test_pasting_the_catalog_description_is_flagged_and_scores_low(engine, tmp_path, catalog):
    pasted = catalog.get("A.6.2.6").description
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, pasted, ""]]), "MO-01")
    assert "parrots_standard" in result.flag_codes
    assert any("A.6.2.6" in flag.reason for flag in result.flags if flag.code == "parrots_standard")
    assert result.rating in {"weak", "insufficient"}


def test_keyword_stuffed_answer_is_flagged_and_scores_low(engine, tmp_path):
    stuffed = (
        "AI governance, AI risk assessment, impact assessment, monitoring, rollback, incident response, "
        "human oversight, transparency, accountability, ISO/IEC 42001, Annex A controls, continual improvement."
    )
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, stuffed, ""]]), "MO-01")
    assert "parrots_standard" in result.flag_codes
    assert result.rating == "insufficient"


def test_one_strong_answer_reused_everywhere_is_flagged_and_capped(engine, tmp_path, bank):
    rows = [[q.id, q.text, SPECIFIC_MONITORING, ""] for q in bank.questions]
    assessment = run(engine, tmp_path, rows)
    assert all("duplicate_answer" in r.flag_codes and r.overall <= 35 for r in assessment.result.questions)
    assert assessment.result.rating in {"weak", "insufficient"}
    (tmp_path / "honest").mkdir()
    honest = question(run(engine, tmp_path / "honest", [["MO-01", MONITORING, SPECIFIC_MONITORING, ""]]), "MO-01")
    assert honest.overall > 35  # the same text, given once where it belongs, is not penalised
