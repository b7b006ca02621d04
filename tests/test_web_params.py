"""Request arguments → SearchRequest: clamping, readable errors, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from indexer.limits import MAX_PAGE, MAX_PAGE_SIZE
from web.params import BadParameter, parse_search_request, request_args


def test_defaults_for_empty_args():
    req = parse_search_request({})
    assert (req.q, req.page, req.sort, req.county) == ("", 1, "relevance", None)


def test_all_parameters_are_read():
    req = parse_search_request(
        {"q": " 锂电 ", "county": "永新县", "city": "吉安市", "paper": "井冈山报", "author": "李歆",
         "from": "2024-01-02", "to": "2024-03", "sort": "newest", "page": "3", "size": "10"}
    )
    assert req.q == "锂电"
    assert (req.county, req.city, req.paper, req.author) == ("永新县", "吉安市", "井冈山报", "李歆")
    assert req.date_from == dt.date(2024, 1, 2)
    assert req.date_to == dt.date(2024, 3, 31)  # a month means its last day as an upper bound
    assert (req.sort, req.page, req.page_size) == ("newest", 3, 10)


def test_year_alone_spans_the_year():
    req = parse_search_request({"from": "2023", "to": "2023"})
    assert (req.date_from, req.date_to) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize("raw, expected", [("-1", 1), ("0", 1), ("999999999", None)])
def test_page_is_clamped(raw, expected):
    req = parse_search_request({"page": raw})
    assert req.page >= 1
    if expected:
        assert req.page == expected
    else:
        assert req.page < 999999999


def test_huge_page_size_is_clamped():
    assert parse_search_request({"size": "100000"}).page_size == MAX_PAGE_SIZE
    assert parse_search_request({"size": "-5"}).page_size == 1


@pytest.mark.parametrize(
    "args, name",
    [({"page": "abc"}, "page"), ({"size": "lots"}, "size"), ({"from": "2024-13-45"}, "from"),
     ({"to": "yesterday"}, "to"), ({"sort": "sideways"}, "sort"), ({"from": "2024-05-01", "to": "2024-01-01"}, "from")],
)
def test_meaningless_values_name_the_parameter(args, name):
    with pytest.raises(BadParameter) as info:
        parse_search_request(args)
    assert info.value.name == name
    assert name in str(info.value)


def test_control_characters_are_cleaned_and_filters_cut():
    req = parse_search_request({"q": "锂\x00电\x1b", "paper": "报" * 10_000})
    assert req.q == "锂 电"
    assert 0 < len(req.paper) <= 100


def test_deep_pages_are_clamped_to_the_deepest_served():
    assert parse_search_request({"page": "999999999"}).page == MAX_PAGE


def test_request_args_round_trip():
    args = {"q": "泰和 OR 安福", "county": "泰和县", "from": "2024-01-01", "to": "2024-12-31", "sort": "oldest", "page": "2"}
    req = parse_search_request(args)
    assert parse_search_request(request_args(req)) == req


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["q", "county", "paper", "page", "size", "from", "to", "sort"]), st.text(max_size=40)))
def test_any_input_gives_a_request_or_bad_parameter(args):
    try:
        req = parse_search_request(args)
    except BadParameter as err:
        assert err.name in args
    else:
        assert 1 <= req.page and 1 <= req.page_size <= MAX_PAGE_SIZE
