"""Page furniture on saved web pages (hand-made pages, written for these tests).

What a reader must see: the navigation, breadcrumb, source line, share links,
notices, comment forms, teaser lists and banners are never a title, a byline or
body text; they stay on the page (searchable leftover, listed as furniture);
the date and paper a source line prints become the page's metadata.
"""

import datetime as dt

import pytest

from archive.cleaning import clean_line
from archive.furniture import furniture_kind, source_facts, split_breadcrumb
from archive.parser import parse_file
from archive.report import format_page
from archive.segment import split_page


def web_page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


PORTAL = web_page(
    "网站首页 | 时政要闻 | 县区动态 | 图片新闻",
    "您现在的位置：首页 > 县区动态 > 正文",
    "青石镇新建三座冷库",
    "发布时间：2024-03-18 09:12:40 来源：江城日报 作者：周明远 浏览次数：",
    "【字体：大 中 小】 打印 关闭",
    "今年以来，青石镇投入资金八百万元，新建三座果蔬冷库，可储存鲜果两千吨。",
    "冷库建成后，果农可以错峰销售，每斤柑橘多卖三毛钱。",
    "扫一扫在手机打开当前页",
    "相关新闻",
    "青石镇举办柑橘采摘节",
    "江城县召开冬季农业生产会",
    "特别声明：本站转载的内容仅供参考，版权归原作者所有。",
    "Copyright © 2024 江城新闻网 All Rights Reserved",
)


def test_a_portal_page_is_one_article_with_its_own_title_and_text():
    split = split_page(PORTAL)
    assert [a.title for a in split.articles] == ["青石镇新建三座冷库"]
    art = split.articles[0]
    assert art.paragraphs == [
        "今年以来，青石镇投入资金八百万元，新建三座果蔬冷库，可储存鲜果两千吨。",
        "冷库建成后，果农可以错峰销售，每斤柑橘多卖三毛钱。",
    ]


def test_furniture_lines_stay_on_the_page_outside_the_article():
    split = split_page(PORTAL)
    article_text = "\n".join([split.articles[0].title or "", split.articles[0].body, *split.articles[0].credits])
    for line in ("网站首页", "您现在的位置", "浏览次数", "打印 关闭", "扫一扫", "相关新闻", "柑橘采摘节",
                 "冬季农业生产会", "特别声明", "Copyright"):
        assert line not in article_text
        assert any(line in t for t in split.furniture), line
    assert set(split.furniture) <= set(split.leftover)


def test_the_writer_on_a_source_line_is_the_articles_author_and_its_date_and_paper_are_metadata():
    split = split_page(PORTAL)
    assert [a.name for a in split.articles[0].authors] == ["周明远"]
    assert split.date == dt.date(2024, 3, 18)
    assert split.paper == "江城日报"


def test_page_metadata_from_the_source_line_only_fills_what_is_unknown(tmp_path):
    (tmp_path / "page.txt").write_text(PORTAL, encoding="utf-8")
    page = parse_file(tmp_path / "page.txt")
    assert page.meta.date == dt.date(2024, 3, 18) and page.meta.paper == "江城日报"
    (tmp_path / "page.toml").write_text('paper = "山城晚报"\ndate = 2024-03-19\n', encoding="utf-8")
    page = parse_file(tmp_path / "page.txt")
    assert page.meta.date == dt.date(2024, 3, 19) and page.meta.paper == "山城晚报"


def test_an_impossible_date_on_a_source_line_is_not_used():
    assert source_facts("发布时间：2024-02-30 10:00 来源：江城日报").date is None
    assert source_facts("来源：江城新闻网 时间：2024-02-28").paper is None  # a website, not a paper


def test_parse_lists_furniture_apart_from_other_leftover_text(tmp_path):
    (tmp_path / "page.txt").write_text(PORTAL, encoding="utf-8")
    shown = format_page(parse_file(tmp_path / "page.txt"))
    furniture = shown.split("\n页面装饰")[1]
    assert "您现在的位置" in furniture and "打印" in furniture
    assert "标题依据：「青石镇新建三座冷库」" in shown


