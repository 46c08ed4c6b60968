"""One answer given under several questions: pasted again (the same text), or reworded (the same meaning).

Two answers are literal copies when their case- and white-space-folded texts are near identical
(rapidfuzz ratio at or above ``duplicates.min_ratio``), and reworded copies when their embeddings are
very close (cosine similarity at or above ``duplicates.min_similarity``): a paraphrase keeps the
meaning of every sentence, while two honest answers that merely share a sentence stay well below it.
Short answers and non-answers are never duplicates. The thresholds live under
``specificity.duplicates`` in ``scoring/defaults.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from assessor.answer_doc import AnswerDoc
from assessor.answer_limits import packaged_limits
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
    compared_chars: int | None = None,
) -> dict[str, DuplicateAnswer]:
    """Question id -> the other questions given the same answer; ids without a duplicate are left out.

    ``settings`` is the ``specificity`` section of the scoring config (the packaged one without it);
    ``vectors[qid]`` is the normalised embedding of ``docs[qid].text``. Without vectors only literal
    copies are found. Answers are compared on their first ``compared_chars`` characters (by default
    ``answer_limits.duplicate_compared_chars``), so the work grows with the answers' length only up to
    that cap; identical answers are grouped before the distinct ones are compared pairwise (their number is
    at most the bank's number of questions).
    """
    limits = load_settings(settings)["duplicates"]
    compared = packaged_limits().duplicate_compared_chars if compared_chars is None else compared_chars
    ids: list[str] = []
    texts: list[str] = []
    for question_id, doc in docs.items():
        normalised = " ".join(doc.text[: compared * 2].casefold().split())[:compared]
        if len(normalised) >= int(limits["min_chars"]) and not is_non_answer(normalised):
            ids.append(question_id)
            texts.append(normalised)
    if len(texts) < 2:
        return {}
    literal = _literal_copies(texts, float(limits["min_ratio"]))
    meaning = None
    if vectors is not None and all(qid in vectors for qid in ids):
        matrix = np.vstack([vectors[qid] for qid in ids])
        meaning = matrix @ matrix.T
    duplicates: dict[str, DuplicateAnswer] = {}
    for row, question_id in enumerate(ids):
        copies = sorted(literal.get(row, ()))
        reworded: tuple[tuple[str, float], ...] = ()
        if meaning is not None:
            close = np.flatnonzero(meaning[row] >= float(limits["min_similarity"]))
            skip = {row, *copies}
            reworded = tuple((ids[col], round(float(meaning[row, col]), 2)) for col in close if col not in skip)
        found = DuplicateAnswer(tuple(ids[col] for col in copies), reworded)
        if found:
            duplicates[question_id] = found
    return duplicates


def _literal_copies(texts: list[str], min_ratio: float) -> dict[int, set[int]]:
    """Index -> the indexes of the texts that are the same text pasted again (rapidfuzz ratio >= ``min_ratio``).

    Identical texts are grouped first, so only distinct ones are compared, pairwise in rapidfuzz's C++ loop.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        groups[text].append(index)
    distinct = list(groups)
    ratio = process.cdist(distinct, distinct, scorer=fuzz.ratio, score_cutoff=min_ratio, dtype=np.uint8)
    copies: dict[int, set[int]] = {}
    for number, text in enumerate(distinct):
        same = {index for other in np.flatnonzero(ratio[number]) for index in groups[distinct[other]]}
        for index in groups[text]:
            if len(same) > 1:
                copies[index] = same - {index}
    return copies
