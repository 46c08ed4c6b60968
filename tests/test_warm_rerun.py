"""Re-assessing the same evidence in one process reuses what the last run read (documents, the index and its
look-up tables) and gives the same result; changed evidence, another embedder or a released engine reads anew."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor import retrieval
from assessor.evidence import ingest
from assessor.evidence.ingest import _read_document
from assessor.matching import ClauseMatcher
from assessor.pipeline import Engine, prepare, release, score
from tests.test_config_settings import FakeEmbedder

from .conftest import AS_OF

POLICY = (
    "AI Governance Policy AIG-07\n\nThe AI Risk Committee reviews every model release within 48 hours "
    "and records its decision in the AIG-07 register.\n"
)
ANSWERS = "question_id,answer\nOW-01,The AI Risk Committee reviews every model release within 48 hours (AIG-07).\n"


@pytest.fixture
def vendor(tmp_path: Path) -> tuple[Path, Path]:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "policy.txt").write_text(POLICY, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    return answers, evidence


def test_the_same_evidence_is_read_once_and_its_index_reused(vendor, fake_engine):
    answers, evidence = vendor
    first = prepare("acme", answers, [evidence], fake_engine)
    again = prepare("acme", answers, [evidence], fake_engine)
    assert again.evidence.documents[0] is first.evidence.documents[0]
    assert again.index is first.index
    assert score(again, fake_engine, as_of=AS_OF).result == score(first, fake_engine, as_of=AS_OF).result


def test_changed_evidence_is_read_again(vendor, fake_engine):
    answers, evidence = vendor
    first = prepare("acme", answers, [evidence], fake_engine)
    (evidence / "policy.txt").write_text(POLICY.replace("48 hours", "72 hours"), encoding="utf-8")
    again = prepare("acme", answers, [evidence], fake_engine)
    assert again.index is not first.index
    assert "72 hours" in again.evidence.documents[0].passages[0].text


def test_the_same_file_under_another_id_is_its_own_document(vendor, tmp_path):
    _, evidence = vendor
    (tmp_path / "other" / "legal").mkdir(parents=True)
    copy = tmp_path / "other" / "legal" / "policy.txt"
    copy.write_bytes((evidence / "policy.txt").read_bytes())
    (named,) = ingest([evidence]).documents
    (nested,) = ingest([tmp_path / "other"]).documents
    assert (named.doc_id, nested.doc_id) == ("policy.txt", "legal/policy.txt")
    assert {p.doc for p in nested.passages} == {"legal/policy.txt"}
    assert nested.path == str(copy)


def test_another_embedder_builds_its_own_index(vendor, fake_engine, catalog):
    answers, evidence = vendor
    first = prepare("acme", answers, [evidence], fake_engine)
    other = FakeEmbedder()
    again = prepare("acme", answers, [evidence], Engine(other, ClauseMatcher(other, catalog), catalog))
    assert again.index is not first.index
    assert again.index.embedder is other


def test_release_forgets_the_documents_and_the_index(vendor, fake_engine):
    answers, evidence = vendor
    first = prepare("acme", answers, [evidence], fake_engine)
    assert _read_document.cache_info().currsize > 0
    release(fake_engine)
    assert _read_document.cache_info().currsize == 0
    assert not retrieval._last_index
    again = prepare("acme", answers, [evidence], fake_engine)
    assert again.index is not first.index
    assert again.evidence == first.evidence
