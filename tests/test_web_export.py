"""Citation block, BibTeX/RIS downloads and search exports, over the dated test corpus."""

from __future__ import annotations

import csv
import io
import re

import pytest


def api(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    return resp.get_json()


def first_id(client, q: str) -> str:
    return api(client, f"/api/search?q={q}")["hits"][0]["id"]


def csv_rows(client, url: str) -> list[dict]:
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    assert resp.data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


def test_article_page_shows_citation_block(dated_client):
    aid = first_id(dated_client, "春茶采摘")
    html = dated_client.get(f"/article/{aid}").get_data(as_text=True)
    block = re.search(r'<section class="citation".*?</section>', html, re.S)[0]
    assert "张三, 李四. 永新茶园迎来春茶采摘季[N]. 合成日报, 2023-05-02(1)." in block
    assert f"[N/OL]. 合成日报, 2023-05-02(1)[" in block and f"/article/{aid}." in block
    assert "<i>合成日报</i>" in block
    assert f'href="/article/{aid}.bib"' in block and f'href="/article/{aid}.ris"' in block
    assert "copy.js" in html and "<script>" not in html  # the copy button is an external script


def test_citation_of_article_without_metadata_never_says_unknown(dated_client):
    aid = first_id(dated_client, "无名小报")
    cite = api(dated_client, f"/api/articles/{aid}")["citation"]
    assert cite["gbt7714"] == "王五. 无名小报的一则消息[N]."
    assert "未知" not in " ".join(str(v) for v in cite.values())


def test_bibtex_and_ris_downloads(dated_client):
    aid = first_id(dated_client, "春茶采摘")
    bib = dated_client.get(f"/article/{aid}.bib")
    assert bib.status_code == 200 and "attachment" in bib.headers["Content-Disposition"]
    text = bib.get_data(as_text=True)
    assert text.startswith(f"@article{{newsarchive:{aid},") and "journal = {合成日报}" in text
    ris = dated_client.get(f"/article/{aid}.ris").get_data(as_text=True)
    assert ris.startswith("TY  - NEWS\r\n") and f"UR  - http://localhost/article/{aid}\r\n" in ris
    assert dated_client.get("/article/nosuchid.bib").status_code == 404


def test_search_csv_same_hits_and_order_as_search(dated_client):
    for query in ("q=茶园&sort=oldest", "q=茶园&sort=newest", "q=永新&county=永新县&from=2023-06"):
        shown = [h["id"] for h in api(dated_client, f"/api/search?{query}")["hits"]]
        rows = csv_rows(dated_client, f"/search.csv?{query}")
        assert [r["编号"] for r in rows] == shown, query
        assert shown


def test_search_csv_applies_filters(dated_client):
    rows = csv_rows(dated_client, "/search.csv?q=茶&paper=合成晚报")
    assert {r["报纸"] for r in rows} == {"合成晚报"}
    rows = csv_rows(dated_client, "/search.csv?from=2024&to=2024")
    assert rows and all(r["日期"].startswith("2024-") for r in rows)


def test_search_csv_ignores_paging_and_keeps_every_hit(dated_client):
    total = api(dated_client, "/api/search?q=永新")["total"]
    assert len(csv_rows(dated_client, "/search.csv?q=永新&size=1&page=2")) == total


def test_search_ris_export(dated_client):
    resp = dated_client.get("/search.ris?q=茶园&sort=oldest")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    ids = [h["id"] for h in api(dated_client, "/api/search?q=茶园&sort=oldest")["hits"]]
    assert re.findall(r"^ID  - (\w+)\r$", text, re.M) == ids


@pytest.mark.parametrize("url", ["/search.csv?from=2024-13", "/search.ris?sort=sideways", "/search.csv?page=abc"])
def test_export_with_bad_parameter_is_a_400(dated_client, url):
    assert dated_client.get(url).status_code == 400


def test_search_page_links_to_exports_with_its_parameters(dated_client):
    html = dated_client.get("/search?q=茶园&paper=合成日报").get_data(as_text=True)
    assert re.search(r'href="/search\.csv\?q=%E8%8C%B6%E5%9B%AD&amp;paper=', html)
    assert re.search(r'href="/search\.ris\?q=%E8%8C%B6%E5%9B%AD&amp;paper=', html)
