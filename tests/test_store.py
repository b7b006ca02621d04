"""The index store: missing index, generation switches under open searchers, no fd leaks."""

from __future__ import annotations

import json
import os
import threading

import pytest

from indexer.write.reindex import reindex
from indexer.storage.store import IndexMissing, IndexStore
from test_reindex import FAKE, build_small, search_title, write_page


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def mapped_files(under) -> set[str]:
    """Index files this process has memory-mapped (Whoosh mmaps segments and closes their fds)."""
    with open("/proc/self/maps") as maps:
        return {line.split(None, 5)[5].strip() for line in maps if str(under) in line}


@pytest.fixture
def built(tmp_path):
    return build_small(tmp_path)


@pytest.mark.parametrize("setup", ["nothing", "empty dir", "pointer to missing generation"])
def test_missing_index_says_to_run_reindex(tmp_path, setup):
    index_dir = tmp_path / "index"
    if setup != "nothing":
        index_dir.mkdir()
    if setup == "pointer to missing generation":
        (index_dir / "CURRENT").write_text("gen-3\n")
    store = IndexStore(index_dir)
    assert not store.exists()
    with pytest.raises(IndexMissing) as err:
        with store.searcher():
            pass
    assert "newsarchive reindex" in str(err.value) and str(index_dir) in str(err.value)


def test_store_facts(built):
    _corpus, index_dir = built
    store = IndexStore(index_dir)
    assert store.exists() and store.generation == 1
    assert store.path_of_live() == index_dir / "gen-1"
    assert store.last_reindex is not None and store.last_reindex.tzinfo is not None


def test_held_searcher_survives_switch_and_new_searcher_sees_new_generation(built):
    corpus, index_dir = built
    store = IndexStore(index_dir)
    with store.searcher() as old:
        old_count = old.doc_count()
        write_page(corpus, "晚报/2024-04-01/9.txt", "@永新县\n新一代\n内容")
        report = reindex(corpus, index_dir, full=True, pipeline=FAKE)
        assert report.generation == 2
        with store.searcher() as new:
            assert new.doc_count() == old_count + 1
        from whoosh.query import Term

        hits = old.search(Term("source", "日报/2023-12-31/2.txt"))
        assert len(hits) == 1 and json.loads(hits[0]["record"])["id"]  # the old snapshot still answers queries
        assert old.doc_count() == old_count
    assert store.generation == 2 and search_title(store, "新一代") == 1


def test_incremental_update_seen_without_reopening_the_store(built):
    corpus, index_dir = built
    store = IndexStore(index_dir)
    assert search_title(store, "增量更新") == 0
    write_page(corpus, "晚报/2024-04-02/1.txt", "@永新县\n增量更新\n内容")
    reindex(corpus, index_dir, pipeline=FAKE)
    assert search_title(store, "增量更新") == 1


def test_no_fd_leak_across_switches(built):
    corpus, index_dir = built
    store = IndexStore(index_dir)
    search_title(store, "泰和乌鸡")
    baseline = open_fds()
    for i in range(50):
        if i % 2:
            write_page(corpus, f"晚报/2024-05-01/{i}.txt", f"@永新县\n第{i}版\n内容")
            reindex(corpus, index_dir, pipeline=FAKE)  # incremental commit
        else:
            reindex(corpus, index_dir, full=True, pipeline=FAKE)  # new generation
        assert search_title(store, "泰和乌鸡") == 1
    # end on a fresh one-segment generation, like the baseline (each segment's files stay open)
    reindex(corpus, index_dir, full=True, pipeline=FAKE)
    assert search_title(store, "泰和乌鸡") == 1
    assert open_fds() <= baseline + 2
    assert len(list(index_dir.glob("gen-*"))) <= 2
    live = store.path_of_live()
    assert all(path.startswith(str(live)) and "(deleted)" not in path for path in mapped_files(index_dir))


def test_threads_search_while_generations_switch(built):
    corpus, index_dir = built
    store = IndexStore(index_dir)
    errors, stop = [], threading.Event()

    def searching():
        try:
            while not stop.is_set():
                assert search_title(store, "泰和乌鸡") == 1
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for _ in range(5):
            reindex(corpus, index_dir, full=True, pipeline=FAKE)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert store.generation == 6


def test_close_releases_files(built):
    _corpus, index_dir = built
    baseline = open_fds()
    store = IndexStore(index_dir)
    search_title(store, "泰和乌鸡")
    store.close()
    assert open_fds() <= baseline
