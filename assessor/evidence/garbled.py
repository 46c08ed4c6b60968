"""Tell text that is mostly not words (a PDF font with a broken character map, a bad encoding) from real text.

The measure is the share of letter tokens that look like words: a common word of one of the languages
``assessor.language`` knows, an acronym, or a Latin-script token whose letters are mostly plain ASCII, that has a
vowel and no long run of consonants. Text from a broken ``ToUnicode`` map ("ÞÙÒ×Ú ÏÙÕ") fails all of these.
Numbers, single letters and tokens in other scripts are not judged, so tables of figures, ids and short
documents never count as garbled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assessor.language import WORDS

_COMMON = frozenset().union(*WORDS.values())
# Letter runs, and runs of characters no real text is made of (private use, the replacement character).
_TOKEN = re.compile(r"[^\W\d_]{2,}|[\ue000-\uf8ff\ufffd]+")
_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøœùúûüýÿ")
# Digraphs that sound as one consonant, so "Rechtsschutz" or "strengths" keep a short consonant run.
_DIGRAPHS = re.compile(r"sch|ch|th|sh|ph|ck|gh|ng")
_MAX_CONSONANTS = 5
_MAX_ACRONYM = 8
# Letters this many in a row are no word of any language (text whose spaces were mapped to letters); such a run
# counts as one unreadable word per ``_WORD_LETTERS`` letters.
_LONGEST_WORD = 40
_WORD_LETTERS = 8
_SAMPLE_TOKENS = 200_000  # enough to judge any document; keeps the check linear and quick


@dataclass(frozen=True)
class TextQuality:
    words: int  # tokens judged
    wordlike: int  # of those, the ones that look like words

    @property
    def share(self) -> float:
        return self.wordlike / self.words if self.words else 1.0


def measure(pages: Iterable[str]) -> TextQuality:
    """How many judged tokens the pages hold and how many of them look like words."""
    verdicts: dict[str, bool | None] = {}
    words = wordlike = 0
    for page in pages:
        for match in _TOKEN.finditer(page):
            token = match.group()
            verdict = verdicts.get(token)
            if verdict is None and token not in verdicts:
                verdict = verdicts[token] = _looks_like_word(token)
            if verdict is None:
                continue
            weight = len(token) // _WORD_LETTERS if len(token) > _LONGEST_WORD else 1
            words += weight
            wordlike += verdict * weight
            if words >= _SAMPLE_TOKENS:
                return TextQuality(words, wordlike)
    return TextQuality(words, wordlike)


def looks_garbled(pages: Iterable[str], min_words: int, min_share: float) -> TextQuality | None:
    """The measure when at least ``min_words`` tokens were judged and fewer than ``min_share`` look like words."""
    quality = measure(pages)
    return quality if quality.words >= min_words and quality.share < min_share else None


def _looks_like_word(token: str) -> bool | None:
    """True or False for a token that can be judged; None for one that cannot (another script)."""
    if not token[0].isalpha() or len(token) > _LONGEST_WORD:
        return False  # private-use or replacement characters, or no spaces at all
    lower = token.lower()
    if lower in _COMMON:
        return True
    scripts = {_script(char) for char in token}
    if len(scripts) > 1:
        return False  # real words do not mix alphabets
    if scripts != {"LATIN"}:
        return None
    foreign = sum(not char.isascii() for char in token)
    if foreign * 2 > len(token):
        return False
    if token.isupper() and token.isascii() and len(token) <= _MAX_ACRONYM:
        return True  # ISO, GDPR, CISO
    plain = unicodedata.normalize("NFKD", _DIGRAPHS.sub("c", lower))
    run = longest = 0
    vowels = 0
    for char in plain:
        if not char.isalpha():
            continue  # combining accents left by NFKD
        if char in _VOWELS:
            vowels += 1
            run = 0
        else:
            run += 1
            longest = max(longest, run)
    return longest <= _MAX_CONSONANTS and (vowels > 0 or len(token) <= 3)


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]
