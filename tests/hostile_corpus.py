"""The team's hostile corpus: one vendor folder per class of hostile or broken input, each beside good files.

``build_corpus(root)`` writes ``root/vendors/<case>/`` (answers and evidence), a buyer bank whose names and
category titles are formulas, and a config with tight limits; ``tests/test_hostile_corpus.py`` runs the whole
batch over it and checks the outcome. Run ``python -m tests.hostile_corpus OUT`` to write it for a look.

Each evidence case keeps a good policy (``policy.pdf``) and a good answer it backs, so the run shows the good
file still cited beside the bad one; each answers case keeps the good policy too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.pdf_factory import text_pdf
from tests.test_answer_limits import (
    HEADER_ROW,
    big_answer_csv,
    damaged_member_xlsx,
    dimension_bomb_xlsx,
    handmade_xlsx,
    many_rows_csv,
    shared_strings_bomb_xlsx,
    unclosed_quote_csv,
    unquoted_commas_csv,
)
from tests.test_hostile_inputs import cyclic_page_tree, decompression_bomb

GOOD_ID = "OW-01"
GOOD_ANSWER = (
    "Dana Ruiz, our Head of AI Risk, owns AI governance. The AI Risk Committee meets monthly, approves every "
    "model release and records its decisions, as the AI Governance Policy AIG-01 sets out."
)
GOOD_POLICY = [
    "AI Governance Policy AIG-01. Dana Ruiz, Head of AI Risk, owns AI governance. "
    "The AI Risk Committee meets monthly, approves every model release and records each decision in its minutes."
]
SECRET_MARK = "root:x:0:0"  # the first line of /etc/passwd: must appear in no output
ESCAPE = "\x1b[2J\r OK"  # clears a terminal and fakes a status line: must never reach one raw
LIMITS = {
    "evidence_limits": {"file_timeout_s": 15, "budget_s": 60, "memory_mb": 768},
    "answer_limits": {"reader_timeout_s": 30, "reader_memory_mb": 768},
}


@dataclass(frozen=True)
class Case:
    """One vendor folder: what it holds (``build``), and whether its good evidence must be cited in the run."""

    name: str
    build: Callable[[Path], None]
    cites_good_evidence: bool


def good_answers(folder: Path, extra: str = "") -> None:
    (folder / "answers.csv").write_text(f'question_id,answer\n{GOOD_ID},"{GOOD_ANSWER}"\n{extra}', encoding="utf-8")


def good_evidence(folder: Path) -> Path:
    evidence = folder / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    text_pdf(evidence / "policy.pdf", GOOD_POLICY)
    return evidence


def evidence_case(add: Callable[[Path], None]) -> Callable[[Path], None]:
    """A vendor with the good answer and policy, and one hostile thing ``add`` puts in its evidence folder."""

    def build(folder: Path) -> None:
        good_answers(folder)
        add(good_evidence(folder))

    return build


def answers_case(write: Callable[[Path], Path], name: str = "answers.csv") -> Callable[[Path], None]:
    """A vendor whose answers file is hostile (``write`` makes it), with the good policy as evidence."""

    def build(folder: Path) -> None:
        good_evidence(folder)
        write(folder / name)

    return build


def write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda evidence: (evidence / name).write_bytes(data)


def symlink(name: str, target: str) -> Callable[[Path], None]:
    return lambda evidence: (evidence / name).symlink_to(target)


def fifo(name: str) -> Callable[[Path], None]:
    return lambda evidence: os.mkfifo(evidence / name)


def big_text(evidence: Path) -> None:
    """48 MB of distinct text: read to the character limit, the rest not used."""
    with (evidence / "log.txt").open("w", encoding="utf-8") as out:
        for number in range(800_000):
            out.write(f"Event {number} was reviewed by the on-call engineer and closed as expected.\n")


def html_named_pdf(evidence: Path) -> None:
    page = "<!doctype html><html><body><h1>Trust centre</h1><p>We encrypt customer data at rest.</p></body></html>"
    (evidence / "trust.pdf").write_text(page, encoding="utf-8")


def escaped_name(evidence: Path) -> None:
    (evidence / f"note{ESCAPE}.txt").write_text("Our models are retrained quarterly.", encoding="utf-8")


def answers_with_controls(path: Path) -> Path:
    """An answer with NUL, escapes and a formula, after a first answer long enough not to look binary."""
    path.write_text(
        f'question_id,answer\n{GOOD_ID},"{GOOD_ANSWER}"\n'
        f'HR-01,"We\x00 review{ESCAPE} harms quarterly."\nHR-02,"=HYPERLINK(""http://x.example"",""click"")"\n',
        encoding="utf-8",
    )
    return path


def alias_bomb_yaml(folder: Path) -> None:
    good_answers(folder)
    good_evidence(folder)
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for depth in range(1, 9):
        previous = chr(ord("a") + depth - 1)
        levels.append(f"{chr(ord('a') + depth)}: &{chr(ord('a') + depth)} [" + ",".join([f"*{previous}"] * 9) + "]")
    (folder / "vendor.yaml").write_text("name: Bomb\n" + "\n".join(levels) + "\n", encoding="utf-8")


def tagged_yaml(folder: Path) -> None:
    good_answers(folder)
    good_evidence(folder)
    (folder / "vendor.yaml").write_text("name: !!python/object/apply:os.system ['true']\n", encoding="utf-8")


def answers_linked_out(folder: Path) -> None:
    good_evidence(folder)
    (folder / "answers.csv").symlink_to("/etc/passwd")


def answers_fifo(folder: Path) -> None:
    good_evidence(folder)
    os.mkfifo(folder / "answers.csv")


UNCLOSED_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>HR'  # the sheet's XML stops mid-element
MISSING_STRING = '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'  # a shared string the file does not have
WORDS_IN_NUMBER = '<row r="2"><c r="A2" t="inlineStr"><is><t>HR-01</t></is></c><c r="B2" t="n"><v>twelve</v></c></row>'


def sheet_cell(rows_xml: str) -> Callable[[Path], Path]:
    return lambda path: handmade_xlsx(path, HEADER_ROW + rows_xml)


CASES = (
    # evidence beside the good policy
    Case("evidence-link-to-passwd", evidence_case(symlink("passwd.txt", "/etc/passwd")), True),
    Case("evidence-link-to-dev-zero", evidence_case(symlink("zero.pdf", "/dev/zero")), True),
    Case("evidence-fifo", evidence_case(fifo("pipe.pdf")), True),
    Case("evidence-48mb-text", evidence_case(big_text), True),
    Case("evidence-pdf-bomb", evidence_case(write_bytes("bomb.pdf", decompression_bomb())), True),
    Case("evidence-cyclic-pdf", evidence_case(write_bytes("cyclic.pdf", cyclic_page_tree())), True),
    Case("evidence-html-named-pdf", evidence_case(html_named_pdf), True),
    Case("evidence-escape-in-name", evidence_case(escaped_name), True),
    # answers files
    Case("answers-24mb-answer", answers_case(lambda p: big_answer_csv(p, 24)), False),
    Case("answers-100k-unmatched-rows", answers_case(lambda p: many_rows_csv(p, 100_000, distinct=True)), False),
    Case("answers-500k-rows-one-question", answers_case(lambda p: many_rows_csv(p, 500_000, distinct=False)), False),
    Case("answers-dimension-bomb", answers_case(dimension_bomb_xlsx, "answers.xlsx"), False),
    Case("answers-shared-strings-bomb", answers_case(shared_strings_bomb_xlsx, "answers.xlsx"), False),
    Case("answers-malformed-sheet-xml", answers_case(sheet_cell(UNCLOSED_ROW), "answers.xlsx"), False),
    Case("answers-shared-string-out-of-range", answers_case(sheet_cell(MISSING_STRING), "answers.xlsx"), False),
    Case("answers-number-cell-twelve", answers_case(sheet_cell(WORDS_IN_NUMBER), "answers.xlsx"), False),
    Case("answers-damaged-zip-member", answers_case(damaged_member_xlsx, "answers.xlsx"), False),
    Case("answers-unclosed-quote", answers_case(unclosed_quote_csv), False),
    Case("answers-unquoted-commas", answers_case(unquoted_commas_csv), False),
    Case("answers-control-characters", answers_case(answers_with_controls), True),
    Case("answers-linked-to-passwd", answers_linked_out, False),
    Case("answers-fifo", answers_fifo, False),
    # vendor.yaml
    Case("vendor-yaml-alias-bomb", alias_bomb_yaml, False),
    Case("vendor-yaml-python-tag", tagged_yaml, False),
    # a good vendor, reached a second time through a link
    Case("good-vendor", evidence_case(lambda evidence: None), True),
)


def hostile_bank(path: Path) -> Path:
    """The default bank with a name, version and category titles a spreadsheet would run as formulas."""
    from question_bank.bank import DEFAULT_BANK_PATH

    bank = yaml.safe_load(DEFAULT_BANK_PATH.read_text(encoding="utf-8"))
    bank["name"], bank["version"] = "=cmd|' /C calc'!A0", "+1"
    for number, key in enumerate(bank["categories"]):
        bank["categories"][key] = ("-", "@", "=")[number % 3] + bank["categories"][key]
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return path


def build_corpus(root: Path) -> tuple[Path, Path, Path]:
    """Write the corpus under ``root``: (vendors folder, bank, config)."""
    vendors = root / "vendors"
    for case in CASES:
        folder = vendors / case.name
        folder.mkdir(parents=True)
        case.build(folder)
    (vendors / "good-vendor-again").symlink_to(vendors / "good-vendor")  # scored once
    (vendors / "link-out-of-the-portfolio").symlink_to("/etc")  # never walked
    config = root / "limits.yaml"
    config.write_text(yaml.safe_dump(LIMITS), encoding="utf-8")
    return vendors, hostile_bank(root / "bank.yaml"), config


if __name__ == "__main__":
    print(build_corpus(Path(sys.argv[1]))[0])
