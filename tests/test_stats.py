"""Index statistics: counts by paper, county and year, date span, caching per index version."""

from __future__ import annotations

import datetime as _dt

import pytest

from indexer.write.reindex import reindex
from indexer.stats import format_stats, index_stats
from indexer.storage.store import IndexMissing, IndexStore
from test_reindex import FAKE, build_small, write_page


@pytest.fixture
def built(tmp_path):
    return build_small(tmp_path)


def test_counts_match_the_corpus(built):
    _corpus, index_dir = built
    stats = index_stats(IndexStore(index_dir))
    assert (stats.articles, stats.pages, stats.documents) == (4, 3, 5)  # the leftover text is no article
    assert stats.by_paper == [("晚报", 3), ("日报", 1)]
    assert stats.by_county == [("永新县", 2), ("安福县", 1), ("泰和县", 1)]
    assert stats.by_year == [("2023", 1), ("2024", 3)]
    assert (stats.date_min, stats.date_max) == (_dt.date(2023, 12, 31), _dt.date(2024, 3, 2))
    assert (stats.papers, stats.counties) == (2, 3)
    assert stats.generation == 1 and stats.last_reindex is not None
    assert stats.size_bytes > 0


def test_stats_follow_reindex_and_are_cached_in_between(built):
    corpus, index_dir = built
    store = IndexStore(index_dir)
    first = index_stats(store)
    assert index_stats(store) is first  # cached: no recount
    write_page(corpus, "周刊/2025-01-07/1.txt", "@永新县\n新年\n内容", "@峡江县\n峡江\n内容")
    reindex(corpus, index_dir, pipeline=FAKE)
    after = index_stats(store)
    assert after.articles == 6 and ("周刊", 2) in after.by_paper
    assert after.by_county[0] == ("永新县", 3) and after.date_max == _dt.date(2025, 1, 7)
    reindex(corpus, index_dir, full=True, pipeline=FAKE)
    assert index_stats(store).generation == 2


def test_removed_and_changed_pages_are_not_counted(built):
    """An incremental reindex deletes documents without merging segments: they must not count."""
    corpus, index_dir = built
    (corpus / "日报/2023-12-31/2.txt").unlink()
    write_page(corpus, "晚报/2024-03-02/1.txt", "@泰和县\n改版\n内容")  # was 永新县 + a leftover
    reindex(corpus, index_dir, pipeline=FAKE)
    stats = index_stats(IndexStore(index_dir))
    assert (stats.articles, stats.pages, stats.documents) == (3, 2, 3)
    assert stats.by_paper == [("晚报", 3)]
    assert stats.by_county == [("安福县", 1), ("永新县", 1), ("泰和县", 1)]
    assert stats.by_year == [("2024", 3)] and stats.date_min == _dt.date(2024, 3, 1)


def test_format_stats_shows_the_numbers(built):
    _corpus, index_dir = built
    text = format_stats(index_stats(IndexStore(index_dir)))
    assert "articles:      4" in text and "2023-12-31 – 2024-03-02" in text
    assert "永新县" in text and "generation:    1" in text


def test_stats_without_index(tmp_path):
    with pytest.raises(IndexMissing):
        index_stats(IndexStore(tmp_path / "none"))
