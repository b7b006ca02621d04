"""The two seed pages give exactly the 13 articles a reader sees on them."""

from pathlib import Path

import pytest

from archive.segment import split_page

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def page(prefix: str):
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return split_page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web():
    return page("000")


@pytest.fixture(scope="module")
def pdf():
    return page("004")


def names(article):
    return [a.name for a in article.authors]


def test_web_page_titles_in_order(web):
    assert [a.title for a in web.articles] == [
        "聚“链”成势 向“新”提质",
        "吉州区“数字快跑”守护群众健康",
        "安福医保改革跑出惠民加速度",
        "泰和“入企听诉”助企发展",
        "青原区“村播学院”揭牌运营",
        "遂川护树“乌龙”暖人心",
    ]
    assert [a.seq for a in web.articles] == list(range(6))


def test_web_feature_subtitle_byline_and_photographers(web):
    feature = web.articles[0]
    assert feature.subtitle == "永新县工业经济澎湃新动能"
    # the printed byline first, then the photographers credited in its captions
    assert [(a.name, a.role) for a in feature.authors] == [("刘靖雯", "记者"), ("朱海鹏", "摄影"), ("周亚茂", "摄影")]


def test_web_feature_gets_its_top_caption_and_the_four_at_the_end_of_the_page(web):
    captions = web.articles[0].captions
    assert len(captions) == 5
    assert captions[0].startswith("▲永新工业园区全景")
    assert any("江西华昊锂电有限公司员工在作业" in c for c in captions)
    assert all(not a.captions for a in web.articles[1:])


def test_web_feature_starts_with_lede_and_keeps_section_heads(web):
    blocks = web.articles[0].blocks
    assert blocks[0].kind == "lede" and blocks[0].text.startswith("机器轰鸣不息")
    assert "一链一党委 凝聚合力激发产业动能" in web.articles[0].headings
    # "…管委会主任刘年发" / blank line / "介绍。…" is one paragraph on the page
    assert any("主任刘年发介绍。园区组建三大产业链党委" in p for p in web.articles[0].paragraphs)


@pytest.mark.parametrize(
    "seq, dateline, authors",
    [
        (1, "吉安", ["李歆"]),
        (2, "安福", ["李歆"]),
        (3, "泰和", ["刘靖雯", "韩玉群"]),
        (4, "吉安", ["周幸", "吴小铭"]),
        (5, "遂川", ["李歆", "郭拓云", "李书哲"]),
    ],
)
def test_web_news_datelines_and_authors(web, seq, dateline, authors):
    article = web.articles[seq]
    assert article.dateline == dateline
    assert names(article) == authors
    first = article.paragraphs[0]
    assert not first.startswith("本报") and "记者" not in first[:12]


def test_web_dateline_prefix_stays_on_record(web):
    assert web.articles[2].credits == ["本报安福讯(全媒体记者李歆)"]


def test_pdf_page_titles_in_order(pdf):
    assert [a.title for a in pdf.articles] == [
        "产改赋能 匠心筑梦",
        "创新融合路径 激活乡村发展动能",
        "南昌市持续推进“历史文化保护传承”课程进党校",
        "宜丰:“三色”宣讲传播党的好声音",
        "崇义:警民协同构建精准反诈防线",
        None,
        "“青山湖针纺”亮相2025中国（南昌）国际服博会",
    ]


@pytest.mark.parametrize(
    "seq, authors",
    [
        (0, ["周维", "卢鸿"]),
        (1, ["钟小兰", "胡绍芬"]),
        (2, ["刘文娟"]),
        (3, ["漆瑶"]),
        (4, ["吴玲", "王忠林"]),
        (5, ["肖喻林", "胡兵"]),
        (6, ["吴成"]),
    ],
)
def test_pdf_authors(pdf, seq, authors):
    assert names(pdf.articles[seq]) == authors


def test_pdf_feature_subtitle_lede_then_sections(pdf):
    feature = pdf.articles[0]
    assert feature.subtitle == "宜春经开区产业工人队伍建设改革纪实"
    assert feature.blocks[0].kind == "lede" and feature.blocks[0].text.startswith("项目建设现场如火如荼")
    assert feature.headings[0] == "画好“同心圆” 强化工会基层基础"
    assert len(feature.headings) == 3
    first_heading = next(i for i, b in enumerate(feature.blocks) if b.kind == "heading")
    assert all(b.kind == "lede" for b in feature.blocks[:first_heading])
    assert "也大幅提升。”谈起公司最近发生的变化" in feature.body


def test_pdf_untitled_article_keeps_no_title_and_shows_its_first_words(pdf):
    article = pdf.articles[5]
    assert article.title is None
    assert article.paragraphs[0].startswith("一季度，新余高新区")
    assert "一季度，新余高新区" in article.display_title
    assert "招商引资与项目建设双轮驱动" in article.headings


def test_pdf_ratio_glyph_keeps_words_together(pdf):
    assert "1∶1的工业设备复原" in pdf.articles[0].body


def test_seed_pages_have_no_leftover_text(web, pdf):
    assert web.leftover == [] and pdf.leftover == []
