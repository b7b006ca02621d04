"""Web-side hardening (issue 13): bounded names and ids before any work, a did-you-mean
from an index, redirects from the route's own values, absolute URLs from a configured
base or a trusted proxy only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.place_suggest import NameIndex


def test_name_index_suggests_typos_and_fragments():
    index = NameIndex(["吉安县", "吉县", "吉安市", "永新县", "永丰县", "安福县"])
    assert index.suggest("吉按县")[0] == "吉安县"
    assert index.suggest("永新")[0] == "永新县"
    assert index.suggest("完全无关的名字") == []
    assert len(index.suggest("县", n=2)) == 2


def test_name_index_looks_at_a_bounded_prefix_of_long_input():
    index = NameIndex(["永新县", "永丰县"])
    assert index.suggest("永新县" + "x" * 30000)[:1] == []  # not contained, not close: nothing, and no scan
    assert index.suggest("永新县" * 3) == []


@pytest.mark.parametrize("prefix", ["/county/", "/api/counties/"])
def test_overlong_county_name_is_refused_before_any_lookup(client, monkeypatch, prefix):
    def fail(*_args, **_kw):
        raise AssertionError("looked up")

    monkeypatch.setattr("web.counties.counties", fail)
    monkeypatch.setattr("web.counties.suggest_counties", fail)
    resp = client.get(prefix + "永" * 8000)
    assert resp.status_code == 404


def test_unknown_county_still_gets_suggestions_from_the_index(client):
    resp = client.get("/api/counties/永新x")
    assert resp.status_code == 404
    assert "永新县" in resp.get_json()["suggestions"]


def test_overlong_article_id_is_404(client):
    assert client.get("/article/" + "a" * 65).status_code == 404
    assert client.get("/api/articles/" + "a" * 5000).status_code == 404


@pytest.mark.parametrize("query", ["name=x", "_method=POST", "endpoint=x", "_external=1", "_scheme=https",
                                   "_anchor=x", "county=别处", "sort=oldest&page=2&q=锂电&bogus=1"])
def test_county_alias_redirect_passes_only_page_parameters(client, query):
    resp = client.get(f"/county/永新?{query}", headers={"Host": "evil.example"})
    assert resp.status_code == 302
    location = urlsplit(resp.headers["Location"])
    assert location.netloc in ("", "localhost") and "evil" not in resp.headers["Location"]
    assert location.path == "/county/%E6%B0%B8%E6%96%B0%E5%8E%BF"  # 永新县
    params = parse_qs(location.query)
    assert set(params) <= {"q", "page", "size", "from", "to", "paper", "author", "city"}
    if "q=锂电" in query:
        assert params == {"q": ["锂电"], "page": ["2"]}


def _feed_links(resp) -> list[str]:
    assert resp.status_code == 200
    return re.findall(r'href="([^"]+)"', resp.get_data(as_text=True))


def test_feed_links_use_the_configured_base_url(seed_index, seed_corpus):
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus,
                      "BASE_URL": "https://archive.example.org/"})
    links = _feed_links(app.test_client().get("/search.atom?q=锂电", headers={"Host": "evil.example"}))
    assert links and all(link.startswith("https://archive.example.org/") for link in links)


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(seed_index, seed_corpus, monkeypatch):
    from web import create_app

    monkeypatch.delenv("NEWSARCHIVE_BASE_URL", raising=False)
    monkeypatch.delenv("NEWSARCHIVE_TRUSTED_PROXIES", raising=False)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    plain = create_app({"TESTING": True, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus})
    assert all(link.startswith("http://localhost/") for link in _feed_links(plain.test_client().get(
        "/search.atom?q=锂电", headers=headers)))
    monkeypatch.setenv("NEWSARCHIVE_TRUSTED_PROXIES", "1")
    proxied = create_app({"TESTING": True, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus})
    links = _feed_links(proxied.test_client().get("/search.atom?q=锂电", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "archive.example.org"}))
    assert all(link.startswith("https://archive.example.org/") for link in links)


@pytest.mark.parametrize("config", [{"BASE_URL": "archive.example.org"}, {"BASE_URL": "ftp://x"},
                                    {"TRUSTED_PROXIES": "many"}, {"TRUSTED_PROXIES": -1}])
def test_bad_proxy_settings_name_the_setting(seed_index, seed_corpus, config):
    from web import create_app
    from web.proxy import ProxySettingError

    with pytest.raises(ProxySettingError, match="NEWSARCHIVE_"):
        create_app({"TESTING": True, "INDEX_DIR": seed_index, "CORPUS_DIR": seed_corpus, **config})


def _serve(monkeypatch, seed_index, *args):
    import waitress

    from web.cli import cli

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append(kw))
    from click.testing import CliRunner

    # one worker: waitress runs in this process, where the stub records its settings
    result = CliRunner().invoke(cli, ["--index", str(seed_index), "serve", "--port", "0", "--workers", "1", *args])
    return result, calls


def test_serve_outlasts_120_slow_clients_and_drops_silent_ones(monkeypatch, seed_index):
    result, calls = _serve(monkeypatch, seed_index)
    assert result.exit_code == 0, result.output
    (kw,) = calls
    assert kw["connection_limit"] > 120 + kw["threads"] and kw["channel_timeout"] <= 30
    assert kw["asyncore_use_poll"]  # select() stops at 1,024 descriptors
    _result, calls = _serve(monkeypatch, seed_index, "--connection-limit", "300", "--channel-timeout", "5")
    assert (calls[0]["connection_limit"], calls[0]["channel_timeout"]) == (300, 5)


@pytest.mark.parametrize("env", [{"NEWSARCHIVE_BASE_URL": "nope"}, {"NEWSARCHIVE_QUERY_MAX_TERMS": "many"}])
def test_serve_refuses_bad_settings_with_one_line(monkeypatch, seed_index, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result, calls = _serve(monkeypatch, seed_index)
    assert result.exit_code == 1 and not calls
    assert next(iter(env)) in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ["q", "county", "paper", "author", "city", "page", "size", "from", "to", "sort"])
def test_every_search_parameter_is_bounded_before_work(client, name):
    huge = "锂" * 200_000 if name not in ("page", "size") else "9" * 200_000
    for path in ("/api/search", "/search", "/search.atom", "/county/永新县"):
        resp = client.get(path, query_string={name: huge})
        assert resp.status_code in (200, 400), (path, name)
        if resp.status_code == 400 and path == "/api/search":
            assert name in resp.get_json()["error"]
