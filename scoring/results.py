"""What scoring produces: one result per bank question and one per vendor."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessor.alignment import AlignedAnswer
from assessor.matching import ClauseMatch
from question_bank import Question
from scoring.by_reference import ByReference
from scoring.evidence_score import EvidenceResult
from scoring.explain import ScoreLine
from scoring.specificity import SpecificityResult
from scoring.vocabulary import FLAG_CODES

__all__ = ["FLAG_CODES", "Flag", "QuestionResult", "VendorResult"]


@dataclass(frozen=True)
class Flag:
    """A problem with one answer: ``code`` is a key of ``scoring.vocabulary.FLAGS`` (its label, explanation and
    follow-up wording live there); ``reason`` says why this answer carries it."""

    code: str
    reason: str


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    category_title: str
    answer: str
    answer_row: int | None
    alignment_note: str
    evidence_refs: str
    specificity: SpecificityResult
    evidence: EvidenceResult
    match: ClauseMatch | None
    coverage: float
    overall: float
    overall_lines: tuple[ScoreLine, ...]
    rating: str
    verification: str  # "verified", "unverified" (specific but its claims not supported) or ""
    flags: tuple[Flag, ...]
    follow_ups: tuple[str, ...]
    by_reference: ByReference | None = None  # answered by reference: the sections scored as the answer

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)

    @property
    def answered(self) -> bool:
        return "no_answer" not in self.flag_codes


@dataclass(frozen=True)
class VendorResult:
    vendor: str
    questions: tuple[QuestionResult, ...]
    unmatched: tuple[AlignedAnswer, ...]
    overall: float
    rating: str
    category_scores: dict[str, float]
    coverage: dict[str, str]  # ISO 42001 id -> "evidenced", "addressed" or "missing"
    red_flags: int
    notes: tuple[str, ...] = field(default=())  # alignment and evidence problems, for the analyst

    @property
    def answered(self) -> int:
        return sum(result.answered for result in self.questions)

    @property
    def unanswered(self) -> int:
        return len(self.questions) - self.answered