@pytest.mark.parametrize("line, kind", [
    ("当前位置：首页 > 新闻中心 > 正文", "breadcrumb"),
    ("首页 » 乡镇动态 » 青石镇", "breadcrumb"),
    ("来源：江城日报  作者：周明远  时间：2024-03-18  点击：", "source"),
    ("2024年03月18日 09:12  |  来源：江城新闻网", "source"),
    ("分享到：微信 微博 QQ空间", "share"),
    ("【打印本页】 【关闭窗口】", "share"),
    ("字号变大 | 字号变小", "share"),
    ("上一篇：青石镇举办柑橘采摘节", "related"),
    ("我要评论", "comment"),
    ("已有0人参与评论", "comment"),
    ("Notice: The content above (including the pictures and videos if any) is uploaded by users.", "notice"),
    ("版权所有 江城县人民政府 备案号：某ICP备00000000号", "notice"),
    ("下載客戶端", "app"),
    ("評 論", "comment"),  # traditional script, spaced out
    ("设为首页 | 收藏本站", "share"),
    ("阅读量：1024", "counter"),
    ("第A05版：县域经济", "page"),
    ("责任编辑：周明远", "staff"),
    ("凡本报记者署名的文字和图片，版权均属本报所有，未经授权不得转载。", "notice"),
    ("第512期 / 第3版：要闻", "page"),
    ("江城日报 2023年4月2日", "page"),
    ("滚动新闻", "navigation"),
    ("江城论坛", "navigation"),
    ("更多精彩内容请关注江城发布", "app"),
    ("参与评论", "comment"),
    ("专栏名称：乡村振兴进行时", "navigation"),
    ("关键词：柳湾；村史馆；乡愁", "keywords"),
    ("出品：江城日报新媒体中心", "staff"),
    ("江城县融媒体中心记者", "source"),
])
def test_furniture_lines_are_recognised(line, kind):
    assert furniture_kind(clean_line(line)) == kind


@pytest.mark.parametrize("line", [
    "青石镇新建三座冷库",
    "脱贫攻坚 奔向小康",
    "春耕时节 田野忙 农机欢",
    "新春走基层｜在大山深处寻找年味",
    "来源于群众的智慧，最终要回到群众中去。",
    "记者 周明远 李华 王芳",
    "评论员文章：把实事办到群众心坎上",
    "首页设计大赛在青石镇举行",
    "图为青石镇的冷库。",
    "江城县首批非遗名录正式发布",
    "2023年4月2日江城县召开春耕会",
    "关键词是创新",
    "出品人的故事",
])
def test_article_lines_are_not_furniture(line):
    assert furniture_kind(clean_line(line)) is None


def test_a_breadcrumb_ending_in_the_title_gives_the_title():
    crumb, title = split_breadcrumb("首页 > 县区动态 > 青石镇新建三座果蔬冷库助农增收")
    assert crumb == "首页 > 县区动态 >" and title == "青石镇新建三座果蔬冷库助农增收"
    split = split_page(web_page("首页 > 县区动态 > 青石镇新建三座果蔬冷库助农增收",
                                "今年以来，青石镇新建三座果蔬冷库，可储存鲜果两千吨。"))
    assert [a.title for a in split.articles] == ["青石镇新建三座果蔬冷库助农增收"]


def test_teasers_under_a_list_heading_end_at_the_first_line_of_prose():
    split = split_page(web_page(
        "青石镇新建三座冷库",
        "今年以来，青石镇新建三座果蔬冷库。",
        "推荐阅读：",
        "青石镇举办柑橘采摘节",
        "江城县召开冬季农业生产会",
    ))
    assert len(split.articles) == 1
    assert "青石镇举办柑橘采摘节" in split.furniture and "江城县召开冬季农业生产会" in split.furniture


