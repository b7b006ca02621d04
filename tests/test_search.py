"""The search API: matching, ranking, filters, facets, paging, highlighting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from indexer.query import NOTICE_SYNTAX
from indexer.limits import MAX_PAGE_SIZE
from indexer.results import SearchRequest
from indexer.search import counties, get_article, related, search
from web.cli_format import format_result
from indexing_helpers import build_index, make_article, page_of

D = dt.date


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    arts = [
        make_article("t1", "锂电产业链加速成型", "园区企业持续发力。", county="永新县", city="吉安市", date=D(2025, 3, 1)),
        make_article("b1", "园区新闻", "永新全速布局锂电产业链，华昊锂电为链主企业。", county="永新县", city="吉安市",
                     date=D(2025, 4, 1), authors=["刘靖雯"]),
        make_article("s1", "工会工作", "锂材料与电池分开说，产业链另说。", county="袁州区", city="宜春市", date=D(2025, 5, 1)),
        make_article("p1", "工匠学院", "宜春锂电新能源产业工匠学院正式成立。", county="袁州区", city="宜春市", date=D(2024, 6, 1),
                     captions=["▲学员在实训室学习设备操作"], paper="宜春日报"),
        make_article("p2", "工匠培训", "锂电设备、新能源产业工匠培训班开班。", county="宜丰县", city="宜春市", date=D(2024, 6, 1),
                     paper="宜春日报"),
        make_article("x1", "<b>标签</b>测试", "正文里有<script>alert(1)</script>和&amp;符号，金垦山说。\n也 大 幅 提 升 锂 电 新 能 源", county=None, city=None,
                     date=None, subtitle="——副标题里的永新"),
        make_article("old", "老新闻", "工匠精神代代相传。", county="宜丰县", city="宜春市", date=D(2020, 1, 1), paper="宜春日报"),
    ]
    pages = [page_of(arts[:3], source="a.txt"), page_of(arts[3:], source="b.txt", leftover=["版面角落里的华昊锂电广告"])]
    st_ = build_index(tmp_path_factory.mktemp("ix"), pages)
    yield st_
    st_.close()


def ids(result):
    return [h.id for h in result.hits]


def q(store, text="", **kw):
    return search(store, SearchRequest(q=text, **kw))


def test_fragment_unknown_to_jieba_finds_article_and_leftover(store):
    assert set(ids(q(store, "华昊锂电"))) == {"b1", "rest-" + ids(q(store, "角落"))[0][5:]}
    assert q(store, "角落").hits[0].kind == "leftover"


def test_title_match_ranks_above_body_only(store):
    r = q(store, "锂电产业")
    assert ids(r)[0] == "t1"
    assert "b1" in ids(r)


def test_exact_phrase_ranks_above_scattered_terms(store):
    r = q(store, "锂电 新能源")
    assert ids(r).index("p1") < ids(r).index("p2")  # p1 has 锂电新能源 adjacent, p2 spaced words


def test_quoted_phrase_requires_adjacency_but_ignores_spaces(store):
    assert set(ids(q(store, '"锂电产业链"'))) == {"t1", "b1"}
    assert "s1" not in ids(q(store, '"锂电产业链"'))
    assert "s1" in ids(q(store, "产业链 电池"))


def test_excluded_or_and_fields(store):
    assert "b1" not in ids(q(store, "锂电 -华昊"))
    assert set(ids(q(store, "华昊 OR 工匠精神"))) >= {"b1", "old"}
    assert set(ids(q(store, "title:工匠"))) == {"p1", "p2"}
    assert ids(q(store, "author:刘靖雯")) == ["b1"]
    assert set(ids(q(store, "county:宜丰"))) == {"p2", "old"}
    assert "t1" in ids(q(store, "county:吉安"))  # the city matches too


@pytest.mark.parametrize("bad", ['"unbalanced', "AND OR", "-", "锂电 OR", "x" * 5000, "\x00\x07锂电\x1b", "<script>alert(1)</script>", "title:", ")(*&^%$"])
def test_malformed_queries_never_raise(store, bad):
    r = q(store, bad)
    assert r.total >= 0
    if bad in ('"unbalanced', "AND OR", "-", "锂电 OR"):
        assert r.notice == NOTICE_SYNTAX
    if "锂电" in bad:
        assert r.total > 0


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('锂电工匠 "-:ORtitle()AND<>&\\\x00　＂')), max_size=30))
def test_any_query_string_returns_a_result(store, text):
    r = q(store, text)
    assert r.total >= 0 and isinstance(r.understood, str)


def test_empty_query_lists_everything_newest_first_unknown_dates_last(store):
    r = q(store, page_size=100)
    dates = [h.date for h in r.hits]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)
    assert dates[-1] is None or all(d is None for d in dates[dates.index(None):])
    assert r.total == 8  # 7 articles + 1 leftover


def test_sort_oldest_puts_unknown_dates_last(store):
    r = q(store, "", sort="oldest", page_size=100)
    dates = [h.date for h in r.hits]
    assert dates[0] == "2020-01-01" and dates[-1] is None


def test_date_breaks_ties_only(store):
    r = q(store, "工匠", sort="newest")
    dates = [h.date for h in r.hits]
    assert dates == sorted(dates, reverse=True)


def test_facets_count_all_matches_not_just_the_page(store):
    r = q(store, "锂电", page_size=1)
    assert len(r.hits) == 1
    counts = {f.value: f.count for f in r.facets["county"]}
    assert sum(counts.values()) == len({"t1", "b1", "p1", "p2"})
    assert counts["永新县"] == 2
    assert {f.value: f.count for f in r.facets["paper"]}["宜春日报"] == 3  # p1, p2 and the leftover
    assert all(f.value for f in r.facets["county"])  # unknown not counted


def test_filters(store):
    assert set(ids(q(store, "", county="宜丰县"))) == {"p2", "old"}
    assert set(ids(q(store, "工匠", city="宜春市", date_from=D(2024, 1, 1)))) == {"p1", "p2"}
    assert ids(q(store, "", author="刘靖雯")) == ["b1"]
    assert set(ids(q(store, "", paper="宜春日报", date_to=D(2023, 12, 31)))) == {"old"}


def test_paging_is_clamped(store):
    r = q(store, "", page=0, page_size=0)
    assert r.request.page == 1 and r.request.page_size == 1 and len(r.hits) == 1
    r = q(store, "", page_size=10_000)
    assert r.request.page_size == MAX_PAGE_SIZE
    r = q(store, "", page=99, page_size=5)
    assert r.hits == [] and r.total == 8


def test_pages_do_not_overlap(store):
    seen = [h.id for p in (1, 2, 3) for h in q(store, "", page=p, page_size=3).hits]
    assert len(seen) == len(set(seen)) == 8


def matched(excerpt) -> list[str]:
    return [excerpt.text[s:e] for s, e in excerpt.spans]


def test_hits_carry_plain_text_with_match_offsets(store):
    hit = q(store, "金垦山").hits[0]
    # article text comes back as written: no escaping, no markup added by the indexer
    assert "<script>alert(1)</script>" in hit.snippet.text and "&amp;符号" in hit.snippet.text
    assert matched(hit.snippet) == ["金垦山"]
    assert hit.headline.text == "<b>标签</b>测试" and hit.title_spans == ()
    data = hit.to_dict()
    assert data["snippet_text"] == hit.snippet.text
    s, e = data["snippet_spans"][0]
    assert data["snippet_text"][s:e] == "金垦山"


def test_snippet_is_one_line_cut_with_ellipses_and_spans_still_point_at_matches(tmp_path):
    body = "开头的话。" * 40 + "\n中间提到华昊锂电的扩产。\n" + "结尾的话。" * 40
    st_ = build_index(tmp_path, [page_of([make_article("long", "长文", body)], source="a.txt")])
    try:
        hit = search(st_, SearchRequest(q="华昊锂电")).hits[0]
    finally:
        st_.close()
    text = hit.snippet.text
    assert text.startswith("…") and text.endswith("…") and "\n" not in text
    assert len(text) <= 122 and matched(hit.snippet) == ["华昊锂电"]


def test_snippet_comes_from_captions_when_the_match_is_there(store):
    hit = q(store, "实训室").hits[0]
    assert matched(hit.snippet) == ["实训室"]


def test_matches_found_for_traditional_and_spaced_queries(store):
    r = q(store, "鋰電")
    assert matched(r.hits[0].headline)[0] == "锂电" and r.hits[0].title_spans[0][0] == 0
    assert "锂电" in matched([h for h in r.hits if h.id == "b1"][0].snippet)
    hit = [h for h in q(store, '"锂电新能源"').hits if h.id == "x1"][0]
    assert "锂 电 新 能 源" in matched(hit.snippet)
    assert "x1" in ids(q(store, "大幅提升")) and "x1" in ids(q(store, '"也 大 幅"'))


def test_get_article_round_trips(store):
    art = get_article(store, "p1")
    assert art.title == "工匠学院" and art.captions == ["▲学员在实训室学习设备操作"]
    assert get_article(store, "nope") is None


def test_related_excludes_the_article_itself(store):
    hits = related(store, get_article(store, "p1"), limit=3)
    assert hits and "p1" not in [h.id for h in hits] and len(hits) <= 3


def test_counties_sorted_by_province_city_name(store):
    cs = counties(store)
    assert [(c.city, c.name) for c in cs] == sorted((c.city, c.name) for c in cs)
    assert {c.name: c.count for c in cs} == {"永新县": 2, "袁州区": 2, "宜丰县": 2}


def test_format_result_is_plain_text(store):
    text = format_result(q(store, "金垦山"))
    assert "【金垦山】" in text and "<mark>" not in text and "&lt;" not in text
    assert "共 1 篇" in text


def test_an_empty_index_answers_with_nothing(tmp_path):
    empty = build_index(tmp_path, [])
    r = search(empty, SearchRequest(q="锂电"))
    assert r.total == 0 and r.hits == [] and r.pages == 1
    assert search(empty, SearchRequest()).total == 0 and counties(empty) == []
    empty.close()


def test_unquoted_word_needs_its_bigrams_quoted_needs_adjacency_exclusion_is_exact(tmp_path):
    # 产业 / 业工 / 工人 all occur in the first article, but never as 产业工人.
    scattered = make_article("scattered", "园区动态", "产业兴旺，毕业工作的工人很多。", source="a.txt")
    exact = make_article("exact", "园区动态", "产业工人队伍壮大。", source="b.txt")
    st_ = build_index(tmp_path, [page_of([scattered], source="a.txt"), page_of([exact], source="b.txt")])
    try:
        unquoted = {h.id for h in search(st_, SearchRequest(q="产业工人")).hits}
        quoted = {h.id for h in search(st_, SearchRequest(q='"产业工人"')).hits}
        excluded = {h.id for h in search(st_, SearchRequest(q="园区 -产业工人")).hits}
    finally:
        st_.close()
    assert "exact" in unquoted and quoted == {"exact"}
    # excluding a word removes only the articles that really contain it
    assert excluded == {"scattered"}
