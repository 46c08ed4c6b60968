"""What changed between two assessments of one vendor: answers, ratings, scores, flags, claims and evidence.

``diff_reports`` takes two report dicts (``assessor.exports.report_dict``), the earlier one first. Questions are
matched by question id, claims by question, kind and claim text, and evidence documents by file id, so a
reworded label or a reordered bank never reads as a change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from scoring.checks import CONTRADICTED, SUPPORTED
from scoring.config import load_config
from scoring.vocabulary import flag_label

DIGEST_CHARS = 12  # of a sha256, enough to tell two versions apart in a line of text


@dataclass(frozen=True)
class Delta:
    """A score before and after; ``None`` where the report did not have it."""

    before: float | None
    after: float | None

    @property
    def change(self) -> float:
        return round((self.after or 0.0) - (self.before or 0.0), 1)

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "change": self.change}

    def text(self) -> str:
        return f"{_number(self.before)} -> {_number(self.after)} ({self.change:+g})"


@dataclass(frozen=True)
class ClaimChange:
    kind: str
    claim: str
    before: str  # the claim's status in the earlier report, "" when it was not there
    after: str
    citation: str  # where the later report found it (or what contradicts it)


@dataclass(frozen=True)
class QuestionChange:
    """One question that changed. ``presence`` is "added" or "removed" when only one report has it;
    ``answer_change`` is "answered", "unanswered", "changed" or ""."""

    question_id: str
    question: str
    category: str
    presence: str
    answer_change: str
    answer_diff: tuple[tuple[str, str], ...]  # (equal | insert | delete, words)
    rating_before: str
    rating_after: str
    rating_direction: str  # "up", "down" or ""
    overall: Delta
    specificity: Delta
    evidence: Delta
    flags_new: tuple[str, ...]
    flags_resolved: tuple[str, ...]
    claims_newly_supported: tuple[ClaimChange, ...]
    claims_newly_contradicted: tuple[ClaimChange, ...]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["answer_diff"] = [list(segment) for segment in self.answer_diff]
        for name in ("overall", "specificity", "evidence"):
            data[name] = getattr(self, name).to_dict()
        return data

    def lines(self) -> list[str]:
        head = self.question_id
        if self.presence:
            return [f"{head}: question {self.presence} ({self.question})"]
        out = []
        if self.answer_change == "changed":
            out.append(f"{head}: answer changed: {render_word_diff(self.answer_diff)}")
        elif self.answer_change:
            out.append(f"{head}: newly {self.answer_change}")
        if self.rating_direction:
            out.append(f"{head}: rating {self.rating_direction}, {self.rating_before} -> {self.rating_after}")
        for name in ("overall", "specificity", "evidence"):
            delta: Delta = getattr(self, name)
            if delta.change:
                out.append(f"{head}: {name} score {delta.text()}")
        out += [f"{head}: new flag: {flag_label(code)}" for code in self.flags_new]
        out += [f"{head}: resolved flag: {flag_label(code)}" for code in self.flags_resolved]
        out += [f"{head}: claim now supported: '{c.claim}' ({c.citation})" for c in self.claims_newly_supported]
        out += [f"{head}: claim now contradicted: '{c.claim}' ({c.citation})" for c in self.claims_newly_contradicted]
        return out


@dataclass(frozen=True)
class DocumentChange:
    """``change``: added, removed, replaced (same file, other content), expired (newly out of date) or
    renewed (out of date before, current now)."""

    file: str
    change: str
    sha256_before: str
    sha256_after: str
    reason: str

    def line(self) -> str:
        if self.change == "replaced":
            detail = f"sha256 {self.sha256_before[:DIGEST_CHARS]} -> {self.sha256_after[:DIGEST_CHARS]}"
        else:
            detail = self.reason
        return f"evidence {self.change}: {self.file}" + (f" ({detail})" if detail else "")


@dataclass(frozen=True)
class ReportDiff:
    vendor: str
    as_of_before: str
    as_of_after: str
    overall: Delta
    rating_before: str
    rating_after: str
    red_flags: Delta
    categories: tuple[tuple[str, Delta], ...]  # (category title, delta), categories whose score changed
    questions: tuple[QuestionChange, ...]  # only the questions that changed, in the later report's order
    documents: tuple[DocumentChange, ...]

    @property
    def unchanged(self) -> bool:
        return not (self.overall.change or self.categories or self.questions or self.documents)

    def to_dict(self) -> dict:
        return {
            "vendor": self.vendor,
            "as_of": {"before": self.as_of_before, "after": self.as_of_after},
            "overall_score": self.overall.to_dict(),
            "rating": {"before": self.rating_before, "after": self.rating_after},
            "red_flags": self.red_flags.to_dict(),
            "category_scores": {title: delta.to_dict() for title, delta in self.categories},
            "questions": [change.to_dict() for change in self.questions],
            "evidence_documents": [asdict(change) for change in self.documents],
        }

    def lines(self) -> list[str]:
        out = [
            f"{self.vendor}: assessed {self.as_of_before} and {self.as_of_after}",
            f"overall score {self.overall.text()}, rating {self.rating_before} -> {self.rating_after}",
            f"red flags {self.red_flags.text()}",
        ]
        out += [f"category {title}: {delta.text()}" for title, delta in self.categories]
        for change in self.questions:
            out += change.lines()
        out += [change.line() for change in self.documents]
        if self.unchanged:
            out.append("no changes")
        return out


def diff_reports(before: dict, after: dict) -> ReportDiff:
    """What changed from the ``before`` report to the ``after`` one."""
    old = {q["question_id"]: q for q in before.get("questions", [])}
    new = {q["question_id"]: q for q in after.get("questions", [])}
    ids = [*new, *(qid for qid in old if qid not in new)]
    questions = [change for qid in ids if (change := _question_change(old.get(qid), new.get(qid)))]
    old_categories, new_categories = before.get("category_scores", {}), after.get("category_scores", {})
    categories = [
        (title, delta)
        for title in [*new_categories, *(t for t in old_categories if t not in new_categories)]
        if (delta := Delta(old_categories.get(title), new_categories.get(title))).change
        or (title in old_categories) != (title in new_categories)
    ]
    return ReportDiff(
        vendor=after.get("vendor") or before.get("vendor", ""),
        as_of_before=_as_of(before),
        as_of_after=_as_of(after),
        overall=Delta(before.get("overall_score"), after.get("overall_score")),
        rating_before=before.get("rating", ""),
        rating_after=after.get("rating", ""),
        red_flags=Delta(before.get("red_flags"), after.get("red_flags")),
        categories=tuple(categories),
        questions=tuple(questions),
        documents=tuple(_document_changes(before, after)),
    )


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The change from one text to another as (equal | insert | delete, words) segments, compared word by word."""
    old, new = before.split(), after.split()
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            segments.append(("equal" if op == "equal" else "delete", " ".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(new[j1:j2])))
    return tuple(segments)


