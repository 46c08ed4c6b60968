"""Judgment benchmark: are an answer's claims judged against the evidence as a skeptical analyst would?

Each case in benchmarks/data/judgment_cases.yaml is one answer to a default-bank question with one or
two evidence documents, generated as PDFs at run time. Every case is assessed as its own vendor (one
answers row, its own evidence folder) with one shared Engine, as of 1 December 2026. Classes and what
passes:

  invented_detail         specific facts the on-topic evidence never states: rated below strong, and at
                          least one claim not found (or the ``unsupported_claim`` flag)
  true_evidenced          facts the evidence states, often in other words: no ``contradicted_by_evidence``
  contradiction_number    a duration, percentage or count differs       -> ``contradicted_by_evidence``
  contradiction_cadence   a review or test cadence differs              -> ``contradicted_by_evidence``
  contradiction_polarity  the answer denies what the evidence allows    -> ``contradicted_by_evidence``
  contradiction_plan      a current certificate or control claimed (beside a plan) that the evidence
                          shows expired, narrower or not yet in place   -> ``contradicted_by_evidence``
  lookalike               shares words or numbers with the evidence but does not conflict with it:
                          no ``contradicted_by_evidence``

Prints passed/total per class with the failing case ids, then the summary figures. "False
contradictions" counts the non-contradiction cases (true_evidenced, lookalike, invented_detail) flagged
``contradicted_by_evidence``. Always exits 0: it is a measurement. ``run(engine)`` returns the figures.
"""

from __future__ import annotations

import csv
import datetime
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.workspace import fresh_cache

ROOT = Path(__file__).resolve().parents[1]
CASES_YAML = ROOT / "benchmarks" / "data" / "judgment_cases.yaml"
AS_OF = datetime.date(2026, 12, 1)
CONTRADICTED_FLAG = "contradicted_by_evidence"
UNSUPPORTED_FLAG = "unsupported_claim"
CONTRADICTION_CLASSES = (
    "contradiction_number",
    "contradiction_cadence",
    "contradiction_polarity",
    "contradiction_plan",
)
CLASSES = ("invented_detail", "true_evidenced", *CONTRADICTION_CLASSES, "lookalike")
NON_CONTRADICTION_CLASSES = ("true_evidenced", "lookalike", "invented_detail")


@dataclass(frozen=True)
class Case:
    id: str
    klass: str
    question: str
    answer: str
    evidence: tuple[dict, ...]
    refs: str = ""
    note: str = ""


@dataclass
class Outcome:
    case: Case
    rating: str = ""
    overall: float = 0.0
    flags: tuple[str, ...] = ()
    statuses: dict[str, int] = field(default_factory=dict)  # claim-check status -> count
    claims_supported: int | None = None
    claims_total: int | None = None
    error: str = ""

    @property
    def contradicted(self) -> bool:
        return CONTRADICTED_FLAG in self.flags

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        klass = self.case.klass
        if klass == "invented_detail":
            unsupported = self.statuses.get("not_found", 0) > 0 or UNSUPPORTED_FLAG in self.flags
            return self.rating != "strong" and unsupported
        if klass in CONTRADICTION_CLASSES:
            return self.contradicted
        return not self.contradicted  # true_evidenced, lookalike

    def reason(self) -> str:
        if self.error:
            return f"error: {self.error}"
        checks = ", ".join(f"{status} {count}" for status, count in sorted(self.statuses.items())) or "none"
        claims = ""
        if self.claims_total is not None:
            claims = f"; claims supported {self.claims_supported}/{self.claims_total}"
        flags = ", ".join(self.flags) or "none"
        return f"rating {self.rating}, overall {self.overall:.1f}, flags [{flags}]; checks [{checks}]{claims}"


def load_cases(path: Path = CASES_YAML) -> list[Case]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for row in data["cases"]:
        if row["class"] not in CLASSES:
            raise ValueError(f"{row['id']}: unknown class {row['class']!r}")
        cases.append(
            Case(
                id=row["id"],
                klass=row["class"],
                question=row["question"],
                answer=" ".join(str(row["answer"]).split()),
                evidence=tuple(row["evidence"]),
                refs=row.get("refs", "") or "",
                note=row.get("note", "") or "",
            )
        )
    ids = [case.id for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return cases


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_") or "document"


def build_case(case: Case, folder: Path, bank) -> tuple[Path, Path]:
    """Write the case's answers.csv and evidence PDFs under ``folder``."""
    from tests.pdf_factory import text_pdf

    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    for number, doc in enumerate(case.evidence, start=1):
        title = doc["title"]
        pages = [list(page) if isinstance(page, list) else [page] for page in doc["pages"]]
        pages[0] = [title, *pages[0]]  # the title is page 1's bold heading, as on a real document
        text_pdf(evidence / f"{number:02d}_{_slug(title)}.pdf", [[str(p) for p in page] for page in pages], title)
    question = bank.get(case.question)
    if question is None:
        raise ValueError(f"{case.id}: question {case.question} is not in the default bank")
    answers = folder / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "question", "answer", "evidence"])
        writer.writerow([case.question, question.text, case.answer, case.refs])
    return answers, evidence


