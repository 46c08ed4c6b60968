"""The answer object: one answer split into sentences, with its claims, commitments and modality.

Built once per answer and passed on (like a spaCy ``Doc``): claim checks, evidence scoring, flags,
highlights and exports read it; none of them re-splits or re-parses the answer. Every span holds
exactly: ``doc.text[claim.start:claim.end] == claim.text``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from assessor.claims import COMPARED_BY_VALUE, Claim, extract_claims
from assessor.commitments import Commitment, commitments_in
from assessor.text import clause_spans, sentence_spans, topic_units, window_around, word_count

# A sentence about the future or an aim states no current fact: its claims are plans, never verified as
# facts, and a plan never switches a check off for the sentences that do state facts.
PLAN = re.compile(
    r"\b(?:plan(?:s|ned|ning)?\s+to|intend(?:s|ed)?\s+to|aim(?:s|ing)?\s+to|expect\s+to|working\s+towards?|"
    r"roadmap|will\s+(?:be\s+)?(?:extend|introduc|implement|roll|add|launch|begin|start|adopt|pursu|seek|obtain|"
    r"achiev|complet|expand|mov)\w*|are\s+(?:exploring|evaluating|considering|preparing)|in\s+the\s+coming|"
    r"next\s+(?:year|quarter)|not\s+yet|by\s+(?:the\s+end\s+of\s+)?(?:Q[1-4]|H[12])\b)",
    re.I,
)
MIN_STATEMENT_WORDS = 6
CERTIFIABLE = r"\b(?:42001|27001|27701|27017|27018|9001|SOC\s*2)\b"
CLAIMS_CERTIFIED = re.compile(
    rf"\b(?:certified|certificate|certification|accredit\w*|attest\w*)\b[^.]{{0,80}}{CERTIFIABLE}"
    rf"|{CERTIFIABLE}[^.]{{0,80}}\b(?:certifi|accredit|attest|report)",
    re.I,
)
NOT_CERTIFIED = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?certified\b|\bno\s+certification\b", re.I)


@dataclass(frozen=True)
class AnswerSentence:
    start: int
    end: int
    text: str
    plans: tuple[tuple[int, int], ...]  # spans (in the answer) of clauses stating an intention, not a current fact

    @property
    def plan(self) -> bool:
        return bool(self.plans)

    def is_plan(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.plans)

    @property
    def clauses(self) -> list[tuple[int, int]]:
        """Spans (in the answer) of the sentence's clauses: a plan in "we are certified, and we plan to extend
        the scope" is only the second."""
        return clause_spans(self.text, self.start)

    def clause_at(self, start: int) -> tuple[int, int]:
        """Span of the clause holding ``start``."""
        for a, b in self.clauses:
            if a <= start < b:
                return a, b
        return self.start, self.end


@dataclass(frozen=True)
class AnswerClaim:
    """A claim of the answer: a typed fact, a commitment, or a sentence stated as a whole ('statement')."""

    kind: str
    text: str
    start: int
    end: int
    sentence: int  # index into AnswerDoc.sentences
    plan: bool
    fact: Claim | None = None  # the typed fact, for kinds the extractor knows
    commitment: Commitment | None = None

    @property
    def material(self) -> bool:
        """Counts towards verification: a current fact, not a plan."""
        return not self.plan


@dataclass(frozen=True)
class AnswerDoc:
    text: str
    sentences: tuple[AnswerSentence, ...]
    claims: tuple[AnswerClaim, ...]

    def sentence_of(self, claim: AnswerClaim) -> AnswerSentence:
        return self.sentences[claim.sentence]

    def context_of(self, claim: AnswerClaim) -> str:
        """The words around a claim within its sentence: what a quantity is compared by."""
        sentence = self.sentence_of(claim)
        return window_around(self.text, claim.start, claim.end, sentence=(sentence.start, sentence.end))

    @functools.cached_property
    def topic_units(self) -> list[str]:
        """The whole answer, then its sentences long enough to carry a topic: what clauses and passages meet."""
        return topic_units(self.text)

    @functools.cached_property
    def value_claims(self) -> tuple[AnswerClaim, ...]:
        """Typed facts compared by value (durations, percentages, cadences, counts)."""
        return tuple(c for c in self.claims if c.fact is not None and c.kind in COMPARED_BY_VALUE)

    @functools.cached_property
    def typed_clauses(self) -> tuple[tuple[int, int], ...]:
        """Spans of the clauses holding current typed facts, outside sentences with commitments or
        certifications (their own checks know their subjects): what the stance test reads."""
        spans = []
        for number, sentence in enumerate(self.sentences):
            own = [c for c in self.claims if c.sentence == number]
            if any(c.kind in ("commitment", "certification") for c in own):
                continue
            typed = [c for c in own if c.fact is not None and c.material]
            spans += [(a, b) for a, b in sentence.clauses if any(a <= c.start < b for c in typed)]
        return tuple(spans)

    @property
    def embedding_texts(self) -> list[str]:
        """Every text of this answer that scoring embeds, so a vendor's answers can be encoded in one batch."""
        statements = [c.text for c in self.claims if c.kind == "statement"]
        clauses = [self.text[a:b] for a, b in self.typed_clauses]
        sentences = [s.text for s in self.sentences]
        return [*self.topic_units, *sentences, *(self.context_of(c) for c in self.value_claims), *statements, *clauses]

    @property
    def material_claims(self) -> tuple[AnswerClaim, ...]:
        return tuple(claim for claim in self.claims if claim.material)


def build_answer(text: str) -> AnswerDoc:
    """Split, classify and extract once; the result is immutable and shared by every later step."""
    sentences = tuple(
        AnswerSentence(start, end, text[start:end], _plan_clauses(text[start:end], start))
        for start, end in sentence_spans(text)
    )
    claims: list[AnswerClaim] = []
    facts = extract_claims(text)
    for number, sentence in enumerate(sentences):
        own = [f for f in facts if sentence.start <= f.start < sentence.end]
        claims += [AnswerClaim(f.kind, f.text, f.start, f.end, number, sentence.is_plan(f.start), fact=f) for f in own]
        certified = CLAIMS_CERTIFIED.search(sentence.text)
        if certified and not NOT_CERTIFIED.search(sentence.text):
            start, end = sentence.clause_at(sentence.start + certified.start())
            claims.append(AnswerClaim("certification", text[start:end], start, end, number, sentence.is_plan(start)))
        made = commitments_in(sentence.text)
        claims += [
            AnswerClaim(
                "commitment",
                sentence.text,
                sentence.start,
                sentence.end,
                number,
                sentence.is_plan(sentence.start),
                commitment=c,
            )
            for c in made
        ]
        if made or CLAIMS_CERTIFIED.search(sentence.text):
            continue
        # A sentence without a typed fact is stated as a whole; one that mixes a fact and a plan is checked
        # clause by clause: "we have a tested runbook today" apart from "and we plan to extend it".
        parts = sentence.clauses if sentence.plan else [(sentence.start, sentence.end)]
        for start, end in parts:
            typed = any(start <= f.start < end for f in own)
            if not typed and word_count(text[start:end]) >= MIN_STATEMENT_WORDS:
                claims.append(AnswerClaim("statement", text[start:end], start, end, number, sentence.is_plan(start)))
    return AnswerDoc(text, sentences, tuple(claims))


def _plan_clauses(sentence: str, offset: int) -> tuple[tuple[int, int], ...]:
    return tuple((a, b) for a, b in clause_spans(sentence, offset) if PLAN.search(sentence[a - offset : b - offset]))