def render_word_diff(segments: tuple[tuple[str, str], ...]) -> str:
    """Segments as one line of text: [-removed-] and {+added+}."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in segments)


def _question_change(old: dict | None, new: dict | None) -> QuestionChange | None:
    either = new or old or {}
    presence = "" if old and new else ("added" if new else "removed")
    old, new = old or {}, new or {}
    answer_before, answer_after = old.get("answer", ""), new.get("answer", "")
    was, now = _answered(old), _answered(new)
    if presence or was == now:
        answer_change = "changed" if not presence and _normal(answer_before) != _normal(answer_after) else ""
    else:
        answer_change = "answered" if now else "unanswered"
    flags_before, flags_after = _flag_codes(old), _flag_codes(new)
    rating_before, rating_after = old.get("rating", ""), new.get("rating", "")
    claims_before, claims_after = _claims(old), _claims(new)
    newly = {status: _newly(status, claims_before, claims_after) for status in (SUPPORTED, CONTRADICTED)}
    change = QuestionChange(
        question_id=either.get("question_id", ""),
        question=either.get("question", ""),
        category=either.get("category", ""),
        presence=presence,
        answer_change=answer_change,
        answer_diff=word_diff(answer_before, answer_after) if answer_change else (),
        rating_before=rating_before,
        rating_after=rating_after,
        rating_direction=_direction(rating_before, rating_after) if not presence else "",
        overall=Delta(old.get("overall_score"), new.get("overall_score")),
        specificity=Delta(_score(old, "specificity"), _score(new, "specificity")),
        evidence=Delta(_score(old, "evidence"), _score(new, "evidence")),
        flags_new=tuple(code for code in flags_after if code not in flags_before) if not presence else (),
        flags_resolved=tuple(code for code in flags_before if code not in flags_after) if not presence else (),
        claims_newly_supported=newly[SUPPORTED] if not presence else (),
        claims_newly_contradicted=newly[CONTRADICTED] if not presence else (),
    )
    changed = (
        presence
        or answer_change
        or change.rating_direction
        or change.overall.change
        or change.specificity.change
        or change.evidence.change
        or change.flags_new
        or change.flags_resolved
        or change.claims_newly_supported
        or change.claims_newly_contradicted
    )
    return change if changed else None


def _document_changes(before: dict, after: dict) -> list[DocumentChange]:
    old = {doc["file"]: doc for doc in before.get("evidence_documents", [])}
    new = {doc["file"]: doc for doc in after.get("evidence_documents", [])}
    stale_before, stale_after = _stale(before), _stale(after)
    changes = []
    for file in [*new, *(f for f in old if f not in new)]:
        sha_before = old.get(file, {}).get("sha256", "")
        sha_after = new.get(file, {}).get("sha256", "")
        if file not in old:
            changes.append(DocumentChange(file, "added", "", sha_after, ""))
        elif file not in new:
            changes.append(DocumentChange(file, "removed", sha_before, "", ""))
        elif sha_before != sha_after:
            changes.append(DocumentChange(file, "replaced", sha_before, sha_after, ""))
        if file in new and file in stale_after and file not in stale_before:
            changes.append(DocumentChange(file, "expired", sha_before, sha_after, stale_after[file]))
        if file in old and file in new and file in stale_before and file not in stale_after:
            changes.append(DocumentChange(file, "renewed", sha_before, sha_after, f"was {stale_before[file]}"))
    return changes


def _stale(report: dict) -> dict[str, str]:
    """Each out-of-date document and why: as the questions citing it record it, else past its stated validity
    on the report's as-of date."""
    stale = {
        entry["document"]: entry["reason"]
        for question in report.get("questions", [])
        for entry in question.get("evidence", {}).get("stale_documents", [])
    }
    as_of = _as_of(report)
    for doc in report.get("evidence_documents", []):
        expiry = max((d["date"] for d in doc.get("dates", []) if d.get("kind") == "valid_until"), default="")
        if as_of and expiry and expiry < as_of:
            stale.setdefault(doc["file"], f"valid until {expiry}, expired before {as_of}")
    return stale


