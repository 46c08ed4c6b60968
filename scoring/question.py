"""Score one bank question: specificity, evidence, clause coverage, overall, rating, flags, follow-ups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessor.alignment import AlignedAnswer
from assessor.answer_doc import AnswerDoc
from assessor.answers import MAX_ANSWER_CHARS  # an answer is judged (and read) up to this many characters
from assessor.language import detect_language
from assessor.matching import ClauseMatcher
from assessor.relevance import Relevance
from assessor.retrieval import EvidenceIndex
from question_bank import Catalog, Question
from scoring.checks import CONTRADICTED
from scoring.config import ScoringConfig
from scoring.duplicates import DuplicateAnswer
from scoring.evidence_score import EvidenceResult, score_evidence
from scoring.explain import ScoreLine
from scoring.fit import QuestionFit
from scoring.followups import follow_ups
from scoring.results import Flag, QuestionResult
from scoring.specificity import SpecificityResult, score_specificity

NON_ANSWER = "non_answer"
PARROTING = ("parrots", "keyword_stuffing", "boilerplate")


@dataclass(frozen=True)
class QuestionContext:
    """What every question of one vendor is scored with."""

    index: EvidenceIndex
    matcher: ClauseMatcher
    catalog: Catalog
    config: ScoringConfig
    as_of: datetime.date


def score_question(
    question: Question,
    category_title: str,
    aligned: AlignedAnswer | None,
    doc: AnswerDoc,
    duplicate_of: DuplicateAnswer | None,
    context: QuestionContext,
    fit: QuestionFit | None = None,
    relevance: Relevance | None = None,
) -> QuestionResult:
    """``doc`` is the answer object built from ``scoring_text(aligned)``; every check reads it. ``fit`` and
    ``relevance`` come from the vendor's one answer x question comparison."""
    config = context.config
    answer = doc.text
    refs = aligned.answer.evidence_refs if aligned else ""
    specificity = score_specificity(doc, question.text, question.criteria, config["specificity"], relevance)
    silent = not answer or any(hit.name == NON_ANSWER for hit in specificity.hits)
    if silent:
        evidence, match = EvidenceResult(0.0, (), (), (), (), (), ()), None
    else:
        evidence = score_evidence(doc, refs, question.evidence, context.index, context.as_of, config)
        match = context.matcher.match(answer, question.iso42001, question.text, settings=config["matching"])
    coverage = 100.0 * len(match.addressed) / len(question.iso42001) if match and question.iso42001 else 0.0
    language = detect_language(answer, config["language"])
    flags = _flags(silent, language, specificity, evidence, match, duplicate_of, config, fit)
    verification = "" if silent else verification_of(specificity, evidence, config)
    overall, lines = _overall(silent, specificity.score, evidence.score, coverage, flags, verification, config)
    return QuestionResult(
        question=question,
        category_title=category_title,
        answer=answer,
        answer_row=aligned.answer.line if aligned else None,
        alignment_note=_alignment_note(aligned),
        evidence_refs=refs,
        specificity=specificity,
        evidence=evidence,
        match=match,
        coverage=round(coverage, 1),
        overall=overall,
        overall_lines=lines,
        rating=rating_for(overall, config),
        verification=verification,
        flags=flags,
        follow_ups=tuple(
            _follow_ups(question, specificity, evidence, match, flags, verification, context.catalog, answer, config)
        ),
    )


def scoring_text(aligned: AlignedAnswer | None) -> str:
    """The answer as it is judged: trimmed, and cut at MAX_ANSWER_CHARS."""
    return aligned.answer.answer.strip()[:MAX_ANSWER_CHARS] if aligned else ""


def _alignment_note(aligned: AlignedAnswer | None) -> str:
    if aligned is None:
        return "no answer row for this question"
    if max(len(aligned.answer.answer.strip()), aligned.answer.cut_from) > MAX_ANSWER_CHARS:
        return f"{aligned.note}; answer judged on its first {MAX_ANSWER_CHARS:,} characters".lstrip("; ")
    return aligned.note


def verification_of(specificity: SpecificityResult, evidence: EvidenceResult, config: ScoringConfig) -> str:
    """'verified' when enough of the answer's material claims are supported and none is contradicted;
    'unverified' when a specific answer's claims are not (it can then be rated adequate at most)."""
    settings = config["verification"]
    total, supported = evidence.claims_total, evidence.claims_supported
    contradicted = any(check.status == CONTRADICTED for check in evidence.material_checks)
    if total and not contradicted and supported / total >= settings["min_supported_share"]:
        return "verified"
    return "unverified" if specificity.score >= config["flags"]["vague_below"] else ""


def rating_for(score: float, config: ScoringConfig) -> str:
    bands = config["rating"]
    for name in ("strong", "adequate", "weak"):
        if score >= bands[name]:
            return name
    return "insufficient"


