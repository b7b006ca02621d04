"""Choosing facet values on the page: several per facet (OR), the others stay visible, 更多, 筛选."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit


def api(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    return resp.get_json()


def county_links(html: str) -> dict[str, str]:
    section = re.search(r'<section class="facet facet-county".*?</section>', html, re.S)[0]
    return {label: unescape(href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(?:✓ )?([^<]+)</a>', section)
            if not label.startswith(("更多", "收起"))}


def test_two_counties_match_either_and_the_rest_stay_listed(dated_client):
    html = dated_client.get("/search?q=茶").get_data(as_text=True)
    first = county_links(html)["永新县"]
    html = dated_client.get(first).get_data(as_text=True)
    links = county_links(html)
    assert set(links) >= {"永新县", "泰和县", "井冈山市"}  # the counties not chosen are still there
    both_url = links["泰和县"]
    assert parse_qs(urlsplit(both_url).query)["county"] == ["永新县", "泰和县"]
    both = api(dated_client, both_url.replace("/search", "/api/search", 1))
    alone = {c: api(dated_client, f"/api/search?q=茶&county={c}")["total"] for c in ("永新县", "泰和县")}
    assert both["total"] == sum(alone.values())
    assert {h["county"] for h in both["hits"]} == {"永新县", "泰和县"}
    chips = [f["value"] for f in both["filters"]]
    assert chips == ["永新县", "泰和县"]
    drop_one = next(f["remove_url"] for f in both["filters"] if f["value"] == "永新县")
    assert parse_qs(urlsplit(drop_one).query)["county"] == ["泰和县"]


def test_other_facets_count_only_the_chosen_counties(dated_client):
    data = api(dated_client, "/api/search?county=泰和县")
    papers = {v["value"]: v["count"] for v in data["facets"]["paper"]}
    assert papers == {"合成日报": 1}  # the unknown-paper page is not counted under any paper


def test_more_link_shows_every_value(dated_client, monkeypatch):
    import web.facet_links

    monkeypatch.setattr(web.facet_links, "FACET_TOP", 1)
    html = dated_client.get("/search?q=茶").get_data(as_text=True)
    more = re.search(r'<p class="more"><a href="([^"]+)">更多（共 (\d+) 项）</a>', html)
    assert more and "more=county" in unescape(more[1])
    full = dated_client.get(unescape(more[1]).split("#")[0]).get_data(as_text=True)
    assert len(county_links(full)) == int(more[2]) and "收起" in full


def test_filters_link_on_top_of_results(dated_client):
    html = dated_client.get("/search?q=茶&county=永新县").get_data(as_text=True)
    assert '<p class="jump-filters"><a href="#filters">筛选（已选 1 项）</a></p>' in html
    assert '<aside class="facets" id="filters"' in html
    assert '<a href="#results-h">↑ 回到结果</a>' in html  # and back again
