"""The bundled corpus, parsed end to end: the 13 seed articles with their counties.

`test_seed_articles.py` pins what the splitter finds; this pins what a reader sees
after the full parser (decoding, metadata, places, ids).
"""

from pathlib import Path

import pytest

from archive.parser import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

EXPECTED = {
    "000": [
        ("聚“链”成势 向“新”提质", "永新县工业经济澎湃新动能", ["刘靖雯"], "永新县", "吉安市", 5),
        ("吉州区“数字快跑”守护群众健康", None, ["李歆"], "吉州区", "吉安市", 0),
        ("安福医保改革跑出惠民加速度", None, ["李歆"], "安福县", "吉安市", 0),
        ("泰和“入企听诉”助企发展", None, ["刘靖雯", "韩玉群"], "泰和县", "吉安市", 0),
        ("青原区“村播学院”揭牌运营", None, ["周幸", "吴小铭"], "青原区", "吉安市", 0),
        ("遂川护树“乌龙”暖人心", None, ["李歆", "郭拓云", "李书哲"], "遂川县", "吉安市", 0),
    ],
    "004": [
        ("产改赋能 匠心筑梦", "宜春经开区产业工人队伍建设改革纪实", ["周维", "卢鸿"], "宜春经开区", "宜春市", 0),
        ("创新融合路径 激活乡村发展动能", None, ["钟小兰", "胡绍芬"], "袁州区", "宜春市", 0),
        ("南昌市持续推进“历史文化保护传承”课程进党校", None, ["刘文娟"], None, "南昌市", 0),
        ("宜丰:“三色”宣讲传播党的好声音", None, ["漆瑶"], "宜丰县", "宜春市", 0),
        ("崇义:警民协同构建精准反诈防线", None, ["吴玲", "王忠林"], "崇义县", "赣州市", 0),
        (None, None, ["肖喻林", "胡兵"], "新余高新区", "新余市", 0),
        ("“青山湖针纺”亮相2025中国（南昌）国际服博会", None, ["吴成"], "青山湖区", "南昌市", 0),
    ],
}


@pytest.fixture(scope="module")
def pages():
    return {prefix: parse_file(next(CORPUS.glob(f"{prefix}_*.txt")), CORPUS) for prefix in EXPECTED}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_page_gives_the_expected_articles(pages, prefix):
    got = [
        (a.title, a.subtitle, [x.name for x in a.authors if x.role != "摄影"], a.county, a.city, len(a.captions))
        for a in pages[prefix].articles
    ]
    assert got == EXPECTED[prefix]


def test_untitled_article_is_shown_by_its_first_words(pages):
    untitled = pages["004"].articles[5]
    assert untitled.title is None
    assert untitled.display_title.startswith("（无题）一季度，新余高新区")


def test_no_seed_article_is_about_a_trap_place(pages):
    about = {a.about.name for p in pages.values() for a in p.articles if a.about}
    assert not about & {"井冈山市", "南昌县", "吉安县"}


def test_places_named_in_passing_are_mentions_not_the_subject(pages):
    qingshanhu = pages["004"].articles[6]
    assert "南昌县" in [m.name for m in qingshanhu.mentions]
    assert qingshanhu.county == "青山湖区"


def test_seed_metadata_is_unknown_not_guessed(pages):
    for page in pages.values():
        assert (page.meta.paper, page.meta.date, page.meta.page) == (None, None, None)


def test_ids_are_url_safe_unique_and_stable(pages):
    ids = [a.id for p in pages.values() for a in p.articles]
    assert len(set(ids)) == 13
    assert all(i.isascii() and i.replace("-", "").isalnum() for i in ids)
    again = parse_file(next(CORPUS.glob("004_*.txt")), CORPUS)
    assert [a.id for a in again.articles] == [a.id for a in pages["004"].articles]
