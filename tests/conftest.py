"""Shared fixtures: the seed corpus, an index built from it once per session,
and a Flask app + test client over that index."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    """The bundled corpus (the two real seed pages). Read-only."""
    return SEED_CORPUS


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, seed_corpus) -> Path:
    """An index of the seed corpus, built once per test session. Read-only."""
    from indexer.write.reindex import reindex

    index_dir = tmp_path_factory.mktemp("seed-index")
    reindex(seed_corpus, index_dir, full=True)
    return index_dir


@pytest.fixture
def app(seed_index, seed_corpus):
    from web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus})


@pytest.fixture
def client(app):
    return app.test_client()
