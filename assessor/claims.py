"""Pull checkable facts out of text: durations, percentages, identifiers, standards, roles, dates.

The same extractor reads answers and evidence passages, so a fact in an answer
can be looked up (and later contradicted) by comparing like with like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.text import without_overlaps

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "thirty": 30, "forty-eight": 48, "twenty-four": 24,
    "seventy-two": 72, "ninety": 90, "sixty": 60,
}  # fmt: skip
HOURS_PER_UNIT = {"minute": 1 / 60, "hour": 1, "day": 24, "business day": 24, "working day": 24, "week": 168,
                  "month": 730, "year": 8760}  # fmt: skip
_NUMBER = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(minutes?|mins?|hours?|hrs?|business days?|working days?|calendar days?|days?|weeks?|months?|years?)"
DURATION = re.compile(rf"\b{_NUMBER}(?:\s*\(\d+\))?[\s-]*{_UNIT}\b", re.I)
PERCENTAGE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.I)
STANDARD = re.compile(r"\b(ISO(?:/IEC)?|SOC|NIST(?: AI)?(?: RMF)?|GDPR|EU AI Act)[\s-]*(\d{3,5}(?:-\d)?|[12]|RMF)?\b")
IDENTIFIER = re.compile(r"\b(?=[A-Z0-9./-]*\d)[A-Z][A-Z0-9]{1,9}(?:[-/][A-Z0-9]{1,10}){1,4}\b")
ROLE = re.compile(
    r"\b(?:(?:Chief|Head|Director|VP|Vice President)\b(?:\s+(?:of|for|and|[A-Z][A-Za-z&]+|AI|ML)){1,6}"
    r"|(?:[A-Z][A-Za-z]+\s+){0,4}(?:Officer|Manager|Lead|Owner|Council|Committee|Board|Steward|Engineer|Architect))\b"
    r"|\b(?:CISO|CTO|CEO|CIO|CPO|CDO|DPO|CAIO|COO)\b"
)
ISO_DATE = re.compile(r"\b(20\d\d)-(0[1-9]|1[0-2])-([0-3]\d)\b")
TRAILING_FILLER = re.compile(r"(?:\s+(?:of|for|and))+$", re.I)
LEADING_FILLER = re.compile(r"^(?:Our|The|An?|Each|Every|Its|Their|This|That)\s+", re.I)


@dataclass(frozen=True)
class Claim:
    """A fact found in text: ``value`` is comparable across texts (hours, percent, normalised name)."""

    kind: str  # duration, percentage, identifier, standard, role, date
    text: str
    value: str | float
    start: int
    end: int


def extract_claims(text: str) -> list[Claim]:
    """Every checkable fact in ``text``, in reading order, without overlaps."""
    found: list[Claim] = []
    for match in DURATION.finditer(text):
        hours = _duration_hours(match.group(1), match.group(2))
        if hours is not None:
            found.append(Claim("duration", match.group(0), round(hours, 4), match.start(), match.end()))
    for match in PERCENTAGE.finditer(text):
        found.append(Claim("percentage", match.group(0), float(match.group(1)), match.start(), match.end()))
    for match in STANDARD.finditer(text):
        if match.group(2) or match.group(1) in {"GDPR", "EU AI Act"}:
            found.append(Claim("standard", match.group(0), normalize_standard(match.group(0)), *match.span()))
    for match in IDENTIFIER.finditer(text):
        if not STANDARD.fullmatch(match.group(0)):
            found.append(Claim("identifier", match.group(0), normalize_name(match.group(0)), *match.span()))
    for match in ROLE.finditer(text):
        role = TRAILING_FILLER.sub("", LEADING_FILLER.sub("", match.group(0))).strip()
        if len(role.split()) >= 2 or role.isupper():
            start = match.start() + match.group(0).index(role)
            found.append(Claim("role", role, normalize_name(role), start, start + len(role)))
    for match in ISO_DATE.finditer(text):
        found.append(Claim("date", match.group(0), match.group(0), match.start(), match.end()))
    return without_overlaps(found)


def normalize_name(text: str) -> str:
    """Case, spacing and dash variants of a name or id compare equal."""
    return re.sub(r"[\s\-_/.]+", " ", text.casefold()).strip()


def normalize_standard(text: str) -> str:
    """'ISO/IEC 42001' and 'ISO 42001' compare equal."""
    cleaned = re.sub(r"\s+", " ", text.upper().replace("/IEC", "").replace("-", " ")).strip()
    return cleaned


def _duration_hours(number: str, unit: str) -> float | None:
    number = number.lower()
    amount = WORD_NUMBERS.get(number)
    if amount is None:
        try:
            amount = float(number.replace(",", "."))
        except ValueError:
            return None
    unit = unit.lower().rstrip("s")
    unit = {"min": "minute", "hr": "hour", "calendar day": "day"}.get(unit, unit)
    return amount * HOURS_PER_UNIT[unit] if unit in HOURS_PER_UNIT else None
