"""The app factory (like flaskr's test_factory.py) and the shared index handle."""

from __future__ import annotations

import threading
from pathlib import Path


def test_config_overrides(tmp_path):
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "i", "CORPUS_DIR": tmp_path / "c"})
    assert app.testing
    assert app.config["INDEX_DIR"] == tmp_path / "i"


def test_default_paths_come_from_environment(tmp_path, monkeypatch):
    from web import create_app

    monkeypatch.setenv("NEWSARCHIVE_INDEX", str(tmp_path / "env-index"))
    monkeypatch.setenv("NEWSARCHIVE_CORPUS", str(tmp_path / "env-corpus"))
    app = create_app()
    assert not app.testing
    assert Path(app.config["INDEX_DIR"]) == (tmp_path / "env-index").resolve()
    assert Path(app.config["CORPUS_DIR"]) == (tmp_path / "env-corpus").resolve()


def test_one_store_per_app_shared_by_threads(app):
    from web.index_handle import get_store

    seen = []

    def grab():
        with app.app_context():
            seen.append(get_store())

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1


def test_concurrent_requests_all_succeed(app):
    results = []

    def hit():
        client = app.test_client()
        results.append(client.get("/search?q=锂电").status_code)

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 6


def test_site_starts_working_once_index_appears(tmp_path, seed_corpus):
    from indexer.write.reindex import reindex
    from web import create_app

    index = tmp_path / "index"
    client = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": seed_corpus}).test_client()
    assert client.get("/search?q=锂电").status_code == 503
    reindex(seed_corpus, index, full=True)
    assert client.get("/search?q=锂电").status_code == 200  # no restart needed


def test_an_index_from_an_older_version_answers_503_until_rebuilt(tmp_path, seed_corpus):
    import json

    from indexer.write.reindex import reindex
    from indexer.storage.store import MANIFEST_NAME
    from web import create_app

    index = tmp_path / "index"
    reindex(seed_corpus, index, full=True)
    manifest = json.loads((index / MANIFEST_NAME).read_text(encoding="utf-8"))
    (index / MANIFEST_NAME).write_text(json.dumps({**manifest, "schema_version": "3"}), encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": seed_corpus}).test_client()
    assert client.get("/search?q=锂电").status_code == 503
    assert client.get("/api/search?q=锂电").status_code == 503
    reindex(seed_corpus, index)  # incremental asked, full build made: the schema changed
    assert client.get("/search?q=锂电").status_code == 200