def _flags(
    silent, language, specificity: SpecificityResult, evidence: EvidenceResult, match, duplicate_of, config, fit=None
):
    settings = config["flags"]
    if silent:
        return (Flag("no_answer", "no answer, or a non-answer such as 'Yes', 'N/A' or 'See attached'"),)
    flags = []
    if not language.is_english:
        # The model and the signals read English only: a low score here says nothing about the vendor.
        flags.append(Flag("not_english", f"answer appears to be in {language.language} ({language.reason})"))
    elif specificity.score < settings["vague_below"]:
        flags.append(Flag("vague", f"specificity {specificity.score:.0f} is below {settings['vague_below']}"))
    if fit is not None and fit.off_topic and language.is_english:
        flags.append(Flag("off_topic", fit.reason))  # another bank question fits the answer clearly better
    elif match and match.off_topic and language.is_english:
        flags.append(Flag("off_topic", "the answer matches neither the question nor its ISO 42001 clauses"))
    unsupported = [c.claim for c in evidence.unsupported if c.kind != "statement"]
    missing_refs = [r.reference for r in evidence.references if not r.doc]
    if unsupported or missing_refs:
        named = ", ".join(f"'{item}'" for item in (unsupported + missing_refs)[:4])
        flags.append(Flag("unsupported_claim", f"not found in the evidence: {named}"))
    elif specificity.score >= settings["vague_below"] and evidence.score < settings["unsupported_at"]:
        flags.append(Flag("unsupported_claim", f"specific answer but evidence score only {evidence.score:.0f}"))
    contradicted = [c for c in evidence.checks if c.status == CONTRADICTED]
    if contradicted:
        flags.append(Flag("contradicted_by_evidence", "; ".join(c.explanation for c in contradicted)))
    if evidence.stale:
        flags.append(Flag("stale_evidence", "; ".join(f"{s.doc}: {s.reason}" for s in evidence.stale)))
    parroting = [hit for hit in specificity.hits if hit.name in PARROTING and language.is_english]
    if parroting:
        flags.append(Flag("parrots_standard", "; ".join(hit.why for hit in parroting)))
    if duplicate_of:
        flags.append(Flag("duplicate_answer", duplicate_of.reason))
    return tuple(flags)


def _overall(
    silent, specificity, evidence, coverage, flags, verification, config
) -> tuple[float, tuple[ScoreLine, ...]]:
    settings = config["overall"]
    if silent:
        return 0.0, (ScoreLine("no_answer", "nothing to score", 0.0),)
    weights = settings["weights"]
    parts = {"specificity": specificity, "evidence": evidence, "coverage": coverage}
    lines = [
        ScoreLine(name, f"{value:.0f} x {weights[name]}", round(value * weights[name], 2))
        for name, value in parts.items()
    ]
    total = sum(line.points for line in lines)
    codes = {flag.code for flag in flags}
    caps = {
        "off_topic": "off_topic_cap",
        "contradicted_by_evidence": "contradicted_cap",
        "duplicate_answer": "duplicate_cap",
    }
    for code, key in caps.items():
        if code in codes and total > settings[key]:
            lines.append(ScoreLine(f"cap_{code}", f"capped at {settings[key]} because {code}", settings[key] - total))
            total = settings[key]
    ceiling = config["rating"]["strong"] - config["verification"]["unverified_margin"]
    if verification != "verified" and total > ceiling:
        lines.append(ScoreLine("cap_unverified", f"strong needs verified claims: capped at {ceiling}", ceiling - total))
        total = ceiling
    return round(max(0.0, min(100.0, total)), 1), tuple(lines)


def _follow_ups(
    question, specificity, evidence, match, flags, verification, catalog, answer: str, config: ScoringConfig
) -> list[str]:
    """The arguments of ``follow_ups``; ``answer`` (the text) lets it see steps the signals miss, ``config`` sets
    ``followups.max_per_question``. Missing clauses are exported, not asked."""
    codes = [flag.code for flag in flags]
    silent = "no_answer" in codes
    return follow_ups(
        question_text=question.text,
        flags=codes,
        answer=answer,
        missed_criteria=[] if silent else [c.name for c in specificity.criteria if not c.met],
        contradictions=[(c.claim, c.citation, c.evidence_text) for c in evidence.checks if c.status == CONTRADICTED],
        unsupported=[c.claim for c in evidence.unsupported if c.kind != "statement"],
        unsupported_statements=[c.claim for c in evidence.unsupported if c.kind == "statement"],
        unverified=verification == "unverified",
        missing_references=[(r.reference, r.doc) for r in evidence.references if not r.doc or r.missing_section],
        cites_documents=bool(evidence.references),
        stale=[(s.doc, s.reason) for s in evidence.stale],
        missing_types=[] if silent else [t for t in question.evidence if t not in evidence.supporting_types],
        limit=config["followups"]["max_per_question"],
    )
