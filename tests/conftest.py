"""Shared fixtures: isolated caches, the packaged bank and catalog, file writers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
EXAMPLES_DIR = REPO_ROOT / "examples" / "vendors"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test writes caches (and the default register) under a temporary folder, never the user's home."""
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("ASSESSOR_REGISTER", raising=False)


@pytest.fixture(scope="session")
def catalog():
    from question_bank import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def bank():
    from question_bank import load_bank

    return load_bank()


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    """The real bundled model, loaded once per test session, with its own cache folder."""
    import os

    from assessor.embeddings import Embedder

    previous = os.environ.get("ASSESSOR_CACHE_DIR")
    os.environ["ASSESSOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("embedder-cache"))
    try:
        yield Embedder()
    finally:
        if previous is None:
            os.environ.pop("ASSESSOR_CACHE_DIR", None)
        else:
            os.environ["ASSESSOR_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def matcher(embedder, catalog):
    from assessor.matching import ClauseMatcher

    return ClauseMatcher(embedder, catalog)


AS_OF = __import__("datetime").date(2026, 11, 26)
VENDORS = {
    "northwind": ("northwind-assist", "answers.xlsx"),
    "brightpath": ("brightpath-bots", "answers.csv"),
}


@pytest.fixture(scope="module")
def fake_engine(catalog):
    """An engine on the bag-of-words stand-in (``tests.test_config_settings.FakeEmbedder``): no model."""
    from assessor.matching import ClauseMatcher
    from assessor.pipeline import Engine
    from tests.test_config_settings import FakeEmbedder

    embedder = FakeEmbedder()
    embedder.encoded_count = 0
    return Engine(embedder, ClauseMatcher(embedder, catalog), catalog)


@pytest.fixture(scope="session")
def engine(embedder, catalog, matcher):
    from assessor.pipeline import Engine

    return Engine(embedder, matcher, catalog)


def assess_example(engine, key: str, **kwargs):
    from assessor.pipeline import assess

    folder, answers = VENDORS[key]
    base = EXAMPLES_DIR / folder
    return assess(folder, base / answers, [base / "evidence"], engine, as_of=AS_OF, **kwargs)


@pytest.fixture(scope="session")
def northwind(engine):
    return assess_example(engine, "northwind")


@pytest.fixture(scope="session")
def brightpath(engine):
    return assess_example(engine, "brightpath")
