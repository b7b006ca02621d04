"""The HTML pages over the seed index, as a reader meets them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

ATOM = "{http://www.w3.org/2005/Atom}"


class Links(HTMLParser):
    """Collects <a> hrefs with their classes and text, and <link> tags."""

    def __init__(self):
        super().__init__()
        self.anchors: list[dict] = []
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self._open = {**a, "text": ""}
            self.anchors.append(self._open)
        elif tag == "link":
            self.links.append(a)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def parse_links(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def html_of(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code, resp.get_data(as_text=True)[:300])
    return resp.get_data(as_text=True)


def api(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    return resp.get_json()


def total_on_page(html: str) -> int:
    m = re.search(r'class="total">(\d+)<', html)
    assert m, "result count missing"
    return int(m.group(1))


# -- home and help ------------------------------------------------------------------


def test_home_has_search_box_holdings_and_county_links(client):
    html = html_of(client, "/")
    assert '<html lang="zh-CN">' in html
    assert re.search(r'<label for="q">', html) and 'name="q"' in html
    everything = api(client, "/api/search?sort=newest")
    assert f"{everything['total']} 篇" in html  # the holdings match what a search for everything finds
    county_links = [a["href"] for a in parse_links(html).anchors if a["href"].startswith("/county/")]
    assert county_links
    for href in county_links:
        assert client.get(href).status_code == 200
    assert "/help" in html and "title:" in html  # one-line syntax hint


def test_help_examples_all_find_something(client):
    html = html_of(client, "/help")
    examples = [a["href"] for a in parse_links(html).anchors if a["href"].startswith("/search?q=")]
    assert len(examples) >= 8
    for href in examples:
        data = api(client, "/api" + href)
        q = parse_qs(urlsplit(href).query)["q"][0]
        assert data["total"] >= 1, f"help example {q!r} finds nothing in the bundled corpus"


# -- search -------------------------------------------------------------------------


def test_search_shows_highlighted_hits_with_unknown_metadata(client):
    html = html_of(client, "/search?q=锂电")
    assert total_on_page(html) >= 1
    assert "<mark>锂电" in html or "<mark>锂</mark>" in html
    assert "未知" in html  # the seed pages have no paper/date/page
    assert "毫秒" in html  # time taken
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/search\.atom\?q=', html)
    assert "Atom 订阅" in html


def test_county_facet_link_narrows_to_its_count(client):
    html = html_of(client, "/search?q=锂电")
    facet_links = [a for a in parse_links(html).anchors if "county=" in a["href"] and a["href"].startswith("/search")]
    assert facet_links, "no county facet"
    for a in facet_links:
        facet_count = int(re.search(rf'href="{re.escape(a["href"]).replace("&", "&amp;")}"[^<]*</a> <span class="count">(\d+)', html).group(1))
        narrowed = html_of(client, a["href"])
        assert total_on_page(narrowed) == facet_count
        county = parse_qs(urlsplit(a["href"]).query)["county"][0]
        assert "取消" in narrowed and county in narrowed  # the active filter is shown with a remove link
        removed = [x["href"] for x in parse_links(narrowed).anchors if "取消" in x["text"]]
        assert removed and total_on_page(html_of(client, removed[0])) == total_on_page(html)


def test_sort_orders_by_date(client):
    for sort in ("newest", "oldest", "relevance"):
        html = html_of(client, f"/search?q=锂电&sort={sort}")
        assert total_on_page(html) >= 1


def test_pagination_walks_through_results(client):
    everything = api(client, "/api/search?size=1")
    assert everything["total"] >= 3
    first = html_of(client, "/search?size=1")
    second_url = next(a["href"] for a in parse_links(first).anchors if a.get("rel") == "next")
    second = html_of(client, second_url)
    first_hit = re.search(r'href="(/article/[^"?]+)', first).group(1)
    second_hit = re.search(r'href="(/article/[^"?]+)', second).group(1)
    assert first_hit != second_hit
    assert 'aria-current="page"' in second


def test_no_results_offers_unfiltered_search_and_understood_query(client):
    html = html_of(client, "/search?q=锂电&county=泰和县")
    data = api(client, "/api/search?q=锂电&county=泰和县")
    if data["total"]:
        pytest.skip("seed data changed: 锂电 now appears in 泰和县")
    assert "没有找到" in html
    unfiltered = next(a["href"] for a in parse_links(html).anchors if "去掉" in a["text"])
    assert total_on_page(html_of(client, unfiltered)) >= 1
    assert data["understood"] and data["understood"] in html.replace("&#34;", '"').replace("&quot;", '"')


def test_degraded_query_shows_notice(client):
    q = '"华昊锂电'  # unbalanced quote: degraded to a plain search
    data = api(client, f"/api/search?q={q}")
    assert data["notice"] and data["total"] >= 1
    html = html_of(client, f"/search?q={q}")
    assert 'class="notice"' in html and data["notice"] in html
    assert "<mark>" in html


# -- a small dated corpus (the seed pages have no dates) ----------------------------------

DATED = [("a", "井冈山报", "2023-04-01"), ("b", "宜春日报", "2024-02-10"), ("c", "宜春日报", "2024-09-30")]
PAGE = """{title}锂电项目

