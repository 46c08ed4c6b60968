"""Does an answer fit its own question, or another bank question clearly better?

An answer pasted under the wrong question reads as an answer to some other question of the bank. Each
answer is compared (cosine similarity of the whole answer) with every bank question's text; it is off
topic when another question fits it by at least ``fit.margin`` more than its own does, and at least
``fit.min_other`` in itself (``fit`` in ``scoring/defaults.yaml``). Close questions (incident response
and incident notification) fit each other's answers naturally, so between them the margin is larger;
short answers and non-answers are never judged this way. An answer that fits no question at all is
left to the clause matcher's rule (``ClauseMatch.off_topic``).

The vendor's scorer computes the answer x question matrix once (``question_fits``) and hands each
question its ``QuestionFit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assessor.answer_doc import AnswerDoc
from assessor.text import word_count
from question_bank import Question
from scoring.signals import is_non_answer

LABEL_CHARS = 60


@dataclass(frozen=True)
class QuestionFit:
    """How well one answer fits its own question against the other question it fits best."""

    question_id: str
    own: float  # cosine similarity of the answer to its own question's text
    best_other: str  # the other bank question the answer fits best
    best_other_text: str
    other: float  # cosine similarity of the answer to that question
    required: float  # the margin ``other - own`` must reach (larger when the two questions are close)
    off_topic: bool  # the other question fits clearly better (never for short answers and non-answers)

    @property
    def margin(self) -> float:
        return round(self.other - self.own, 4)

    @property
    def reason(self) -> str:
        return (
            f"fits {self.best_other} ({label(self.best_other_text)}) better than this question: "
            f"{self.other:.2f} vs {self.own:.2f}"
        )


def question_fits(
    questions: Sequence[Question],
    question_vectors: np.ndarray,
    docs: Mapping[str, AnswerDoc],
    answer_vectors: Mapping[str, np.ndarray],
    settings: Mapping[str, float],
) -> dict[str, QuestionFit]:
    """Question id -> its answer's fit, for every answered question of the bank.

    ``question_vectors`` holds one row per question (normalised, in ``questions`` order);
    ``answer_vectors[qid]`` the vector of the whole answer ``docs[qid].text``. Needs two questions or more.
    """
    ids = [question.id for question in questions]
    index = {qid: row for row, qid in enumerate(ids)}
    answered = [qid for qid in docs if qid in index and qid in answer_vectors]
    if len(ids) < 2 or not answered:
        return {}
    between = question_vectors @ question_vectors.T
    similarity = np.vstack([answer_vectors[qid] for qid in answered]) @ question_vectors.T
    fits = {}
    for row, qid in enumerate(answered):
        own = index[qid]
        scores = similarity[row].copy()
        scores[own] = -np.inf
        other = int(np.argmax(scores))
        close = between[own, other] >= settings["neighbour_similarity"]
        required = float(settings["neighbour_margin"] if close else settings["margin"])
        own_score, other_score = float(similarity[row, own]), float(similarity[row, other])
        text = docs[qid].text
        judged = word_count(text) >= settings["min_words"] and not is_non_answer(text)
        fits[qid] = QuestionFit(
            question_id=qid,
            own=round(own_score, 4),
            best_other=ids[other],
            best_other_text=questions[other].text,
            other=round(other_score, 4),
            required=required,
            off_topic=judged and other_score >= settings["min_other"] and other_score - own_score >= required,
        )
    return fits


def label(text: str, limit: int = LABEL_CHARS) -> str:
    """A question's text cut at a word boundary: what a reason names it by."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."
