"""The answer object: one answer split into sentences, with its claims, commitments and modality.

Built once per answer and passed on (like a spaCy ``Doc``): claim checks, evidence scoring, flags,
highlights and exports read it; none of them re-splits or re-parses the answer. Every span holds
exactly: ``doc.text[claim.start:claim.end] == claim.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.claims import Claim, extract_claims
from assessor.commitments import Commitment, commitments_in
from assessor.text import sentence_spans, word_count

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
CLAIMS_CERTIFIED = re.compile(
    r"\b(?:certified|certificate|certification)\b[^.]{0,80}42001|42001[^.]{0,80}\bcertifi", re.I
)
NOT_CERTIFIED = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?certified\b|\bno\s+certification\b", re.I)


@dataclass(frozen=True)
class AnswerSentence:
    start: int
    end: int
    text: str
    plan: bool  # states an intention or a future step, not a current fact


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

    @property
    def material_claims(self) -> tuple[AnswerClaim, ...]:
        return tuple(claim for claim in self.claims if claim.material)


def build_answer(text: str) -> AnswerDoc:
    """Split, classify and extract once; the result is immutable and shared by every later step."""
    sentences = tuple(
        AnswerSentence(start, end, text[start:end], bool(PLAN.search(text[start:end])))
        for start, end in sentence_spans(text)
    )
    claims: list[AnswerClaim] = []
    facts = extract_claims(text)
    for number, sentence in enumerate(sentences):
        own = [f for f in facts if sentence.start <= f.start < sentence.end]
        claims += [AnswerClaim(f.kind, f.text, f.start, f.end, number, sentence.plan, fact=f) for f in own]
        if CLAIMS_CERTIFIED.search(sentence.text) and not NOT_CERTIFIED.search(sentence.text):
            claims.append(
                AnswerClaim("certification", sentence.text, sentence.start, sentence.end, number, sentence.plan)
            )
        made = commitments_in(sentence.text)
        claims += [
            AnswerClaim("commitment", sentence.text, sentence.start, sentence.end, number, sentence.plan, commitment=c)
            for c in made
        ]
        if (
            not own
            and not made
            and not CLAIMS_CERTIFIED.search(sentence.text)
            and word_count(sentence.text) >= MIN_STATEMENT_WORDS
        ):
            claims.append(AnswerClaim("statement", sentence.text, sentence.start, sentence.end, number, sentence.plan))
    return AnswerDoc(text, sentences, tuple(claims))
