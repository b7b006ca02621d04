"""Splitting one page into articles (archive.segment.split_page), on small hand-made pages.

Each test is a rule a newspaper editor would recognise.
"""

import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.layout import clean_text
from archive.segment import split_page


def pdf_page(*lines: str) -> str:
    """PDF text: every printed line followed by an empty line."""
    return "\n\n".join(lines) + "\n"


def web_page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def names(article):
    return [a.name for a in article.authors]


# -- paragraph layout (web text) --------------------------------------------------

NEWS = web_page(
    "安福医保改革跑出惠民加速度",
    "本报安福讯(全媒体记者李歆)“母亲在县人民医院确诊尿毒症，出院当天就拿证。”家属连连点赞。",
    "针对慢病办证“材料多、跑腿多”痛点，安福县创新推出“首诊即办”制度。",
    "泰和“入企听诉”助企发展",
    "本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)“没想到仅用一周时间，就解决了用工缺口。”",
    "近期，泰和县开展“入企听诉、纾困解难”大走访行动。",
)


def test_a_dateline_paragraph_opens_an_article_under_its_title():
    split = split_page(NEWS)
    assert [a.title for a in split.articles] == ["安福医保改革跑出惠民加速度", "泰和“入企听诉”助企发展"]
    assert [a.dateline for a in split.articles] == ["安福", "泰和"]
    assert names(split.articles[1]) == ["刘靖雯", "韩玉群"]
    assert [a.role for a in split.articles[1].authors] == ["记者", "通讯员"]


def test_dateline_prefix_leaves_the_text_but_stays_on_record():
    split = split_page(NEWS)
    assert split.articles[0].paragraphs[0].startswith("“母亲在县人民医院")
    assert split.articles[0].credits == ["本报安福讯(全媒体记者李歆)"]


FEATURE = web_page(
    "聚“链”成势 向“新”提质",
    "——永新县工业经济澎湃新动能",
    "本报全媒体记者 刘靖雯",
    "▲永新工业园区全景。(永新县委宣传部供图)",
    "机器轰鸣不息，产线全速运转。近日，记者走进永新工业园区。",
    "招大引强 龙头引领壮大产业集群",
    "依托本土产业积淀，永新全速布局锂电新能源赛道，以华昊锂电为链主企业。",
    "遂川护树“乌龙”暖人心",
    "本报遂川讯(全媒体记者李歆 通讯员郭拓云、李书哲)有人往古樟下撒不明颗粒。",
    "技术人员一番鉴定后真相大白。",
    "▲华昊锂电员工在作业。通讯员 周亚茂摄",
)


def test_title_subtitle_byline_and_section_head():
    feature = split_page(FEATURE).articles[0]
    assert feature.title == "聚“链”成势 向“新”提质"
    assert feature.subtitle == "永新县工业经济澎湃新动能"
    assert feature.headings == ["招大引强 龙头引领壮大产业集群"]
    assert feature.blocks[0].kind == "lede"


def test_caption_at_the_end_of_the_page_goes_to_the_article_it_talks_about():
    first, second = split_page(FEATURE).articles
    assert first.captions == ["▲永新工业园区全景。(永新县委宣传部供图)", "▲华昊锂电员工在作业。通讯员 周亚茂摄"]
    assert second.captions == []
    # the credited photographer joins the authors, after the printed byline
    assert [(a.name, a.role) for a in first.authors] == [("刘靖雯", "记者"), ("周亚茂", "摄影")]


def test_broken_paragraph_in_web_text_is_rejoined():
    page = web_page(
        "标题一则新闻",
        "本报讯（记者 张三）园区推行“一链一党委”机制，永新工业园区党工委副书记、管委会主任刘年发",
        "介绍。园区组建三大产业链党委。",
    )
    (article,) = split_page(page).articles
    assert article.paragraphs == ["园区推行“一链一党委”机制，永新工业园区党工委副书记、管委会主任刘年发介绍。园区组建三大产业链党委。"]


# -- line layout (PDF text) -------------------------------------------------------

SCRAMBLED = pdf_page(
    "近年来 ，宜丰县积极探索理论宣",
    "讲 新 模 式 ，将 红 色 文 化 、绿 色 文 化 、",
    "古色文化融入理论宣传，通过“三",
    "色”文化讲活理论政策。",
    "该县依托丰富的红色文化资源，将红",
    "色宣讲与红色体验相结合，推动红色",
    "文化广泛传播。（漆 瑶）",
    "宜丰:“三色”宣讲传播党的好声音",
    "“看到民警和网格员在小区挨家挨",
    "户宣传，我们心里踏实多了。”崇义县",
    "龙山首府小区居民林贵感慨道。",
    "今年以来，崇义县公安局创新推出",
    "“红蓝反诈 CP”联动模式，构建警民协",
    "同、全域覆盖的反诈防线。",
    "（吴 玲 王忠林）",
    "崇义:警民协同构建精准反诈防线",
    "一季度，新余高新区以地区生产总",
    "值同比增长 4.5% 的亮眼答卷，展现",
    "高质量发展强劲动能。",
    "招商引资与项目建设双轮驱动",
    "坚持“项目为王”，新余高新区聚焦",
    "锂电新能源三大先进制造业集群。",
    "（肖喻林 胡 兵）",
    "“青山湖针纺”亮相2025中国（南昌）国际服博会",
    "5 月 7 日 ，2025 中国（南昌）国际服装服",
    "饰博览会在南昌开幕，青山湖区共有",
    "73 家针纺企业参加本届服博会。（吴 成）",
)