def _newly(status: str, before: dict, after: dict) -> tuple[ClaimChange, ...]:
    """The later report's claims with this status that did not have it in the earlier report."""
    return tuple(
        ClaimChange(key[0], check.get("claim", ""), before.get(key, {}).get("status", ""), status, check["citation"])
        for key, check in after.items()
        if check.get("status") == status and before.get(key, {}).get("status") != status
    )


def _claims(question: dict) -> dict[tuple[str, str], dict]:
    return {
        (check.get("kind", ""), _normal(check.get("claim", ""))): check
        for check in question.get("evidence", {}).get("claim_checks", [])
    }


def _flag_codes(question: dict) -> list[str]:
    return [flag["code"] for flag in question.get("flags", [])]


def _answered(question: dict) -> bool:
    return bool(question.get("answer", "").strip()) and "no_answer" not in _flag_codes(question)


def _score(question: dict, part: str) -> float | None:
    return (question.get(part) or {}).get("score")


def _direction(before: str, after: str) -> str:
    ranks = _rating_ranks()
    if before not in ranks or after not in ranks or before == after:
        return ""
    return "up" if ranks[after] > ranks[before] else "down"


@lru_cache(maxsize=1)
def _rating_ranks() -> dict[str, int]:
    """Ratings from worst to best: "insufficient", then the configured bands from the lowest threshold up."""
    bands = sorted(load_config()["rating"].items(), key=lambda item: item[1])
    return {name: rank for rank, name in enumerate(["insufficient", *(name for name, _ in bands)])}


def _as_of(report: dict) -> str:
    return str((report.get("provenance") or {}).get("as_of", ""))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
