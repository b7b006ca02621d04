"""HTML in the corpus (hand-made pages): tags in text pages, pages saved as .html."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.corpus import discover
from archive.errors import PageError
from archive.html_page import strip_tags
from archive.parser import parse_file
from archive.segment import split_page

SAVED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>柳湾村修好了进山路_江城新闻网</title>
<meta property="article:published_time" content="2023-11-02T08:30:00+08:00"></head>
<body>
<div class="nav"><a href="/">网站首页</a> | <a href="/a">时政</a> | <a href="/b">县区</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 县区 &gt; 正文</div>
<div class="main">
<h1>柳湾村修好了进山路</h1>
<div class="info">来源：江城日报 作者：韩立新 时间：2023-11-02 08:30</div>
<div class="text">
<p>柳湾村在大山深处，过去村民进城要走三个小时的山路。</p>
<p>今年夏天，一条四米宽的水泥路修到了村口，开车进城只要四十分钟。村民&ldquo;出山难&rdquo;的问题终于解决了。</p>
<h3>山货走出大山</h3>
<p>路通了，村里的香菇、竹笋也卖得更远了，合作社今年的订单比去年多了一倍。</p>
</div>
<div class="share">分享到：微信 微博</div>
</div>
<div class="footer">Copyright &copy; 2023 江城新闻网 版权所有</div>
</body></html>
"""


@pytest.fixture
def saved(tmp_path):
    (tmp_path / "page.html").write_text(SAVED_PAGE, encoding="utf-8")
    return parse_file(tmp_path / "page.html")


def test_a_saved_web_page_gives_its_article_with_title_date_and_writer(saved):
    (article,) = saved.articles
    assert article.title == "柳湾村修好了进山路"
    assert article.paragraphs[0] == "柳湾村在大山深处，过去村民进城要走三个小时的山路。"
    assert "山货走出大山" in article.headings
    assert [a.name for a in article.authors] == ["韩立新"]
    assert saved.meta.date == dt.date(2023, 11, 2)
    assert "<h1>" in article.evidence["title"]


def test_the_rest_of_a_saved_page_stays_searchable_but_outside_the_article(saved):
    body = saved.articles[0].body
    for text in ("网站首页", "当前位置", "分享到", "Copyright", "版权所有"):
        assert text not in body
        assert any(text in line for line in saved.leftover), text
    assert not any(tag in body for tag in ("<p>", "h3", "&ldquo;", "div"))


def test_html_files_are_part_of_the_corpus(tmp_path):
    for name in ("a.html", "b.HTM", "c.txt", "d.css"):
        (tmp_path / name).write_text(SAVED_PAGE, encoding="utf-8")
    assert [(s.relpath, s.kind) for s in discover(tmp_path)] == [("a.html", "html"), ("b.HTM", "html"), ("c.txt", "page")]


@pytest.mark.parametrize("content, reason", [
    ("只是一段文字，没有标签。", "holds no HTML tags"),
    ("<html><head><script>var a = 1;</script></head><body></body></html>", "no visible text"),
])
def test_bad_html_is_refused_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.html"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PageError) as err:
        parse_file(path)
    assert str(path) in str(err.value) and reason in str(err.value)


def test_tags_and_entities_in_a_text_page_are_removed_block_tags_part_paragraphs():
    page = ("<h3>柳湾村修好了进山路</h3>\n<p>柳湾村在大山深处，过去进城要走三个小时。<br/>"
            "如今开车只要四十分钟，村民说&ldquo;出山不难了&rdquo;。</p>")
    (article,) = split_page(page).articles
    assert article.title == "柳湾村修好了进山路"
    assert article.paragraphs == ["柳湾村在大山深处，过去进城要走三个小时。", "如今开车只要四十分钟，村民说“出山不难了”。"]


@pytest.mark.parametrize("text", ["书名号写成<<红楼梦>>的读者", "当a<b且b>c时", "R&D部门", "<专访>县长谈春耕"])
def test_text_that_only_looks_like_markup_is_kept(text):
    assert strip_tags(text) == text


HTML_BITS = ["<p>", "</p>", "<div class='x'>", "</div>", "<br/>", "<h1>", "</h1>", "<script>", "</script>",
             "&nbsp;", "&ldquo;", "&#22303;", "<title>", "<a href='/'>", "</a>", "<!--", "-->", "柳湾村",
             "进山路修好了。", "来源：江城日报", " ", "\n", "<", ">", "&"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(HTML_BITS), max_size=60).map("".join))
def test_any_html_file_is_read_or_refused_naming_it(tmp_path_factory, markup):
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_text(markup or " ", encoding="utf-8")
    try:
        page = parse_file(path)
    except PageError as err:
        assert str(path) in str(err)
        return
    for art in page.articles:
        assert "<p>" not in art.body and "&nbsp;" not in art.body