本报永新讯(全媒体记者李歆) 永新县{title}锂电项目开工建设，园区负责人介绍了项目情况。

"""


@pytest.fixture(scope="module")
def dated_client(tmp_path_factory):
    from indexer.write.reindex import reindex
    from web import create_app

    root = tmp_path_factory.mktemp("dated")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, paper, date in DATED:
        (corpus / f"{name}.txt").write_text(PAGE.format(title=f"第{name}号"), encoding="utf-8")
        (corpus / f"{name}.toml").write_text(f'paper = "{paper}"\ndate = "{date}"\npage = "3"\n', encoding="utf-8")
    assert not reindex(corpus, root / "index", full=True).failed
    return create_app({"TESTING": True, "INDEX_DIR": root / "index", "CORPUS_DIR": corpus}).test_client()


def test_year_bar_chart_and_year_facet(dated_client):
    html = html_of(dated_client, "/search?q=锂电")
    assert "<svg" in html and "style=" not in html
    widths = dict(re.findall(r'<text[^>]*class="bar-label">(\d{4})</text>\s*<rect[^>]*width="(\d+)"', html))
    assert set(widths) == {"2023", "2024"}
    assert int(widths["2024"]) > int(widths["2023"])  # two articles in 2024, one in 2023
    year_link = next(a["href"] for a in parse_links(html).anchors if a["href"].startswith("/search") and "from=2023" in a["href"])
    assert total_on_page(html_of(dated_client, year_link)) == 1


def test_dates_papers_and_sorting_shown(dated_client):
    newest = html_of(dated_client, "/search?q=锂电&sort=newest")
    shown = re.findall(r'<time datetime="([\d-]+)"', newest)
    assert shown == sorted((d for _, _, d in DATED), reverse=True)
    oldest = html_of(dated_client, "/search?q=锂电&sort=oldest")
    assert re.findall(r'<time datetime="([\d-]+)"', oldest) == sorted(d for _, _, d in DATED)
    assert "宜春日报" in newest and "第3版" in newest
    paper_link = next(a["href"] for a in parse_links(newest).anchors if "paper=" in a["href"] and "宜春日报" in a["text"])
    assert total_on_page(html_of(dated_client, paper_link)) == 2
    ranged = html_of(dated_client, "/search?q=锂电&from=2024-01&to=2024-06")
    assert total_on_page(ranged) == 1


def test_county_page_newest_first(dated_client):
    html = html_of(dated_client, "/county/永新县")
    assert re.findall(r'<time datetime="([\d-]+)"', html) == sorted((d for _, _, d in DATED), reverse=True)


def test_atom_feed_is_valid_and_matches_search(client):
    resp = client.get("/search.atom?q=锂电")
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    root = ET.fromstring(resp.data)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None
    entries = root.findall(f"{ATOM}entry")
    data = api(client, "/api/search?q=锂电")
    assert len(entries) == len(data["hits"])
    for entry, hit in zip(entries, data["hits"]):
        assert entry.find(f"{ATOM}title").text == hit["display_title"]
        assert entry.find(f"{ATOM}link").get("href").endswith(f"/article/{hit['id']}")
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.find(f"{ATOM}updated").text)
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "text" and summary.text.endswith(hit["snippet_text"])  # plain text, no marks


# -- counties -----------------------------------------------------------------------


def test_county_directory_grouped_by_city(client):
    html = html_of(client, "/counties")
    counties = api(client, "/api/counties")["counties"]
    assert counties
    for c in counties:
        assert f">{c['name']}</a>" in html
        if c["city"]:
            assert f">{c['city']}" in html
    assert html.index("吉安市") < html.index("永新县") or "吉安市" not in html


def test_county_page_lists_its_articles_newest_first_with_scoped_search(client):
    county = api(client, "/api/counties")["counties"][0]
    html = html_of(client, f"/county/{county['name']}")
    assert total_on_page(html) == county["count"]
    assert f'<input type="hidden" name="county" value="{county["name"]}">' in html
    data = api(client, f"/api/counties/{county['name']}")
    assert all(h["county"] == county["name"] for h in data["hits"])
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)


def test_county_short_name_redirects(client):
    resp = client.get("/county/永新")
    assert resp.status_code in (301, 302) and resp.headers["Location"].endswith("/county/%E6%B0%B8%E6%96%B0%E5%8E%BF")


def test_unknown_county_is_404_with_suggestions(client):
    html = html_of(client, "/county/永新市", status=404)
    assert "找不到" in html or "没有" in html
    assert 'href="/county/%E6%B0%B8%E6%96%B0%E5%8E%BF"' in html  # 永新县 suggested
    html_of(client, "/county/不存在的地方", status=404)


# -- articles -----------------------------------------------------------------------


def first_hit(client, q: str) -> dict:
    return api(client, f"/api/search?q={q}")["hits"][0]


def test_article_from_search_highlights_query_and_links_county(client):
    html = html_of(client, "/search?q=锂电")
    href = next(a["href"] for a in parse_links(html).anchors if a["href"].startswith("/article/"))
    assert "q=" in href  # the query travels with the hit link
    page = html_of(client, href)
    assert "<mark>" in page
    article = api(client, "/api" + urlsplit(href).path.replace("/article/", "/articles/"))
    assert "<h1>" in page
    plain = html_of(client, f"/article/{article['id']}")
    headings = [b["text"] for b in article["blocks"] if b["kind"] == "heading"]
    assert headings, "the seed feature has section heads"
    for heading in headings:
        assert f"<h2>{escape(heading)}</h2>" in plain
    for author in article["authors"]:
        assert author["name"] in page
    if article["county"]:
        county_href = next(a["href"] for a in parse_links(page).anchors if "county" in a.get("class", ""))
        assert html_of(client, county_href)
    assert "未知" in page


def test_article_without_query_has_no_marks(client):
    hit = first_hit(client, "锂电")
    assert "<mark>" not in html_of(client, f"/article/{hit['id']}")


def test_article_shows_captions_and_related(client):
    article = None
    for hit in api(client, "/api/search?size=50")["hits"]:
        data = api(client, f"/api/articles/{hit['id']}")
        if data["captions"]:
            article = data
            break
    assert article, "seed feature article with captions not found"
    page = html_of(client, f"/article/{article['id']}")
    assert article["captions"][0] in page
    assert "图片说明" in page
    assert "相关文章" in page


def test_source_link_serves_page_text(client):
    hit = first_hit(client, "锂电")
    page = html_of(client, f"/article/{hit['id']}")
    src = next(a["href"] for a in parse_links(page).anchors if a["href"].startswith("/source/"))
    resp = client.get(src)
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    assert "锂电" in resp.get_data(as_text=True)


def test_unknown_article_is_404_in_chinese(client):
    html = html_of(client, "/article/no-such-id", status=404)
    assert "找不到" in html or "没有" in html
    assert '<html lang="zh-CN">' in html


def test_unknown_page_is_404_in_chinese(client):
    assert "找不到页面" in html_of(client, "/no/such/page", status=404)


def test_missing_index_is_friendly_503(tmp_path, seed_corpus):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none", "CORPUS_DIR": seed_corpus}).test_client()
    for url in ("/", "/search?q=锂电", "/counties"):
        resp = client.get(url)
        assert resp.status_code == 503
        assert "newsarchive reindex" in resp.get_data(as_text=True)
    resp = client.get("/api/search?q=锂电")
    assert resp.status_code == 503 and "error" in resp.get_json()
    assert client.get("/help").status_code == 200  # pages that need no index still work
