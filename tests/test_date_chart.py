"""The results-over-time chart and the date-range form: pure functions, no server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from indexer.results import FacetValue, SearchRequest, SearchResult
from web.date_chart import CHART_WIDTH, DIGIT_WIDTH, date_chart, date_form
from web.params import parse_search_request


def result_for(req: SearchRequest, **facets) -> SearchResult:
    return SearchResult(req, total=5, hits=[], facets={k: [FacetValue(*v) for v in vals] for k, vals in facets.items()},
                        understood=req.q)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_years_in_time_order_with_empty_years_between():
    chart = date_chart(result_for(SearchRequest(q="茶"), year=[("2024", 10), ("2021", 5)],
                                  month=[("2024-03", 10), ("2021-01", 5)]), "/search")
    assert chart.unit == "year"
    assert [(b.label, b.count) for b in chart.bars] == [("2021", 5), ("2022", 0), ("2023", 0), ("2024", 10)]
    assert chart.bars[3].width == 2 * chart.bars[0].width
    assert chart.bars[1].url is None and chart.bars[1].width == 0  # nothing to filter to


def test_each_year_bar_filters_to_its_year_and_keeps_the_search():
    chart = date_chart(result_for(SearchRequest(q="茶", paper="合成日报", page=3), year=[("2023", 2), ("2024", 1)]), "/search")
    chosen = parse_search_request(query_of(chart.bars[0].url))
    assert (chosen.q, chosen.paper, chosen.page) == ("茶", ("合成日报",), 1)
    assert (chosen.date_from.isoformat(), chosen.date_to.isoformat()) == ("2023-01-01", "2023-12-31")


def test_within_one_year_the_chart_shows_months():
    req = parse_search_request({"q": "茶", "from": "2023", "to": "2023"})
    chart = date_chart(result_for(req, year=[("2023", 4)], month=[("2023-11", 1), ("2023-05", 3)]), "/search")
    assert chart.unit == "month" and chart.title == "2023 年各月"
    assert [(b.label, b.count) for b in chart.bars] == [(f"{m}月", {5: 3, 11: 1}.get(m, 0)) for m in range(5, 12)]
    may = parse_search_request(query_of(chart.bars[0].url))
    assert (may.date_from.isoformat(), may.date_to.isoformat()) == ("2023-05-01", "2023-05-31")


def test_a_chosen_month_is_selected_and_its_bar_drops_the_filter():
    req = parse_search_request({"q": "茶", "from": "2023-05", "to": "2023-05"})
    chart = date_chart(result_for(req, year=[("2023", 3)], month=[("2023-05", 3)]), "/search")
    assert [b.selected for b in chart.bars] == [True]
    assert query_of(chart.bars[0].url) == {"q": "茶"}


def test_five_digit_counts_fit_in_the_chart():
    chart = date_chart(result_for(SearchRequest(), year=[("2023", 99999), ("2024", 5)]), "/search")
    for bar in chart.bars:
        assert chart.bar_x + bar.width + DIGIT_WIDTH * len(str(bar.count)) <= CHART_WIDTH


def test_no_dates_no_chart():
    assert date_chart(result_for(SearchRequest(q="茶")), "/search") is None


def test_date_form_keeps_other_parameters_and_offers_clearing():
    req = parse_search_request({"q": "茶", "county": "永新县", "from": "2023-05", "page": "2", "sort": "oldest"})
    form = date_form(result_for(req), "/search")
    assert form["hidden"] == {"q": "茶", "county": ["永新县"], "sort": "oldest"}
    assert (form["from"], form["to"]) == ("2023-05-01", "")
    assert query_of(form["clear_url"]) == {"q": "茶", "county": "永新县", "sort": "oldest"}
    assert date_form(result_for(SearchRequest(q="茶")), "/search")["clear_url"] is None
