"""Every page and its JSON twin come from one view: the twin holds every hit and
every facet value the page shows (value, label, count, selected, toggle link)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest

PAGES = [  # (file, paper, date, county written in the dateline)
    ("a", "井冈山报", "2023-04-01", "永新"),
    ("b", "宜春日报", "2024-02-10", "宜丰"),
    ("c", "宜春日报", "2024-09-30", "永新"),
    ("d", "井冈山报", "2025-01-15", "泰和"),
]
TEXT = """{county}桥梁<b>加固</b>工程完工

本报{county}讯(全媒体记者李歆) {county}县一座老桥完成加固，“桥梁”通行恢复，附近村民出行更方便。

"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.write.reindex import reindex
    from web import create_app

    root = tmp_path_factory.mktemp("twins")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, paper, date, county in PAGES:
        (corpus / f"{name}.txt").write_text(TEXT.format(county=county), encoding="utf-8")
        (corpus / f"{name}.toml").write_text(f'paper = "{paper}"\ndate = "{date}"\npage = "2"\n', encoding="utf-8")
    assert not reindex(corpus, root / "index", full=True).failed
    return create_app({"TESTING": True, "INDEX_DIR": root / "index", "CORPUS_DIR": corpus}).test_client()


class Shown(HTMLParser):
    """What a list page shows: its hits (link, title text, snippet text) and its
    facet values (facet, href, label, count, selected)."""

    def __init__(self):
        super().__init__()
        self.hits: list[dict] = []
        self.facets: list[dict] = []
        self._facet: str | None = None
        self._item: dict | None = None
        self._hit: dict | None = None
        self._field: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and "facet" in classes:
            self._facet = next(c.removeprefix("facet-") for c in classes if c.startswith("facet-"))
        elif tag == "li" and self._facet:
            self._item = {"facet": self._facet, "selected": "selected" in classes, "label": "", "count": ""}
            self.facets.append(self._item)
        elif tag == "a" and self._item is not None:
            self._item["href"] = a["href"]
            self._field = "label"
        elif tag == "span" and self._item is not None and "count" in classes:
            self._field = "count"
        elif tag == "li" and "hit" in classes:
            self._hit = {"title": "", "snippet": ""}
            self.hits.append(self._hit)
        elif tag == "a" and self._hit is not None and "href" not in self._hit:
            self._hit["href"] = a["href"]
            self._field = "title"
        elif tag == "p" and self._hit is not None and "snippet" in classes:
            self._field = "snippet"

    def handle_endtag(self, tag):
        if tag in ("a", "span", "p"):
            self._field = None
        if tag == "li":
            self._item = self._hit = None
        if tag == "section":
            self._facet = None

    def handle_data(self, data):
        target = self._item if self._item is not None else self._hit
        if self._field and target is not None:
            target[self._field] += data


def shown(client, url: str) -> Shown:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    page = Shown()
    page.feed(resp.get_data(as_text=True))
    return page


