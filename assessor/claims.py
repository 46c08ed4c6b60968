"""Pull checkable facts out of text: durations, percentages, cadences, counts, identifiers, versions,
standards, roles, names of tools and suppliers, dates, and commitments with their polarity.

The same extractor reads answers and evidence passages, so a fact in an answer
can be looked up (and later contradicted) by comparing like with like: the same
``dimension`` (a duration with a duration, "3 reviewers" with a count of reviewers)
and a ``value`` normalised across wordings ("quarterly" = "every three months" = 4 a year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.text import without_overlaps

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "forty-eight": 48, "twenty-four": 24,
    "seventy-two": 72, "ninety": 90, "sixty": 60, "hundred": 100,
}  # fmt: skip
HOURS_PER_UNIT = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "business day": 24,
                  "working day": 24, "week": 168, "month": 730, "year": 8760}  # fmt: skip
_COUNT = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = rf"({_COUNT}|an?)"  # "a month": a duration; cadences use _COUNT ("every a week" is none)
_UNIT = (
    r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|business days?|working days?|calendar days?|days?|weeks?|months?"
    r"|years?)"
)
# "a second" is the ordinal ("a second region", "a second reviewer"), never one second.
DURATION = re.compile(rf"\b(?!an?[\s-]+second\b){_NUMBER}(?:\s*\(\d+\))?[\s-]*{_UNIT}\b", re.I)
PERCENTAGE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.I)
STANDARD = re.compile(r"\b(ISO(?:/IEC)?|SOC|NIST(?: AI)?(?: RMF)?|GDPR|EU AI Act)[\s-]*(\d{3,5}(?:-\d)?|[12]|RMF)?\b")
IDENTIFIER = re.compile(r"\b(?=[A-Z0-9./-]*\d)[A-Z][A-Z0-9]{1,9}(?:[-/][A-Z0-9]{1,10}){1,4}\b")
VERSION = re.compile(r"\b(?:version\s+|v)(\d+(?:\.\d+){0,3})\b", re.I)
ROLE = re.compile(
    r"\b(?:(?:Chief|Head|Director|VP|Vice President)\b(?:\s+(?:of|for|and|[A-Z][A-Za-z&]+|AI|ML)){1,6}"
    r"|(?:[A-Z][A-Za-z]+\s+){0,4}(?:Officer|Manager|Lead|Owner|Council|Committee|Board|Steward|Engineer|Architect))\b"
    r"|\b(?:CISO|CTO|CEO|CIO|CPO|CDO|DPO|CAIO|COO)\b"
)
ISO_DATE = re.compile(r"\b(20\d\d)-(0[1-9]|1[0-2])-([0-3]\d)\b")
TRAILING_FILLER = re.compile(r"(?:\s+(?:of|for|and))+$", re.I)
LEADING_FILLER = re.compile(r"^(?:Our|The|An?|Each|Every|Its|Their|This|That)\s+", re.I)

# Cadences, normalised to how many times a year: "quarterly" = "every three months" = 4.
PER_YEAR = {"hour": 8760, "day": 365, "business day": 260, "working day": 260, "week": 52, "fortnight": 26,
            "month": 12, "quarter": 4, "year": 1}  # fmt: skip
_CADENCE_WORDS = {
    "hourly": 8760, "daily": 365, "nightly": 365, "weekly": 52, "fortnightly": 26, "bi-weekly": 26, "biweekly": 26,
    "monthly": 12, "quarterly": 4, "semi-annually": 2, "semi-annual": 2, "semiannually": 2, "biannually": 2,
    "bi-annually": 2, "half-yearly": 2, "annually": 1, "annual": 1, "yearly": 1,
}  # fmt: skip
_PERIOD = r"hour|business day|working day|day|week|fortnight|month|quarter|year"
CADENCE = re.compile(
    rf"\b(?:(?P<word>{'|'.join(sorted(_CADENCE_WORDS, key=len, reverse=True))})"
    rf"|(?:every|each|once\s+(?:a|an|per|every))\s+(?:(?P<n>{_COUNT})\s+)?(?P<period>{_PERIOD})s?"
    rf"|(?P<times>once|twice|{_COUNT})\s+(?:times?\s+)?(?:a|an|per|each)\s+(?P<per>{_PERIOD}))\b",
    re.I,
)
# Counts of things: "3 reviewers", "two independent approvers", "1,200 conversations".
_COUNT_WORDS = "|".join(sorted((w for w in WORD_NUMBERS if w != "one"), key=len, reverse=True))
QUANTITY = re.compile(
    rf"\b(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_COUNT_WORDS})"
    r"\s+(?:(?:[a-z]+-)?[a-z]+\s+)?(?P<noun>[a-z][a-z-]{2,}s)\b",
    re.I,
)
_NOT_COUNTED = {"times", "percent", "seconds", "secs", "hours", "minutes", "days", "weeks", "months", "years",
                "mins", "hrs", "digits", "characters", "words", "pages", "cents", "ones", "others", "plus",
                "items"}  # fmt: skip
# Product, tool and supplier names: a capitalised word inside a sentence that is not a common word.
# A second word runs to a word boundary not followed by "-" or "/": "Runbook RB-07" leaves "RB-07" to the ids.
NAME = re.compile(
    r"(?<=[a-z,;:(] )(?:[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z][a-z]{2,})(?:\s+[A-Z][A-Za-z0-9]+\b(?![-/]\w))?\b"
)
_COMMON_CAPITALISED = {
    "ai", "ml", "the", "we", "our", "all", "any", "each", "every", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "english", "european", "eu", "uk", "us", "annex", "section",
    "policy", "procedure", "plan", "appendix", "customer", "customers", "internet", "i", "ceo",
}  # fmt: skip

COMPARED_BY_VALUE = ("duration", "percentage", "cadence", "quantity")
LOOKED_UP_BY_NAME = ("identifier", "version", "role", "standard", "date", "name")
ALL_KINDS = (*COMPARED_BY_VALUE, *LOOKED_UP_BY_NAME)
FACT_KINDS = ("duration", "percentage", "standard", "identifier", "role", "date")  # what specificity signals read


@dataclass(frozen=True)
class Claim:
    """A fact found in text: ``value`` is comparable across texts (hours, percent, times a year, count,
    normalised name); ``unit`` is what a count counts ("reviewer"), so only like counts compare."""

    kind: str  # one of COMPARED_BY_VALUE or LOOKED_UP_BY_NAME
    text: str
    value: str | float
    start: int
    end: int
    unit: str = ""

    @property
    def dimension(self) -> str:
        """What the value measures: two claims compare only when their dimensions are equal."""
        return f"{self.kind}:{self.unit}" if self.unit else self.kind


def extract_claims(text: str, kinds: tuple[str, ...] | None = None) -> list[Claim]:
    """Every checkable fact in ``text`` (of ``kinds``, default all), in reading order, without overlaps."""
    found: list[Claim] = []
    wanted = set(kinds or ALL_KINDS)
    if "cadence" in wanted:
        for match in CADENCE.finditer(text):
            per_year = _cadence_per_year(match)
            if per_year:
                found.append(Claim("cadence", match.group(0), round(per_year, 3), match.start(), match.end()))
    if "duration" in wanted:
        for match in DURATION.finditer(text):
            hours = _duration_hours(match.group(1), match.group(2))
            if hours is not None:
                found.append(Claim("duration", match.group(0), round(hours, 4), match.start(), match.end()))
    if "percentage" in wanted:
        for match in PERCENTAGE.finditer(text):
            found.append(Claim("percentage", match.group(0), float(match.group(1)), match.start(), match.end()))
    if "standard" in wanted:
        for match in STANDARD.finditer(text):
            if match.group(2) or match.group(1) in {"GDPR", "EU AI Act"}:
                found.append(Claim("standard", match.group(0), normalize_standard(match.group(0)), *match.span()))
    if "identifier" in wanted:
        for match in IDENTIFIER.finditer(text):
            if not STANDARD.fullmatch(match.group(0)):
                found.append(Claim("identifier", match.group(0), normalize_name(match.group(0)), *match.span()))
    if "version" in wanted:
        for match in VERSION.finditer(text):
            found.append(Claim("version", match.group(0), f"v{match.group(1)}", *match.span()))
    if "role" in wanted:
        for match in ROLE.finditer(text):
            role = TRAILING_FILLER.sub("", LEADING_FILLER.sub("", match.group(0))).strip()
            if len(role.split()) >= 2 or role.isupper():
                start = match.start() + match.group(0).index(role)
                found.append(Claim("role", role, normalize_name(role), start, start + len(role)))
    if "date" in wanted:
        for match in ISO_DATE.finditer(text):
            found.append(Claim("date", match.group(0), match.group(0), match.start(), match.end()))
    if "quantity" in wanted:
        for match in QUANTITY.finditer(text):
            noun = match.group("noun").lower()
            count = _number(match.group("n"))
            if noun not in _NOT_COUNTED and count is not None:
                unit = noun[:-1]
                found.append(Claim("quantity", match.group(0), count, match.start(), match.end(), unit))
    if "name" in wanted:
        for match in NAME.finditer(text):
            if match.group(0).split()[0].casefold() not in _COMMON_CAPITALISED:
                found.append(Claim("name", match.group(0), normalize_name(match.group(0)), *match.span()))
    return without_overlaps(found)


def normalize_name(text: str) -> str:
    """Case, spacing and dash variants of a name or id compare equal."""
    return re.sub(r"[\s\-_/.]+", " ", text.casefold()).strip()


def normalize_standard(text: str) -> str:
    """'ISO/IEC 42001' and 'ISO 42001' compare equal."""
    cleaned = re.sub(r"\s+", " ", text.upper().replace("/IEC", "").replace("-", " ")).strip()
    return cleaned


def _number(text: str) -> float | None:
    word = text.lower()
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    if word in {"a", "an", "once"}:
        return 1.0
    if word == "twice":
        return 2.0
    try:
        return (
            float(word.replace(",", ""))
            if "," in word and len(word.split(",")[-1]) == 3
            else float(word.replace(",", "."))
        )
    except ValueError:
        return None


def _cadence_per_year(match: re.Match[str]) -> float | None:
    if match.group("word"):
        return float(_CADENCE_WORDS[match.group("word").lower()])
    if match.group("period"):
        count = _number(match.group("n")) if match.group("n") else 1.0
        period = PER_YEAR.get(match.group("period").lower())
        return period / count if count and period else None
    times, period = _number(match.group("times")), PER_YEAR.get(match.group("per").lower())
    return times * period if times and period else None


def _duration_hours(number: str, unit: str) -> float | None:
    amount = _number(number)
    if amount is None:
        return None
    unit = unit.lower().rstrip("s")
    unit = {"sec": "second", "min": "minute", "hr": "hour", "calendar day": "day"}.get(unit, unit)
    return amount * HOURS_PER_UNIT[unit] if unit in HOURS_PER_UNIT else None
