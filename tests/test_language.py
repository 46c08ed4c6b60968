import pytest

from assessor.language import detect_language
from scoring.config import load_config

from .test_flags import MONITORING, question, run

FRENCH = (
    "Nous surveillons la précision du modèle chaque jour et nous revenons à la version précédente "
    "si elle baisse sous le seuil de 92 % pendant deux heures."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We monitor containment accuracy daily and roll back if it drops below 92% for two hours.", "english"),
        (FRENCH, "french"),
        ("Wir überwachen die Genauigkeit des Modells täglich und setzen die vorherige Version ein.", "german"),
        ("Supervisamos la precisión del modelo cada día y volvemos a la versión anterior si baja.", "spanish"),
        ("我们每天监控模型的准确性，如果下降就回滚到以前的版本。", "non-latin (cjk)"),
        ("Мы ежедневно отслеживаем точность модели и откатываемся к предыдущей версии.", "non-latin (cyrillic)"),
        ("See attached", "unknown"),
        ("The CISO owns it: NW-POL-001 v2.3 §4, ISO/IEC 42001 certificate AIMS-2025-04471.", "english"),
    ],
)
def test_language_is_detected_without_a_model(text, language):
    assert detect_language(text, load_config()["language"]).language == language


def test_english_with_emoji_and_right_to_left_names_stays_english():
    text = "Our DPO 🙂 (مدير الخصوصية) reviews the retention schedule every quarter and deletes logs after 30 days."
    assert detect_language(text, load_config()["language"]).is_english


def test_non_english_answer_is_flagged_for_translation_not_as_vague(engine, tmp_path):
    result = question(run(engine, tmp_path, [["MO-01", MONITORING, FRENCH, ""]]), "MO-01")
    assert "not_english" in result.flag_codes
    assert "vague" not in result.flag_codes and "off_topic" not in result.flag_codes
    assert any("in English" in ask for ask in result.follow_ups)
