"""Hand-made pages in layouts seen on other papers' pages (not the two seeds).

Each test asserts what a reader would see on such a page: how many articles,
their titles, subtitles and authors, and that page furniture stays searchable
without landing in an article.
"""

from archive.segment import split_page


def web_page(*paragraphs: str, newline: str = "\n") -> str:
    """Web text: one paragraph per line, a blank line between paragraphs."""
    return (newline * 2).join(paragraphs) + newline


def pdf_page(*lines: str) -> str:
    """PDF text: every printed line followed by an empty line."""
    return "\n\n".join(lines) + "\n"


def names(article):
    return [a.name for a in article.authors]


def roles(article):
    return [(a.name, a.role) for a in article.authors]


# -- 1. short news items with datelines, bylines and editor credits -------------------

NEWS_ITEMS = web_page(
    "园区三条新生产线投产",
    "本报讯（记者 王小明）5月6日，园区三条新生产线正式投产，预计年产值超过十亿元。",
    "据介绍，三条生产线均采用自动化设备，用工减少一半。",
    "（编辑：赵六）",
    "全国春耕备耕进展顺利",
    "新华社北京5月6日电（记者 张三）记者从农业农村部获悉，全国春耕备耕进展顺利。",
    "目前，各地已储备化肥、种子等农资。",
    "责任编辑：孙七",
    "社区食堂开进老街",
    "记者 李四 报道",
    "老街社区食堂昨日开张，六十岁以上老人每餐只需五元。",
    "居民们纷纷点赞。",
)


def test_news_items_with_datelines_and_bylines_are_three_articles():
    split = split_page(NEWS_ITEMS)
    assert [a.title for a in split.articles] == ["园区三条新生产线投产", "全国春耕备耕进展顺利", "社区食堂开进老街"]
    assert [a.dateline for a in split.articles] == [None, "北京", None]
    assert [roles(a) for a in split.articles] == [[("王小明", "记者")], [("张三", "记者")], [("李四", "记者")]]


def test_editor_credits_are_no_authors_and_no_body_text_but_stay_on_the_page():
    split = split_page(NEWS_ITEMS)
    bodies = "\n".join(a.body for a in split.articles)
    assert "赵六" not in bodies and "孙七" not in bodies
    assert "（编辑：赵六）" in split.leftover and "责任编辑：孙七" in split.leftover
    assert split.articles[0].paragraphs[-1] == "据介绍，三条生产线均采用自动化设备，用工减少一半。"


def test_byline_with_a_trailing_verb_names_only_the_reporter():
    third = split_page(NEWS_ITEMS).articles[2]
    assert names(third) == ["李四"]
    assert third.paragraphs[0].startswith("老街社区食堂")


# -- 2. titles without datelines or bylines, next to a feature with numbered heads -----

BARE_ITEMS = web_page(
    "城南新建三座口袋公园",
    "今年以来，城南区利用边角空地新建三座口袋公园，市民在家门口就能休闲健身。",
    "口袋公园里设有健身步道、儿童游乐设施和休息座椅。",
    "老旧小区加装电梯提速",
    "全市老旧小区加装电梯工作明显提速，今年已完工一百二十台。",
    "加装电梯让住在高层的老人下楼更加方便。",
    "乡村振兴的梅岭答卷",
    "梅岭村地处山区，过去是有名的空心村。近年来，村里走出了一条发展新路。",
    "一、产业兴旺鼓起钱袋子",
    "村里成立茶叶合作社，带动两百多户村民增收。",
    "合作社统一品种、统一收购，茶叶卖出了好价钱。",
    "二、生态宜居留住好风景",
    "村里拆除违章建筑，整治河道，村容村貌焕然一新。",
    "三、乡风文明凝聚精气神",
    "村里修订村规民约，评选文明家庭，邻里关系更加和睦。",
    "夜市小摊点亮烟火气",
    "夏夜的滨江路上，一排排夜市摊位亮起灯，小吃、文创、杂货应有尽有。",
)


def test_titles_without_dateline_or_byline_start_new_articles():
    split = split_page(BARE_ITEMS)
    assert [a.title for a in split.articles] == [
        "城南新建三座口袋公园",
        "老旧小区加装电梯提速",
        "乡村振兴的梅岭答卷",
        "夜市小摊点亮烟火气",
    ]
    assert len(split.articles[0].paragraphs) == 2 and len(split.articles[1].paragraphs) == 2


