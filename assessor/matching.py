"""Match answers to ISO/IEC 42001 clauses and controls by embedding similarity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assessor.embeddings import Embedder
from assessor.text import topic_units
from question_bank import Catalog


@dataclass(frozen=True)
class ClauseScore:
    """A node's score for one text: cosine similarity to the whole text, or to its best
    sentence levelled with the whole text's best match (see ``matching.sentence_margin``)."""

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
    """Rank the catalog's nodes for any text; the catalog is embedded once per model.

    One matcher serves every vendor and every config: ``rank`` and ``match`` take the
    ``matching`` section of the scoring config as ``settings``.
    """

    def __init__(self, embedder: Embedder, catalog: Catalog) -> None:
        self.embedder = embedder
        self.catalog = catalog
        self.node_vectors = embedder.encode([node_text(node) for node in catalog.nodes])

    def rank(self, texts: Sequence[str], settings: Mapping[str, float]) -> list[tuple[ClauseScore, ...]]:
        """All nodes for each text, best first; scores are cosine similarities."""
        units_per_text = [topic_units(text) for text in texts]
        flat = [unit for units in units_per_text for unit in units]
        vectors = self.embedder.encode(flat) if flat else np.zeros((0, self.node_vectors.shape[1]), np.float32)
        similarities = vectors @ self.node_vectors.T
        results, offset = [], 0
        for units in units_per_text:
            block = similarities[offset : offset + len(units)]
            offset += len(units)
            results.append(self._ranked(units, block, settings))
        return results

    def match(
        self, answer: str, expected: Sequence[str], question: str = "", *, settings: Mapping[str, float]
    ) -> ClauseMatch:
        """Rank nodes for an answer and compare them with the question's expected ids."""
        ranked = self.rank([answer], settings)[0]
        by_id = {item.id: item for item in ranked}
        median = float(np.median([item.score for item in ranked]))
        addressed = tuple(
            node
            for node in expected
            if node in by_id
            and by_id[node].score >= settings["addressed_score"]
            and by_id[node].score - median >= settings["addressed_above_median"]
        )
        missing = tuple(node for node in expected if node not in addressed)
        other = tuple(
            item.id
            for item in ranked[: int(settings["other_top"])]
            if item.id not in expected
            and item.score >= settings["addressed_score"]
            and item.score - median >= settings["other_above_median"]
        )
        question_similarity = 0.0
        if question and answer.strip():
            pair = self.embedder.encode([answer, question])
            question_similarity = float(pair[0] @ pair[1])
        best_expected = max((by_id[node].score for node in expected if node in by_id), default=0.0)
        off_topic_below = settings["off_topic_score"]
        off_topic = bool(answer.strip()) and best_expected < off_topic_below and question_similarity < off_topic_below
        return ClauseMatch(ranked, addressed, missing, other, off_topic, round(question_similarity, 4))

    def _ranked(self, units: list[str], block: np.ndarray, settings: Mapping[str, float]) -> tuple[ClauseScore, ...]:
        if not units:
            return tuple(ClauseScore(node.id, node.title, 0.0) for node in self.catalog.nodes)
        whole = block[0]
        combined = whole
        if len(units) > 1:
            sentence_best = block[1:].max(axis=1, keepdims=True)
            shift = np.where(sentence_best >= settings["sentence_floor"], whole.max() - sentence_best, 0.0)
            lifted = block[1:] + shift - settings["sentence_margin"]
            combined = np.maximum(whole, lifted.max(axis=0))
        order = sorted(range(len(whole)), key=lambda i: (-round(float(combined[i]), 6), i))
        nodes = self.catalog.nodes
        return tuple(ClauseScore(nodes[i].id, nodes[i].title, round(float(combined[i]), 4)) for i in order)