def _flag_codes(result) -> tuple[str, ...]:
    codes = getattr(result, "flag_codes", None)
    if codes is None:
        codes = tuple(getattr(flag, "code", str(flag)) for flag in getattr(result, "flags", ()) or ())
    return tuple(codes)


def _read(outcome: Outcome, result) -> None:
    outcome.rating = str(getattr(result, "rating", ""))
    outcome.overall = float(getattr(result, "overall", 0.0) or 0.0)
    outcome.flags = _flag_codes(result)
    evidence = getattr(result, "evidence", None)
    checks = tuple(getattr(evidence, "checks", ()) or ())
    for check in checks:
        status = str(getattr(check, "status", "?"))
        outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
    for name in ("claims_supported", "claims_total"):
        value = getattr(result, name, None)
        if value is None:
            value = getattr(evidence, name, None)
        setattr(outcome, name, value if isinstance(value, int) else None)


def assess_case(case: Case, engine, bank, work: Path) -> Outcome:
    from assessor.pipeline import prepare, score

    outcome = Outcome(case)
    try:
        answers, evidence = build_case(case, work / case.id, bank)
        prepared = prepare(case.id, answers, [evidence], engine, bank=bank, workers=1)
        assessment = score(prepared, engine, as_of=AS_OF)
        result = next(
            (q for q in assessment.result.questions if getattr(q.question, "id", None) == case.question), None
        )
        if result is None:
            outcome.error = f"no result for {case.question}"
        else:
            _read(outcome, result)
    except Exception as error:  # one broken case must not hide the others' figures
        outcome.error = f"{type(error).__name__}: {error}"
    return outcome


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def summarise(outcomes: list[Outcome]) -> dict:
    by_class = {klass: [o for o in outcomes if o.case.klass == klass] for klass in CLASSES}
    classes = {
        klass: {
            "passed": sum(o.passed for o in rows),
            "total": len(rows),
            "failing": [(o.case.id, o.reason()) for o in rows if not o.passed],
        }
        for klass, rows in by_class.items()
    }
    true_overall = _mean([o.overall for o in by_class["true_evidenced"] if not o.error])
    invented_overall = _mean([o.overall for o in by_class["invented_detail"] if not o.error])
    gap = round(true_overall - invented_overall, 1) if None not in (true_overall, invented_overall) else None
    contradiction_rows = [o for klass in CONTRADICTION_CLASSES for o in by_class[klass]]
    clean_rows = [o for klass in NON_CONTRADICTION_CLASSES for o in by_class[klass]]
    return {
        "classes": classes,
        "invented_rated_strong": sum(o.rating == "strong" for o in by_class["invented_detail"]),
        "true_evidenced_mean_overall": true_overall,
        "invented_mean_overall": invented_overall,
        "gap": gap,
        "contradictions_caught": sum(o.contradicted for o in contradiction_rows),
        "contradictions_total": len(contradiction_rows),
        "false_contradictions": sum(o.contradicted for o in clean_rows),
        "false_contradictions_total": len(clean_rows),
        "errors": [(o.case.id, o.error) for o in outcomes if o.error],
        "cases": {
            o.case.id: {
                "class": o.case.klass,
                "passed": o.passed,
                "rating": o.rating,
                "overall": o.overall,
                "flags": list(o.flags),
                "checks": dict(o.statuses),
                "error": o.error,
            }
            for o in outcomes
        },
    }


def run(engine=None) -> dict:
    """Assess every case and return the figures (see ``summarise``); builds an Engine if none is given."""
    with fresh_cache("assessor-judgment-") as work:
        from assessor.pipeline import Engine
        from question_bank import load_bank

        cases = load_cases()
        bank = load_bank()
        engine = engine or Engine.load()
        return summarise([assess_case(case, engine, bank, work / "cases") for case in cases])


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def report(figures: dict) -> None:
    print(f"Judgment benchmark: {len(figures['cases'])} cases, as of {AS_OF.isoformat()}")
    for klass, row in figures["classes"].items():
        print(f"  {klass:<24} {row['passed']:>2}/{row['total']}")
        for case_id, reason in row["failing"]:
            print(f"      FAIL {case_id}: {reason}")
        if klass in ("true_evidenced", "invented_detail"):
            scores = [f"{cid} {c['overall']:.1f}" for cid, c in figures["cases"].items() if c["class"] == klass]
            print(f"      overall: {', '.join(scores)}")
    print(f"invented rated strong: {figures['invented_rated_strong']}")
    print(f"true evidenced mean overall: {_fmt(figures['true_evidenced_mean_overall'])}")
    print(f"invented mean overall: {_fmt(figures['invented_mean_overall'])}")
    print(f"gap (true - invented): {_fmt(figures['gap'])}")
    print(f"contradictions caught: {figures['contradictions_caught']}/{figures['contradictions_total']}")
    print(f"false contradictions: {figures['false_contradictions']}/{figures['false_contradictions_total']}")
    if figures["errors"]:
        print(f"cases that failed to run: {len(figures['errors'])}")


def main() -> int:
    report(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