def test_numbered_section_heads_stay_inside_their_feature():
    feature = split_page(BARE_ITEMS).articles[2]
    assert feature.headings == ["一、产业兴旺鼓起钱袋子", "二、生态宜居留住好风景", "三、乡风文明凝聚精气神"]
    assert feature.blocks[0].kind == "lede" and feature.blocks[0].text.startswith("梅岭村地处山区")


def test_parallel_section_heads_without_numbers_stay_inside_their_feature():
    page = web_page(
        "聚力攻坚 奋勇争先",
        "本报记者 张三",
        "今年以来，我县坚持项目为王，经济运行稳中向好。",
        "招大引强 龙头引领壮大集群",
        "我县围绕主导产业招商，引进一批龙头企业。",
        "创新赋能 借智借力推动升级",
        "我县与高校共建研发平台，企业研发投入持续增长。",
        "优化环境 深耕服务厚植沃土",
        "我县推行一站式服务，企业办事更加便利。",
    )
    (feature,) = split_page(page).articles
    assert feature.title == "聚力攻坚 奋勇争先"
    assert len(feature.headings) == 3


# -- 3. PDF text: fixed column, bullet bylines, a title printed after its body --------

PDF = pdf_page(
    "凌晨四点的菜市场里，批发商们已经忙着",
    "卸货。今年以来，城北农贸市场完成改造，",
    "摊位统一规划，地面干净整洁。",
    "城北农贸市场焕新开业",
    "城区新增五处停车场",
    "□ 本报记者 张三",
    "今年以来，城区新建改建停车场五处，新增",
    "停车泊位一千二百个，有效缓解了老城区停",
    "车难问题。",
    "市民王先生说，以前下班回家要绕好几圈",
    "才能找到车位，现在方便多了。",
    "乡村学校用上智慧课堂",
    "■ 本报通讯员 李 四",
    "近日，山区十所乡村学校的智慧课堂正式",
    "投入使用，孩子们通过屏幕与城里的老师",
    "同上一堂课。",
)


def test_pdf_page_with_bullet_bylines_and_a_title_after_its_body():
    split = split_page(PDF)
    assert [a.title for a in split.articles] == ["城北农贸市场焕新开业", "城区新增五处停车场", "乡村学校用上智慧课堂"]
    assert [roles(a) for a in split.articles] == [[], [("张三", "记者")], [("李四", "通讯员")]]
    assert split.articles[0].paragraphs[0].startswith("凌晨四点的菜市场里")
    assert split.articles[1].paragraphs == [
        "今年以来，城区新建改建停车场五处，新增停车泊位一千二百个，有效缓解了老城区停车难问题。",
        "市民王先生说，以前下班回家要绕好几圈才能找到车位，现在方便多了。",
    ]
    assert split.leftover == []


# -- 4. headline groups: eyebrow, subtitles, punctuation variants, bullet bylines -----


def test_eyebrow_above_the_main_title_joins_the_title():
    page = web_page(
        "坚持人民至上 紧紧依靠人民",
        "一座小城的温暖答卷",
        "——记全国劳动模范张三",
        "● 本报记者 王五",
        "清晨六点，张三已经出现在社区服务站。二十年来，他帮助居民解决难题上千件。",
    )
    split = split_page(page)
    (article,) = split.articles
    assert article.title == "坚持人民至上 紧紧依靠人民 一座小城的温暖答卷"
    assert article.subtitle == "记全国劳动模范张三"
    assert roles(article) == [("王五", "记者")]
    assert split.leftover == []


def test_subtitle_with_a_single_dash_and_a_diamond_byline():
    page = web_page(
        "小店铺，大民生！",
        "—老街个体户的新生意经",
        "◆ 记者 赵六 通讯员 钱七",
        "走进老街，一家家小店生意红火。店主们说，营商环境越来越好了。",
        "好消息？城区停车不再难",
        "本报讯（记者 孙八）城区新增停车位一千个。",
    )
    first, second = split_page(page).articles
    assert first.title == "小店铺，大民生！" and first.subtitle == "老街个体户的新生意经"
    assert roles(first) == [("赵六", "记者"), ("钱七", "通讯员")]
    assert second.title == "好消息？城区停车不再难" and names(second) == ["孙八"]


def test_half_width_punctuation_in_titles_and_datelines():
    page = web_page(
        "宜丰:\"三色\"宣讲传播好声音",
        "本报宜丰讯(记者 漆瑶)近日,宜丰县开展理论宣讲活动,受到群众欢迎.",
        "宣讲团走进村组,用方言讲政策.",
    )
    (article,) = split_page(page).articles
    assert article.title == "宜丰:\"三色\"宣讲传播好声音"
    assert article.dateline == "宜丰" and names(article) == ["漆瑶"]
    assert len(article.paragraphs) == 2


