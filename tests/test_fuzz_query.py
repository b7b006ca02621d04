"""Hostile queries: `indexer.search.search` answers any Unicode query string
and any request values without raising (issue 6 §3).

Budget: $NEWSARCHIVE_FUZZ_EXAMPLES examples per property (default 100);
``python -m bench.fuzz`` runs the same properties with bigger budgets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.fuzzing import QUERY_TEXT, budget
from indexer.limits import MAX_PAGE_SIZE, SORTS
from indexer.results import SearchRequest
from indexer.search import search
from indexer.storage.store import IndexStore


@pytest.fixture(scope="module")
def store(seed_index):
    s = IndexStore(seed_index)
    yield s
    s.close()


@budget()
@given(q=QUERY_TEXT)
def test_any_query_string_gives_a_result(store, q):
    result = search(store, SearchRequest(q=q))
    assert result.total >= len(result.hits)
    assert len(result.hits) <= result.request.page_size
    assert isinstance(result.understood, str)
    result.to_dict()  # what the API serialises


@budget()
@given(
    q=QUERY_TEXT,
    county=st.none() | st.text(max_size=20),
    author=st.none() | st.text(max_size=20),
    page=st.integers(-10**6, 10**6),
    size=st.integers(-10, 10**6),
    sort=st.sampled_from(SORTS) | st.text(max_size=10),
    date_from=st.none() | st.dates(),
    date_to=st.none() | st.dates(),
)
def test_any_request_values_give_a_result(store, q, county, author, page, size, sort, date_from, date_to):
    result = search(store, SearchRequest(q=q, county=county, author=author, page=page, page_size=size, sort=sort,
                                         date_from=date_from, date_to=date_to))
    assert 1 <= result.request.page_size <= MAX_PAGE_SIZE
    assert len(result.hits) <= result.request.page_size
    if date_from and date_to and date_from > date_to:
        assert result.total == 0


def test_a_seed_word_is_still_found_after_fuzzing(store):
    # The fuzzing above must not have damaged the shared store.
    assert search(store, SearchRequest(q="锂电")).total >= 1
