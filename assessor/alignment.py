"""Align a vendor's answers with the bank's questions: by id, else by question text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process, utils

from assessor.answers import AnswerSheet, VendorAnswer
from question_bank import QuestionBank

MeaningSimilarity = Callable[[list[str], list[str]], np.ndarray]


@dataclass(frozen=True)
class AlignedAnswer:
    """An answer row and the bank question it was assigned to ("" when unmatched)."""

    answer: VendorAnswer
    question_id: str
    method: str  # "id", "text", "meaning" or "unmatched"
    score: float  # 100 for an id match, the fuzzy text score (0-100) or the cosine similarity (0-1)
    note: str = ""
    position: int = 0  # the row's place in reading order (sheets, tables and paragraphs as the file has them)
    verbatim: bool = False  # its id is the buyer's own, and its wording is the bank question's


@dataclass(frozen=True)
class Alignment:
    matched: dict[str, AlignedAnswer]  # bank question id -> the answer used
    unmatched: tuple[AlignedAnswer, ...]
    duplicates: tuple[AlignedAnswer, ...]  # further answers to an already answered question
    unanswered: tuple[str, ...]  # bank question ids with no answer row

    @property
    def blank(self) -> tuple[str, ...]:
        """Bank question ids whose row is there but whose answer cell is empty."""
        return tuple(qid for qid, aligned in self.matched.items() if not aligned.answer.answer.strip())

    def notes(self) -> list[str]:
        """Human-readable report lines, in row order, each naming its sheet, table or paragraph."""
        lines = []
        rows = sorted([*self.matched.values(), *self.unmatched, *self.duplicates], key=lambda a: a.position)
        verbatim = [a for a in rows if a.verbatim and a not in self.duplicates]
        if verbatim:
            lines.append(_verbatim_note(verbatim))
            rows = [a for a in rows if a not in verbatim]
        for aligned in rows:
            place = aligned.answer.place or f"row {aligned.answer.line}"
            if aligned in self.duplicates:
                lines.append(f"{place}: duplicate answer to {aligned.question_id}; the earlier row is used")
            elif aligned.method == "unmatched":
                lines.append(f"{place}: unmatched ({aligned.note})")
            elif aligned.note:
                lines.append(f"{place}: {aligned.note}")
        lines += [f"question {qid}: answer left blank" for qid in self.blank]
        lines += [f"question {qid}: not answered" for qid in self.unanswered]
        return lines


def _verbatim_note(rows: list[AlignedAnswer]) -> str:
    """One line for rows numbered by the buyer's scheme whose questions are the bank's, word for word."""
    ids = [a.answer.question_id for a in rows]
    shown = ", ".join(ids[:3]) + (f", ... {ids[-1]}" if len(ids) > 3 else "")
    low, high = min(a.score for a in rows), max(a.score for a in rows)
    similarity = f"{low:.0f}" if round(low) == round(high) else f"{low:.0f}-{high:.0f}"
    if len(rows) == 1:
        return f"{rows[0].answer.place or f'row {rows[0].answer.line}'}: {rows[0].note}"
    return (
        f"{len(rows)} rows carry ids that are not the bank's ({shown}); each matched its bank question by "
        f"question text (similarity {similarity})"
    )


def align_answers(
    sheet: AnswerSheet,
    bank: QuestionBank,
    settings: Mapping[str, float],
    meaning: MeaningSimilarity | None = None,
) -> Alignment:
    """Assign every answer row to at most one bank question; nothing is dropped silently.

    Rows are matched by id, else by question wording (rapidfuzz), else, when
    ``meaning`` is given, by embedding similarity of the question texts.
    ``settings`` is the ``alignment`` section of the scoring config.
    """
    ids = {q.id.casefold(): q.id for q in bank.questions}
    texts = [q.text for q in bank.questions]
    scores = question_similarity([a.question for a in sheet.answers], texts)
    candidates = [
        replace(_align_row(answer, row_scores, ids, bank, settings), position=position)
        for position, (answer, row_scores) in enumerate(zip(sheet.answers, scores))
    ]
    if meaning is not None:
        candidates = _align_by_meaning(candidates, bank, meaning, settings)

    matched: dict[str, AlignedAnswer] = {}
    duplicates: list[AlignedAnswer] = []
    for aligned in candidates:
        if aligned.method == "unmatched":
            continue
        current = matched.get(aligned.question_id)
        if current is None:
            matched[aligned.question_id] = aligned
        elif not current.answer.answer.strip() and aligned.answer.answer.strip():
            duplicates.append(current)  # a blank row should not shadow a real answer
            matched[aligned.question_id] = aligned
        else:
            duplicates.append(aligned)
    in_bank_order = {q.id: matched[q.id] for q in bank.questions if q.id in matched}
    return Alignment(
        matched=in_bank_order,
        unmatched=tuple(a for a in candidates if a.method == "unmatched"),
        duplicates=tuple(sorted(duplicates, key=lambda a: a.position)),
        unanswered=tuple(q.id for q in bank.questions if q.id not in matched),
    )


def _align_by_meaning(
    candidates: list[AlignedAnswer], bank: QuestionBank, meaning: MeaningSimilarity, settings: Mapping[str, float]
) -> list[AlignedAnswer]:
    """Second chance for unmatched rows whose question is reworded with other words."""
    pending = [i for i, a in enumerate(candidates) if a.method == "unmatched" and a.answer.question]
    if not pending:
        return candidates
    similarity = meaning([candidates[i].answer.question for i in pending], [q.text for q in bank.questions])
    result = list(candidates)
    for index, row in zip(pending, similarity):
        order = np.argsort(-row, kind="stable")
        best, runner_up = float(row[order[0]]), float(row[order[1]]) if len(order) > 1 else 0.0
        if best >= settings["meaning_threshold"] and best - runner_up >= settings["meaning_margin"]:
            qid = bank.questions[int(order[0])].id
            note = f"matched by meaning to {qid} (similarity {best:.2f}; wording alone scored too low)"
            result[index] = AlignedAnswer(candidates[index].answer, qid, "meaning", round(best, 3), note)
    return result


def question_similarity(queries: list[str], bank_texts: list[str]) -> np.ndarray:
    """0-100 similarity of each query to each bank question, robust to rewording and word order.

    Token-set alone rewards a query that is a subset of a question (a two-word
    question would match everything); averaging with token-sort tempers that.
    """
    if not queries:
        return np.zeros((0, len(bank_texts)))
    kwargs = {"processor": utils.default_process, "dtype": np.float32}
    by_set = process.cdist(queries, bank_texts, scorer=fuzz.token_set_ratio, **kwargs)
    by_sort = process.cdist(queries, bank_texts, scorer=fuzz.token_sort_ratio, **kwargs)
    return (by_set + by_sort) / 2


def _align_row(
    answer: VendorAnswer, row_scores, ids: dict[str, str], bank: QuestionBank, settings: Mapping[str, float]
) -> AlignedAnswer:
    threshold = settings["text_threshold"]
    best_index = int(row_scores.argmax()) if len(row_scores) else -1
    best_score = float(row_scores[best_index]) if best_index >= 0 else 0.0
    best_id = bank.questions[best_index].id if best_index >= 0 else ""
    given_id = answer.question_id.strip()
    bank_id = ids.get(given_id.casefold())
    if bank_id:
        note = ""
        if answer.question:
            own_score = float(row_scores[[q.id for q in bank.questions].index(bank_id)])
            if own_score < settings["mismatch_warning_below"]:
                note = f"question text differs from bank question {bank_id} (similarity {own_score:.0f}); matched by id"
        return AlignedAnswer(answer, bank_id, "id", 100.0, note)
    if answer.question and best_score >= threshold:
        note = f"matched by question text to {best_id} (similarity {best_score:.0f})"
        if given_id:
            note = f"id '{given_id}' is not in the bank; " + note
        verbatim = bool(given_id) and best_score >= settings["verbatim_text_score"]
        return AlignedAnswer(answer, best_id, "text", round(best_score, 1), note, verbatim=verbatim)
    if not answer.question:
        reason = f"id '{given_id}' is not in the bank and no question text" if given_id else "no question id or text"
    else:
        reason = f"closest bank question {best_id} scored {best_score:.0f}, below {threshold:.0f}"
        if given_id:
            reason = f"id '{given_id}' is not in the bank; " + reason
    return AlignedAnswer(answer, "", "unmatched", round(best_score, 1), reason)