@pytest.mark.parametrize("line", ["今天是国庆节，街上挂满了国旗。", "凡是来过柳湾村的人，都说这里变了样。"])
def test_prose_opening_like_a_banner_is_no_furniture(line):
    assert furniture_kind(clean_line(line)) is None


def test_a_full_ellipsis_ends_a_sentence_it_does_not_cut_a_teaser():
    page = web_page(
        "柳湾村的春天",
        "来源：江城日报 2024-05-06",
        "山里的春天来得晚，可一来就是满山的花……",
        "村民们说，最美的还是村里的新路……",
        "今年以来，柳湾村新修了三条水泥路。",
    )
    assert len(split_page(page).articles) == 1


def test_a_writer_in_the_pages_info_bar_is_furniture_and_the_articles_author():
    assert furniture_kind(clean_line("•作者:周明远 李华")) == "source"
    assert [a.name for a in source_facts("•作者:周明远 李华").authors] == ["周明远", "李华"]
    assert furniture_kind(clean_line("作者：周明远")) is None  # a byline, read by archive.bylines


def test_a_source_line_with_a_reporter_gives_the_writers():
    facts = source_facts("来源：某某日報    記者 晉小天 杜倩")
    assert facts.paper == "某某日报"
    assert [(a.name, a.role) for a in facts.authors] == [("晉小天", "记者"), ("杜倩", "记者")]  # as printed


def test_a_byline_before_the_source_on_one_line_gives_the_writers_and_stays_furniture():
    line = clean_line("记者  周明远  李华        来源:江城新闻网")
    assert furniture_kind(line) == "source"
    assert [a.name for a in source_facts(line).authors] == ["周明远", "李华"]


@pytest.mark.parametrize("line", ["【推荐】【小字】【打印】【关闭】", "返回江城网首页", "阅读下一篇"])
def test_more_bars_and_links_are_furniture(line):
    assert furniture_kind(clean_line(line)) is not None


def test_inline_image_data_and_a_lone_bracket_are_furniture():
    page = web_page(
        "柳湾村的春天",
        "村民在香菇大棚里采摘香菇，合作社的订单排到了下个月。",
        '<image>data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" alt="分享图"</image>',
        "】",
    )
    split = split_page(page)
    assert len(split.articles) == 1
    assert any(line.startswith("data:image/") for line in split.furniture) and "】" in split.furniture


def test_anti_copy_scraps_and_stray_commas_are_furniture_inside_an_article():
    page = web_page(
        "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
        "1 \\8 v) ?. H( O9 L4 ~9 v5",
        "、",
        "村民们说，好日子是干出来的。",
    )
    split = split_page(page)
    (article,) = split.articles
    assert article.paragraphs == ["柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。", "村民们说，好日子是干出来的。"]
    assert "、" in split.furniture


@pytest.mark.parametrize("line", ["Micro LED 5G AI", "GDP 增长 5.2%"])
def test_latin_words_are_no_scraps(line):
    assert furniture_kind(clean_line(line)) is None


def test_e_paper_system_leftovers_are_furniture():
    assert furniture_kind(clean_line("2024-05-06 2 2 江城日报 content_1234.html 1 3 柳湾村的春天 /enpproperty-->")) == "junk"


def test_closing_lines_of_a_web_article_stay_out_of_it_and_make_no_item():
    page = web_page("柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                    "村民说，这是全村人的记忆。", "江城县融媒体中心记者", "专栏名称：乡村振兴进行时",
                    "关键词：柳湾；村史馆；乡愁", "出品：江城日报新媒体中心", "更多精彩内容请关注江城发布",
                    "参与评论", "邮箱")
    split = split_page(page)
    (article,) = split.articles
    assert article.body.endswith("这是全村人的记忆。")
    assert {"参与评论", "邮箱", "江城县融媒体中心记者"} <= set(split.furniture)
