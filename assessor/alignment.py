"""Align a vendor's answers with the bank's questions: by id, else by question text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process, utils

from assessor.answer_limits import packaged_limits
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

    def notes(self, max_per_kind: int | None = None) -> list[str]:
        """Human-readable report lines, in row order, each naming its sheet, table or paragraph.

        Past ``max_per_kind`` lines of one kind (duplicate, unmatched, other; by default
        ``answer_limits.max_row_notes``), the rest are counted in one line.
        """
        limit = packaged_limits().max_row_notes if max_per_kind is None else max_per_kind
        lines = []
        duplicate = {a.position for a in self.duplicates}
        rows = sorted([*self.matched.values(), *self.unmatched, *self.duplicates], key=lambda a: a.position)
        verbatim = [a for a in rows if a.verbatim and a.position not in duplicate]
        if verbatim:
            lines.append(_verbatim_note(verbatim))
            rows = [a for a in rows if not (a.verbatim and a.position not in duplicate)]
        kinds: dict[str, list[str]] = {"duplicate": [], "unmatched": [], "other": []}
        for aligned in rows:
            place = aligned.answer.place or f"row {aligned.answer.line}"
            if aligned.position in duplicate:
                note = f"duplicate answer to {aligned.question_id}; the earlier row is used"
                kinds["duplicate"].append(f"{place}: {note}")
            elif aligned.method == "unmatched":
                kinds["unmatched"].append(f"{place}: unmatched ({aligned.note})")
            elif aligned.note:
                kinds["other"].append(f"{place}: {aligned.note}")
        for kind, found in kinds.items():
            lines += found[:limit]
            if len(found) > limit:
                lines.append(f"... and {len(found) - limit:,} more {kind} rows like these (limit: max_row_notes)")
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
    max_meaning_rows: int | None = None,
) -> Alignment:
    """Assign every answer row to at most one bank question; nothing is dropped silently.

    Rows are matched by id, else by question wording (rapidfuzz), else, when
    ``meaning`` is given, by embedding similarity of the question texts (at most
    ``max_meaning_rows`` distinct questions, by default ``answer_limits.max_meaning_rows``).
    ``settings`` is the ``alignment`` section of the scoring config. Each distinct
    question text is compared once, so the work grows with the rows, not their square.
    """
    ids = {q.id.casefold(): q.id for q in bank.questions}
    positions = {q.id: index for index, q in enumerate(bank.questions)}
    distinct = {text: index for index, text in enumerate(dict.fromkeys(a.question for a in sheet.answers))}
    scores = question_similarity(list(distinct), [q.text for q in bank.questions])
    candidates = [
        _align_row(answer, scores[distinct[answer.question]], ids, positions, bank, settings, number)
        for number, answer in enumerate(sheet.answers)
    ]
    if meaning is not None:
        limit = packaged_limits().max_meaning_rows if max_meaning_rows is None else max_meaning_rows
        candidates = _align_by_meaning(candidates, bank, meaning, settings, limit)

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
    candidates: list[AlignedAnswer],
    bank: QuestionBank,
    meaning: MeaningSimilarity,
    settings: Mapping[str, float],
    limit: int,
) -> list[AlignedAnswer]:
    """Second chance for unmatched rows whose question is reworded with other words; each distinct question
    is embedded once, and at most ``limit`` of them: rows past that stay unmatched, with a note saying so."""
    pending = [i for i, a in enumerate(candidates) if a.method == "unmatched" and a.answer.question]
    if not pending:
        return candidates
    texts = list(dict.fromkeys(candidates[i].answer.question for i in pending))
    sent = {text: row for row, text in enumerate(texts[:limit])}
    similarity = meaning(list(sent), [q.text for q in bank.questions])
    result = list(candidates)
    for index in pending:
        aligned = candidates[index]
        row = sent.get(aligned.answer.question)
        if row is None:
            note = f"{aligned.note}; not matched by meaning: more than {limit:,} distinct unmatched questions"
            result[index] = replace(aligned, note=note + " (answer_limits.max_meaning_rows)")
            continue
        scores = similarity[row]
        order = np.argsort(-scores, kind="stable")
        best, runner_up = float(scores[order[0]]), float(scores[order[1]]) if len(order) > 1 else 0.0
        if best >= settings["meaning_threshold"] and best - runner_up >= settings["meaning_margin"]:
            qid = bank.questions[int(order[0])].id
            note = f"matched by meaning to {qid} (similarity {best:.2f}; wording alone scored too low)"
            result[index] = AlignedAnswer(aligned.answer, qid, "meaning", round(best, 3), note, aligned.position)
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
    answer: VendorAnswer,
    row_scores,
    ids: dict[str, str],
    positions: dict[str, int],
    bank: QuestionBank,
    settings: Mapping[str, float],
    position: int,
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
            own_score = float(row_scores[positions[bank_id]])
            if own_score < settings["mismatch_warning_below"]:
                note = f"question text differs from bank question {bank_id} (similarity {own_score:.0f}); matched by id"
        return AlignedAnswer(answer, bank_id, "id", 100.0, note, position)
    if answer.question and best_score >= threshold:
        note = f"matched by question text to {best_id} (similarity {best_score:.0f})"
        if given_id:
            note = f"id '{given_id}' is not in the bank; " + note
        verbatim = bool(given_id) and best_score >= settings["verbatim_text_score"]
        return AlignedAnswer(answer, best_id, "text", round(best_score, 1), note, position, verbatim)
    if not answer.question:
        reason = f"id '{given_id}' is not in the bank and no question text" if given_id else "no question id or text"
    else:
        reason = f"closest bank question {best_id} scored {best_score:.0f}, below {threshold:.0f}"
        if given_id:
            reason = f"id '{given_id}' is not in the bank; " + reason
    return AlignedAnswer(answer, "", "unmatched", round(best_score, 1), reason, position)
