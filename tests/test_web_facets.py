"""Facet links, active filters, year bars and highlighting: pure functions, no server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hypothesis import given, settings, strategies as st

from indexer.results import FacetValue, SearchRequest, SearchResult
from web.facet_links import active_filters, build_facets, group_by_city
from web.markup import highlighter, mark_html, query_terms
from web.params import parse_search_request


def result_for(req: SearchRequest, **facets) -> SearchResult:
    return SearchResult(req, total=5, hits=[], facets={k: [FacetValue(*v) for v in vals] for k, vals in facets.items()}, understood=req.q)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def by_value(groups, name):
    group = next(g for g in groups if g.name == name)
    return {i.value: i for i in group.items}, group


def test_facet_link_adds_filter_and_keeps_query():
    req = SearchRequest(q="锂电", page=3)
    groups = build_facets(result_for(req, county=[("永新县", 3), ("泰和县", 1)]), "/search")
    items, _ = by_value(groups, "county")
    assert not items["永新县"].selected
    target = query_of(items["永新县"].toggle_url)
    assert target == {"q": "锂电", "county": "永新县"}  # page dropped: a new filter starts at page 1
    assert items["永新县"].count == 3


def test_selected_facet_link_removes_filter():
    req = SearchRequest(q="锂电", county="永新县")
    items, _ = by_value(build_facets(result_for(req, county=[("永新县", 3)]), "/search"), "county")
    assert items["永新县"].selected
    assert query_of(items["永新县"].toggle_url) == {"q": "锂电"}


def test_counties_grouped_under_the_city_the_index_gives():
    req = SearchRequest(q="x")
    county = [("永新县", 3, "吉安市"), ("宜丰县", 2, "宜春市"), ("泰和县", 1, "吉安市"), ("某县", 1, None)]
    _, group = by_value(build_facets(result_for(req, county=county), "/search"), "county")
    assert [(city, [i.value for i in items]) for city, items in group.groups] == [
        ("吉安市", ["永新县", "泰和县"]), ("宜春市", ["宜丰县"]), ("未知", ["某县"])]
    assert group.items[0].to_dict()["city"] == "吉安市"


def test_city_grouping_puts_bigger_cities_first_and_unknown_last():
    from indexer.results import CountyCount

    rows = [CountyCount("甲县", "A市", "省", 1), CountyCount("乙县", None, None, 9), CountyCount("丙县", "B市", "省", 2),
            CountyCount("丁县", "A市", "省", 3), CountyCount("戊市", None, "省", 4)]
    # a unit with a province but no prefecture city (济源市, 仙桃市 …) is listed as directly under its province
    assert [(city, [c.name for c in cs]) for city, cs in group_by_city(rows)] == [
        ("A市", ["丁县", "甲县"]), ("省直辖", ["戊市"]), ("B市", ["丙县"]), ("未知", ["乙县"])]


def test_facet_shows_its_top_values_and_a_more_link_to_all():
    from web.facet_links import FACET_TOP

    papers = [(f"报{i:03d}", 100 - i) for i in range(FACET_TOP + 5)]
    req = parse_search_request({"q": "茶", "paper": "报013"})  # a chosen value beyond the top stays shown
    _, group = by_value(build_facets(result_for(req, paper=papers), "/search"), "paper")
    assert group.truncated and len(group.items) == FACET_TOP + 5
    assert [i.value for i in group.shown] == [f"报{i:03d}" for i in range(FACET_TOP)] + ["报013"]
    assert query_of(group.more_url) == {"q": "茶", "paper": "报013", "more": "paper"}
    _, full = by_value(build_facets(result_for(req, paper=papers), "/search", more="paper"), "paper")
    assert not full.truncated and len(full.shown) == FACET_TOP + 5
    assert query_of(full.shown[0].toggle_url)["more"] == "paper"  # choosing in the full list keeps it open
    assert "more" not in query_of(full.less_url)


def test_year_facet_toggles_date_range():
    req = SearchRequest(q="医保")
    items, _ = by_value(build_facets(result_for(req, year=[("2024", 2)]), "/search"), "year")
    url = items["2024"].toggle_url
    chosen = parse_search_request(query_of(url))
    assert (chosen.date_from.isoformat(), chosen.date_to.isoformat()) == ("2024-01-01", "2024-12-31")
    items2, _ = by_value(build_facets(result_for(chosen, year=[("2024", 2)]), "/search"), "year")
    assert items2["2024"].selected
    assert "from" not in query_of(items2["2024"].toggle_url)


def test_active_filters_each_removable():
    req = parse_search_request({"q": "锂电", "county": "永新县", "paper": "井冈山报"})
    filters = {f.name: f for f in active_filters(req, "/search")}
    assert set(filters) == {"county", "paper"}
    assert query_of(filters["county"].remove_url) == {"q": "锂电", "paper": "井冈山报"}


def test_highlight_marks_terms_and_escapes_text():
    html = str(highlighter(["锂电"])("华昊锂电<script>alert(1)</script>锂电池"))
    assert html.count("<mark>锂电</mark>") == 2
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_highlight_uses_query_syntax_and_folds_like_the_index():
    terms = query_terms('鋰電 -工业 author:李歆')
    html = str(highlighter(terms)("工业锂电"))
    assert "<mark>锂电</mark>" in html  # traditional query marks simplified text
    assert "<mark>工业" not in html  # excluded words are not highlighted


def test_highlight_payload_in_text_and_terms_stays_text():
    payload = '"><img src=x onerror=alert(1)>'
    html = str(highlighter(query_terms(payload))("前" + payload + "后"))
    assert "<img" not in html


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=5), max_size=3))
def test_highlight_never_loses_text(text, terms):
    from html.parser import HTMLParser

    class Read(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text = [], ""

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, attrs))

        def handle_data(self, data):
            self.text += data

    html = str(highlighter(terms)(text))
    read = Read()
    read.feed(html)
    read.close()
    assert {tag for tag, _ in read.tags} <= {"mark"} and all(not attrs for _, attrs in read.tags)
    assert read.text == text


def test_excerpt_marks_render_per_view():
    from indexer.results import Excerpt
    from web.cli_format import terminal_marks

    excerpt = Excerpt("a<b>锂电&池", ((4, 6),))
    assert str(mark_html(excerpt)) == "a&lt;b&gt;<mark>锂电</mark>&amp;池"
    assert terminal_marks(excerpt) == "a<b>【锂电】&池"
    assert list(Excerpt("锂电", ((0, 2),)).pieces()) == [("锂电", True)]
