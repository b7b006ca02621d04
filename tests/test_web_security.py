"""Bad input is normal input: every request answers sensibly, nothing is injected."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def no_injection(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "onerror=alert" not in html.replace("&#34;", "").replace("&quot;", "") or "&lt;img" in html


@pytest.mark.parametrize(
    "q",
    ["", " ", "锂电" * 2500, '"华昊锂电', '"""', "((", "title:", "OR", "-", "a\x00b\x07c\x1b", "\u202e锂电", "%", "*?[]{}",
     *PAYLOADS],
)
def test_any_query_is_a_sensible_page(client, q):
    resp = client.get("/search", query_string={"q": q})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'class="total"' in html
    no_injection(html)
    assert client.get("/api/search", query_string={"q": q}).status_code == 200
    assert client.get("/search.atom", query_string={"q": q}).status_code == 200


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_random_queries_never_fail(client, q):
    assert client.get("/search", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize(
    "query, status",
    [("page=-1", 200), ("page=0", 200), ("page=99999999999", 200), ("size=100000", 200), ("size=0", 200),
     ("page=abc", 400), ("size=many", 400), ("from=2024-99-99", 400), ("to=not-a-date", 400), ("sort=%3Cscript%3E", 400),
     ("from=2025-01-01&to=2020-01-01", 400), ("county=%3Cscript%3Ealert(1)%3C/script%3E", 200), ("paper=" + "x" * 5000, 200)],
)
def test_bad_parameters_clamped_or_400_never_500(client, query, status):
    for path in ("/search", "/search.atom", "/api/search"):
        resp = client.get(f"{path}?{query}")
        assert resp.status_code == status, (path, query)
    html = client.get(f"/search?{query}").get_data(as_text=True)
    no_injection(html)
    if status == 400:
        assert "无效" in html and '<html lang="zh-CN">' in html


def test_huge_page_size_is_limited(client):
    data = client.get("/api/search?size=100000").get_json()
    assert data["page_size"] <= 100 and len(data["hits"]) <= 100


def test_page_past_the_end_is_empty_not_error(client):
    resp = client.get("/search?q=锂电&page=400")
    assert resp.status_code == 200 and "没有结果" in resp.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/search?q=锂电", "/api/search", "/counties", "/help", "/nope", "/search?page=abc",
                                 "/static/style.css", "/search.atom"])
def test_security_headers_everywhere(client, url):
    resp = client.get(url)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "/search?q=锂电", "/counties", "/help", "/nope"])
def test_pages_have_no_inline_script_or_style(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "<script" not in html and "style=" not in html and "<style" not in html


def test_static_files_are_versioned_and_cached(client):
    html = client.get("/help").get_data(as_text=True)
    href = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', html).group(1)
    resp = client.get(href)
    assert resp.status_code == 200
    assert "max-age=" in resp.headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", resp.headers["Cache-Control"]).group(1)) >= 86400


@pytest.mark.parametrize(
    "path",
    ["../web/__init__.py", "..%2Fweb%2F__init__.py", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "//etc/passwd",
     ".git/config", "nope.txt", ""],
)
def test_source_is_confined_to_corpus(client, path):
    resp = client.get("/source/" + path, follow_redirects=True)  # "//x" is first merged to "/x"
    assert resp.status_code == 404
    assert b"root:" not in resp.data and b"create_app" not in resp.data


def test_source_symlink_out_of_corpus_is_refused(tmp_path):
    from indexer.write.reindex import reindex
    from web import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.txt").write_text("本报讯 正文", encoding="utf-8")
    (corpus / "link.txt").write_text("本报讯 另一页正文", encoding="utf-8")
    reindex(corpus, tmp_path / "index", full=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    (corpus / "link.txt").unlink()
    (corpus / "link.txt").symlink_to(secret)  # swapped for a link after indexing
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index", "CORPUS_DIR": corpus}).test_client()
    assert client.get("/source/page.txt").status_code == 200
    assert client.get("/source/link.txt").status_code == 404


# -- a corpus whose text and metadata carry payloads ---------------------------------------


XSS_PAGE = """华昊锂电<script>alert(1)</script>新闻

本报永新讯(全媒体记者李歆) 华昊锂电"><img src=x onerror=alert(1)>项目投产，锂电产业链<b>再添</b>新动能。园区负责人介绍了情况。

"""


@pytest.fixture(scope="module")
def xss_client(tmp_path_factory):
    from indexer.write.reindex import reindex
    from web import create_app

    root = tmp_path_factory.mktemp("xss")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(XSS_PAGE, encoding="utf-8")
    (corpus / "evil.toml").write_text(
        'paper = "<script>alert(1)</script>"\n'
        'date = "2024-05-06"\n'
        "page = '\"><img src=x onerror=alert(1)>'\n"
        'edition = "<b>bold</b>"\n'
        'source_url = "javascript:alert(1)"\n',
        encoding="utf-8",
    )
    report = reindex(corpus, index, full=True)
    assert not report.failed, report.failed
    return create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": corpus}).test_client()


def test_payloads_in_article_and_metadata_are_escaped(xss_client):
    data = xss_client.get("/api/search?q=锂电").get_json()
    assert data["total"] >= 1
    assert any("<script>" in (h["paper"] or "") for h in data["hits"])  # the payload really is in the data
    pages = ["/search?q=锂电", "/search?q=" + quote(PAYLOADS[0]), "/search?q=" + quote(PAYLOADS[1]), "/counties", "/"]
    pages += [f"/article/{h['id']}?q=" + quote("锂电 " + PAYLOADS[1]) for h in data["hits"]]
    pages += [f"/article/{h['id']}" for h in data["hits"]]
    for url in pages:
        resp = xss_client.get(url)
        assert resp.status_code == 200, url
        html = resp.get_data(as_text=True)
        no_injection(html)
        assert "<b>" not in html
        assert 'href="javascript:' not in html
    article = xss_client.get(f"/article/{data['hits'][0]['id']}").get_data(as_text=True)
    assert "&lt;script&gt;" in article  # shown as text, not dropped


def test_payloads_in_feed_stay_text(xss_client):
    import xml.etree.ElementTree as ET

    resp = xss_client.get("/search.atom?q=锂电")
    root = ET.fromstring(resp.data)  # well-formed despite the payloads
    ns = "{http://www.w3.org/2005/Atom}"
    assert root.find(f"{ns}entry") is not None
    assert b"<script" not in resp.data


def test_payloads_in_json_are_data(xss_client):
    resp = xss_client.get("/api/search?q=锂电")
    assert resp.mimetype == "application/json"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