def twin(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200 and resp.is_json, (url, resp.status_code)
    return resp.get_json()


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def assert_twin_holds_the_page(page: Shown, data: dict, api_path: str) -> None:
    assert page.hits, "the page shows no hits"
    assert len(data["hits"]) == len(page.hits)
    for seen, hit in zip(page.hits, data["hits"]):
        assert hit["url"] == seen["href"]
        assert hit["display_title"] == seen["title"].strip()
        assert hit["snippet_text"] == seen["snippet"].strip()
    values = {(name, v["label"]): v for name, vals in data["facets"].items() for v in vals}
    for item in page.facets:
        value = values[(item["facet"], item["label"].removeprefix("✓ ").strip())]
        assert value["count"] == int(item["count"])
        assert value["selected"] == item["selected"]
        # the same link, pointing at the twin of the page it was on
        assert urlsplit(value["toggle_url"]).path == api_path
        assert query(value["toggle_url"]) == query(item["href"])


@pytest.mark.parametrize("args", ["q=桥梁", "q=桥梁&paper=宜春日报", "q=桥梁&from=2024&to=2024", "sort=oldest&size=2&page=2",
                                  "q=加固&county=永新县"])
def test_search_twin_holds_every_hit_and_facet_value_the_page_shows(client, args):
    page = shown(client, f"/search?{args}")
    data = twin(client, f"/api/search?{args}")
    assert_twin_holds_the_page(page, data, "/api/search")


@pytest.mark.parametrize("args", ["", "?q=老桥"])
def test_county_page_twin_holds_its_hits(client, args):
    path = "/county/" + quote("永新县")
    data = twin(client, "/api/counties/" + quote("永新县") + args)
    assert data["county"]["name"] == "永新县" and data["county"]["city"] == "吉安市"
    assert_twin_holds_the_page(shown(client, path + args), data, "/api/counties/" + quote("永新县"))


def test_selected_values_and_filters_are_in_the_twin(client):
    data = twin(client, "/api/search?q=桥梁&paper=宜春日报")
    papers = {v["value"]: v for v in data["facets"]["paper"]}
    assert papers["宜春日报"]["selected"] and query(papers["宜春日报"]["toggle_url"]) == {"q": "桥梁"}
    assert data["filters"] == [{"name": "paper", "label": "报纸", "value": "宜春日报", "remove_url": "/api/search?q=%E6%A1%A5%E6%A2%81"}]
    assert data["facet_labels"]["county"] == "县区"
    counties = {v["value"]: v for v in data["facets"]["county"]}
    assert counties["宜丰县"]["city"] == "宜春市"


def test_paging_and_sorting_links_in_the_twin(client):
    data = twin(client, "/api/search?size=1&page=2")
    assert query(data["links"]["next"])["page"] == "3" and query(data["links"]["prev"]) == {"size": "1"}
    assert [s["value"] for s in data["sorts"]] == ["relevance", "newest", "oldest"]
    assert twin(client, data["links"]["next"])["page"] == 3  # links lead to the next JSON page


def test_counties_twin_lists_every_county_the_directory_shows(client):
    html = client.get("/counties").get_data(as_text=True)
    data = twin(client, "/api/counties")
    names = {c["name"] for c in data["counties"]}
    assert names == {"永新县", "宜丰县", "泰和县"}
    for c in data["counties"]:
        assert f'href="{c["url"]}"' in html and f"（{c['count']}）" in html
    assert [g["city"] for g in data["groups"]] == ["吉安市", "宜春市"]  # the city with more articles first


def test_article_twin_holds_the_record_and_related_articles(client):
    hit = twin(client, "/api/search?q=永新")["hits"][0]
    data = twin(client, f"/api/articles/{hit['id']}")
    assert data["id"] == hit["id"] and data["blocks"]
    html = client.get(f"/article/{hit['id']}").get_data(as_text=True)
    assert data["related"], "the seed articles all share words"
    for rel in data["related"]:
        assert f'href="{rel["url"]}"' in html


def test_a_long_query_is_cut_with_a_notice_on_the_page_and_in_the_twin(client):
    from indexer.limits import MAX_QUERY_CHARS, NOTICE_TOO_LONG

    q = "桥梁" + "。" * 400
    data = twin(client, "/api/search?" + f"q={quote(q)}")
    assert data["notice"] == NOTICE_TOO_LONG and len(data["query"]["q"]) == MAX_QUERY_CHARS and data["total"] == 4
    html = client.get("/search?" + f"q={quote(q)}").get_data(as_text=True)
    assert NOTICE_TOO_LONG in html


def test_a_county_written_another_way_redirects_page_and_twin_alike(client):
    for prefix in ("/county/", "/api/counties/"):
        resp = client.get(prefix + quote("永新") + "?page=1")
        assert resp.status_code == 302
        assert urlsplit(resp.headers["Location"]).path == prefix + quote("永新县")
