"""Buyer question banks in the buyer's own workbook shape, and ISO 42001 ids suggested where a bank has none."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from assessor.cli import main
from assessor.errors import InputError
from assessor.matching import ClauseMatcher
from question_bank import MissingIsoIds, load_bank
from scoring.config import load_config
from tests.test_config_settings import FakeEmbedder

INSTRUCTIONS = [
    ["How to complete this questionnaire"],
    ["Answer every question in the Questions sheet and attach evidence."],
    ["Contact procurement@example.com with any questions."],
]
IMPACT = "Do you perform an AI system impact assessment of the consequences for individuals and society?"
INCIDENT = "Describe your process for responding to incidents caused by your AI system, including who is notified."
# Suggest whatever the bag-of-words stand-in ranks first, however weakly.
LENIENT = {"bank_suggestions": {"min_similarity": 0.0, "within_best": 0.0, "max_ids": 1}}


def workbook(path, sheets: dict[str, list[list]]):
    """Write an XLSX file with one sheet per entry, rows as given (None leaves a cell blank)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def buyer_workbook(path):
    """An instructions sheet first; banners above a header on row 5."""
    questions = [
        ["Acme Bank - AI Supplier Due Diligence"],
        ["Version 3, issued by Third-Party Risk"],
        [None],
        ["Complete every row below."],
        ["Ref", "Domain", "Question", "ISO/IEC 42001", "Evidence expected", "Weight"],
        ["GOV-1", "Governance", "Who is accountable for AI governance?", "5.3; 5.1", "policy", 2],
        [
            "GOV-2",
            "Governance",
            "Do you have a documented AI policy approved by top management?",
            "5.2",
            "policy",
            None,
        ],
        ["DAT-1", "Data", "How do you ensure the quality of data used to train your models?", "A.7.4", "", 3],
    ]
    return workbook(path, {"Instructions": INSTRUCTIONS, "Questions": questions})


def test_instructions_sheet_skipped_and_header_found_below_banners(tmp_path):
    bank = load_bank(buyer_workbook(tmp_path / "acme.xlsx"))
    assert [q.id for q in bank.questions] == ["GOV-1", "GOV-2", "DAT-1"]
    assert bank.categories == {"governance": "Governance", "data": "Data"}
    first = bank.questions[0]
    assert first.iso42001 == ("5.3", "5.1") and first.iso42001_given == first.iso42001
    assert first.iso42001_suggested == () and first.evidence == ("policy",) and first.weight == 2
    assert first.source == "sheet 'Questions' row 6"
    assert bank.questions[1].weight == 1.0 and bank.questions[2].weight == 3
    assert bank.mapping[0].startswith("read sheet 'Questions', header row 5: id = A 'Ref', category = B 'Domain'")
    assert "iso42001 = D 'ISO/IEC 42001'" in bank.mapping[0] and "(3 rows)" in bank.mapping[0]
    assert bank.mapping[1].startswith("skipped sheet 'Instructions': missing required column(s) id, text")
    assert bank.suggested == () and bank.suggested_by == ""


def test_sheet_per_domain_takes_the_category_from_the_sheet_name(tmp_path):
    header = ["Control ID", "Requirement", "Annex A control"]
    path = workbook(
        tmp_path / "domains.xlsx",
        {
            "Cover": [["Supplier AI questionnaire 2026"]],
            "Governance": [header, ["G1", "Is there an AI policy?", "A.2.2"], ["G2", "Who owns AI risk?", "5.3"]],
            "Data Protection": [["Data questions"], header, ["D1", "Where does training data come from?", "A.7.3"]],
        },
    )
    bank = load_bank(path)
    assert [(q.id, q.category) for q in bank.questions] == [
        ("G1", "governance"),
        ("G2", "governance"),
        ("D1", "data_protection"),
    ]
    assert bank.categories == {"governance": "Governance", "data_protection": "Data Protection"}
    assert bank.questions[2].source == "sheet 'Data Protection' row 3"
    assert "category = the sheet name 'Governance'" in bank.mapping[0]
    assert any(line.startswith("skipped sheet 'Cover'") for line in bank.mapping)


@pytest.mark.parametrize(
    "names",
    [
        ("No.", "Question text", "Area", "Clauses"),
        ("#", "Control", "Topic", "Mapping"),
        ("Question ID", "Question", "Section", "ISO 42001"),
        ("ID", "Text", "Category", "ISO ids"),
        ("Ref", "Requirement", "Domain", "Annex A control"),
    ],
)
def test_column_synonyms_in_a_csv_with_a_banner(tmp_path, names):
    path = tmp_path / "bank.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Our AI questions"])
        writer.writerow(names)
        writer.writerow(["Q-1", "How do you log AI events?", "Operations", "A.6.2.8"])
    (question,) = load_bank(path).questions
    assert (question.id, question.text, question.category, question.iso42001) == (
        "Q-1",
        "How do you log AI events?",
        "operations",
        ("A.6.2.8",),
    )
    assert question.source == "row 3"


