"""Evidence score (0-100): supporting passages weighted by document kind, references, claim checks, staleness."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from assessor.retrieval import EvidenceHit, EvidenceIndex, ResolvedReference
from scoring.checks import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, check_claims
from scoring.config import ScoringConfig
from scoring.explain import ScoreLine, capped_total
from scoring.staleness import StaleDocument, stale_reason


@dataclass(frozen=True)
class EvidenceResult:
    score: float
    lines: tuple[ScoreLine, ...]
    passages: tuple[EvidenceHit, ...]
    references: tuple[ResolvedReference, ...]
    checks: tuple[ClaimCheck, ...]
    stale: tuple[StaleDocument, ...]
    supporting_types: tuple[str, ...] = ()  # document types among the passages and resolved references


def score_evidence(
    answer: str,
    references: str,
    expected_types: Sequence[str],
    index: EvidenceIndex,
    as_of: datetime.date,
    config: ScoringConfig,
) -> EvidenceResult:
    settings, points = config["evidence"], config["evidence"]["points"]
    if not answer.strip():
        return EvidenceResult(0.0, (), (), (), (), (), ())
    passages = tuple(index.similar(answer, k=5, min_score=settings["min_passage_similarity"]))
    resolved = tuple(index.resolve_references(references))
    checks = tuple(check_claims(answer, index, as_of, config["claims"]))
    lines = _passage_lines(passages, index, settings, points)
    lines += _expected_type_line(passages, resolved, expected_types, index, points)
    lines += _reference_lines(resolved, points)
    lines += _check_lines(checks, points)
    stale = _stale(passages, resolved, checks, index, as_of, config["staleness"])
    for item, value in zip(stale, _spread(points["stale_document"], len(stale), points["stale_document_cap"])):
        lines.append(ScoreLine("stale_document", f"{item.doc}: {item.reason}", value))
    score = max(0.0, min(100.0, sum(line.points for line in lines)))
    supporting = {hit.passage.doc for hit in passages} | {ref.doc for ref in resolved if ref.doc}
    types = tuple(sorted({index.documents[name].doc_type for name in supporting}))
    return EvidenceResult(round(score, 1), tuple(lines), passages, resolved, checks, stale, types)


def _relevance(similarity: float, settings: dict) -> float:
    low, high = settings["min_passage_similarity"], settings["full_passage_similarity"]
    return max(0.0, min(1.0, (similarity - low) / (high - low)))


def _passage_lines(passages, index: EvidenceIndex, settings: dict, points: dict) -> list[ScoreLine]:
    weights = settings["doc_type_weights"]
    strength = {}
    for hit in passages:
        doc = index.documents[hit.passage.doc]
        value = _relevance(hit.score, settings) * weights.get(doc.doc_type, weights["other"])
        if value > strength.get(hit.passage.doc, (0.0, None))[0]:
            strength[hit.passage.doc] = (value, hit)
    ranked = sorted(strength.values(), key=lambda item: (-item[0], item[1].passage.citation))
    lines = []
    for label, (value, hit) in zip(("best_passage", "second_document"), ranked):
        doc = index.documents[hit.passage.doc]
        detail = f"{doc.doc_type} '{doc.title}' is similar to the answer ({hit.score:.2f})"
        lines.append(ScoreLine(label, detail, round(points[label] * value, 2), hit.passage.citation))
    return lines


def _expected_type_line(passages, resolved, expected_types, index: EvidenceIndex, points: dict) -> list[ScoreLine]:
    supporting = [hit.passage.doc for hit in passages] + [ref.doc for ref in resolved if ref.doc]
    for name in supporting:
        doc = index.documents[name]
        if doc.doc_type in expected_types:
            return [
                ScoreLine("expected_type", f"a {doc.doc_type} as the question expects: {name}", points["expected_type"])
            ]
    return []


def _reference_lines(resolved: tuple[ResolvedReference, ...], points: dict) -> list[ScoreLine]:
    found = [ref for ref in resolved if ref.doc]
    missing = [ref for ref in resolved if not ref.doc]
    lines = []
    for ref, value in zip(found, _spread(points["reference_resolved"], len(found), points["reference_resolved_cap"])):
        citation = f"{ref.doc} p.{ref.page}" if ref.page else ref.doc
        lines.append(ScoreLine("reference_resolved", f"'{ref.reference}': {ref.detail}", value, citation))
    for ref, value in zip(missing, _spread(points["reference_missing"], len(missing), points["reference_missing_cap"])):
        lines.append(ScoreLine("reference_missing", f"'{ref.reference}' is cited but was not provided", value))
    return lines


def _check_lines(checks: tuple[ClaimCheck, ...], points: dict) -> list[ScoreLine]:
    lines = []
    by_status = {
        SUPPORTED: ("claim_supported", points["claim_supported_cap"]),
        NOT_FOUND: ("claim_not_found", points["claim_not_found_cap"]),
        CONTRADICTED: ("claim_contradicted", None),
    }
    for status, (name, cap) in by_status.items():
        matching = [check for check in checks if check.status == status]
        values = _spread(points[name], len(matching), cap)
        for check, value in zip(matching, values):
            lines.append(ScoreLine(name, f"{check.claim}: {check.explanation}", value, check.citation))
    return lines


def _spread(each: float, count: int, cap: float | None) -> list[float]:
    """Points for ``count`` items worth ``each``, scaled down evenly when the total passes ``cap``."""
    if count == 0:
        return []
    total = each * count if cap is None else capped_total([each] * count, cap)
    return [round(total / count, 2)] * count


def _stale(passages, resolved, checks, index: EvidenceIndex, as_of, settings) -> tuple[StaleDocument, ...]:
    cited = {hit.passage.doc for hit in passages} | {ref.doc for ref in resolved if ref.doc}
    cited |= {check.citation.rsplit(" p.", 1)[0] for check in checks if check.citation}
    stale = []
    for name in sorted(cited):
        if name in index.documents and (reason := stale_reason(index.documents[name], as_of, settings)):
            stale.append(StaleDocument(name, reason))
    return tuple(stale)
