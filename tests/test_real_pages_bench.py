"""`bench/real_pages.py` scores a folder of pages against hand-written truth: figures
right for right answers, wrong for a deliberately wrong truth entry and for an
article that no parsed article holds (pages written for this test)."""

from __future__ import annotations

import json

import pytest

from bench import real_pages

TWO_ITEMS = """永新县新建三座乡村图书馆

本报永新讯(记者张明 通讯员李华)近日，永新县三座乡村图书馆同时开放，村民在家门口就能借到新书。

图书馆由县文化部门统一配书，每座藏书两千册，周末也不闭馆。

泰和县举办农民篮球赛

本报泰和讯(记者王强)上周末，泰和县首届农民篮球赛在县体育馆开赛，十六支村队参加。

比赛持续三天，决赛当晚观众坐满看台。
"""

ONE_ITEM = """吉安市开展夏季防汛演练

本报吉安讯(记者赵刚)昨日，吉安市在赣江边组织夏季防汛演练，多个部门协同处置模拟险情。

演练检验了预警发布和人员转移流程。
"""


def _article(title, county, city, writers, phrases, province="江西省"):
    return {"title": title, "county": county, "city": city, "province": province, "writers": writers, "phrases": phrases}


def _truth(wrong: bool = True) -> dict:
    right_pages = {
        "file": "paper/two.txt", "url": "", "site": "手写", "province": "江西省", "shape": "epaper",
        "articles": [
            _article("永新县新建三座 乡村图书馆", "永新县", "吉安市", ["张明", "李 华"],
                     ["三座乡村图书馆同时开放", "每座藏书两千册"]),
            _article("泰和县举办农民篮球赛", "泰和县", "吉安市", ["王强"], ["十六支村队参加", "观众坐满看台"]),
        ],
    }
    city_page = {
        "file": "paper/one.txt", "url": "", "site": "手写", "province": "江西省", "shape": "web",
        "articles": [
            # deliberately wrong: the item is about the city (no county) and has one writer
            _article("吉安市开展夏季防汛演练", "吉安县" if wrong else None, "吉安市",
                     ["赵刚", "钱多"] if wrong else ["赵刚"], ["赣江边组织夏季防汛演练", "人员转移流程"]),
        ],
    }
    if wrong:  # an item the parser cannot have found: no article holds its phrase
        city_page["articles"].append(_article("不存在的消息", None, None, [], ["这句话不在任何页面上"]))
    return {"pages": [right_pages, city_page]}


@pytest.fixture
def dev_set(tmp_path):
    pages = tmp_path / "pages" / "paper"
    pages.mkdir(parents=True)
    (pages / "two.txt").write_text(TWO_ITEMS, encoding="utf-8")
    (pages / "one.txt").write_text(ONE_ITEM, encoding="utf-8")

    def write(truth: dict, name: str = "truth.json"):
        path = tmp_path / name
        path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
        return path

    return tmp_path / "pages", write


def _figures(score, metric):
    return score.overall.right[metric], score.overall.total[metric]


def test_all_right_truth_scores_everything_right(dev_set):
    pages, write = dev_set
    score = real_pages.score_pages(pages, real_pages.load_truth([write(_truth(wrong=False))]))
    assert (score.pages, score.articles) == (2, 3)
    for metric in ("title", "county", "city", "province", "writers", "split", "phrases"):
        right, total = _figures(score, metric)
        assert right == total > 0, metric
    assert score.misses == []


def test_wrong_entries_are_counted_wrong(dev_set):
    pages, write = dev_set
    score = real_pages.score_pages(pages, real_pages.load_truth([write(_truth())]))
    assert (score.pages, score.articles, len(score.sites)) == (2, 4, 1)
    assert _figures(score, "title") == (3, 4)  # the unfound article
    assert _figures(score, "county") == (2, 4)  # the unfound article and 吉安县 (it is the city)
    assert _figures(score, "city") == (3, 4)
    assert _figures(score, "writers") == (2, 4)  # 钱多 is not on the page
    assert _figures(score, "split") == (1, 2)  # the second page has one article, not two
    assert _figures(score, "phrases") == (6, 7)
    assert score.by_shape["epaper"].right["county"] == score.by_shape["epaper"].total["county"] == 2
    assert score.by_shape["web"].right["county"] == 0
    misses = {(m.field, m.expected, m.got) for m in score.misses}
    assert ("county", "吉安县", real_pages.NONE) in misses
    assert ("writers", "赵刚、钱多", "赵刚") in misses
    assert ("phrases", "这句话不在任何页面上", "not in the article") in misses


def test_matching_ignores_whitespace_and_takes_the_article_holding_the_phrase(dev_set):
    pages, write = dev_set
    truth = _truth(wrong=False)
    # the same page listed with its articles in the other order still scores right
    truth["pages"][0]["articles"].reverse()
    truth["pages"][0]["articles"][0]["phrases"][0] = "十六支 村队\n参加"
    score = real_pages.score_pages(pages, real_pages.load_truth([write(truth)]))
    assert _figures(score, "title") == (3, 3)
    assert _figures(score, "writers") == (3, 3)


def test_missing_page_counts_wrong_and_is_named(dev_set):
    pages, write = dev_set
    truth = _truth(wrong=False)
    truth["pages"][1]["file"] = "paper/gone.txt"
    score = real_pages.score_pages(pages, real_pages.load_truth([write(truth)]))
    assert _figures(score, "split") == (1, 2)
    assert _figures(score, "title") == (2, 3)
    assert any("gone.txt" in p and "not found" in p for p in score.problems)


def test_cli_prints_table_verbose_misses_and_json(dev_set, capsys):
    pages, write = dev_set
    truth = write(_truth())
    assert real_pages.main([str(pages), str(truth), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "| title exactly right | 3/4 (75 %) |" in out
    assert "| county (the unit the article is about) right | 2/4 (50 %) |" in out
    assert "By shape" in out and "By province" in out
    assert "expected '吉安县'" in out
    assert real_pages.main([str(pages), str(truth), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["writers"] == {"right": 2, "total": 4}
    assert data["by_province"]["江西省"]["split"] == {"right": 1, "total": 2}


def test_two_truth_files_add_up(dev_set):
    pages, write = dev_set
    full = _truth(wrong=False)
    a = write({"pages": full["pages"][:1]}, "a.json")
    b = write({"pages": full["pages"][1:]}, "b.json")
    score = real_pages.score_pages(pages, real_pages.load_truth([a, b]))
    assert (score.pages, score.articles) == (2, 3)


@pytest.mark.parametrize("bad, message", [
    ("not json", "not a JSON file"),
    ('{"pages": [{"articles": []}]}', "needs a 'file'"),
    ('{"pages": [{"file": "x.txt", "articles": [{"title": "t", "phrases": []}]}]}', "at least one phrase"),
    ('{"pages": [{"file": "x.txt", "articles": [{"title": 3, "phrases": ["甲乙"]}]}]}', "'title' must be"),
])
def test_bad_truth_file_names_file_and_entry(tmp_path, bad, message, capsys):
    path = tmp_path / "truth.json"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(real_pages.TruthError, match=message) as err:
        real_pages.load_truth([path])
    assert str(path) in str(err.value)
    assert real_pages.main([str(tmp_path), str(path)]) == 2
    assert message in capsys.readouterr().err
