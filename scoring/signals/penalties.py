"""Penalties: words that weaken or replace a commitment, answers that say nothing, and answers that echo.

Hedges, weasel words, marketing and vague terms are in ``scoring.signals.vagueness``; here, a non-answer
zeroes the score, and parroting and keyword stuffing take a large fixed amount because the answer only
looks like one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assessor.answer_doc import AnswerDoc
from scoring.signals.base import PatternSignal, SignalHit, content_words, stem, trim_span

# ----------------------------------------------------------------------------------------- non_answer
_NON_ANSWER_PART = re.compile(
    r"(?:yes|no|y|n|n/?a|none|nil|not applicable|tbd|tbc|to be (?:confirmed|determined|provided)|to follow|pending"
    r"|ok|(?:please )?see (?:the )?(?:attached|attachment|attachments|above|below|previous answer)|attached"
    r"|(?:same )?as above|(?:please )?(?:refer to|see) (?:the |our )?(?:[\w-]+ ){0,3}?(?:polic(?:y|ies)"
    r"|documentation|docs|website|trust (?:center|centre|portal)|contract|agreement|terms|document|attachment)"
    r"|(?:available |provided )?(?:up)?on request|confidential|proprietary|(?:proprietary and )?confidential"
    r"|under nda|not disclosed|(?:we )?cannot (?:share|disclose) (?:this|that)|not at this time|\W*)",
    re.I,
)
_PART_SEPARATOR = re.compile(r"[.,;:!?\n]+|\s[-\u2013\u2014]+\s|\s*[\u2013\u2014]\s*")


def is_non_answer(text: str) -> bool:
    """True when the whole answer is blank or made only of stock replies ("Yes", "N/A", "See attached")."""
    parts = [part.strip() for part in _PART_SEPARATOR.split(text)]
    return all(_NON_ANSWER_PART.fullmatch(part) for part in parts if part)


class NonAnswer(PatternSignal):
    """The whole answer is blank or a stock reply: the score is forced to 0."""

    name = "non_answer"
    label = "non-answer"
    kind = "penalty"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        if not is_non_answer(text):
            return []
        start, end = trim_span(text, 0, len(text))
        why = "the answer is blank" if start == end else "a stock reply, not an answer"
        return [SignalHit(self.name, text[start:end], start, end, self.points, why)]


# -------------------------------------------------------------------------------------------- parrots
@dataclass(frozen=True)
class ParrotSource:
    """Wording an answer may echo: the question, or one catalog clause (title and description)."""

    label: str  # "the question", "ISO/IEC 42001 9.3.1 Management review — General"
    text: str
    is_question: bool = False


# "No, we never train on customer data" echoes a yes/no question because it answers it
_YES_NO_REPLY = re.compile(r"^\W*(?:yes|no)\b", re.I)


FactFinder = Callable[[AnswerDoc], Sequence[SignalHit]]  # every positive hit in the answer


class Parrots(PatternSignal):
    """The answer mostly repeats the question or a clause of the standard and adds few facts of its own.

    Measured directly: the share of the answer's distinct content words that are the source's. An answer
    that brings its own words (and so its own facts) is never parroting, however on-topic it is.
    """

    name = "parrots"
    label = "parrots the question or standard"
    kind = "penalty"

    def __init__(
        self,
        points: float,
        sources: Sequence[ParrotSource],
        facts: FactFinder,
        min_share: float = 0.75,
        min_words: int = 4,
        max_facts: int = 1,
    ) -> None:
        super().__init__(points)
        self.sources = tuple(s for s in sources if s.text.strip())
        self._source_words = [_word_set(s.text) for s in self.sources]
        self.facts = facts
        self.min_share = float(min_share)
        self.min_words = int(min_words)
        self.max_facts = int(max_facts)

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        words = set(content_words(text))
        if len(words) < self.min_words or not self.sources:
            return []
        yes_no = bool(_YES_NO_REPLY.match(text))  # "No, we never ..." echoes a yes/no question because it answers it
        shares = [
            (len(words & source_words) / len(words), number)
            for number, (source, source_words) in enumerate(zip(self.sources, self._source_words))
            if not (source.is_question and yes_no)
        ]
        shared, number = max(shares, default=(0.0, -1))
        if shared < self.min_share:
            return []
        source = self.sources[number]
        new_facts = [h for h in self.facts(doc) if not set(content_words(h.matched)) <= self._source_words[number]]
        if len(new_facts) > self.max_facts:
            return []
        start, end = trim_span(text, 0, len(text))
        why = f"mostly repeats {source.label} ({shared:.0%} of its content words) and adds few facts"
        return [SignalHit(self.name, text[start:end], start, end, self.points, why)]


@lru_cache(maxsize=256)
def _word_set(text: str) -> frozenset[str]:
    """A text's distinct content words."""
    return frozenset(content_words(text))


