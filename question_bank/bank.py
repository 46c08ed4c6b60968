"""Buyer question banks: load from YAML, CSV or XLSX and validate against the catalog.

A buyer's bank often names no ISO/IEC 42001 ids. Such a bank loads only with an embedder
(``suggest_with``): each question without ids gets the clauses most similar to it, marked as suggested.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.errors import InputError
from question_bank.catalog import Catalog, load_catalog
from question_bank.workbook import read_bank_rows
from scoring.safe_yaml import load_yaml

if TYPE_CHECKING:
    from assessor.embeddings import Embedder
    from scoring.config import ScoringConfig

DEFAULT_BANK_PATH = Path(__file__).parent / "data" / "default_bank.yaml"

CRITERIA: dict[str, str] = {
    "owner": "a named accountable owner or role",
    "metric": "the metric that is measured",
    "threshold": "the threshold or limit that triggers action",
    "cadence": "how often it happens",
    "time_frame": "a deadline, period or time frame",
    "named_document": "a named document, control or tool",
    "scope": "what is in and out of scope",
    "quantity": "concrete numbers or quantities",
    "process_steps": "the concrete steps of the process",
}
EVIDENCE_TYPES = ("policy", "procedure", "plan", "certificate", "contract", "report", "marketing")
QUESTION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
LIST_SEPARATOR = re.compile(r"[;,\n]+")
MAX_PROBLEMS_SHOWN = 25


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    text: str
    iso42001: tuple[str, ...]
    criteria: tuple[str, ...]
    evidence: tuple[str, ...]
    weight: float
    iso42001_suggested: tuple[str, ...] = ()  # ids in ``iso42001`` suggested by the model, not given by the buyer
    suggestion_scores: tuple[float, ...] = ()  # cosine similarity of each suggested id to the question
    source: str = ""  # where the question is in a CSV or workbook: "sheet 'Governance' row 7"

    @property
    def iso42001_given(self) -> tuple[str, ...]:
        return tuple(node for node in self.iso42001 if node not in self.iso42001_suggested)


@dataclass(frozen=True)
class QuestionBank:
    name: str
    version: str
    categories: dict[str, str]
    questions: tuple[Question, ...]
    source: str
    sha256: str  # of the file; the suggested ids depend on the model too, named in ``suggested_by``
    mapping: tuple[str, ...] = ()  # how a CSV or workbook was read: sheets, header rows, columns, sheets skipped
    suggested_by: str = ""  # the model that suggested ids, when any were suggested

    @property
    def suggested(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.iso42001_suggested)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def category_title(self, category_id: str) -> str:
        return self.categories.get(category_id, category_id)


class MissingIsoIds(InputError):
    """The bank is valid but some questions list no ISO 42001 ids, and no embedder was given to suggest them."""


def load_bank(
    path: str | Path | None = None,
    catalog: Catalog | None = None,
    *,
    suggest_with: Embedder | None = None,
    config: ScoringConfig | None = None,
) -> QuestionBank:
    """Load a bank (the packaged default when ``path`` is None) and validate it.

    Questions without ISO 42001 ids get suggested ids from ``suggest_with`` (an embedder), using the
    ``matching`` and ``bank_suggestions`` settings of ``config`` (default: the packaged config);
    without an embedder such a bank raises ``MissingIsoIds``. Banks with ids never touch the embedder.
    """
    if path is None and catalog is None:
        return _default_bank()
    path = Path(path) if path is not None else DEFAULT_BANK_PATH
    catalog = catalog or load_catalog()
    if not path.is_file():
        raise InputError(path, "question bank file not found")
    tabular = path.suffix.lower() not in {".yaml", ".yml"}
    if tabular:
        rows = read_bank_rows(path)
        header, raw_questions, mapping = {"name": path.stem}, rows.entries, rows.mapping
    else:
        header, raw_questions = _read_yaml(path, config)
        mapping = []
    return _validate(path, header, raw_questions, catalog, suggest_with, config, placed=tabular, mapping=mapping)


@lru_cache(maxsize=1)
def _default_bank() -> QuestionBank:
    return load_bank(DEFAULT_BANK_PATH)


def _read_yaml(path: Path, config: ScoringConfig | None) -> tuple[dict, list[tuple[str, dict]]]:
    from scoring.config import load_config

    limit = int((config or load_config())["yaml_limits"]["bank_kb"]) * 1024
    data = load_yaml(path, limit, "the question bank")
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InputError(path, "expected a mapping with a 'questions' list")
    entries = []
    for index, entry in enumerate(data["questions"], start=1):
        if not isinstance(entry, dict):
            raise InputError(path, "each question must be a mapping of fields", f"question {index}")
        entries.append((f"question {index}", entry))
    return data, entries


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in LIST_SEPARATOR.split(str(value)) if part.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _validate(
    path: Path,
    header: dict,
    entries: list[tuple[str, dict]],
    catalog: Catalog,
    suggest_with: Embedder | None,
    config: ScoringConfig | None,
    placed: bool,
    mapping: list[str],
) -> QuestionBank:
    """Check every entry; ``placed`` entries come from a table, and their place is kept and named in problems."""
    raw_categories = header.get("categories") or {}
    if not isinstance(raw_categories, dict):
        raise InputError(path, "'categories' must map category ids to titles")
    categories = {str(k): str(v) for k, v in raw_categories.items()}
    declared_categories = bool(categories)
    problems: list[str] = []
    questions: list[Question] = []
    labels: list[str] = []
    without_ids: list[int] = []  # indexes of questions listing no ISO ids
    seen_ids: set[str] = set()
    for where, entry in entries:
        qid = str(entry.get("id") or "").strip()
        label = (f"{where}, question {qid}" if placed else f"question {qid}") if qid else where
        text = " ".join(str(entry.get("text") or "").split())
        category = str(entry.get("category") or "").strip()
        if not qid:
            problems.append(f"{where}: missing id")
        elif not QUESTION_ID_PATTERN.match(qid):
            problems.append(f"{label}: malformed id (letters, digits, '-', '_' or '.', at most 40)")
        elif qid in seen_ids:
            problems.append(f"{label}: duplicate question id")
        seen_ids.add(qid)
        if not text:
            problems.append(f"{label}: missing question text")
        if not category:
            problems.append(f"{label}: missing category")
        elif declared_categories and category not in categories:
            problems.append(f"{label}: unknown category '{category}'")
        elif not declared_categories:
            categories.setdefault(_slug(category), category)
            category = _slug(category)
        iso_ids = _as_list(entry.get("iso42001"))
        if not iso_ids:
            without_ids.append(len(questions))
        problems += [f"{label}: unknown ISO 42001 id '{node}'" for node in iso_ids if node not in catalog]
        criteria = _as_list(entry.get("criteria"))
        problems += [
            f"{label}: unknown criterion '{c}' (use {', '.join(CRITERIA)})" for c in criteria if c not in CRITERIA
        ]
        evidence = _as_list(entry.get("evidence"))
        problems += [
            f"{label}: unknown evidence type '{e}' (use {', '.join(EVIDENCE_TYPES)})"
            for e in evidence
            if e not in EVIDENCE_TYPES
        ]
        weight = _weight(entry.get("weight"), label, problems)
        source = where if placed else ""
        questions.append(
            Question(qid, category, text, tuple(iso_ids), tuple(criteria), tuple(evidence), weight, source=source)
        )
        labels.append(label)
    if not entries:
        problems.append("the bank has no questions")
    if problems:  # questions without ids are not among them: they can be given suggestions
        _refuse(path, "invalid question bank", problems)
    suggested_by = ""
    if without_ids:
        if suggest_with is None:
            count = f"{len(without_ids)} question{'s' if len(without_ids) > 1 else ''}"
            hint = f"{count} without ISO 42001 ids; add the ids, or run check-bank to get suggestions"
            _refuse(path, hint, [labels[i] for i in without_ids], error=MissingIsoIds)
        suggested_by = _model_name(suggest_with)
        problems = _suggest(questions, without_ids, labels, suggest_with, catalog, config)
        if problems:
            _refuse(path, "invalid question bank", problems)
    return QuestionBank(
        name=str(header.get("name") or path.stem),
        version=str(header.get("version") or ""),
        categories=categories,
        questions=tuple(questions),
        source=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        mapping=tuple(mapping),
        suggested_by=suggested_by,
    )


def _refuse(path: Path, summary: str, problems: list[str], error: type[InputError] = InputError) -> None:
    """Raise one error listing the first problems."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    raise error(path, f"{summary}: " + "; ".join(shown))