def test_title_printed_after_its_body_goes_back_to_the_body_it_names():
    split = split_page(SCRAMBLED)
    titles = [a.title for a in split.articles]
    assert titles == [
        "宜丰:“三色”宣讲传播党的好声音",
        "崇义:警民协同构建精准反诈防线",
        None,
        "“青山湖针纺”亮相2025中国（南昌）国际服博会",
    ]
    assert split.articles[0].paragraphs[0].startswith("近年来，宜丰县")
    assert split.articles[3].paragraphs[0].startswith("5月7日，2025中国")


def test_credit_lines_close_articles_and_name_their_authors():
    split = split_page(SCRAMBLED)
    assert [names(a) for a in split.articles] == [["漆瑶"], ["吴玲", "王忠林"], ["肖喻林", "胡兵"], ["吴成"]]


def test_untitled_article_gets_no_invented_title():
    untitled = split_page(SCRAMBLED).articles[2]
    assert untitled.title is None
    assert untitled.display_title.startswith("（无题）一季度，新余高新区")
    assert untitled.headings == ["招商引资与项目建设双轮驱动"]


def test_pdf_lines_become_sentences_without_artefact_spaces():
    body = split_page(SCRAMBLED).articles[0].body
    assert "宜丰县积极探索理论宣讲新模式，将红色文化、绿色文化、古色文化融入理论宣传" in body


def test_feature_printed_sections_first_then_lede_then_title():
    page = pdf_page(
        "画好“同心圆”\n强化工会基层基础",
        "“自从企业工会建立后，许多事情做",
        "起来都有了抓手，职工对公司的满意度",
        "也 大 幅 提 升 。”谈 起 公 司 最 近 发 生 的 变",
        "化，江西省允福亨新能源有限责任公司",
        "工会主席金垦山难掩欣喜。",
        "赋能“强本领”\n提升产业工人技能",
        "高质量发展，离不开一支高水平的",
        "产业工人队伍。",
        "项目建设现场如火如荼、企业生产线井然有序、劳动模范师徒结对……5 月的",
        "宜春经开区，处处涌现着产业工人投身生产的火热场景。",
        "产改赋能产改赋能 匠心筑梦匠心筑梦\n——宜春经开区产业工人队伍建设改革纪实",
        "周 维 卢 鸿\n 为探索乡村发展新路径，宜春",
        "市袁州区新坊镇党委、政府借助统",
        "战资源，创新“文化+产业”融合路",
        "径，激活乡土文化与产业发展。",
        "（钟小兰 胡绍芬）",
        "创新融合路径\n激活乡村发展动能",
    )
    feature, village = split_page(page).articles
    assert feature.title == "产改赋能 匠心筑梦"
    assert feature.subtitle == "宜春经开区产业工人队伍建设改革纪实"
    assert names(feature) == ["周维", "卢鸿"]
    assert [b.kind for b in feature.blocks][:2] == ["lede", "heading"]
    assert feature.blocks[0].text.startswith("项目建设现场如火如荼")
    assert feature.headings == ["画好“同心圆” 强化工会基层基础", "赋能“强本领” 提升产业工人技能"]
    assert village.title == "创新融合路径 激活乡村发展动能"
    assert names(village) == ["钟小兰", "胡绍芬"]


def test_text_that_fits_no_article_is_kept_as_leftover():
    page = web_page("本报讯（记者 张三）正文一段。", "又一段正文。", "（李 四）", "孤零零的标题", "——没有正文的副题")
    split = split_page(page)
    assert [a.paragraphs for a in split.articles] == [["正文一段。", "又一段正文。"]]
    assert "孤零零的标题" in split.leftover and any("没有正文的副题" in t for t in split.leftover)
    assert split.problems


# -- properties -------------------------------------------------------------------

