"""Hostile URLs: every search-like view, county, article and API endpoint
answers arbitrary parameter values with a page or a JSON error, never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bench.fuzzing import PARAMS, QUERY_TEXT, budget, encodable, url_segment

SEARCH_VIEWS = ("/search", "/api/search", "/search.atom", "/")
NAMED_VIEWS = ("/county/{}", "/api/counties/{}", "/article/{}", "/api/articles/{}", "/source/{}")


@pytest.fixture(scope="module")
def web(seed_index, seed_corpus):
    from web import create_app

    app = create_app({"TESTING": False, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus})
    return app.test_client()


def _clean(params: dict) -> dict:
    return {k: encodable(v) for k, v in params.items()}


@budget()
@given(view=st.sampled_from(SEARCH_VIEWS), params=PARAMS)
def test_search_views_never_fail_on_parameters(web, view, params):
    resp = web.get(view, query_string=_clean(params))
    assert resp.status_code < 500, (view, params, resp.status_code)
    if view.startswith("/api/"):
        assert resp.is_json


@budget()
@given(view=st.sampled_from(NAMED_VIEWS), name=QUERY_TEXT, params=PARAMS)
@example(view="/source/{}", name="a\x00b.txt", params={})  # NUL byte in a path (found by this fuzzer)
@example(view="/source/{}", name="0" * 300, params={})  # longer than a file name may be (ENAMETOOLONG)
@example(view="/county/{}", name="0" * 300, params={})
def test_named_views_never_fail_on_names(web, view, name, params):
    resp = web.get(view.format(url_segment(encodable(name))), query_string=_clean(params))
    assert resp.status_code < 500, (view, name, resp.status_code)


@budget()
@given(view=st.sampled_from(SEARCH_VIEWS + ("/county/%E6%B0%B8%E6%96%B0%E5%8E%BF",)), raw=st.binary(max_size=40))
def test_undecodable_query_strings_never_fail(web, view, raw):
    # Percent-escapes that are not UTF-8 (a GBK-encoded link, random bytes).
    resp = web.get(f"{view}?q={quote(raw)}&page={quote(raw[:3])}&county={quote(raw[::-1])}")
    assert resp.status_code < 500, (view, raw, resp.status_code)


def test_a_real_search_still_answers(web):
    resp = web.get("/api/search", query_string={"q": "锂电"})
    assert resp.status_code == 200 and resp.get_json()["total"] >= 1
