"""One line of a score's explanation: what counted, on which words, for how many points, citing where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreLine:
    name: str
    detail: str
    points: float
    citation: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "detail": self.detail, "points": self.points, "citation": self.citation}


def capped_total(points: list[float], cap: float) -> float:
    """Sum of points, limited to ``cap`` (a ceiling for gains, a floor for losses)."""
    total = sum(points)
    return min(total, cap) if cap >= 0 else max(total, cap)
