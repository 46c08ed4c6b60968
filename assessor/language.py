"""Tell English answers from others, so a French answer is flagged for translation rather than scored as vague.

The default embedding model and the specificity signals are English-only. Detection
counts each language's most common function words and checks the script; it needs
no model and no network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

FUNCTION_WORDS = {
    "english": "the and of to in is are we our for with that this on by be it as or from at not have has will",
    "german": "der die das und ist nicht mit den dem des ein eine wir unsere sich auf für von zu im werden bei",
    "french": "le la les et est des une un du pour dans que qui nous nos sur par pas avec sont ce au aux être",
    "spanish": "el la los las y es de del que en un una para por con nuestro nuestros se son como al no lo",
    "italian": "il lo la gli le e è di del della che per con un una sono non nostro nostri si al dei delle",
    "portuguese": "o a os as e é de do da que em um uma para com não nosso nossos se são ao dos das pelo",
    "dutch": "de het een en is van in op te dat die voor met niet zijn wij onze worden door bij aan ook",
}
WORDS = {language: frozenset(words.split()) for language, words in FUNCTION_WORDS.items()}
TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # "english", another language's name, or "unknown"
    reason: str

    @property
    def is_english(self) -> bool:
        return self.language in {"english", "unknown"}


def detect_language(text: str, settings: Mapping[str, float]) -> LanguageGuess:
    """Guess the language of an answer; short or ambiguous text counts as unknown (scored normally).

    ``settings`` is the ``language`` section of the scoring config.
    """
    letters = [c for c in text if c.isalpha()]
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters)
    if len(letters) >= settings["min_letters"] and latin / len(letters) < settings["latin_share"]:
        script = _main_script(letters).lower()
        return LanguageGuess(f"non-latin ({script})", f"mostly {script} script")
    tokens = TOKEN.findall(text.lower())
    if len(tokens) < settings["min_words"]:
        return LanguageGuess("unknown", "too short to tell")
    counts = {language: sum(token in words for token in tokens) for language, words in WORDS.items()}
    best = max(counts, key=lambda language: (counts[language], language == "english"))
    lead = counts[best] > settings["lead_over_english"] * counts["english"]
    if best != "english" and counts[best] >= settings["min_function_words"] and lead:
        return LanguageGuess(best, f"{counts[best]} common {best} words against {counts['english']} English ones")
    return LanguageGuess("english", f"{counts['english']} common English words")


def _main_script(letters: list[str]) -> str:
    scripts: dict[str, int] = {}
    for char in letters:
        name = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        scripts[name] = scripts.get(name, 0) + 1
    return max(scripts, key=scripts.get)
