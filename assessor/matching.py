"""Match answers to ISO/IEC 42001 clauses and controls by embedding similarity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assessor.embeddings import Embedder
from assessor.text import topic_units
from question_bank import Catalog

# Each sentence's best clauses are lifted level with the whole answer's best, less
# this margin, so an answer covering two topics surfaces both; a sentence that
# matches nothing well (best below the floor) is not lifted.
SENTENCE_MARGIN = 0.05
SENTENCE_FLOOR = 0.35
# Any answer mentioning "AI" is somewhat similar to every node, so a clause counts only
# when it stands out from the answer's typical (median) similarity across all 70 nodes.
ADDRESSED_SCORE = 0.35  # an expected clause needs at least this similarity...
ADDRESSED_ABOVE_MEDIAN = 0.10  # ...and to stand this far above the median
OTHER_ABOVE_MEDIAN = 0.15  # a clause outside the expected set: this far above, and among the top few
OTHER_TOP = 5
OFF_TOPIC_SCORE = 0.25  # best expected-clause score and question similarity both below this: off topic


@dataclass(frozen=True)
class ClauseScore:
    """A node's score for one text: cosine similarity to the whole text, or to its best
    sentence levelled with the whole text's best match (see SENTENCE_MARGIN)."""

    id: str
    title: str
    score: float


@dataclass(frozen=True)
class ClauseMatch:
    ranked: tuple[ClauseScore, ...]  # every node, best first
    addressed: tuple[str, ...]  # expected ids the answer addresses
    missing: tuple[str, ...]  # expected ids it does not
    other: tuple[str, ...]  # ids outside the expected set it clearly touches
    off_topic: bool
    question_similarity: float

    def top(self, k: int) -> tuple[ClauseScore, ...]:
        return self.ranked[:k]


def node_text(node) -> str:
    """What a node is matched by: its title, our description and its typical evidence."""
    return f"{node.title}. {node.description} {node.evidence}"


class ClauseMatcher:
    """Rank the catalog's nodes for any text; the catalog is embedded once per model."""

    def __init__(self, embedder: Embedder, catalog: Catalog) -> None:
        self.embedder = embedder
        self.catalog = catalog
        self.node_vectors = embedder.encode([node_text(node) for node in catalog.nodes])

    def rank(self, texts: Sequence[str]) -> list[tuple[ClauseScore, ...]]:
        """All nodes for each text, best first; scores are cosine similarities."""
        units_per_text = [topic_units(text) for text in texts]
        flat = [unit for units in units_per_text for unit in units]
        vectors = self.embedder.encode(flat) if flat else np.zeros((0, self.node_vectors.shape[1]), np.float32)
        similarities = vectors @ self.node_vectors.T
        results, offset = [], 0
        for units in units_per_text:
            block = similarities[offset : offset + len(units)]
            offset += len(units)
            results.append(self._ranked(units, block))
        return results

    def match(self, answer: str, expected: Sequence[str], question: str = "") -> ClauseMatch:
        """Rank nodes for an answer and compare them with the question's expected ids."""
        ranked = self.rank([answer])[0]
        by_id = {item.id: item for item in ranked}
        median = float(np.median([item.score for item in ranked]))
        addressed = tuple(
            node
            for node in expected
            if node in by_id
            and by_id[node].score >= ADDRESSED_SCORE
            and by_id[node].score - median >= ADDRESSED_ABOVE_MEDIAN
        )
        missing = tuple(node for node in expected if node not in addressed)
        other = tuple(
            item.id
            for item in ranked[:OTHER_TOP]
            if item.id not in expected and item.score >= ADDRESSED_SCORE and item.score - median >= OTHER_ABOVE_MEDIAN
        )
        question_similarity = 0.0
        if question and answer.strip():
            pair = self.embedder.encode([answer, question])
            question_similarity = float(pair[0] @ pair[1])
        best_expected = max((by_id[node].score for node in expected if node in by_id), default=0.0)
        off_topic = bool(answer.strip()) and best_expected < OFF_TOPIC_SCORE and question_similarity < OFF_TOPIC_SCORE
        return ClauseMatch(ranked, addressed, missing, other, off_topic, round(question_similarity, 4))

    def _ranked(self, units: list[str], block: np.ndarray) -> tuple[ClauseScore, ...]:
        if not units:
            return tuple(ClauseScore(node.id, node.title, 0.0) for node in self.catalog.nodes)
        whole = block[0]
        combined = whole
        if len(units) > 1:
            sentence_best = block[1:].max(axis=1, keepdims=True)
            shift = np.where(sentence_best >= SENTENCE_FLOOR, whole.max() - sentence_best, 0.0)
            lifted = block[1:] + shift - SENTENCE_MARGIN
            combined = np.maximum(whole, lifted.max(axis=0))
        order = sorted(range(len(whole)), key=lambda i: (-round(float(combined[i]), 6), i))
        nodes = self.catalog.nodes
        return tuple(ClauseScore(nodes[i].id, nodes[i].title, round(float(combined[i]), 4)) for i in order)
