"""Specificity calibration: do the default weights put hand-labelled answers in the right band?

Each row of benchmarks/data/calibration_answers.csv is an answer to a question of the default bank
with the band a reviewer would give it (strong, adequate, weak, insufficient). The answers were
written for this set; they are not taken from the example vendors. Prints the confusion matrix
(expected x got), the exact-band accuracy and the mean score per expected band. Target: accuracy
>= 0.85, no strong answer below adequate and no weak answer above adequate. Always exits 0.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_CSV = ROOT / "benchmarks" / "data" / "calibration_answers.csv"
TARGET_ACCURACY = 0.85


@dataclass(frozen=True)
class Scored:
    question_id: str
    answer: str
    expected: str
    got: str
    score: float


@dataclass(frozen=True)
class Calibration:
    rows: tuple[Scored, ...]

    @property
    def accuracy(self) -> float:
        return sum(r.expected == r.got for r in self.rows) / len(self.rows)

    def confusion(self) -> dict[str, dict[str, int]]:
        from scoring.specificity import BANDS

        matrix = {expected: dict.fromkeys(BANDS, 0) for expected in BANDS}
        for row in self.rows:
            matrix[row.expected][row.got] += 1
        return matrix

    def mean_scores(self) -> dict[str, float]:
        from scoring.specificity import BANDS

        means = {}
        for band in BANDS:
            scores = [r.score for r in self.rows if r.expected == band]
            if scores:
                means[band] = sum(scores) / len(scores)
        return means

    def severe_misses(self) -> list[Scored]:
        """Strong answers scored below adequate, or weak/insufficient ones scored above adequate."""
        rank = {"strong": 3, "adequate": 2, "weak": 1, "insufficient": 0}
        return [
            r
            for r in self.rows
            if (r.expected == "strong" and rank[r.got] < 2) or (rank[r.expected] <= 1 and rank[r.got] > 2)
        ]


def load_rows(path: Path = CALIBRATION_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def calibrate(path: Path = CALIBRATION_CSV) -> Calibration:
    from assessor.answer_doc import build_answer
    from assessor.embeddings import Embedder
    from assessor.relevance import relevance_of
    from question_bank import load_bank
    from scoring.specificity import score_specificity

    bank = load_bank()
    embedder = Embedder()
    question_vectors = embedder.encode([q.text for q in bank.questions])
    scored = []
    for row in load_rows(path):
        question = bank.get(row["question_id"])
        if question is None:
            raise ValueError(f"{path.name}: unknown question id {row['question_id']!r}")
        doc = build_answer(row["answer"])
        relevance = relevance_of(doc, bank.questions.index(question), question_vectors, embedder)
        result = score_specificity(doc, question.text, question.criteria, relevance=relevance)
        scored.append(Scored(row["question_id"], row["answer"], row["expected_band"], result.band, result.score))
    return Calibration(tuple(scored))


def report(calibration: Calibration) -> str:
    from scoring.specificity import BANDS

    lines = [f"Specificity calibration: {len(calibration.rows)} answers ({CALIBRATION_CSV.name})", ""]
    lines.append("expected \\ got  " + "".join(f"{band:>14}" for band in BANDS))
    for expected, row in calibration.confusion().items():
        lines.append(f"{expected:<15}" + "".join(f"{row[band]:>14}" for band in BANDS))
    verdict = "meets" if calibration.accuracy >= TARGET_ACCURACY else "MISSES"
    lines += ["", f"exact band accuracy: {calibration.accuracy:.3f} ({verdict} target {TARGET_ACCURACY})"]
    lines.append(
        "mean score by expected band: " + ", ".join(f"{b} {m:.1f}" for b, m in calibration.mean_scores().items())
    )
    misses = [r for r in calibration.rows if r.expected != r.got]
    if misses:
        lines += ["", "disagreements:"]
        for r in misses:
            lines.append(
                f"  {r.question_id:<6} expected {r.expected:<12} got {r.got:<12} {r.score:5.1f}  {r.answer[:70]!r}"
            )
    severe = calibration.severe_misses()
    lines += ["", f"severe misses (strong below adequate, weak above adequate): {len(severe)}"]
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    print(report(calibrate()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
