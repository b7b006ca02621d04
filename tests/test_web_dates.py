"""Dates as filters on the pages: the date-range form, the chart's links, county pages alike."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit


def api(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    return resp.get_json()


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def form_of(html: str) -> tuple[str, dict[str, str]]:
    """The date-range form's action and the fields it submits (hidden and shown)."""
    form = re.search(r'<section class="date-range".*?<form action="([^"]*)".*?</form>', html, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[0]))
    fields.update(re.findall(r'<input name="(from|to)" value="([^"]*)"', form[0]))
    return unescape(form[1]), {k: unescape(v) for k, v in fields.items()}


def test_date_form_on_search_page_keeps_the_search(dated_client):
    html = dated_client.get("/search?q=茶园&paper=合成日报&sort=oldest&from=2023-05").get_data(as_text=True)
    action, fields = form_of(html)
    assert action == "/search"
    assert fields == {"q": "茶园", "paper": "合成日报", "sort": "oldest", "from": "2023-05-01", "to": ""}


def test_date_form_values_filter_as_typed(dated_client):
    for q, args, expected in (("永新", ("2023", "2023"), {"2023-05-02", "2023-11-20"}),
                              ("永新", ("2023-06", "2024-01-15"), {"2023-11-20", "2024-01-15"}),
                              ("", ("2024-03-08", ""), {"2024-03-08"})):
        data = api(dated_client, f"/api/search?q={q}&from={args[0]}&to={args[1]}")
        assert {h["date"] for h in data["hits"]} == expected, args


def test_bad_date_is_a_clear_400(dated_client):
    resp = dated_client.get("/search?q=茶园&from=2023-02-30")
    assert resp.status_code == 400
    assert "from" in resp.get_data(as_text=True) and "没有这一天" in resp.get_data(as_text=True)
    assert "to" in api_error(dated_client, "/api/search?to=20230")


def api_error(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 400
    return resp.get_json()["error"]


def test_chart_bars_link_to_their_year_in_time_order(dated_client):
    html = dated_client.get("/search?q=永新").get_data(as_text=True)
    bars = re.findall(r'<a class="bar-link[^"]*" href="([^"]+)" aria-label="(\d{4})：(\d+) 篇', html)
    assert [year for _u, year, _n in bars] == ["2023", "2024"]
    url = unescape(bars[0][0])
    assert query_of(url) == {"q": "永新", "from": "2023", "to": "2023"}
    data = api(dated_client, "/api/search?q=永新")
    assert [(b["label"], b["count"]) for b in data["chart"]["bars"]] == [(y, int(n)) for _u, y, n in bars]


def test_within_one_year_the_chart_shows_months_linked(dated_client):
    data = api(dated_client, "/api/search?q=永新&from=2023&to=2023")
    chart = data["chart"]
    assert chart["unit"] == "month" and chart["title"] == "2023 年各月"
    assert [b["label"] for b in chart["bars"]] == [f"{m}月" for m in range(5, 12)]
    may = next(b for b in chart["bars"] if b["label"] == "5月")
    assert query_of(may["url"]) == {"q": "永新", "from": "2023-05", "to": "2023-05"}
    assert [b["url"] for b in chart["bars"] if b["count"] == 0] == [None] * 5


def test_year_facet_listed_by_year(dated_client):
    html = dated_client.get("/search?q=茶").get_data(as_text=True)
    section = re.search(r'<section class="facet facet-year"[^>]*>.*?</section>', html, re.S)[0]
    assert re.findall(r">(\d{4})</a>", section) == ["2023", "2024"]


def test_county_page_has_chart_date_form_paper_facet_sort_and_search(dated_client):
    html = dated_client.get("/county/永新县").get_data(as_text=True)
    assert '<section class="chart"' in html and '<section class="facet facet-paper"' in html
    assert '<section class="facet facet-county"' not in html  # the page is the county
    action, fields = form_of(html)
    assert action.startswith("/county/") and "county" not in fields
    assert re.search(r'<a href="/county/[^"]*sort=oldest">最早</a>', html)
    narrowed = api(dated_client, "/api/counties/永新县?q=锂电&from=2024")
    assert narrowed["total"] == 1 and narrowed["county"]["name"] == "永新县"
    oldest = api(dated_client, "/api/counties/永新县?sort=oldest")["hits"]
    assert [h["date"] for h in oldest] == sorted(h["date"] for h in oldest)


def test_back_link_from_an_article_keeps_query_filters_sort_and_page(dated_client):
    listing = "/search?q=永新&paper=合成日报&from=2023&sort=oldest&size=1&page=2"
    html = dated_client.get(listing).get_data(as_text=True)
    href = unescape(re.search(r'<li class="hit">\s*<h2><a href="([^"]+)"', html)[1])
    article = dated_client.get(href).get_data(as_text=True)
    back = unescape(re.search(r'<p class="back"><a href="([^"]+)">← 返回“永新”的检索结果</a>', article)[1])
    from web.params import parse_search_request

    assert urlsplit(back).path == "/search"
    assert parse_search_request(query_of(back)) == parse_search_request(query_of(listing))  # the same list, same page
    county = dated_client.get("/county/永新县?sort=oldest&page=1").get_data(as_text=True)
    href = unescape(re.search(r'<li class="hit">\s*<h2><a href="([^"]+)"', county)[1])
    back = re.search(r'<p class="back"><a href="([^"]+)"', dated_client.get(href).get_data(as_text=True))[1]
    assert unescape(back).startswith("/county/") and "sort=oldest" in back


def test_back_link_never_leaves_the_site(dated_client):
    aid = api(dated_client, "/api/search?q=永新")["hits"][0]["id"]
    for evil in ("//evil.example/search", "https://evil.example/search", "/\\evil.example/search", "javascript:alert(1)", "/source/x"):
        html = dated_client.get(f"/article/{aid}", query_string={"back": evil, "q": "永新"}).get_data(as_text=True)
        assert re.search(r'<p class="back"><a href="([^"]+)"', html)[1] == "/search?q=%E6%B0%B8%E6%96%B0", evil
    plain = dated_client.get(f"/article/{aid}").get_data(as_text=True)
    assert '<p class="back">' not in plain and f'<link rel="canonical" href="http://localhost/article/{aid}">' in plain
