"""Evidence documents are identified by their path under the evidence folder, so same-named files never collide."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assessor.evidence import EvidenceSet, cite, ingest
from assessor.retrieval import EvidenceIndex
from scoring.config import load_config
from tests.pdf_factory import text_pdf

RETRIEVAL = load_config()["retrieval"]

AI_POLICY = (
    "This policy sets out how Acme AI Ltd governs the artificial intelligence systems it builds and buys. "
    "The AI Governance Board owns this policy and approves every exception in writing."
)
AI_INVENTORY = "Every production model is recorded in the AI system inventory with its owner, purpose and risk tier."
HR_POLICY = (
    "This policy sets out how Acme AI Ltd hires, trains and supports its people. "
    "Line managers hold a development review with every employee twice a year."
)
HR_LEAVE = "Employees receive twenty-five days of paid annual leave in addition to public holidays."


class BagOfWordsEmbedder:
    """A fast stand-in for the model: hashed word counts, unit length."""

    dimension = 256

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                vectors[row, int(hashlib.sha256(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


@pytest.fixture
def evidence_root(tmp_path: Path) -> Path:
    """One vendor's evidence folder with a ``policy.pdf`` in each of two sub-folders, different content."""
    root = tmp_path / "evidence"
    (root / "legal").mkdir(parents=True)
    (root / "hr").mkdir()
    text_pdf(
        root / "legal" / "policy.pdf", [["AI Governance Policy", AI_POLICY], ["2. AI system inventory", AI_INVENTORY]]
    )
    text_pdf(root / "hr" / "policy.pdf", [["Human Resources Policy", HR_POLICY], ["2. Annual leave", HR_LEAVE]])
    return root


def ids(result: EvidenceSet) -> list[str]:
    return [document.doc_id for document in result.documents]


def test_cite_is_the_one_citation_format() -> None:
    assert cite("legal/policy.pdf", 3) == "legal/policy.pdf p.3"
    assert cite("legal/policy.pdf", None) == cite("legal/policy.pdf") == "legal/policy.pdf"


def test_same_named_files_in_sub_folders_stay_two_documents(evidence_root: Path) -> None:
    result = ingest([evidence_root], use_cache=False)

    assert result.problems == ()
    assert ids(result) == ["hr/policy.pdf", "legal/policy.pdf"]  # sorted by doc_id, POSIX separators
    assert [document.name for document in result.documents] == ["policy.pdf", "policy.pdf"]
    hr, legal = result.documents
    assert hr.sha256 != legal.sha256
    assert "Human Resources" in hr.pages[0] and "AI Governance" in legal.pages[0]
    for document in result.documents:
        assert {passage.doc for passage in document.passages} == {document.doc_id}
        assert all(p.citation == f"{document.doc_id} p.{p.page}" for p in document.passages)
    assert legal.passages[-1].citation == "legal/policy.pdf p.2"


def test_the_index_holds_both_and_a_reference_resolves_to_the_one_it_names(evidence_root: Path) -> None:
    index = EvidenceIndex(ingest([evidence_root], use_cache=False), BagOfWordsEmbedder())

    assert sorted(index.documents) == ["hr/policy.pdf", "legal/policy.pdf"]
    assert index.documents["legal/policy.pdf"].title == "AI Governance Policy"
    assert index.documents["hr/policy.pdf"].title == "Human Resources Policy"
    assert {p.doc for p in index.passages} == {"hr/policy.pdf", "legal/policy.pdf"}

    by_path, by_title, hr_by_path = index.resolve_references(
        "legal/policy.pdf p.2; Human Resources Policy; hr/policy.pdf", RETRIEVAL
    )
    assert (by_path.doc, by_path.page) == ("legal/policy.pdf", 2)
    assert by_title.doc == "hr/policy.pdf"
    assert hr_by_path.doc == "hr/policy.pdf"
    (by_section,) = index.resolve_references("AI Governance Policy section 2", RETRIEVAL)
    assert (by_section.doc, by_section.page) == ("legal/policy.pdf", 2)

    hits = index.similar("How long is the paid annual leave for employees?", k=1, min_score=0.0)
    assert hits[0].passage.citation == "hr/policy.pdf p.2"


def test_a_file_named_directly_is_its_file_name(evidence_root: Path) -> None:
    result = ingest([evidence_root / "legal" / "policy.pdf"], use_cache=False)

    assert ids(result) == ["policy.pdf"]
    assert result.documents[0].passages[0].citation == "policy.pdf p.1"


def test_ids_two_roots_share_are_prefixed_with_the_root_folder(tmp_path: Path) -> None:
    for vendor, text in (("vendor-a", AI_POLICY), ("vendor-b", HR_POLICY)):
        (tmp_path / vendor).mkdir()
        text_pdf(tmp_path / vendor / "policy.pdf", [text])
    text_pdf(tmp_path / "vendor-a" / "unique.pdf", [AI_INVENTORY])

    result = ingest([tmp_path / "vendor-b", tmp_path / "vendor-a"], use_cache=False)
    again = ingest([tmp_path / "vendor-a", tmp_path / "vendor-b"], use_cache=False)

    assert ids(result) == ["unique.pdf", "vendor-a/policy.pdf", "vendor-b/policy.pdf"]
    assert ids(again) == ids(result)  # deterministic, whatever the order of the roots
    assert "Human Resources" not in result.documents[1].pages[0]


def test_roots_with_the_same_folder_name_are_told_apart_by_their_parents(tmp_path: Path) -> None:
    for vendor, text in (("x", AI_POLICY), ("y", HR_POLICY)):
        (tmp_path / vendor / "evidence").mkdir(parents=True)
        text_pdf(tmp_path / vendor / "evidence" / "policy.pdf", [text])
    named = text_pdf(tmp_path / "policy.pdf", [AI_INVENTORY])

    result = ingest([tmp_path / "x" / "evidence", tmp_path / "y" / "evidence", named], use_cache=False)

    assert len(set(ids(result))) == 3
    assert {"x/evidence/policy.pdf", "y/evidence/policy.pdf", f"{tmp_path.name}/policy.pdf"} == set(ids(result))


def test_problems_carry_the_relative_id(evidence_root: Path) -> None:
    (evidence_root / "legal" / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    missing = evidence_root / "gone.pdf"

    result = ingest([evidence_root, missing], use_cache=False)

    assert ids(result) == ["hr/policy.pdf", "legal/policy.pdf"]
    problems = {problem.doc_id: problem for problem in result.problems}
    assert set(problems) == {"gone.pdf", "legal/broken.pdf"}
    assert problems["legal/broken.pdf"].name == "broken.pdf"
    assert problems["legal/broken.pdf"].message.startswith("legal/broken.pdf: ")
    assert problems["gone.pdf"].code == "unreadable"
