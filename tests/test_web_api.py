"""The JSON twins: same parameters as the pages, same data, JSON errors."""

from __future__ import annotations

import re

import pytest


def get_json(client, url, status=200):
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.get_data(as_text=True)[:300])
    assert resp.mimetype == "application/json"
    return resp.get_json()


def test_search_returns_result_dict(client):
    data = get_json(client, "/api/search?q=锂电")
    for key in ("total", "hits", "facets", "page", "pages", "elapsed_ms", "understood", "notice", "query"):
        assert key in data
    assert data["total"] >= 1 and data["hits"]
    assert "<mark>" in "".join(h["snippet"] for h in data["hits"])


def test_search_api_agrees_with_search_page(client):
    for query in ("q=锂电", "q=锂电&sort=newest", "sort=oldest&size=3&page=2", "q=医保&county=宜春经开区"):
        data = get_json(client, f"/api/search?{query}")
        html = client.get(f"/search?{query}").get_data(as_text=True)
        assert int(re.search(r'class="total">(\d+)<', html).group(1)) == data["total"]
        for hit in data["hits"]:
            assert f"/article/{hit['id']}" in html


def test_filters_are_applied(client):
    counties = get_json(client, "/api/counties")["counties"]
    name = counties[0]["name"]
    data = get_json(client, f"/api/search?county={name}&size=100")
    assert data["total"] == counties[0]["count"]
    assert {h["county"] for h in data["hits"]} == {name}
    assert data["query"]["county"] == [name]


def test_article_json_matches_search_hit(client):
    hit = get_json(client, "/api/search?q=锂电")["hits"][0]
    article = get_json(client, f"/api/articles/{hit['id']}")
    assert article["id"] == hit["id"]
    assert article["display_title"] == hit["display_title"]
    assert article["blocks"] and "paragraphs" in article


def test_counties_json_lists_counts(client):
    data = get_json(client, "/api/counties")
    assert data["counties"]
    total = get_json(client, "/api/search?size=1")["total"]
    assert sum(c["count"] for c in data["counties"]) <= total
    assert all(c["name"] and c["count"] >= 1 for c in data["counties"])


def test_county_json_has_its_articles(client):
    name = get_json(client, "/api/counties")["counties"][0]["name"]
    data = get_json(client, f"/api/counties/{name}")
    assert data["county"]["name"] == name
    assert data["total"] == data["county"]["count"]


@pytest.mark.parametrize("url", ["/api/articles/nope", "/api/counties/不存在县", "/api/nothing-here"])
def test_unknown_things_are_json_404(client, url):
    data = get_json(client, url, status=404)
    assert data["error"]


def test_unknown_county_json_suggests(client):
    data = get_json(client, "/api/counties/永新市", status=404)
    assert "永新县" in data.get("suggestions", [])


@pytest.mark.parametrize(
    "query, name", [("page=abc", "page"), ("from=2024-02-30", "from"), ("sort=up", "sort"), ("size=x", "size")]
)
def test_bad_parameters_are_json_400_naming_the_parameter(client, query, name):
    data = get_json(client, f"/api/search?{query}", status=400)
    assert name in data["error"]


def test_api_is_utf8_not_escaped(client):
    body = client.get("/api/search?q=锂电").get_data(as_text=True)
    assert "锂电" in body
