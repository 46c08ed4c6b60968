"""Evidence score (0-100): the weighted share of the answer's material claims the evidence supports,
by the authority of the document that supports each; contradictions and unsupported claims cost.

Topic similarity of passages adds little on its own (``topic_passage`` + ``expected_type``, at most
15 of 100): an on-topic PDF that is silent on the answer's facts is not evidence of them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from assessor.answer_doc import AnswerDoc
from assessor.evidence import cite
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

    @property
    def material_checks(self) -> tuple[ClaimCheck, ...]:
        return tuple(check for check in self.checks if check.material)

    @property
    def claims_total(self) -> int:
        return len(self.material_checks)

    @property
    def unsupported(self) -> tuple[ClaimCheck, ...]:
        """Material claims the evidence does not state: typed facts first, then whole sentences."""
        missing = [check for check in self.material_checks if check.status == NOT_FOUND]
        return tuple(sorted(missing, key=lambda check: check.kind == "statement"))

    @property
    def claims_supported(self) -> int:
        return sum(check.status == SUPPORTED for check in self.material_checks)


def score_evidence(
    answer: AnswerDoc,
    references: str,
    expected_types: Sequence[str],
    index: EvidenceIndex,
    as_of: datetime.date,
    config: ScoringConfig,
) -> EvidenceResult:
    settings, points = config["evidence"], config["evidence"]["points"]
    if not answer.text.strip():
        return EvidenceResult(0.0, (), (), (), (), (), ())
    passages = tuple(index.similar(answer.text, k=5, min_score=settings["min_passage_similarity"]))
    resolved = tuple(index.resolve_references(references, config["retrieval"]))
    checks = tuple(check_claims(answer, index, as_of, config["claims"], config["staleness"]))
    lines = _passage_lines(passages, index, settings, points)
    lines += _expected_type_line(passages, resolved, expected_types, index, points)
    lines += _reference_lines(resolved, points)
    lines += _support_lines(checks, settings, points)
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
    for label, (value, hit) in zip(("topic_passage",), ranked):
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
    """Points for each reference found among the evidence, a cost for each document not provided. A document
    found without the section the reference names earns nothing: its title page is not the cited section."""
    found = [ref for ref in resolved if ref.doc and not ref.missing_section]
    missing = [ref for ref in resolved if not ref.doc]
    lines = []
    for ref, value in zip(found, _spread(points["reference_resolved"], len(found), points["reference_resolved_cap"])):
        citation = cite(ref.doc, ref.page)
        lines.append(ScoreLine("reference_resolved", f"'{ref.reference}': {ref.detail}", value, citation))
    for ref in (ref for ref in resolved if ref.doc and ref.missing_section):
        detail = f"'{ref.reference}': {ref.doc} has no section {ref.missing_section}, so the reference earns nothing"
        lines.append(ScoreLine("reference_section_missing", detail, 0.0, cite(ref.doc, ref.page)))
    for ref, value in zip(missing, _spread(points["reference_missing"], len(missing), points["reference_missing_cap"])):
        lines.append(ScoreLine("reference_missing", f"'{ref.reference}' is cited but was not provided", value))
    return lines


def _support_lines(checks: tuple[ClaimCheck, ...], settings: dict, points: dict) -> list[ScoreLine]:
    """Supported share of the material claims (weighted by claim kind and by the supporting document's
    authority), then a cost for each claim not found and each contradiction."""
    material = [check for check in checks if check.material]
    if not material:
        return []
    kinds, authority = settings["claim_kind_weights"], settings["authority_weights"]
    weight = {id(check): kinds.get(check.kind, kinds["other"]) for check in material}
    supported = [check for check in material if check.status == SUPPORTED]
    share = sum(weight[id(c)] * authority[c.authority] for c in supported) / sum(weight.values())
    lines = [
        ScoreLine(
            "claims_supported",
            f"{len(supported)} of {len(material)} material claims supported by the evidence "
            f"(weighted share {share:.2f}, by claim kind and document authority)",
            round(points["claims_supported"] * share, 2),
        )
    ]
    for status, name, cap in (
        (NOT_FOUND, "claim_not_found", points["claim_not_found_cap"]),
        (CONTRADICTED, "claim_contradicted", None),
    ):
        matching = [check for check in material if check.status == status]
        for check, value in zip(matching, _spread(points[name], len(matching), cap)):
            lines.append(ScoreLine(name, f"'{check.claim}': {check.explanation}", value, check.citation))
    return lines


def _spread(each: float, count: int, cap: float | None) -> list[float]:
    """Points for ``count`` items worth ``each``, scaled down evenly when the total passes ``cap``."""
    if count == 0:
        return []
    total = each * count if cap is None else capped_total([each] * count, cap)
    return [round(total / count, 2)] * count


def _stale(passages, resolved, checks, index: EvidenceIndex, as_of, settings) -> tuple[StaleDocument, ...]:
    cited = {hit.passage.doc for hit in passages} | {ref.doc for ref in resolved if ref.doc}
    cited |= {check.doc for check in checks if check.doc}
    stale = []
    for name in sorted(cited):
        if name in index.documents and (reason := stale_reason(index.documents[name], as_of, settings)):
            stale.append(StaleDocument(name, reason))
    return tuple(stale)