# ----------------------------------------------------------------------------------- keyword_stuffing
_BUZZWORD_TEXT = """
governance accountability accountable transparency transparent fairness fair ethics ethical responsible
responsibility trustworthy trust oversight human-in-the-loop explainability explainable robustness privacy security
safety safe compliance compliant risk risks management mitigation monitoring lifecycle framework frameworks
principles principle bias inclusive inclusivity reliability reliable resilience sustainability ISO 42001 27001 NIST
RMF GDPR EU AI Act AIMS controls control assurance integrity quality improvement continual continuous excellence
innovation values culture commitment
"""
GOVERNANCE_BUZZWORDS = frozenset(stem(word) for word in _BUZZWORD_TEXT.split())
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;|/\n\u2022]|\s-\s|\band\b)\s*")


class KeywordStuffing(PatternSignal):
    """A string of governance buzzwords with no sentences and no facts around them."""

    name = "keyword_stuffing"
    label = "keyword stuffing"
    kind = "penalty"

    def __init__(
        self,
        points: float,
        vocabulary: frozenset[str],
        facts: FactFinder,
        min_keywords: int = 5,
        min_density: float = 0.6,
        list_density: float = 0.45,
        max_facts: int = 1,
    ) -> None:
        super().__init__(points)
        self.vocabulary = vocabulary | GOVERNANCE_BUZZWORDS
        self.facts = facts
        self.min_keywords = int(min_keywords)
        self.min_density = float(min_density)
        self.list_density = float(list_density)
        self.max_facts = int(max_facts)

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        words = content_words(text)
        keywords = [w for w in words if w in self.vocabulary]
        if len(keywords) < self.min_keywords:
            return []
        density = len(keywords) / len(words)
        items = [item for item in _LIST_SEPARATOR.split(text) if item.strip()]
        list_like = len(items) >= self.min_keywords and len(text.split()) / len(items) <= 3.5
        if density < self.min_density and not (list_like and density >= self.list_density):
            return []
        if len(self.facts(doc)) > self.max_facts:
            return []
        start, end = trim_span(text, 0, len(text))
        shape = "a list of buzzwords" if list_like else "buzzwords with little else"
        why = f"{shape}: {density:.0%} of its content words are governance keywords, with no facts"
        return [SignalHit(self.name, text[start:end], start, end, self.points, why)]


# -------------------------------------------------------------------------------------- boilerplate
# The voice of a management-system standard rather than of a vendor describing its practice: "The organization
# shall determine ...", "documented information shall be retained", "establish, implement, maintain and
# continually improve". Copying that style states requirements, not what the vendor does.
_BOILERPLATE = re.compile(
    r"\b(?:the|our|this)\s+organi[sz]ation\s+(?:shall|should)\b"
    r"|\b(?:top\s+management|interested\s+parties|the\s+organi[sz]ation)\b[^.;]{0,80}?\bshall\b"
    r"|\bshall\s+(?:be\s+)?(?:determin|establish|implement|maintain|retain|document|defin|ensur|consider|plan"
    r"|review|communicat|continual|make\s+available|take\s+into\s+account)\w*"
    r"|\bdocumented\s+information\b"
    r"|\bestablish(?:ed|es)?,\s+implement(?:ed|s)?,\s+maintain(?:ed|s)?\s+and\s+continual(?:ly)?\s+improv\w*"
    r"|\brelevant\s+to\s+its\s+purpose\b|\bintended\s+outcomes?\s+of\s+(?:the|its)\b",
    re.I,
)


class Boilerplate(PatternSignal):
    """Management-system boilerplate ("the organization shall determine ..."): the standard's style, not a fact."""

    name = "boilerplate"
    label = "management-system boilerplate"
    kind = "penalty"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return self.hits_for(doc.text, _BOILERPLATE, "management-system boilerplate: the standard's style, not a fact")
