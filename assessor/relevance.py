"""Does an answer speak to its question? Its similarity to the question, against its similarity to the others.

Facts only count towards specificity where the answer speaks to the question: "trusted by 300+ brands,
99.99 % uptime" says nothing about how harm is identified. Raw cosine similarity cannot tell: a
figure-laden sales line can sit as close to a question (0.32) as a terse technical answer does (0.26). What
separates them is how much closer the answer is to its own question than to the typical question of the
bank (the median): an answer about the question stands out, a line about something else does not.

The test is on the answer as a whole (its whole text or its best sentence). Sentences are measured too and
kept for display, but not used to drop facts: a sentence leaning on the one before ("First, it runs
against a regression set ...") or a bullet ("- Owner: Head of Data Science") loses its context when
embedded alone, and on our calibration answers such sentences score as low as plainly off-topic ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assessor.answer_doc import AnswerDoc
from assessor.embeddings import Embedder


@dataclass(frozen=True)
class Relevance:
    answer: float  # the best margin (whole text or a sentence) of similarity to the question over the bank's median
    sentences: tuple[float, ...]  # each doc sentence's margin, in order

    def counts(self, settings: dict) -> bool:
        """Whether the answer speaks to its question enough for its facts to count."""
        return self.answer >= settings["min_margin"]


def relevance_of(doc: AnswerDoc, own: int, question_vectors: np.ndarray, embedder: Embedder) -> Relevance:
    """Margins of the answer and its sentences for question ``own`` (a row of ``question_vectors``, one row per bank
    question, normalised) over their median similarity to all of them. Without other questions to compare with,
    everything counts."""
    if not doc.sentences or len(question_vectors) < 2:
        return Relevance(1.0, tuple(1.0 for _ in doc.sentences))
    similarity = embedder.encode([doc.text, *(s.text for s in doc.sentences)]) @ question_vectors.T
    margins = similarity[:, own] - np.median(similarity, axis=1)
    return Relevance(round(float(margins.max()), 4), tuple(round(float(m), 4) for m in margins[1:]))
