"""高级检索: the form's rows become the ordinary query, shown in the search box."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from web.advanced import build_search
from web.params import BadParameter


def test_rows_become_the_ordinary_syntax():
    params = build_search({"all": '锂电 -永新', "title": "春茶  采摘", "author": "周 维", "county": "永新县",
                           "paper": "合成日报", "from": "2023", "to": "2024-06", "size": "50"})
    assert params == {"q": "锂电 -永新 title:春茶 title:采摘 author:周维 county:永新县", "paper": "合成日报",
                      "from": "2023", "to": "2024-06", "size": "50"}


def test_empty_rows_are_left_out_and_quotes_cannot_break_the_query():
    assert build_search({"title": ' "春茶" ', "author": "", "size": "20"}) == {"q": "title:春茶"}
    assert build_search({"county": '永新"县'}) == {"q": "county:永新县"}


@pytest.mark.parametrize("field, value", [("from", "2023-13"), ("to", "yesterday"), ("size", "many")])
def test_bad_date_or_size_names_the_field(field, value):
    with pytest.raises(BadParameter) as err:
        build_search({"all": "茶", field: value})
    assert err.value.name == field


def test_form_page_and_redirect_to_search(dated_client):
    html = dated_client.get("/advanced").get_data(as_text=True)
    for name in ("all", "title", "author", "paper", "county", "from", "to", "size"):
        assert f'name="{name}"' in html
    resp = dated_client.get("/advanced", query_string={"title": "春茶", "author": "张三", "from": "2023", "to": "2023"})
    assert resp.status_code == 302
    target = resp.headers["Location"]
    args = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
    assert args == {"q": "title:春茶 author:张三", "from": "2023", "to": "2023"}
    page = dated_client.get(target).get_data(as_text=True)
    assert 'value="title:春茶 author:张三"' in page  # the reader sees the query it built
    hits = dated_client.get(target.replace("/search", "/api/search", 1)).get_json()["hits"]
    assert [h["display_title"] for h in hits] == ["永新茶园迎来春茶采摘季"]


def test_json_twin_gives_the_query_and_links(dated_client):
    data = dated_client.get("/api/advanced?paper=合成晚报&size=10").get_json()
    assert data["q"] == "" and data["params"] == {"paper": "合成晚报", "size": "10"}
    assert dated_client.get(data["api_url"]).get_json()["total"] == 1
    assert {f["name"] for f in dated_client.get("/api/advanced").get_json()["fields"]} >= {"all", "title", "from", "size"}
    assert dated_client.get("/advanced?from=2023-02-30").status_code == 400