# -- 5. captions ------------------------------------------------------------------------


def test_captions_with_photo_credits_and_picture_prefixes():
    page = web_page(
        "古镇迎来旅游旺季",
        "本报讯（记者 周九）五一假期，古镇接待游客十万人次。",
        "图为游客在古镇老街游览。记者 周九 摄",
        "（图片由古镇管委会提供）",
        "△夜幕下的古镇灯火通明。",
        "图① 游客体验非遗技艺。通讯员 吴十 摄",
        "景区还推出了夜游项目，游客可以乘船欣赏两岸夜景。",
    )
    split = split_page(page)
    (article,) = split.articles
    assert len(article.captions) == 4
    assert article.paragraphs == ["五一假期，古镇接待游客十万人次。", "景区还推出了夜游项目，游客可以乘船欣赏两岸夜景。"]
    # photographers join the authors; the office that supplied a picture does not
    assert roles(article) == [("周九", "记者"), ("吴十", "摄影")]
    assert split.leftover == []


# -- 6. CRLF, odd indentation and page furniture ------------------------------------------

FURNITURE = web_page(
    "第3版",
    "2025年5月6日 星期二",
    "\u3000\u3000城南新建三座口袋公园",
    "\t今年以来，城南区利用边角空地新建三座口袋公园，市民在家门口就能休闲健身。",
    "\u3000\u3000口袋公园里设有健身步道、儿童游乐设施和休息座椅。",
    "\u3000\u3000老旧小区加装电梯提速",
    "\u3000\u3000全市老旧小区加装电梯工作明显提速，今年已完工一百二十台。",
    "责任编辑：王五 版式设计：赵六",
    newline="\r\n",
)


def test_page_furniture_stays_searchable_outside_the_articles():
    split = split_page(FURNITURE)
    assert [a.title for a in split.articles] == ["城南新建三座口袋公园", "老旧小区加装电梯提速"]
    assert split.leftover == ["第3版", "2025年5月6日 星期二", "责任编辑：王五 版式设计：赵六"]
    assert all("王五" not in a.body and not a.authors for a in split.articles)


def test_crlf_and_full_width_indentation_leave_no_trace_in_the_text():
    first = split_page(FURNITURE).articles[0]
    assert first.paragraphs[0].startswith("今年以来")
    assert not any("\r" in p or "\u3000" in p for p in first.paragraphs)


# -- title or section head: the signals an editor weighs ----------------------------------


def test_head_that_goes_on_about_the_article_stays_a_section_head():
    page = web_page(
        "梅岭村的茶叶经济",
        "梅岭村地处山区，村里成立茶叶合作社，带动村民增收。",
        "茶叶合作社的新打算",
        "合作社打算明年扩大茶叶种植面积。",
    )
    (article,) = split_page(page).articles
    assert article.headings == ["茶叶合作社的新打算"]


def test_unrelated_head_after_a_feature_with_a_byline_starts_a_new_article():
    page = web_page(
        "聚力攻坚 奋勇争先",
        "本报记者 张三",
        "今年以来，我县坚持项目为王，经济运行稳中向好。",
        "夜市小摊点亮烟火气",
        "夏夜的滨江路上，一排排夜市摊位亮起灯。",
    )
    assert [a.title for a in split_page(page).articles] == ["聚力攻坚 奋勇争先", "夜市小摊点亮烟火气"]


def test_a_short_exclamation_inside_a_body_stays_text():
    page = web_page("城南新建三座口袋公园", "今年以来，城南区新建三座口袋公园。", "太好了！", "居民们说。")
    (article,) = split_page(page).articles
    assert article.paragraphs == ["今年以来，城南区新建三座口袋公园。", "太好了！", "居民们说。"]


def test_pdf_title_printed_after_the_last_body_of_the_page():
    page = pdf_page(
        "城区新增五处停车场",
        "□ 本报记者 张三",
        "今年以来，城区新建改建停车场五处，新增",
        "停车泊位一千二百个。（张 三）",
        "凌晨四点的菜市场里，批发商们已经忙着",
        "卸货。今年以来，城北农贸市场完成改造，",
        "摊位统一规划，地面干净整洁。",
        "城北农贸市场焕新开业",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["城区新增五处停车场", "城北农贸市场焕新开业"]
    assert split.articles[1].paragraphs[0].startswith("凌晨四点")
    assert split.leftover == []
