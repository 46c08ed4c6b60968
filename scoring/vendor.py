"""Roll question results up into a vendor result: overall, categories, ISO 42001 coverage, red flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assessor.alignment import Alignment
from assessor.answer_doc import AnswerDoc, build_answer
from assessor.relevance import relevance_of
from question_bank import Catalog, QuestionBank
from scoring.by_reference import apply_readings, read_answers
from scoring.duplicates import find_duplicate_answers
from scoring.fit import question_fits
from scoring.question import QuestionContext, rating_for, score_question
from scoring.results import QuestionResult, VendorResult


def score_vendor(
    vendor: str,
    bank: QuestionBank,
    alignment: Alignment,
    context: QuestionContext,
    notes: Sequence[str] = (),
    progress: Callable[[int, int, str], None] | None = None,
) -> VendorResult:
    """Score every bank question (answered or not) and summarise the vendor.

    ``progress(done, total, question_id)`` is called after each question.
    """
    readings = read_answers(bank, alignment, context)  # an answer by reference is scored as the section it cites
    docs = {qid: reading.doc for qid, reading in readings.items()}
    _embed_in_one_batch(bank, docs, context)
    # The answer x question matrix and the answers' own vectors, read once from the batch above.
    embedder = context.index.embedder
    question_vectors = embedder.encode([question.text for question in bank.questions])
    answered = {qid: doc for qid, doc in docs.items() if doc.text}
    answer_vectors = dict(zip(answered, embedder.encode([doc.text for doc in answered.values()]), strict=True))
    fits = question_fits(bank.questions, question_vectors, answered, answer_vectors, context.config["fit"])
    compared = context.config["answer_limits"]["duplicate_compared_chars"]
    duplicates = find_duplicate_answers(docs, context.config["specificity"], answer_vectors, compared)
    results = []
    for row, question in enumerate(bank.questions):  # row: the question's row of question_vectors
        aligned = alignment.matched.get(question.id)
        title = bank.category_title(question.category)
        doc = docs.get(question.id) or build_answer("")
        duplicate_of, fit = duplicates.get(question.id), fits.get(question.id)
        relevance = relevance_of(doc, row, question_vectors, embedder)
        results.append(score_question(question, title, aligned, doc, duplicate_of, context, fit, relevance))
        if progress:
            progress(row + 1, len(bank.questions), question.id)
    results = apply_readings(results, readings, context.config)
    overall = _weighted_mean(results)
    red = set(context.config["flags"]["red"])
    return VendorResult(
        vendor=vendor,
        questions=results,
        unmatched=alignment.unmatched,
        overall=overall,
        rating=rating_for(overall, context.config),
        category_scores={
            bank.category_title(category): _weighted_mean([r for r in results if r.question.category == category])
            for category in bank.categories
            if any(r.question.category == category for r in results)
        },
        coverage=iso_coverage(results, context.catalog, context.config["flags"]["evidenced_at"]),
        red_flags=sum(1 for r in results for code in r.flag_codes if code in red),
        notes=tuple(notes),
    )


def _embed_in_one_batch(bank: QuestionBank, docs: dict[str, AnswerDoc], context: QuestionContext) -> None:
    """Encode every text the questions will need in one model call, not dozens of tiny ones.

    Only a speed-up: each scorer still asks for its own vectors, which then come from the cache.
    """
    docs = {qid: doc for qid, doc in docs.items() if doc.text}
    answers = {qid: doc.text for qid, doc in docs.items()}
    texts = [question.text for question in bank.questions]  # every question: answers are compared with all
    for doc in docs.values():
        texts += doc.embedding_texts
    if texts:
        context.index.embedder.encode(list(dict.fromkeys(texts)))
    near = [
        context.index.statements_near(text, context.config["claims"]["nearest_passages"]) for text in answers.values()
    ]
    if any(len(indices) for indices in near):
        context.index.statement_vectors(np.unique(np.concatenate(near)))


def _weighted_mean(results: Sequence[QuestionResult]) -> float:
    total_weight = sum(r.question.weight for r in results)
    if not total_weight:
        return 0.0
    return round(sum(r.overall * r.question.weight for r in results) / total_weight, 1)


def iso_coverage(results: Sequence[QuestionResult], catalog: Catalog, evidenced_at: float) -> dict[str, str]:
    """Each node: 'evidenced' (addressed by an answer whose evidence scores well), 'addressed', or 'missing'."""
    status = dict.fromkeys(catalog.ids, "missing")
    for result in results:
        if result.match is None:
            continue
        for node_id in (*result.match.addressed, *result.match.other):
            if result.evidence.score >= evidenced_at:
                status[node_id] = "evidenced"
            elif status[node_id] == "missing":
                status[node_id] = "addressed"
    return status
