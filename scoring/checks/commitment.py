"""Commitments ("we never use customer data to improve models", "no subprocessors") against what the
evidence commits to on the same subject: opposite polarity contradicts, the same polarity supports."""

from __future__ import annotations

from assessor.answer_doc import AnswerDoc
from assessor.commitments import SUBJECT_LABELS, contradicts
from assessor.retrieval import EvidenceIndex
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, verdict


def check_commitments(doc: AnswerDoc, index: EvidenceIndex) -> list[ClaimCheck]:
    checks = []
    for claim in (c for c in doc.claims if c.commitment is not None):
        made, label = claim.commitment, SUBJECT_LABELS[claim.commitment.subject]
        same = [(p, s, c) for p, s, c in index.commitments if c.subject == made.subject]
        against = next(((p, s) for p, s, c in same if contradicts(made, claim.text, c, s, p.text)), None)
        agreeing = next(((p, s) for p, s, c in same if c.negative == made.negative), None)
        if against:
            passage, sentence = against
            opposite = "allows" if made.negative else "denies"
            explanation = f"the answer {made.polarity} {label} but {passage.doc} {opposite} it"
            checks.append(verdict(claim, CONTRADICTED, explanation, passage, sentence, index))
        elif agreeing:
            passage, sentence = agreeing
            explanation = f"{passage.doc} also {made.polarity} {label}"
            checks.append(verdict(claim, SUPPORTED, explanation, passage, sentence, index))
        else:
            checks.append(verdict(claim, NOT_FOUND, f"no evidence document addresses {label}"))
    return checks
