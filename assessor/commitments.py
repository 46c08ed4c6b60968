"""Commitments: what a sentence says the vendor does or never does about a subject a buyer cares about.

A commitment has a subject from ``SUBJECTS`` and a polarity. Two sentences contradict only when they
speak of the same subject with opposite polarity: "staff complete annual training on customer data"
is not about training models, so it never meets "we never train models on customer data".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.text import content_stems

NEGATION = re.compile(
    r"\b(?:never|not|no|none|don't|doesn't|won't|isn't|aren't|cannot|can't|neither|nor|prohibit\w*|forbid\w*|"
    r"bar(?:s|red)|exclud\w*|refrain\w*)\b|n't\b",
    re.I,
)
NEGATION_REACH = 90  # characters between a negation and the act it denies
QUALIFIER = re.compile(r"\s+(?:for|in|within)\s+((?:[\w-]+\s+){0,4}[\w-]+)", re.I)
# Qualifiers that name the whole offering narrow nothing: "no subprocessors for the AI service".
WHOLE_OFFERING = {"servic", "produc", "platfo", "soluti", "offeri", "system", "applic"}
QUANTIFIER = re.compile(r"\b(?:never|no|none|all|every|only|always|any)\b", re.I)
_CUSTOMER_DATA = (
    r"\b(?:data|content|conversations?)\s+(?:from|of|belonging\s+to)\s+(?:all\s+|our\s+|its\s+|other\s+)?"
    r"(?:customers|clients|tenants|users)\b|"
    r"\b(?:customer|client|tenant|user|end-user|your)s?'?\s+(?:\w+\s+){0,3}?(?:data|content|conversations?|"
    r"transcripts?|chats?|messages?|inputs?|prompts?|records?)\b|\b(?:conversations?|transcripts?|chat\s+logs?)\b"
)


@dataclass(frozen=True)
class Subject:
    """One thing a commitment can be about; each pattern must occur in the sentence, none of ``unless``."""

    code: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    key: int  # which pattern is the act a negation must govern (it must come before it, close by)
    unless: re.Pattern[str] | None = None
    # An affirmative evidence sentence must show this too to contradict a denial ("the following
    # subprocessors"), so a clause about notice periods does not read as a list of suppliers.
    affirms: re.Pattern[str] | None = None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


SUBJECTS = (
    Subject(
        "customer_data_for_models",
        "using customer data to train or improve models",
        (
            _rx(_CUSTOMER_DATA),
            _rx(r"\b(?:train\w*|re-?train\w*|fine-?tun\w*|improv\w*|develop\w*|build\w*)\b"),
            _rx(
                r"\b(?:models?|AI|algorithms?|LLMs?|machine\s+learning|neural|fine-?tun\w*)\b|\btrain\w*\s+(?:\w+\s+){0,2}?on\b"
            ),
        ),
        key=1,
        unless=_rx(
            r"\b(?:employees|staff|personnel|workforce|team\s+members|new\s+hires|agents)\b[^.]{0,60}"
            r"\b(?:training|trained|courses?|awareness)\b|\btraining\s+(?:on|in|about)\s+(?:how|handling|the\s+handling)"
        ),
    ),
    Subject(
        "subprocessors",
        "using subprocessors",
        (_rx(r"\bsub-?\s?processors?\b|\bthird[- ]party\s+processors?\b"),),
        key=0,
        unless=_rx(r"\b(?:new|additional|replace\w*|change\w*)\s+sub-?\s?processors?\b"),
        affirms=_rx(r":|\bfollowing\b|\blist(?:ed)?\b|\bengages?\b|\buses?\b|\bcurrent\b|\bannex\b|\bschedule\b"),
    ),
    Subject(
        "sharing_customer_data",
        "selling or sharing customer data with third parties",
        (_rx(_CUSTOMER_DATA), _rx(r"\b(?:sell\w*|sold|shar\w*|disclos\w*|rent\w*)\b"), _rx(r"\bthird[- ]part")),
        key=1,
    ),
)
SUBJECT_LABELS = {subject.code: subject.label for subject in SUBJECTS}


@dataclass(frozen=True)
class Commitment:
    subject: str
    negative: bool
    quantifier: str

    @property
    def polarity(self) -> str:
        return "denies" if self.negative else "affirms"


# A commitment is made in a clause with a verb; a heading ("Customer data and model training") makes none.
CLAUSE_CUE = re.compile(  # lower case on purpose: "May" in a date is no modal
    r"\b(?:is|are|was|were|be|been|being|will|may|might|shall|must|can|could|would|should|do|does|did|has|have|"
    r"had|[Ww]e|[Ii]t|[Tt]hey|uses|used|engages|engaged|employs|relies|shares|shared|sells|sold|retains|stores|"
    r"processes|trains|trained|sends|provides|lists|allows|permits)\b|n't\b"
)


def might_commit(text: str) -> bool:
    """Whether any sentence of ``text`` can make a commitment: a cheap test before splitting it."""
    return any(all(p.search(text) for p in subject.patterns) for subject in SUBJECTS)


def commitments_in(sentence: str) -> list[Commitment]:
    """The commitments one sentence makes (usually none or one)."""
    found = []
    if not CLAUSE_CUE.search(sentence):
        return found
    for subject in SUBJECTS:
        if all(p.search(sentence) for p in subject.patterns) and not (
            subject.unless and subject.unless.search(sentence)
        ):
            quantifier = QUANTIFIER.search(sentence)
            word = quantifier.group(0).lower() if quantifier else ""
            found.append(Commitment(subject.code, _negated(sentence, subject), word))
    return found


def _negated(sentence: str, subject: Subject) -> bool:
    """A negation governs the act when it comes before it, within a few words: in "uses two subprocessors,
    which are prohibited from training" the denial is of training, not of subprocessors."""
    acts = [m.start() for m in subject.patterns[subject.key].finditer(sentence)]
    return any(0 <= act - m.end() <= NEGATION_REACH for m in NEGATION.finditer(sentence) for act in acts)


def contradicts(
    answer: Commitment, answer_sentence: str, evidence: Commitment, evidence_sentence: str, passage: str
) -> bool:
    """Same subject, opposite polarity; an affirmation needs its subject's ``affirms`` cue, and a denial
    narrowed by a qualifier ("no subprocessors for model hosting") meets only evidence that speaks of it."""
    if answer.subject != evidence.subject or answer.negative == evidence.negative:
        return False
    subject = next(s for s in SUBJECTS if s.code == evidence.subject)
    if not evidence.negative and subject.affirms is not None and not subject.affirms.search(evidence_sentence):
        return False
    act = subject.patterns[subject.key].search(answer_sentence)
    qualifier = QUALIFIER.match(answer_sentence, act.end()) if act else None
    narrowing = content_stems(qualifier.group(1)) - WHOLE_OFFERING if qualifier else set()
    return not narrowing or bool(narrowing & content_stems(passage))