def _suggest(
    questions: list[Question],
    indexes: list[int],
    labels: list[str],
    embedder: Embedder,
    catalog: Catalog,
    config: ScoringConfig | None,
) -> list[str]:
    """Fill in suggested ids in place: the best clauses for the question's text, by the ``bank_suggestions`` rules."""
    from assessor.matching import ClauseMatcher
    from scoring.config import load_config

    config = config or load_config()
    rules = config["bank_suggestions"]
    ranked = ClauseMatcher(embedder, catalog).rank([questions[i].text for i in indexes], config["matching"])
    problems = []
    for index, scores in zip(indexes, ranked):
        best = scores[0]
        chosen = [
            clause
            for clause in scores[: int(rules["max_ids"])]
            if clause.score >= rules["min_similarity"] and best.score - clause.score <= rules["within_best"]
        ]
        if not chosen:
            problems.append(
                f"{labels[index]}: no ISO 42001 ids, and no clause is similar enough to suggest "
                f"(best: {best.id} {best.title}, {best.score:.2f}); add the ids"
            )
            continue
        ids = tuple(clause.id for clause in chosen)
        scores_kept = tuple(clause.score for clause in chosen)
        questions[index] = replace(
            questions[index], iso42001=ids, iso42001_suggested=ids, suggestion_scores=scores_kept
        )
    return problems


def _model_name(embedder: Embedder) -> str:
    """The model's name and weights hash, as far as the embedder tells them."""
    identity = getattr(embedder, "identity", None)
    if identity is None:
        return type(embedder).__name__
    digest = getattr(identity, "weights_sha256", "")
    named = f"{identity.name} (weights {digest[:12]})" if digest else str(identity.name)
    backend, exported = getattr(identity, "backend", "torch"), getattr(identity, "onnx_sha256", "")
    return named if backend == "torch" else f"{named} [{backend} {exported[:12]}]"


def _weight(raw: object, label: str, problems: list[str]) -> float:
    if raw in (None, ""):
        return 1.0
    try:
        weight = float(raw)
    except (TypeError, ValueError):
        problems.append(f"{label}: weight '{raw}' is not a number")
        return 1.0
    if not 0 < weight <= 100:
        problems.append(f"{label}: weight must be above 0 and at most 100")
    return weight
