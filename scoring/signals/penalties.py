"""Penalties: words that weaken or replace a commitment, answers that say nothing, and answers that echo.

Hedges and marketing take points away per occurrence (capped by the scorer); a non-answer zeroes the
score; parroting and keyword stuffing take a large fixed amount because the answer only looks like one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from assessor.answer_doc import AnswerDoc
from scoring.signals.base import PatternSignal, SignalHit, content_words, stem, trim_span

# ---------------------------------------------------------------------------------------------- hedge
_HEDGE = re.compile(
    r"\b(?:(?<!\d\s)(?-i:[Mm]ay)(?!\s+(?:\d|20\d\d)\b)|might|could|as (?:appropriate|needed|necessary|required(?! by))"
    r"|(?:where|when|if) (?:appropriate|necessary|needed|possible|feasible|practicable|applicable|relevant)"
    r"|striv(?:e|es|ing)|aim(?:s|ing)? to|endeavou?r(?:s|ing)?(?: to)?|generally|typically|usually|normally"
    r"|in (?:most|many) cases|(?:commercially )?reasonable efforts|best efforts|seek(?:s|ing)? to|tr(?:y|ies) to"
    r"|as soon as (?:possible|practicable|reasonably practicable)|in a timely (?:manner|fashion)|ideally"
    r"|to the extent (?:possible|practicable)|from time to time|on an ad[- ]hoc basis|case[- ]by[- ]case)\b",
    re.I,
)


class Hedge(PatternSignal):
    """Words that let the vendor off the hook: may, could, as appropriate, where possible, aim to..."""

    name = "hedge"
    kind = "penalty"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return self.hits_for(doc.text, _HEDGE, "hedge word weakens the commitment")


# ------------------------------------------------------------------------------------------ marketing
_MARKETING = re.compile(
    r"\b(?:world[- ]class|(?:industry|market)[- ]leading|best[- ]in[- ]class|best[- ]of[- ]breed"
    r"|robust(?! (?:to|against)\b)|cutting[- ]edge|leading[- ]edge|state[- ]of[- ]the[- ]art|seamless(?:ly)?"
    r"|(?:enterprise|bank|military)[- ]grade"
    r"|next[- ]gen(?:eration)?|unparall?ell?ed|unmatched|second to none|peace of mind|complete confidence"
    r"|rest assured|gold standard|innovative|revolutionary|game[- ]chang(?:er|ing)|top[- ]tier|highest standards?"
    r"|utmost|paramount|trusted by|(?:take|takes|taking)\s+(?:[\w'-]+\s+){0,4}?(?:very |extremely |incredibly )?"
    r"seriously|committed to (?:excellence|the highest)|culture of (?:responsible )?innovation"
    r"|industry best practices?|leading (?:frameworks|standards|practices))\b",
    re.I,
)


class Marketing(PatternSignal):
    """Sales language that stands in for facts: world-class, industry-leading, robust, take ... very seriously."""

    name = "marketing"
    kind = "penalty"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return self.hits_for(doc.text, _MARKETING, "marketing language instead of a fact")


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
    """The answer mostly repeats the question or a clause of the standard and adds few facts of its own."""

    name = "parrots"
    kind = "penalty"

    def __init__(
        self,
        points: float,
        sources: Sequence[ParrotSource],
        facts: FactFinder,
        min_overlap: float = 80.0,
        min_words: int = 4,
        max_facts: int = 1,
    ) -> None:
        super().__init__(points)
        self.sources = tuple(s for s in sources if s.text.strip())
        self._source_words = [_word_set(s.text) for s in self.sources]
        self.facts = facts
        self.min_overlap = float(min_overlap)
        self.min_words = int(min_words)
        self.max_facts = int(max_facts)

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        words = sorted(set(content_words(text)))
        if len(words) < self.min_words or not self.sources:
            return []
        # token_set_ratio is 100 when every content word of the answer is in the source, whatever else
        # the source says; it falls as the answer brings words of its own.
        candidates = [i for i, s in enumerate(self.sources) if not (s.is_question and _YES_NO_REPLY.match(text))]
        best = process.extractOne(
            " ".join(words),
            {i: self._source_words[i] for i in candidates},
            scorer=fuzz.token_set_ratio,
            score_cutoff=self.min_overlap,
        )
        if best is None:
            return []
        source = self.sources[best[2]]
        source_stems = set(content_words(source.text))
        new_facts = [h for h in self.facts(doc) if not set(content_words(h.matched)) <= source_stems]
        if len(new_facts) > self.max_facts:
            return []
        start, end = trim_span(text, 0, len(text))
        shared = len(set(words) & source_stems) / len(words)
        why = f"mostly repeats {source.label} ({shared:.0%} of its content words) and adds few facts"
        return [SignalHit(self.name, text[start:end], start, end, self.points, why)]


@lru_cache(maxsize=256)
def _word_set(text: str) -> str:
    """A text's distinct content words, sorted and joined, ready for a token-set comparison."""
    return " ".join(sorted(set(content_words(text))))


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
