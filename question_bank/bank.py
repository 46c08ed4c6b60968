"""Buyer question banks: load from YAML, CSV or XLSX and validate against the catalog."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assessor.errors import InputError
from assessor.tabular import read_table
from question_bank.catalog import Catalog, load_catalog

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
TABLE_COLUMN_ALIASES = {
    "id": ("id", "question_id"),
    "text": ("text", "question"),
    "category": ("category",),
    "iso42001": ("iso42001", "iso_42001", "iso_ids", "clauses"),
    "criteria": ("criteria", "specific_answer_names"),
    "evidence": ("evidence", "evidence_expected"),
    "weight": ("weight",),
}


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    text: str
    iso42001: tuple[str, ...]
    criteria: tuple[str, ...]
    evidence: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class QuestionBank:
    name: str
    version: str
    categories: dict[str, str]
    questions: tuple[Question, ...]
    source: str
    sha256: str

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def category_title(self, category_id: str) -> str:
        return self.categories.get(category_id, category_id)


def load_bank(path: str | Path | None = None, catalog: Catalog | None = None) -> QuestionBank:
    """Load a bank (the packaged default when ``path`` is None) and validate it."""
    if path is None and catalog is None:
        return _default_bank()
    path = Path(path) if path is not None else DEFAULT_BANK_PATH
    catalog = catalog or load_catalog()
    if not path.is_file():
        raise InputError(path, "question bank file not found")
    if path.suffix.lower() in {".yaml", ".yml"}:
        header, raw_questions = _read_yaml(path)
    else:
        header, raw_questions = _read_tabular(path)
    return _validate(path, header, raw_questions, catalog)


@lru_cache(maxsize=1)
def _default_bank() -> QuestionBank:
    return load_bank(DEFAULT_BANK_PATH)


def _read_yaml(path: Path) -> tuple[dict, list[tuple[str, dict]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InputError(path, "expected a mapping with a 'questions' list")
    entries = []
    for index, entry in enumerate(data["questions"], start=1):
        if not isinstance(entry, dict):
            raise InputError(path, "each question must be a mapping of fields", f"question {index}")
        entries.append((f"question {index}", entry))
    return data, entries


def _read_tabular(path: Path) -> tuple[dict, list[tuple[str, dict]]]:
    table = read_table(path, fits=lambda columns: "category" in columns)
    columns = {}
    for field, aliases in TABLE_COLUMN_ALIASES.items():
        found = next((alias for alias in aliases if alias in table.columns), None)
        if found:
            columns[field] = found
    missing = [field for field in ("id", "text", "category", "iso42001") if field not in columns]
    if missing:
        raise InputError(path, f"missing required column(s) {', '.join(missing)}; found: {', '.join(table.columns)}")
    entries = [(f"row {row.line}", {field: row.get(column) for field, column in columns.items()}) for row in table.rows]
    return {"name": path.stem}, entries


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in LIST_SEPARATOR.split(str(value)) if part.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _validate(path: Path, header: dict, entries: list[tuple[str, dict]], catalog: Catalog) -> QuestionBank:
    raw_categories = header.get("categories") or {}
    if not isinstance(raw_categories, dict):
        raise InputError(path, "'categories' must map category ids to titles")
    categories = {str(k): str(v) for k, v in raw_categories.items()}
    declared_categories = bool(categories)
    problems: list[str] = []
    questions: list[Question] = []
    seen_ids: set[str] = set()
    for where, entry in entries:
        qid = str(entry.get("id") or "").strip()
        label = f"question {qid}" if qid else where
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
            problems.append(f"{label}: no expected ISO 42001 ids")
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
        questions.append(Question(qid, category, text, tuple(iso_ids), tuple(criteria), tuple(evidence), weight))
    if not entries:
        problems.append("the bank has no questions")
    if problems:
        shown = problems[:25] + ([f"... and {len(problems) - 25} more"] if len(problems) > 25 else [])
        raise InputError(path, "invalid question bank: " + "; ".join(shown))
    return QuestionBank(
        name=str(header.get("name") or path.stem),
        version=str(header.get("version") or ""),
        categories=categories,
        questions=tuple(questions),
        source=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


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
