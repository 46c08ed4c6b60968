"""Hedging benchmark: do the vagueness signals tell hedged sentences from plain ones?

Each row of benchmarks/data/hedging_sentences.csv is one sentence written for this set (none is taken from a
public corpus or from the example vendors), labelled ``hedged`` 1/0 with its main ``cue_class`` (or
``none``), its ``style`` (``vendor``: a questionnaire answer about AI governance, security or data
handling; ``general``: everyday prose), its ``split`` and, for plain sentences that are traps, a ``note``
(permission, obligation, prohibition, capability, month, enumerated, literal...). The ``dev`` split was
written first and the cue lists were tuned on it; the ``test`` split was written after they were frozen,
so its figures are the held-out ones.

A sentence's hedging score is the penalty the specificity scorer would take for it: the points of the
hedge, weasel, marketing and vague_term hits (``specificity.signals`` in scoring/defaults.yaml), each
signal capped as the scorer caps it. Prints ROC AUC (hedged vs plain, Mann-Whitney rank formula with
ties shared), the hit rate on hedged and on plain sentences, recall per cue class (any hit, and a hit
of the labelled class), figures per style and per split, and false alarms per kind of trap.
Target: AUC >= 0.85 overall and on the test split. Always exits 0.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES_CSV = ROOT / "benchmarks" / "data" / "hedging_sentences.csv"
TARGET_AUC = 0.85


@dataclass(frozen=True)
class Scored:
    sentence: str
    hedged: bool
    cue_class: str
    style: str
    split: str
    note: str
    score: float  # penalty points taken, as a positive number: higher is more hedged
    classes: frozenset[str]  # cue classes of the hits
    matched: tuple[str, ...]


def load_rows(path: Path = SENTENCES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score_rows(rows: Sequence[dict[str, str]]) -> list[Scored]:
    from assessor.answer_doc import build_answer
    from scoring.signals.vagueness import VAGUENESS_SIGNALS, find_cues
    from scoring.specificity import load_settings

    settings = load_settings()["signals"]
    signals = [cls(points=settings[cls.name]["points"]) for cls in VAGUENESS_SIGNALS]
    scored = []
    for row in rows:
        doc = build_answer(row["sentence"])
        penalty = 0.0
        matched: list[str] = []
        for signal in signals:
            hits = signal.find(doc)
            cap = float(settings[signal.name].get("cap", signal.points))
            penalty += max(cap, sum(hit.points for hit in hits))
            matched += [hit.matched for hit in hits]
        classes = frozenset(cue.cue_class for cue in find_cues(doc.text))
        scored.append(
            Scored(
                row["sentence"],
                row["hedged"] == "1",
                row["cue_class"],
                row["style"],
                row["split"],
                row.get("note", ""),
                -penalty,
                classes,
                tuple(matched),
            )
        )
    return scored


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """P(a hedged sentence scores above a plain one), ties counted half: the Mann-Whitney U over n1 * n0."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1  # tied scores share their average rank
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(rank for rank, label in zip(ranks, labels) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _rate(rows: Sequence[Scored]) -> float:
    return sum(r.score > 0 for r in rows) / len(rows) if rows else float("nan")


def _summary(label: str, rows: Sequence[Scored]) -> str:
    hedged = [r for r in rows if r.hedged]
    plain = [r for r in rows if not r.hedged]
    auc = roc_auc([r.score for r in rows], [r.hedged for r in rows])
    return (
        f"{label:<16}{len(rows):>5}{auc:>8.3f}{_rate(hedged):>10.1%} ({len(hedged):>3}){_rate(plain):>10.1%} "
        f"({len(plain):>3})"
    )


def report(rows: Sequence[Scored]) -> str:
    lines = [f"Hedging benchmark: {len(rows)} sentences ({SENTENCES_CSV.name})", ""]
    lines.append(f"{'':<16}{'n':>5}{'AUC':>8}{'hit rate hedged':>16}{'hit rate plain':>16}")
    lines.append(_summary("all", rows))
    for split in sorted({r.split for r in rows}):
        lines.append(_summary(f"split {split}", [r for r in rows if r.split == split]))
    for style in sorted({r.style for r in rows}):
        lines.append(_summary(f"style {style}", [r for r in rows if r.style == style]))
    for split in sorted({r.split for r in rows}):
        for style in sorted({r.style for r in rows}):
            lines.append(_summary(f"{split} {style}", [r for r in rows if r.split == split and r.style == style]))

    lines += ["", f"{'cue class':<22}{'n':>5}{'recall':>9}{'class hit':>11}{'test recall':>13}"]
    for cue_class in sorted({r.cue_class for r in rows if r.hedged}):
        group = [r for r in rows if r.hedged and r.cue_class == cue_class]
        test = [r for r in group if r.split == "test"]
        same = sum(cue_class in r.classes for r in group) / len(group)
        test_recall = f"{_rate(test):>12.1%}" if test else f"{'-':>12}"
        lines.append(f"{cue_class:<22}{len(group):>5}{_rate(group):>9.1%}{same:>11.1%} {test_recall}")

    lines += ["", f"{'plain sentences':<22}{'n':>5}{'false alarms':>14}"]
    for note in sorted({r.note or "plain" for r in rows if not r.hedged}):
        group = [r for r in rows if not r.hedged and (r.note or "plain") == note]
        lines.append(f"{note:<22}{len(group):>5}{_rate(group):>14.1%}")

    overall = roc_auc([r.score for r in rows], [r.hedged for r in rows])
    test_rows = [r for r in rows if r.split == "test"]
    held_out = roc_auc([r.score for r in test_rows], [r.hedged for r in test_rows]) if test_rows else overall
    verdict = "meets" if min(overall, held_out) >= TARGET_AUC else "MISSES"
    lines += ["", f"ROC AUC: all {overall:.3f}, test split {held_out:.3f} ({verdict} target {TARGET_AUC})"]

    misses = [r for r in rows if r.hedged != (r.score > 0)]
    if misses:
        lines += ["", "disagreements (split, label, class: sentence -> hits):"]
        for r in misses:
            kind = f"missed {r.cue_class}" if r.hedged else f"false alarm ({r.note or 'plain'})"
            hits = ", ".join(repr(m) for m in r.matched) or "no hit"
            lines.append(f"  {r.split:<5} {kind:<30} {r.sentence[:80]!r} -> {hits}")
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    print(report(score_rows(load_rows())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
