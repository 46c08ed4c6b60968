"""Clause-matching quality: hit@1/3/5 and MRR on two labelled sets.

- FINOS AI Governance Framework mitigations mapped to ISO/IEC 42001 by the
  framework itself (../shared/eval/finos_aigf_iso42001.csv, CC-BY-4.0, (c) FINOS).
- Our own vendor-answer-style sentences (benchmarks/data/vendor_sentences.csv).

A text counts as a hit at k when any of its labelled ids ranks in the top k of
all 70 nodes. Targets: hit@3 >= 0.85 and MRR >= 0.75 on both sets.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FINOS_CSV = ROOT.parent / "shared" / "eval" / "finos_aigf_iso42001.csv"
OWN_CSV = ROOT / "benchmarks" / "data" / "vendor_sentences.csv"
TARGET_HIT3 = 0.85
TARGET_MRR = 0.75


@dataclass(frozen=True)
class Quality:
    name: str
    count: int
    hit1: float
    hit3: float
    hit5: float
    mrr: float

    @property
    def meets_target(self) -> bool:
        return self.hit3 >= TARGET_HIT3 and self.mrr >= TARGET_MRR

    def line(self) -> str:
        verdict = "meets" if self.meets_target else "MISSES"
        return (
            f"{self.name:<28} n={self.count:<3} hit@1={self.hit1:.3f} hit@3={self.hit3:.3f} "
            f"hit@5={self.hit5:.3f} MRR={self.mrr:.3f}  ({verdict} hit@3>={TARGET_HIT3}, MRR>={TARGET_MRR})"
        )


def finos_items(path: Path = FINOS_CSV) -> list[tuple[str, set[str]]]:
    """One item per mitigation: its title and purpose, and every id the framework lists for it."""
    grouped: dict[str, tuple[str, set[str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = f"{row['title']}. {row['purpose_text'].replace('**', '')}"
            grouped.setdefault(row["finos_id"], (text, set()))[1].add(row["iso42001_id"])
    return list(grouped.values())


def own_items(path: Path = OWN_CSV) -> list[tuple[str, set[str]]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["text"], {i.strip() for i in row["expected_ids"].split(";")}) for row in csv.DictReader(handle)]


def evaluate(matcher, name: str, items: list[tuple[str, set[str]]], settings) -> Quality:
    """Rank every item's text with ``settings`` (the scoring config's ``matching`` section)."""
    rankings = matcher.rank([text for text, _ in items], settings)
    ranks = []
    for (_, expected), ranked in zip(items, rankings):
        ids = [score.id for score in ranked]
        ranks.append(min(ids.index(node) + 1 for node in expected))
    count = len(ranks)
    return Quality(
        name=name,
        count=count,
        hit1=sum(r <= 1 for r in ranks) / count,
        hit3=sum(r <= 3 for r in ranks) / count,
        hit5=sum(r <= 5 for r in ranks) / count,
        mrr=sum(1 / r for r in ranks) / count,
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from assessor.embeddings import Embedder
    from assessor.matching import ClauseMatcher
    from question_bank import load_catalog
    from scoring.config import load_config

    matcher = ClauseMatcher(Embedder(), load_catalog())
    settings = load_config()["matching"]
    results = [evaluate(matcher, "team vendor sentences", own_items(), settings)]
    if FINOS_CSV.exists():
        results.append(evaluate(matcher, "FINOS AIGF (CC-BY-4.0)", finos_items(), settings))
    else:
        print(f"skipped FINOS set: {FINOS_CSV} not found")
    print("Clause matching quality (all 70 ISO/IEC 42001 nodes ranked per text)")
    for result in results:
        print("  " + result.line())
    return 0 if all(r.meets_target for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
