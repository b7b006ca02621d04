"""The facet definitions (`indexer.facets`) and the request limits (`indexer.limits`)."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.facets import BY_NAME, FACETS, FILTER_LABELS
from indexer.limits import MAX_PAGE, MAX_QUERY_CHARS, NOTICE_TOO_LONG, clamp_request
from indexer.results import FacetValue, SearchRequest
from indexer.search import search
from indexing_helpers import build_index, make_article, page_of

D = dt.date


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    arts = [
        # a county no gazetteer knows, in a city no gazetteer knows: the index alone says where it is
        make_article("a", "甲文", "桥梁通车。", county="示例县", city="样例市", date=D(2023, 2, 1)),
        make_article("b", "乙文", "桥梁维修。", county="示例县", city="样例市", date=D(2025, 2, 1)),
        make_article("c", "丙文", "桥梁设计。", county="永新县", city="吉安市", date=D(2024, 2, 1)),
        make_article("d", "丁文", "桥梁验收。", county=None, city=None, date=None),
    ]
    st_ = build_index(tmp_path_factory.mktemp("ix"), [page_of(arts, source="a.txt")])
    yield st_
    st_.close()


def test_county_values_carry_their_city_from_the_index(store):
    counties = {fv.value: fv for fv in search(store, SearchRequest(q="桥梁")).facets["county"]}
    assert counties["示例县"].city == "样例市" and counties["示例县"].count == 2
    assert counties["永新县"].city == "吉安市"
    assert "" not in counties  # unknown is not a facet value


def test_years_are_listed_in_time_order_other_facets_by_count(store):
    facets = search(store, SearchRequest(q="桥梁")).facets
    assert [fv.value for fv in facets["year"]] == ["2023", "2024", "2025"]
    assert [fv.value for fv in facets["city"]] == ["样例市", "吉安市"]


def test_choosing_a_year_is_a_date_range_and_filters(store):
    year = BY_NAME["year"]
    req = SearchRequest(q="桥梁")
    assert year.toggle(req, "2024") == {"from": "2024", "to": "2024"}
    chosen = SearchRequest(q="桥梁", date_from=D(2024, 1, 1), date_to=D(2024, 12, 31))
    assert year.selected(chosen, "2024") and not year.selected(chosen, "2023")
    assert year.toggle(chosen, "2024") == {"from": None, "to": None}
    assert [h.id for h in search(store, chosen).hits] == ["c"]
    # a range that is not one whole year selects no year
    assert not year.selected(SearchRequest(date_from=D(2024, 1, 1), date_to=D(2024, 6, 30)), "2024")


def test_choosing_a_value_filters_and_choosing_it_again_drops_it(store):
    county = BY_NAME["county"]
    req = SearchRequest(q="桥梁", county="示例县")
    assert {h.id for h in search(store, req).hits} == {"a", "b"}
    assert county.selected(req, "示例县") and county.toggle(req, "示例县") == {"county": None}
    assert county.toggle(SearchRequest(), "示例县") == {"county": "示例县"}
    assert search(store, SearchRequest(q="桥梁", county="没有的县")).total == 0


def test_unknown_values_display_as_unknown():
    assert BY_NAME["paper"].display("") == "未知" and BY_NAME["paper"].display("井冈山报") == "井冈山报"


def test_every_facet_but_the_year_is_a_filter_with_a_label():
    assert [f.name for f in FACETS] == ["county", "city", "paper", "year"]
    assert {"county", "city", "paper", "author", "from", "to"} == set(FILTER_LABELS)
    assert FacetValue("永新县", 2, "吉安市").to_dict() == {"value": "永新县", "count": 2, "city": "吉安市"}
    assert FacetValue("2024", 2).to_dict() == {"value": "2024", "count": 2}


def test_clamp_request_applies_every_limit():
    long_q = "锂" * (MAX_QUERY_CHARS + 50)
    req = clamp_request(SearchRequest(q=long_q, page=10**9, page_size=0, sort="sideways"))
    assert (len(req.q), req.page, req.page_size, req.sort) == (MAX_QUERY_CHARS, MAX_PAGE, 1, "relevance")


def test_a_long_query_is_cut_with_a_notice(store):
    r = search(store, SearchRequest(q="桥梁" + "。" * 500))
    assert r.notice == NOTICE_TOO_LONG and len(r.request.q) == MAX_QUERY_CHARS and r.total == 4
