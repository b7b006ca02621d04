"""Browsing by paper, issue and page: `indexer.browse` and its web views, over the dated corpus."""

from __future__ import annotations

import re

import pytest

from indexer import browse
from indexer.storage.store import IndexStore


@pytest.fixture
def store(dated_index):
    return IndexStore(dated_index)


def api(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    return resp.get_json()


def test_page_labels_sort_as_printed():
    labels = ["10", "A10", "2", "要闻", None, "A2", "1"]
    assert sorted(labels, key=browse.page_order) == ["1", "2", "10", "A2", "A10", "要闻", None]


def test_papers_with_span_and_counts_unknown_last(store):
    found = {p.name: p for p in browse.papers(store)}
    daily = found["合成日报"]
    assert (daily.first, daily.last, daily.issues, daily.pages, daily.articles) == ("2023-05-02", "2024-01-15", 3, 5, 7)
    assert list(found)[-1] is None and found[None].articles == 1  # the page without metadata is listed, last


def test_issue_pages_in_printed_order(store):
    rows = browse.issue_pages(store, "合成日报", "2023-05-02")
    assert [r.page for r in rows] == ["1", "2", "10"]


def test_page_view_articles_in_printed_order_with_neighbours(store):
    view = browse.page_view(store, "合成日报/2023-05-02/1.txt")
    assert [a.title for a in view.articles] == ["永新茶园迎来春茶采摘季", "泰和乌鸡走进城市餐桌", '永新茶叶"出海"订单翻番']
    assert view.prev is None and view.next.page == "2"
    last = browse.page_view(store, "合成日报/2023-05-02/10.txt")
    assert last.prev.page == "2" and last.next is None
    assert browse.page_view(store, "no/such.txt") is None


def test_neighbour_issues(store):
    assert browse.neighbour_issues(store, "合成日报", "2023-11-20") == ("2023-05-02", "2024-01-15")
    assert browse.neighbour_issues(store, "合成日报", "2023-05-02") == (None, "2023-11-20")


def test_page_table_follows_a_reindex(tmp_path):
    from dated_corpus import write_dated_corpus
    from indexer.write.reindex import reindex

    corpus, index = write_dated_corpus(tmp_path / "c"), tmp_path / "i"
    reindex(corpus, index, full=True)
    s = IndexStore(index)
    assert len(browse.issue_pages(s, "合成日报", "2023-05-02")) == 3
    (corpus / "合成日报/2023-05-02/2.txt").unlink()
    reindex(corpus, index)
    assert [r.page for r in browse.issue_pages(s, "合成日报", "2023-05-02")] == ["1", "10"]


# ------------------------------------------------------------ web
def test_papers_page_and_twin(dated_client):
    html = dated_client.get("/papers").get_data(as_text=True)
    assert "合成日报" in html and "2023-05-02" in html and "出处未详" in html
    data = api(dated_client, "/api/papers")
    by_label = {p["label"]: p for p in data["papers"]}
    assert by_label["出处未详"]["name"] is None
    assert api(dated_client, by_label["合成日报"]["url"].replace("/paper/", "/api/papers/", 1))["paper"] == "合成日报"


def test_paper_calendar_links_each_issue(dated_client):
    html = dated_client.get("/paper/合成日报?year=2023").get_data(as_text=True)
    linked = re.findall(r'<td class="issue"><a href="([^"]+)"[^>]*>(\d+)</a>', html)
    assert [day for _url, day in linked] == ["2", "20"]  # 5 月 2 日, 11 月 20 日
    assert linked[0][0].endswith("/2023-05-02")
    data = api(dated_client, "/api/papers/合成日报?year=2023")
    assert [y["year"] for y in data["years"]] == [2023, 2024] and data["year"] == 2023
    assert [i["date"] for i in data["issues"]] == ["2023-05-02", "2023-11-20", "2024-01-15"]
    assert dated_client.get("/paper/合成日报?year=1999").status_code == 400
    assert dated_client.get("/paper/不存在的报").status_code == 404


def test_issue_page_lists_pages_and_titles(dated_client):
    data = api(dated_client, "/api/papers/合成日报/2023-05-02")
    assert [p["page"] for p in data["pages"]] == ["1", "2", "10"]
    assert data["pages"][0]["titles"][0]["display_title"] == "永新茶园迎来春茶采摘季"
    assert data["prev"] is None and data["next"].endswith("/2023-11-20")
    assert dated_client.get("/paper/合成日报/2023-02-30").status_code == 404
    assert dated_client.get("/paper/合成日报/2022-01-01").status_code == 404


def test_page_view_marks_current_article_and_shows_raw_text(dated_client):
    data = api(dated_client, "/api/pages/合成日报/2023-05-02/1.txt")
    second = data["items"][1]["id"]
    html = dated_client.get(f"/page/合成日报/2023-05-02/1.txt?article={second}").get_data(as_text=True)
    current = re.findall(r'<li class="current">(.*?)</li>', html, re.S)
    assert len(current) == 1 and "泰和乌鸡走进城市餐桌" in current[0]
    assert '<pre class="raw">' in html and "本报泰和讯（记者王五）" in html
    assert re.search(r'href="[^"]*/2023-05-02/2\.txt" rel="next"', html)
    marked = api(dated_client, f"/api/pages/合成日报/2023-05-02/1.txt?article={second}")["items"]
    assert [i["current"] for i in marked] == [False, True, False]


def test_unknown_paper_and_date_are_browsable(dated_client):
    data = api(dated_client, "/api/papers/出处未详")
    assert data["paper"] is None and [i["date"] for i in data["issues"]] == [None]
    issue = api(dated_client, data["issues"][0]["url"].replace("/paper/", "/api/papers/", 1))
    assert [p["source"] for p in issue["pages"]] == ["misc/page.txt"]
    html = dated_client.get(issue["pages"][0]["url"]).get_data(as_text=True)
    assert "无名小报的一则消息" in html and "出处未详" in html


def test_article_page_links_to_its_paper_issue_and_page(dated_client):
    hit = api(dated_client, "/api/search?q=乌鸡品牌")["hits"][0]
    html = dated_client.get(f"/article/{hit['id']}").get_data(as_text=True)
    paper = re.search(r'<a class="paper" href="([^"]+)">合成日报</a>', html)[1]
    issue = re.search(r'<a class="issue" href="([^"]+)">', html)[1]
    page = re.search(r'<a class="page" href="([^"]+)">第1版</a>', html)[1]
    assert api(dated_client, paper.replace("/paper/", "/api/papers/", 1))["year"] == 2023
    assert api(dated_client, issue.replace("/paper/", "/api/papers/", 1))["date"] == "2023-05-02"
    marked = api(dated_client, page.replace("/page/", "/api/pages/", 1).replace("&amp;", "&"))["items"]
    assert [i["display_title"] for i in marked if i["current"]] == ["泰和乌鸡走进城市餐桌"]


def test_article_page_shows_printed_credits_and_same_page_articles(dated_client):
    hit = api(dated_client, "/api/search?q=乌鸡品牌")["hits"][0]
    html = dated_client.get(f"/article/{hit['id']}").get_data(as_text=True)
    assert '<span class="credit">本报泰和讯（记者王五）</span>' in html
    section = re.search(r'<section class="same-page".*?</section>', html, re.S)[0]
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section) == ["永新茶园迎来春茶采摘季", '永新茶叶&#34;出海&#34;订单翻番']
    data = api(dated_client, f"/api/articles/{hit['id']}")
    assert [a["display_title"] for a in data["same_page"]] == ["永新茶园迎来春茶采摘季", '永新茶叶"出海"订单翻番']
    assert set(data["browse"]) == {"paper_url", "issue_url", "page_url"}


def test_article_of_unknown_source_shows_one_note_not_three_unknowns(dated_client):
    hit = api(dated_client, "/api/search?q=无名小报")["hits"][0]
    html = dated_client.get(f"/article/{hit['id']}").get_data(as_text=True)
    meta = re.search(r'<dl class="article-meta">.*?</dl>', html, re.S)[0]
    assert meta.count("出处未详") == 1 and "未知" not in meta
    assert "同版其他文章" not in html