FRAGMENTS = [
    "本报安福讯(全媒体记者李歆)", "本报讯（记者 张三）", "▲", "——", "（吴 玲 王忠林）", "周 维 卢 鸿",
    "本报全媒体记者 刘靖雯", "产改赋能产改赋能 匠心筑梦匠心筑梦", "宜丰:“三色”宣讲", "。", "，", "“", "”",
    "\n", "\n\n", " ", "宜春经开区", "产业工人队伍", "通讯员 朱海鹏摄", "(永新县委宣传部供图)", "2019",
    "Micro LED", "也 大 幅 提 升", "\U001003d1", "（", "）", "、", "招商引资与项目建设双轮驱动",
    # layouts of other papers: furniture, staff, bullets, numbered heads, punctuated titles, captions
    "第3版", "2025年5月6日 星期二", "责任编辑：孙七", "（编辑：赵六）", "□ ", "■ 本报通讯员 李 四", "一、", "（二）",
    "小店铺，大民生！", "—", "图为", "图①", "（图片由古镇管委会提供）", "记者 李四 报道", "\r\n", "\u3000", "\t",
]
pages = st.lists(st.sampled_from(FRAGMENTS), max_size=80).map("".join) | st.text(max_size=120)


def visible(c: str) -> bool:
    return not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")


def output_chars(split) -> Counter:
    parts = list(split.leftover)
    for art in split.articles:
        parts += [art.title or "", art.subtitle or "", art.dateline or "", *art.captions, *art.credits]
        parts += [b.text for b in art.blocks] + [a.name for a in art.authors]
    return Counter(c for p in parts for c in p if visible(c))


@settings(max_examples=200, deadline=None)
@given(pages)
def test_split_page_never_raises_and_loses_no_visible_character(text):
    split = split_page(text)
    assert [a.seq for a in split.articles] == list(range(len(split.articles)))
    cleaned = Counter(c for c in clean_text(text) if visible(c))
    missing = cleaned - output_chars(split)
    # only the dashes that mark a subtitle are stripped
    assert set(missing) <= {"—", "-"}, missing


def test_a_caption_printed_before_the_dateline_paragraph_is_not_the_lede():
    split = split_page(web_page(
        "山村新居落成",
        "村民们在新居前合影。",
        "本报成都讯(记者张三)今天，某某县的搬迁群众住进了新居。",
        "新居旁还建了学校和卫生室。",
    ))
    (art,) = split.articles
    assert [b.kind for b in art.blocks][:2] == ["paragraph", "lede"]
    assert next(b.text for b in art.blocks if b.kind == "lede").startswith("今天")


def test_a_photo_caption_left_in_the_body_still_credits_its_photographer():
    split = split_page(web_page(
        "草原上的转场",
        "本报讯(记者张三)入冬前，牧民赶着羊群转场。",
        "牧民赶着羊群走过河滩。 李四 攝",  # no role word: it may be prose, so it stays in the body
        "转场要走三天，沿途有补给站。",
    ))
    (art,) = split.articles
    assert [(a.name, a.role) for a in art.authors] == [("张三", "记者"), ("李四", "摄影")]
    assert any("河滩" in p and p.endswith("攝") for p in art.paragraphs)  # the caption stays where it was


@pytest.mark.parametrize("byline", ["作者：李勇 汪志鹏", "文/李勇 汪志鹏"])
def test_a_byline_with_a_credit_word_is_read_wherever_it_stands(byline):
    # 作者：/文/ make it a byline even when a time or source line stands between it and the title
    split = split_page(web_page(
        "棉花丰收", "2021年10月20日 17:40 来源：某某学习平台", byline, "近日，棉田里一片繁忙，采棉机来回穿梭。",
    ))
    assert [a.name for a in split.articles[0].authors] == ["李勇", "汪志鹏"]


def test_a_credit_on_the_pages_last_line_after_captions_belongs_to_the_article_above():
    split = split_page(web_page(
        "草原上的新生活",
        "本报讯 入夏以来，牧民们忙着剪羊毛，合作社的订单排到了秋天。",
        "新修的公路通到了每个嘎查。",
        "牧区条件明显改善",
        "草原上处处是欢声笑语",
        "记者：叶小紫、连振、刘磊",
    ))
    assert [a.name for a in split.articles[0].authors] == ["叶小紫", "连振", "刘磊"]
    assert "记者：叶小紫、连振、刘磊" in split.leftover  # still on the page as printed, as before


def test_a_source_lines_writers_above_the_first_article_are_its_writers():
    split = split_page(web_page(
        "来源：某某日报 作者：王小毅 丰小静",
        "县城新貌。",
        "这些年，县城的老街换了新颜，新修的公园成了市民散步的好去处。",
    ))
    assert [a.name for a in split.articles[0].authors] == ["王小毅", "丰小静"]


def test_a_source_line_after_the_text_credits_the_article_it_closes():
    split = split_page(web_page(
        "古城遗址迎来游客",
        "遗址公园今年接待游客十万人次，比去年多了一倍。",
        "来源：某某日报记者站（记者 向小超）",
    ))
    assert [(a.name, a.role) for a in split.articles[0].authors] == [("向小超", "记者")]
