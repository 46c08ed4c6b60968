"""Answer benchmark: relevance, off-topic, paraphrase and reference cases, judged as an analyst would.

Every YAML file in benchmarks/data/answer_cases/ holds cases in the team's own words. A case is one
vendor: answers by question id (``answers``), optionally the evidence column (``refs``) and plain-text
evidence files (``evidence``), and what must hold per question (``expect``):

  flags_include / flags_exclude   flag codes that must / must not be raised
  rating_at_least                 insufficient < weak < adequate < strong
  evidence_at_most                the evidence score is at most this
  specificity_at_most / _at_least the specificity score is within this bound
  by_reference                    the answer was judged by the section it refers to

Each case is assessed as its own vendor (one shared Engine, as of 1 December 2026). Prints
passed/total per class with each failing case and the reason. Always exits 0: it is a measurement.
``run(engine)`` returns the figures.
"""

from __future__ import annotations

import csv
import datetime
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.workspace import fresh_cache

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "benchmarks" / "data" / "answer_cases"
AS_OF = datetime.date(2026, 12, 1)
RATINGS = ("insufficient", "weak", "adequate", "strong")
EXPECT_KEYS = {
    "flags_include",
    "flags_exclude",
    "rating_at_least",
    "evidence_at_most",
    "specificity_at_most",
    "specificity_at_least",
    "by_reference",
}


@dataclass(frozen=True)
class Case:
    id: str
    klass: str
    source: str  # the YAML file it came from
    answers: dict[str, str]
    refs: dict[str, str]
    evidence: dict[str, str]
    expect: dict[str, dict]


@dataclass
class Outcome:
    case: Case
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    import yaml

    cases = []
    for path in sorted(folder.glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases") or []:
            where = f"{path.name}: case {row.get('id', '?')}"
            expect = row.get("expect") or {}
            unknown = {key for rules in expect.values() for key in rules} - EXPECT_KEYS
            if unknown:
                raise ValueError(f"{where}: unknown expect keys {', '.join(sorted(unknown))}")
            missing = set(expect) - set(row.get("answers") or {})
            if missing:
                raise ValueError(f"{where}: expectations for unanswered questions {', '.join(sorted(missing))}")
            cases.append(
                Case(
                    id=str(row["id"]),
                    klass=str(row["class"]),
                    source=path.name,
                    answers={str(k): " ".join(str(v).split()) for k, v in (row.get("answers") or {}).items()},
                    refs={str(k): str(v) for k, v in (row.get("refs") or {}).items()},
                    evidence={str(k): str(v) for k, v in (row.get("evidence") or {}).items()},
                    expect={str(k): dict(v) for k, v in expect.items()},
                )
            )
    ids = [case.id for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return cases


def build_case(case: Case, folder: Path, bank) -> tuple[Path, Path]:
    """Write the case's answers.csv and evidence files under ``folder``."""
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    for name, text in case.evidence.items():
        (evidence / name).write_text(text, encoding="utf-8")
    answers = folder / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "question", "answer", "evidence"])
        for qid, answer in case.answers.items():
            question = bank.get(qid)
            if question is None:
                raise ValueError(f"{case.id}: question {qid} is not in the default bank")
            writer.writerow([qid, question.text, answer, case.refs.get(qid, "")])
    return answers, evidence


def check(result, rules: dict) -> list[str]:
    """What of ``rules`` the question result does not meet, in words."""
    problems = []
    flags = set(result.flag_codes)
    for code in rules.get("flags_include", ()):
        if code not in flags:
            problems.append(f"no {code} flag")
    for code in rules.get("flags_exclude", ()):
        if code in flags:
            problems.append(f"{code} flag raised")
    if "rating_at_least" in rules and RATINGS.index(result.rating) < RATINGS.index(rules["rating_at_least"]):
        problems.append(f"rated {result.rating} ({result.overall:.0f}), expected {rules['rating_at_least']} or better")
    if "evidence_at_most" in rules and result.evidence.score > rules["evidence_at_most"]:
        problems.append(f"evidence {result.evidence.score:.0f} > {rules['evidence_at_most']}")
    if "specificity_at_most" in rules and result.specificity.score > rules["specificity_at_most"]:
        problems.append(f"specificity {result.specificity.score:.0f} > {rules['specificity_at_most']}")
    if "specificity_at_least" in rules and result.specificity.score < rules["specificity_at_least"]:
        problems.append(f"specificity {result.specificity.score:.0f} < {rules['specificity_at_least']}")
    if "by_reference" in rules and bool(getattr(result, "by_reference", None)) != bool(rules["by_reference"]):
        problems.append("judged by reference" if rules["by_reference"] is False else "not judged by reference")
    return problems


def assess_case(case: Case, engine, bank, work: Path) -> Outcome:
    from assessor.pipeline import prepare, score

    outcome = Outcome(case)
    try:
        answers, evidence = build_case(case, work / case.id, bank)
        prepared = prepare(case.id, answers, [evidence], engine, bank=bank, workers=1)
        results = {r.question.id: r for r in score(prepared, engine, as_of=AS_OF).result.questions}
        for qid, rules in case.expect.items():
            outcome.problems += [f"{qid}: {problem}" for problem in check(results[qid], rules)]
    except Exception as error:  # one broken case must not hide the others' figures
        outcome.problems.append(f"error: {type(error).__name__}: {error}")
    return outcome


def summarise(outcomes: list[Outcome]) -> dict:
    classes: dict[str, dict] = {}
    for outcome in outcomes:
        row = classes.setdefault(outcome.case.klass, {"passed": 0, "total": 0, "failing": []})
        row["total"] += 1
        row["passed"] += outcome.passed
        if not outcome.passed:
            row["failing"].append((outcome.case.id, "; ".join(outcome.problems)))
    return {"classes": classes, "passed": sum(o.passed for o in outcomes), "total": len(outcomes)}


def run(engine=None) -> dict:
    """Assess every case and return the figures (see ``summarise``); builds an Engine if none is given."""
    with fresh_cache("assessor-answers-") as work:
        from assessor.pipeline import Engine
        from question_bank import load_bank

        cases, bank = load_cases(), load_bank()
        engine = engine or Engine.load()
        return summarise([assess_case(case, engine, bank, work / "cases") for case in cases])


def main() -> int:
    figures = run()
    print(f"Answer benchmark: {figures['total']} cases, as of {AS_OF.isoformat()}")
    for klass, row in sorted(figures["classes"].items()):
        print(f"  {klass:<24} {row['passed']:>3}/{row['total']}")
        for case_id, reason in row["failing"]:
            print(f"      FAIL {case_id}: {reason}")
    print(f"passed: {figures['passed']}/{figures['total']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
