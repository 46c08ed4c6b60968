import csv

import pytest
import yaml
from openpyxl import Workbook

from assessor.errors import InputError
from question_bank import CRITERIA, EVIDENCE_TYPES, load_bank
from question_bank.bank import DEFAULT_BANK_PATH

MANDATORY_QUESTIONS = [
    "What is your documented process for identifying where your AI can cause harm in customer interactions?",
    "Who owns AI governance inside your organization, and how are accountability decisions made?",
    "How do you monitor model performance in production, and what triggers a review or rollback?",
    "What does your incident response process look like when the AI produces a bad outcome at scale?",
    "Does your AI train on our conversations or other customer data?",
    "How long do you retain our data, including AI inputs and outputs, and how is it protected?",
    "What controls exist around AI-generated responses before they reach our customers?",
    "How is your AI governance integrated with your information security and privacy management systems?",
    "How often does leadership review AI risk, and what happened as a result of the last review?",
    "What were the findings of your most recent AI management system audit, and how were they addressed?",
    "Is your AI management system certified to ISO/IEC 42001, and what is the certificate's scope and validity?",
    "How do you prevent one customer's data from surfacing in another customer's AI interactions?",
]
CATEGORIES = {
    "harm_risk",
    "ownership",
    "monitoring",
    "incident_response",
    "data_use_training",
    "retention_protection",
    "output_controls",
    "security_privacy",
    "leadership_improvement",
    "certification",
    "tenant_isolation",
    "transparency",
    "third_parties",
}
CSV_HEADER = ["Question ID", "Category", "Question", "ISO42001", "Criteria", "Evidence", "Weight"]


def write_yaml_bank(path, questions, categories=None):
    path.write_text(
        yaml.safe_dump({"name": "Custom", "categories": categories or {"gov": "Governance"}, "questions": questions})
    )
    return path


def question(**overrides):
    base = {
        "id": "Q1",
        "category": "gov",
        "text": "Who owns AI governance?",
        "iso42001": ["5.3"],
        "criteria": ["owner"],
        "evidence": ["policy"],
        "weight": 2,
    }
    return base | overrides


def test_default_bank_has_the_mandatory_questions_verbatim(bank):
    texts = [q.text for q in bank.questions]
    for mandatory in MANDATORY_QUESTIONS:
        assert texts.count(mandatory) == 1, mandatory


def test_default_bank_covers_every_category_with_complete_questions(bank, catalog):
    assert len(bank.questions) >= 25
    assert set(bank.categories) == CATEGORIES
    assert {q.category for q in bank.questions} == CATEGORIES
    for q in bank.questions:
        assert q.iso42001 and all(node in catalog for node in q.iso42001)
        assert q.criteria and set(q.criteria) <= set(CRITERIA)
        assert q.evidence and set(q.evidence) <= set(EVIDENCE_TYPES) and "marketing" not in q.evidence
        assert 1 <= q.weight <= 3


def test_unknown_clause_id_names_bank_file_question_and_clause(tmp_path):
    path = write_yaml_bank(tmp_path / "mybank.yaml", [question(id="GOV-7", iso42001=["5.3", "A.99.1"])])
    with pytest.raises(InputError, match=r"mybank\.yaml.*question GOV-7: unknown ISO 42001 id 'A\.99\.1'"):
        load_bank(path)


def test_every_problem_in_a_bank_is_reported_at_once(tmp_path):
    path = write_yaml_bank(
        tmp_path / "bank.yaml",
        [
            question(id="Q1"),
            question(id="Q1", criteria=["vibes"]),
            question(id="Q2", category="nope", evidence=["rumour"], weight="heavy"),
            question(id="Q3", text=""),
        ],
    )
    with pytest.raises(InputError) as caught:
        load_bank(path)
    message = str(caught.value)
    for expected in [
        "question Q1: duplicate question id",
        "question Q1: unknown criterion 'vibes'",
        "question Q2: unknown category 'nope'",
        "question Q2: unknown evidence type 'rumour'",
        "question Q2: weight 'heavy' is not a number",
        "question Q3: missing question text",
    ]:
        assert expected in message


def test_bank_file_that_is_not_yaml_is_reported(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("questions: [unclosed")
    with pytest.raises(InputError, match=r"broken.yaml \(line \d+, column \d+\): not valid YAML"):
        load_bank(path)


def test_custom_bank_from_csv_with_free_text_categories(tmp_path):
    path = tmp_path / "custom.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerow(
            [
                "C-1",
                "Model risk",
                "How do you test models before release?",
                "A.6.2.4; 8.2",
                "process_steps, threshold",
                "procedure",
                "3",
            ]
        )
        writer.writerow(["C-2", "Vendors", "Which sub-processors see our data?", "A.10.3", "scope", "contract", ""])
    bank = load_bank(path)
    assert [q.id for q in bank.questions] == ["C-1", "C-2"]
    assert bank.questions[0].iso42001 == ("A.6.2.4", "8.2")
    assert bank.questions[0].criteria == ("process_steps", "threshold")
    assert bank.questions[1].weight == 1.0
    assert bank.categories == {"model_risk": "Model risk", "vendors": "Vendors"}


def test_custom_bank_from_xlsx_reports_row_of_bad_clause(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CSV_HEADER)
    sheet.append(["X-1", "Ops", "How do you roll back?", "A.6.2.6", "threshold", "procedure", 2])
    sheet.append(["X-2", "Ops", "How do you log events?", "A.6.2.88", "", "", 1])
    path = tmp_path / "custom.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match=r"custom\.xlsx.*question X-2: unknown ISO 42001 id 'A\.6\.2\.88'"):
        load_bank(path)


def test_csv_bank_missing_required_columns(tmp_path):
    path = tmp_path / "thin.csv"
    path.write_text("id,question\nQ1,Who owns AI?\n")
    with pytest.raises(
        InputError, match=r"thin.csv \(row 1\): missing required column\(s\) category; found: id, question"
    ):
        load_bank(path)


def test_default_bank_file_hash_is_recorded(bank):
    import hashlib

    assert bank.sha256 == hashlib.sha256(DEFAULT_BANK_PATH.read_bytes()).hexdigest()
