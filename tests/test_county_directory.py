"""The county directory: province → city → county, each in pinyin order, and its filter box."""

from __future__ import annotations

import re

from indexer.results import CountyCount
from web.collation import finds, pinyin_key
from web.counties import directory

ROWS = [
    CountyCount("永新县", "吉安市", "江西省", 5), CountyCount("安福县", "吉安市", "江西省", 9),
    CountyCount("宜丰县", "宜春市", "江西省", 2), CountyCount("长沙县", "长沙市", "湖南省", 1),
    CountyCount("渝中区", "重庆市", "重庆市", 3), CountyCount("某开发区", None, None, 4),
    CountyCount("济源市", None, "河南省", 2),  # directly under its province: no prefecture city
]


def names(tree) -> list:
    return [(p["label"], [(c["label"], [x.name for x in c["counties"]]) for c in p["cities"]]) for p in tree]


def test_pinyin_order_reads_place_names_as_words():
    assert sorted(["重庆市", "长沙市", "安福县", "乐平市", "吉安县"], key=pinyin_key) == ["安福县", "长沙市", "重庆市", "吉安县", "乐平市"]


def test_grouped_by_province_then_city_in_pinyin_order_unknown_last():
    assert names(directory(ROWS)) == [
        ("重庆市", [("重庆市", ["渝中区"])]),  # chóngqìng before húnán before jiāngxī
        ("河南省", [("省直辖", ["济源市"])]),
        ("湖南省", [("长沙市", ["长沙县"])]),
        ("江西省", [("吉安市", ["安福县", "永新县"]), ("宜春市", ["宜丰县"])]),
        ("省份未详", [("城市未详", ["某开发区"])]),
    ]


def test_filter_finds_by_name_pinyin_initials_or_city():
    assert finds("yx", "永新县") and finds("yongxin", "永新县") and finds("新县", "永新县") and not finds("tai", "永新县")
    assert names(directory(ROWS, "YongXin")) == [("江西省", [("吉安市", ["永新县"])])]
    assert names(directory(ROWS, "吉安")) == [("江西省", [("吉安市", ["安福县", "永新县"])])]  # a city finds its counties
    assert directory(ROWS, "没有这个地方") == []


def test_directory_page_and_twin(dated_client):
    html = dated_client.get("/counties").get_data(as_text=True)
    listed = re.findall(r'<li data-match="[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    assert listed == sorted(listed, key=pinyin_key) and "永新县" in listed
    assert "county-filter.js" in html and "<script>" not in html
    data = dated_client.get("/api/counties?q=tai").get_json()
    assert [c["name"] for c in data["counties"]] == ["泰和县"] and data["total"] == 1
    assert data["provinces"] == [{"province": "江西省", "cities": [{"city": "吉安市", "counties": ["泰和县"]}]}]
    narrowed = dated_client.get("/counties?q=tai").get_data(as_text=True)  # the form without the script
    assert re.findall(r'<li data-match="[^"]*"><a href="[^"]+">([^<]+)</a>', narrowed) == ["泰和县"]
    assert "共 <span class=\"n\">1</span> 个县区" in narrowed
