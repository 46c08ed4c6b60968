"""Does the onnx-int8 backend rank and cite as torch fp32 does, and how much faster is it?

- Clause matching: the team's vendor sentences and the FINOS set (as in clause_matching.py); a text agrees
  when its top-3 clause ids are the same, in the same order, under both backends.
- Evidence retrieval: every answer of the example vendors (examples/vendors); an answer agrees when the
  top-5 passages cited for it (``EvidenceIndex.similar``, as scoring calls it) are the same, in order.
- Speed: passages/s of plain ``encode`` over the example vendors' passages, both backends in this run.

The thresholds are the scoring config's ``backend_choice`` section; the verdict says which backend
they make the default and why, and whether that is the default the code ships (exit 1 if not).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "vendors"


@dataclass(frozen=True)
class Agreement:
    name: str
    agreed: int
    count: int

    @property
    def share(self) -> float:
        return self.agreed / self.count if self.count else 1.0

    def line(self, what: str) -> str:
        return f"{self.name:<40} {self.share:.3f}  ({self.agreed}/{self.count} {what} identical)"


def clause_agreement(rankings, name: str, top: int) -> Agreement:
    """Texts whose ``top`` best clauses are the same, in order, under both backends' rankings."""
    first, second = rankings
    agreed = sum([c.id for c in a[:top]] == [c.id for c in b[:top]] for a, b in zip(first, second, strict=True))
    return Agreement(name, agreed, len(first))


@dataclass(frozen=True)
class Fragility:
    """Why rankings differ: how far int8 moves each score, against how close fp32's neighbouring candidates are."""

    name: str
    median_shift: float  # median over texts of the largest score change among fp32's top candidates
    fragile: int  # texts whose top candidates include two closer than twice that text's largest change
    count: int

    def line(self) -> str:
        return (
            f"{self.name:<40} score shift {self.median_shift:.4f} (median); {self.fragile}/{self.count} "
            "rankings have neighbours closer than twice their shift"
        )


def fragility(pairs, name: str, top: int) -> Fragility:
    """``pairs``: per text, the candidates' scores under fp32 and under int8 (same candidates, same order).
    A ranking whose neighbouring top scores are further apart than the scores move cannot change."""
    import numpy as np

    shifts, fragile = [], 0
    for fp32, int8 in pairs:
        best = np.argsort(-fp32, kind="stable")[: top + 1]
        shift = float(np.abs(fp32[best] - int8[best]).max())
        shifts.append(shift)
        fragile += bool(len(best) > 1 and np.diff(-fp32[best]).min() < 2 * shift)
    return Fragility(name, float(np.median(shifts)) if shifts else 0.0, fragile, len(pairs))


def clause_scores(rankings):
    """Each text's clause scores under both backends, aligned by clause id."""
    import numpy as np

    pairs = []
    for first, second in zip(*rankings, strict=True):
        other = {c.id: c.score for c in second}
        pairs.append((np.array([c.score for c in first]), np.array([other[c.id] for c in first])))
    return pairs


def example_vendors() -> list[tuple[str, Path, Path]]:
    from assessor.batch import discover

    return [(v.name, v.answers, v.folder / "evidence") for v in discover(EXAMPLES) if not v.problem]


def retrieval_agreement(engines, top: int, min_score: float) -> tuple[list[Agreement], Fragility, list[str]]:
    """Answers whose cited passages (all, and the first) agree, over every example vendor, how fragile their
    rankings are, and every passage text."""
    from assessor.answers import read_answers
    from assessor.evidence import ingest
    from assessor.retrieval import EvidenceIndex

    agreed = first_agreed = count = 0
    passages: list[str] = []
    scores = []
    for _, answers, evidence in example_vendors():
        found = ingest([evidence])
        indexes = [EvidenceIndex(found, engine.embedder) for engine in engines]
        passages += [p.text for p in indexes[0].passages]
        for answer in read_answers(answers).answers:
            if not answer.answer.strip():
                continue
            cited = [
                [
                    (hit.passage.doc, hit.passage.page, hit.passage.text)
                    for hit in index.similar(answer.answer, top, min_score=min_score)
                ]
                for index in indexes
            ]
            scores.append(tuple(index.passage_scores(answer.answer) for index in indexes))
            agreed += cited[0] == cited[1]
            first_agreed += cited[0][:1] == cited[1][:1]
            count += 1
    return (
        [
            Agreement(f"top-{top} passages, example vendors", agreed, count),
            Agreement("first passage, example vendors", first_agreed, count),
        ],
        fragility(scores, f"top-{top} passages, example vendors", top),
        passages,
    )


