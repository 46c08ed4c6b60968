"""One answer given under several questions: pasted again (the same text), or reworded (the same meaning).

Two answers are literal copies when their case- and white-space-folded texts are near identical
(rapidfuzz ratio at or above ``duplicates.min_ratio``), and reworded copies when their embeddings are
very close (cosine similarity at or above ``duplicates.min_similarity``): a paraphrase keeps the
meaning of every sentence, while two honest answers that merely share a sentence stay well below it.
Short answers and non-answers are never duplicates. The thresholds live under
``specificity.duplicates`` in ``scoring/defaults.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from assessor.answer_doc import AnswerDoc
from scoring.signals import is_non_answer
from scoring.specificity import load_settings


@dataclass(frozen=True)
class DuplicateAnswer:
    """The other questions whose answer is the same as this one's."""

    literal: tuple[str, ...]  # ids whose answer is the same text pasted again
    reworded: tuple[tuple[str, float], ...]  # (id, cosine similarity) of answers that say the same in other words

    @property
    def others(self) -> tuple[str, ...]:
        return self.literal + tuple(qid for qid, _ in self.reworded)

    @property
    def reason(self) -> str:
        parts = []
        if self.literal:
            parts.append(f"same text as the answer to {', '.join(self.literal)}")
        if self.reworded:
            copies = ", ".join(f"{qid} ({similarity:.2f})" for qid, similarity in self.reworded)
            parts.append(f"reworded copy of the answer to {copies}")
        return "; ".join(parts)

    def __bool__(self) -> bool:
        return bool(self.literal or self.reworded)


def find_duplicate_answers(
    docs: Mapping[str, AnswerDoc],
    settings: Mapping | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> dict[str, DuplicateAnswer]:
    """Question id -> the other questions given the same answer; ids without a duplicate are left out.

    ``settings`` is the ``specificity`` section of the scoring config (the packaged one without it);
    ``vectors[qid]`` is the normalised embedding of ``docs[qid].text``. Without vectors only literal
    copies are found.
    """
    limits = load_settings(settings)["duplicates"]
    ids: list[str] = []
    texts: list[str] = []
    for question_id, doc in docs.items():
        normalised = " ".join(doc.text.casefold().split())
        if len(normalised) >= int(limits["min_chars"]) and not is_non_answer(normalised):
            ids.append(question_id)
            texts.append(normalised)
    if len(texts) < 2:
        return {}
    ratio = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=float(limits["min_ratio"]))
    meaning = np.zeros((len(ids), len(ids)), dtype=np.float32)
    if vectors is not None and all(qid in vectors for qid in ids):
        matrix = np.vstack([vectors[qid] for qid in ids])
        meaning = matrix @ matrix.T
    duplicates: dict[str, DuplicateAnswer] = {}
    for row, question_id in enumerate(ids):
        others = [col for col in range(len(ids)) if col != row]
        literal = tuple(ids[col] for col in others if ratio[row][col] > 0)
        reworded = tuple(
            (ids[col], round(float(meaning[row, col]), 2))
            for col in others
            if ratio[row][col] == 0 and meaning[row, col] >= float(limits["min_similarity"])
        )
        found = DuplicateAnswer(literal, reworded)
        if found:
            duplicates[question_id] = found
    return duplicates