def test_legacy_row_one_csv_still_loads(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text(
        "id,text,category,iso42001,criteria,evidence,weight\n"
        'L-1,Who owns AI?,Governance,"5.3, 5.1",owner,policy,2\n'
        "L-2,How do you test models?,Testing,A.6.2.4,process_steps,procedure,\n",
        encoding="utf-8",
    )
    bank = load_bank(path)
    assert [q.id for q in bank.questions] == ["L-1", "L-2"]
    assert bank.questions[0].iso42001 == ("5.3", "5.1") and bank.questions[0].criteria == ("owner",)
    assert bank.mapping == ("read header row 1: id = A 'id', text = B 'text', category = C 'category', "
                            "iso42001 = D 'iso42001', criteria = E 'criteria', evidence = F 'evidence', "
                            "weight = G 'weight' (2 rows)",)  # fmt: skip


def test_bad_rows_are_all_reported_with_sheet_and_row(tmp_path):
    rows = [
        ["Governance questions"],
        [None],
        ["Ref", "Question", "ISO 42001", "Weight"],
        ["G-1", "Who owns AI?", "5.3", 1],
        ["G-2", None, "5.3", 1],
        ["G-3", "Is there an AI policy?", "A.99.9", 1],
        ["G-4", "How often is AI risk reviewed?", "9.3.1", "heavy"],
        [None, "Who approves AI releases?", "5.3", 1],
    ]
    path = workbook(tmp_path / "bad.xlsx", {"Governance": rows})
    with pytest.raises(InputError) as caught:
        load_bank(path)
    message = str(caught.value)
    assert message.startswith("bad.xlsx: invalid question bank")
    for expected in [
        "sheet 'Governance' row 5, question G-2: missing question text",
        "sheet 'Governance' row 6, question G-3: unknown ISO 42001 id 'A.99.9'",
        "sheet 'Governance' row 7, question G-4: weight 'heavy' is not a number",
        "sheet 'Governance' row 8: missing id",
    ]:
        assert expected in message


def test_heading_rows_inside_a_sheet_are_noted_and_passed_over(tmp_path):
    rows = [["Ref", "Question", "ISO 42001"], ["Section A - Ownership"], ["A1", "Who owns AI?", "5.3"]]
    bank = load_bank(workbook(tmp_path / "headings.xlsx", {"Governance": rows}))
    assert [q.id for q in bank.questions] == ["A1"]
    assert "sheet 'Governance' row 2: 'Section A - Ownership' looks like a heading; not read" in bank.mapping


def test_a_workbook_without_any_bank_header_names_the_sheets_it_skipped(tmp_path):
    path = workbook(tmp_path / "cover.xlsx", {"Cover": [["Welcome"]], "Notes": [["Name", "Date"]]})
    with pytest.raises(InputError, match=r"no sheet has a question bank header; skipped sheet 'Cover'.*sheet 'Notes'"):
        load_bank(path)


def no_ids_workbook(path, texts=(IMPACT, INCIDENT)):
    rows = [["Ref", "Question", "Domain"], *[[f"GOV-{n}", text, "Governance"] for n, text in enumerate(texts, 1)]]
    return workbook(path, {"Instructions": INSTRUCTIONS, "Questions": rows})


class RefusingEmbedder:
    """Fails if used: a bank with ids must not need the model."""

    def encode(self, texts):
        raise AssertionError("the embedder was used")


def test_a_bank_with_ids_never_uses_the_embedder(tmp_path):
    bank = load_bank(buyer_workbook(tmp_path / "acme.xlsx"), suggest_with=RefusingEmbedder())
    assert bank.suggested == ()


def test_without_an_embedder_a_bank_lacking_ids_names_its_rows(tmp_path):
    with pytest.raises(MissingIsoIds) as caught:
        load_bank(no_ids_workbook(tmp_path / "noids.xlsx"))
    message = str(caught.value)
    assert "2 questions without ISO 42001 ids; add the ids, or run check-bank to get suggestions" in message
    assert "sheet 'Questions' row 2, question GOV-1; sheet 'Questions' row 3, question GOV-2" in message


def test_suggested_ids_are_the_matchers_best_clauses_and_marked(tmp_path, catalog):
    embedder = FakeEmbedder()
    config = load_config(overrides=LENIENT)
    bank = load_bank(no_ids_workbook(tmp_path / "noids.xlsx"), suggest_with=embedder, config=config)
    ranked = ClauseMatcher(embedder, catalog).rank([IMPACT, INCIDENT], config["matching"])
    for question, scores in zip(bank.questions, ranked):
        assert question.iso42001 == question.iso42001_suggested == (scores[0].id,)
        assert question.suggestion_scores == (scores[0].score,)
        assert question.iso42001_given == ()
    assert bank.suggested == bank.questions and bank.suggested_by == "bag-of-words"
    again = load_bank(no_ids_workbook(tmp_path / "noids.xlsx"), suggest_with=embedder, config=config)
    assert again == bank  # deterministic, and the bank hash stays the file's


def test_a_question_nothing_fits_is_reported_by_row(tmp_path):
    config = load_config(overrides={"bank_suggestions": {"min_similarity": 0.99}})
    path = no_ids_workbook(tmp_path / "noids.xlsx", texts=("Is there a discount for annual billing?",))
    with pytest.raises(InputError, match=r"row 2, question GOV-1: no ISO 42001 ids, and no clause is similar enough"):
        load_bank(path, suggest_with=FakeEmbedder(), config=config)


def test_suggestion_settings_are_in_the_config_hash():
    assert load_config(overrides={"bank_suggestions": {"max_ids": 1}}).sha256 != load_config().sha256
    with pytest.raises(InputError, match="unknown setting 'bank_suggestions.top'"):
        load_config(overrides={"bank_suggestions": {"top": 1}})


def test_check_bank_shows_suggested_ids_with_similarity_and_place(tmp_path, monkeypatch):
    monkeypatch.setattr("assessor.embeddings.Embedder", lambda model=None, backend=None: FakeEmbedder())
    config = tmp_path / "config.yaml"
    config.write_text("bank_suggestions: {min_similarity: 0.0, within_best: 0.0, max_ids: 1}\n")
    path = no_ids_workbook(tmp_path / "noids.xlsx")
    result = CliRunner().invoke(main, ["check-bank", str(path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "noids : 2 questions, all ISO 42001 ids known, some suggested"
    assert "  layout: skipped sheet 'Instructions': missing required column(s) id, text" in result.output
    suggested = [line for line in lines if line.startswith("  GOV-")]
    assert len(suggested) == 2 and all("  suggested " in line for line in suggested)
    assert suggested[0].endswith("[sheet 'Questions' row 2]")
    assert "suggested ISO 42001 ids (by bag-of-words):" in lines
    assert lines[-1] == "2 questions without ISO ids: suggestions shown, please confirm"

    as_json = CliRunner().invoke(main, ["check-bank", str(path), "--config", str(config), "--json"])
    questions = json.loads(as_json.output)["questions"]
    assert questions[0]["iso42001"] == [] and len(questions[0]["suggested"]) == 1
    assert questions[0]["source"] == "sheet 'Questions' row 2"


def test_check_bank_without_suggestions_is_unchanged(tmp_path):
    result = CliRunner().invoke(main, ["check-bank", str(buyer_workbook(tmp_path / "acme.xlsx"))])
    assert result.exit_code == 0
    assert result.output.startswith("acme : 3 questions, all ISO 42001 ids known\n")
    assert "suggested" not in result.output


@pytest.mark.slow
def test_real_model_suggests_the_impact_assessment_and_incident_clauses(tmp_path, embedder):
    bank = load_bank(no_ids_workbook(tmp_path / "noids.xlsx"), suggest_with=embedder)
    impact, incident = bank.questions
    assert impact.iso42001_suggested[0] == "6.1.4"  # AI system impact assessment
    assert "A.8.4" in incident.iso42001_suggested  # Communication of incidents
    assert all(score >= 0.45 for score in impact.suggestion_scores + incident.suggestion_scores)
    assert bank.suggested_by.startswith("bundled:all-MiniLM-L6-v2 (weights 53aa51172d14")


def test_batch_loads_the_model_once_to_suggest_ids_and_score(tmp_path, monkeypatch, catalog):
    from assessor.batch import batch_command
    from assessor.pipeline import Engine

    loads = []

    def load(model=None, backend=None):
        loads.append(model)
        embedder = FakeEmbedder()
        embedder.encoded_count = 0  # read by the batch summary
        return Engine(embedder, ClauseMatcher(embedder, catalog), catalog)

    monkeypatch.setattr(Engine, "load", staticmethod(load))
    config = tmp_path / "config.yaml"
    config.write_text("bank_suggestions: {min_similarity: 0.0, within_best: 0.0, max_ids: 1}\n")
    vendor = tmp_path / "vendors" / "acme"
    vendor.mkdir(parents=True)
    (vendor / "answers.csv").write_text("question_id,answer\nGOV-1,We assess the impact of every AI system yearly.\n")
    stdout = io.StringIO()
    bank = no_ids_workbook(tmp_path / "noids.xlsx")
    status = batch_command(tmp_path / "vendors", tmp_path / "out", bank, config, stdout=stdout, stderr=io.StringIO())
    assert status == 0 and loads == [None], stdout.getvalue()
    report = (tmp_path / "out" / "acme.json").read_text()
    assert '"suggested_by": "bag-of-words"' in report and '"expected_suggested": [' in report