def passages_per_second(embedders, texts: list[str], rounds: int = 3) -> list[float]:
    """Plain encode throughput of each embedder (no cache), best of ``rounds`` taken in turn, so that a noisy
    neighbour slows both alike."""
    best = [float("inf")] * len(embedders)
    for _ in range(rounds):
        for number, embedder in enumerate(embedders):
            start = time.perf_counter()
            embedder.model.encode(texts, batch_size=64, show_progress_bar=False, normalize_embeddings=True)
            best[number] = min(best[number], time.perf_counter() - start)
    return [len(texts) / seconds for seconds in best]


def verdict(clauses: list[Agreement], retrieval: Agreement, speedup: float, settings) -> tuple[str, str]:
    """(the default the measurement picks, the reason in words)."""
    from assessor.onnx_backend import ONNX_INT8, TORCH

    problems = [
        f"{a.name} agreement {a.share:.3f} < {settings['min_clause_agreement']}"
        for a in clauses
        if a.share < settings["min_clause_agreement"]
    ]
    if retrieval.share < settings["min_retrieval_agreement"]:
        problems.append(f"retrieval agreement {retrieval.share:.3f} < {settings['min_retrieval_agreement']}")
    if speedup < settings["min_speedup"]:
        problems.append(f"speed-up {speedup:.2f}x < {settings['min_speedup']}x")
    if problems:
        return TORCH, "onnx-int8 not default: " + "; ".join(problems)
    return ONNX_INT8, (
        f"onnx-int8 default: agreement >= {settings['min_clause_agreement']} on every set and {speedup:.2f}x faster"
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from benchmarks.clause_matching import FINOS_CSV, finos_items, own_items
    from benchmarks.workspace import fresh_cache

    with fresh_cache("assessor-backends-"):
        from assessor.onnx_backend import DEFAULT_BACKEND, ONNX_INT8, TORCH
        from assessor.pipeline import Engine
        from scoring.config import load_config

        config = load_config()
        choice = config["backend_choice"]
        engines = [Engine.load(backend=TORCH)]
        start = time.perf_counter()
        engines.append(Engine.load(backend=ONNX_INT8))  # exports on first use: this run's cache is fresh
        export_s = time.perf_counter() - start
        matchers = [engine.matcher for engine in engines]
        sets = [("team vendor sentences", [text for text, _ in own_items()])]
        if FINOS_CSV.exists():
            sets.append(("FINOS AIGF (CC-BY-4.0)", [text for text, _ in finos_items()]))
        clauses, top_clause, fragilities = [], [], []
        for name, texts in sets:
            rankings = [matcher.rank(texts, config["matching"]) for matcher in matchers]
            clauses.append(
                clause_agreement(rankings, f"top-{choice['clause_top']} clauses, {name}", choice["clause_top"])
            )
            top_clause.append(clause_agreement(rankings, f"top clause, {name}", 1))
            fragilities.append(
                fragility(clause_scores(rankings), f"top-{choice['clause_top']} clauses, {name}", choice["clause_top"])
            )
        (retrieval, first_passage), passage_fragility, passages = retrieval_agreement(
            engines, choice["passage_top"], config["evidence"]["min_passage_similarity"]
        )
        torch_rate, onnx_rate = passages_per_second([engine.embedder for engine in engines], passages)
        speedup = onnx_rate / torch_rate
        picked, reason = verdict(clauses, retrieval, speedup, choice)
        identity = engines[1].embedder.identity
        print("Encoding backends: onnx-int8 against torch fp32")
        print(f"  {'onnx export (first use, once)':<40} {export_s:5.1f} s  sha256 {identity.onnx_sha256[:16]}")
        for agreement in [*clauses, *top_clause]:
            print("  " + agreement.line("rankings"))
        print("  " + retrieval.line("answers' citations"))
        print("  " + first_passage.line("answers' citations"))
        for found in [*fragilities, passage_fragility]:
            print("  " + found.line())
        print(f"  {'embedding torch fp32':<40} {torch_rate:5.1f} passages/s ({len(passages)} passages)")
        print(f"  {'embedding onnx-int8':<40} {onnx_rate:5.1f} passages/s")
        print(f"  {'speed-up onnx-int8 / torch':<40} {speedup:5.2f}x")
        print(f"  verdict: {reason}")
        shipped = "matches" if picked == DEFAULT_BACKEND else "DIFFERS from"
        print(f"  default backend shipped: {DEFAULT_BACKEND} ({shipped} the measured choice {picked})")
    return 0 if picked == DEFAULT_BACKEND else 1


if __name__ == "__main__":
    sys.exit(main())
