"""Page shapes seen on saved web pages and e-paper text (hand-made pages, written
for these tests): which line is the title, and how many items a page holds."""

from archive.layout import is_line_layout, page_lines
from archive.segment import split_page


def web_page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def titles(text: str) -> list:
    return [a.title for a in split_page(text).articles]


# -- layout ---------------------------------------------------------------------------


def test_web_text_with_one_clause_per_line_is_not_taken_for_pdf_lines():
    verse = web_page("山里的新路", "来源：江城日报 2024-05-06", "说起柳湾村，", "你想到的也许是", "弯弯曲曲的山路，",
                     "还有挑着担子的老人。", "如今，", "一条水泥路通到了村口，", "村民开车进城", "只要四十分钟。")
    assert not is_line_layout(page_lines(verse))
    (article,) = split_page(verse).articles
    assert article.title == "山里的新路"
    assert "一条水泥路通到了村口，" in article.body


# -- article pages ----------------------------------------------------------------------

ARTICLE_PAGE = web_page(
    "江城新闻网",
    "县区频道",
    "柳湾村的致富经",
    "2024-05-06 08:30 来源：江城日报",
    "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
    "香菇大棚",
    "村里建起六十个香菇大棚，每个大棚一年能收入三万元。",
    "民宿经济",
    "几户村民把老房子改成民宿，周末的客房总是订满。",
)


def test_an_article_page_is_one_article_its_heads_are_its_sections():
    (article,) = split_page(ARTICLE_PAGE).articles
    assert article.title == "柳湾村的致富经"
    assert article.headings == ["香菇大棚", "民宿经济"]


def test_short_lines_above_the_headline_of_an_article_page_are_navigation():
    split = split_page(ARTICLE_PAGE)
    assert "江城新闻网" in split.furniture and "县区频道" in split.furniture
    assert split.articles[0].evidence["title"].startswith("「柳湾村的致富经」")


# -- headline groups -------------------------------------------------------------------


def test_a_stacked_headline_gives_the_main_title_and_its_subtitle():
    page = web_page("乡村振兴 步履铿锵", "全县农民人均收入五年增长六成",
                    "今年以来，全县新建高标准农田两万亩，农民收入稳步增长。")
    (article,) = split_page(page).articles
    assert (article.title, article.subtitle) == ("乡村振兴 步履铿锵", "全县农民人均收入五年增长六成")


def test_a_bracketed_column_name_above_the_title_is_no_title():
    page = web_page("【走进乡村】", "柳湾村的香菇熟了", "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。")
    (article,) = split_page(page).articles
    assert (article.title, article.subtitle) == ("柳湾村的香菇熟了", "【走进乡村】")


def test_the_title_named_at_the_top_of_a_page_is_the_main_line_of_its_headline_group():
    page = web_page(
        "柳湾村的香菇熟了",
        "发布时间：2024-05-06 来源：江城日报",
        "山里有了新产业",
        "柳湾村的香菇熟了",
        "本报记者 韩立新",
        "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。",
    )
    (article,) = split_page(page).articles
    assert (article.title, article.subtitle) == ("柳湾村的香菇熟了", "山里有了新产业")


def test_a_title_and_its_subtitle_on_one_line_are_parted_at_the_dash():
    page = web_page("山路通了——柳湾村脱贫记", "柳湾村在大山深处，过去进城要走三个小时。")
    assert [(a.title, a.subtitle) for a in split_page(page).articles] == [("山路通了", "柳湾村脱贫记")]
    quoted = web_page("“山里山外——柳湾村影展”在县城开幕", "影展展出照片一百二十幅，记录了柳湾村十年的变化。")
    assert titles(quoted) == ["“山里山外——柳湾村影展”在县城开幕"]


# -- several items on a page -----------------------------------------------------------


def test_a_listing_page_gives_one_item_per_title():
    page = web_page(
        "柳湾村的香菇熟了", "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。",
        "城南新建三座口袋公园", "城南区利用边角空地新建三座口袋公园，市民在家门口就能休闲。",
        "江城夜市开张", "滨江路夜市昨晚开张，两百个摊位引来上万名市民。",
        "县医院开通远程会诊", "县医院与省城医院开通远程会诊，群众在家门口看专家。",
    )
    assert titles(page) == ["柳湾村的香菇熟了", "城南新建三座口袋公园", "江城夜市开张", "县医院开通远程会诊"]


def test_cut_off_teasers_are_items_of_their_own():
    page = "\n".join([
        "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱，合作社的订单排到了...",
        "城南区利用边角空地新建三座口袋公园，市民在家门口就能休闲健身，周边居民纷纷...",
        "滨江路夜市昨晚开张，两百个摊位引来上万名市民，小吃、文创、杂货应有尽有，夜...",
    ])
    assert len(split_page(page).articles) == 3


def test_a_title_led_by_its_column_name_starts_a_new_item():
    page = web_page(
        "基层一线的故事，记者带你去看。",
        "【记者走基层】柳湾村的香菇熟了",
        "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == [None, "【记者走基层】柳湾村的香菇熟了"]


def test_a_title_glued_to_its_text_is_parted_from_it():
    page = web_page("柳湾村香菇迎来大丰收 今年以来，柳湾村的香菇大棚迎来丰收，村民们忙着采摘、分拣、装箱，"
                    "合作社的订单已经排到了下个月。")
    (article,) = split_page(page).articles
    assert article.title == "柳湾村香菇迎来大丰收"
    assert article.paragraphs[0].startswith("今年以来")


def test_a_date_glued_before_a_listing_title_is_no_part_of_it():
    page = web_page("2024-05-06【走基层】柳湾村的香菇熟了", "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。")
    split = split_page(page)
    assert [a.title for a in split.articles] == ["【走基层】柳湾村的香菇熟了"]
    assert "2024-05-06" in split.furniture


def test_a_line_of_punctuation_parts_items_and_is_never_a_title():
    page = web_page(
        "本报讯 柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。",
        "***",
        "城南区新建三座口袋公园，市民在家门口就能休闲健身。",
        "——",
        "滨江路夜市昨晚开张，两百个摊位引来上万名市民。",
    )
    split = split_page(page)
    assert len(split.articles) == 3
    assert all(a.title is None for a in split.articles)
    assert "***" in split.leftover and "——" in split.leftover


def test_on_a_page_that_runs_its_lines_together_a_blank_line_before_a_head_parts_items():
    page = ("柳湾村的香菇熟了\n今年以来，柳湾村的香菇大棚迎来丰收。\n合作社的订单排到了下个月。\n\n"
            "夜市开张\n滨江路夜市昨晚开张，两百个摊位引来上万名市民。\n小吃、文创、杂货应有尽有。\n")
    assert titles(page) == ["柳湾村的香菇熟了", "夜市开张"]


# -- wire titles, photo news, cut-off last lines, repeated blocks ---------------------------


def test_a_wire_title_after_ti_on_the_dateline_line_is_the_title():
    page = web_page(
        "新华社南宁5月6日电 题：山里的新路",
        "新华社记者 韩立新",
        "柳湾村在大山深处，过去村民进城要走三个小时的山路。",
    )
    (article,) = split_page(page).articles
    assert article.title == "山里的新路" and article.dateline == "南宁"
    assert [a.name for a in article.authors] == ["韩立新"]
    assert "新华社南宁5月6日电 题：山里的新路" in split_page(page).leftover  # the line as printed stays searchable


def test_captioned_photos_under_no_title_are_one_item_each():
    page = "\n".join([
        "村民在柳湾村的香菇大棚里采摘香菇（5月3日摄）。新华社记者 韩立新 摄",
        "柳湾村新修的水泥路通到了村口（5月3日摄）。新华社发（周明远 摄）",
        "游客在柳湾村的民宿前拍照（5月4日摄）。新华社记者 韩立新 摄",
    ])
    split = split_page(page)
    assert len(split.articles) == 3 and all(a.title is None for a in split.articles)


def test_captioned_photos_under_a_title_are_the_pictures_of_one_story():
    page = "\n".join([
        "柳湾村的春天",
        "村民在柳湾村的香菇大棚里采摘香菇（5月3日摄）。新华社记者 韩立新 摄",
        "柳湾村新修的水泥路通到了村口（5月3日摄）。新华社发（周明远 摄）",
        "游客在柳湾村的民宿前拍照（5月4日摄）。新华社记者 韩立新 摄",
    ])
    assert titles(page) == ["柳湾村的春天"]


def test_a_last_line_cut_off_in_mid_sentence_is_text_of_the_article_before_it():
    page = web_page(
        "柳湾村的香菇熟了",
        "今年以来，柳湾村的香菇大棚迎来丰收，村民忙着采摘装箱。",
        "合作社负责人说，今年的订单",
    )
    (article,) = split_page(page).articles
    assert article.paragraphs[-1] == "合作社负责人说，今年的订单"


def test_a_paragraph_printed_twice_is_kept_once_in_the_article():
    caption = "村民在柳湾村的香菇大棚里采摘香菇，合作社的订单已经排到了下个月。"
    page = web_page("柳湾村的香菇熟了", caption, "相关图片", caption)
    split = split_page(page)
    (article,) = split.articles
    assert article.paragraphs == [caption]
    assert split.leftover.count(caption) == 1


def test_the_line_right_above_the_source_line_is_the_headline_even_with_an_exclamation():
    page = web_page(
        "首页 > 新闻中心 > 正文",
        "“这才是山里的好日子！”",
        "http://www.example.cn 2024年05月06日 08:30 江城日报",
        "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
        "村民们说，这才是山里的好日子。",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["“这才是山里的好日子！”"]
    assert any(line.startswith("http://www.example.cn") for line in split.furniture)
    assert split.date is not None and split.date.isoformat() == "2024-05-06"


def test_a_photo_credit_inside_a_titled_story_does_not_end_the_story():
    page = web_page(
        "柳湾村的春天",
        "村民在香菇大棚里采摘香菇（5月3日摄）。",
        "新华社发（周明远 摄）",
        "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
    )
    (article,) = split_page(page).articles
    assert article.paragraphs[-1].startswith("柳湾村过去")
    assert ("周明远", "摄影") in [(a.name, a.role) for a in article.authors]


def test_a_caption_between_the_title_and_the_dateline_stays_with_the_article():
    page = web_page(
        "柳湾村的春天",
        "柳湾村新貌。",
        "本报讯 柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
        "村民们说，好日子是干出来的。",
    )
    (article,) = split_page(page).articles
    assert article.title == "柳湾村的春天" and article.paragraphs[0] == "柳湾村新貌。"


def test_an_article_page_repeating_its_headline_with_the_wire_dateline_is_one_article():
    page = web_page(
        "山里的新路",
        "2024-05-06 08:30 来源：新华网",
        "柳湾村新修的水泥路（资料图片）。",
        "新华社南宁5月6日电 题：山里的新路",
        "柳湾村在大山深处，过去村民进城要走三个小时的山路。",
    )
    (article,) = split_page(page).articles
    assert article.title == "山里的新路" and article.dateline == "南宁"


def test_a_page_of_captions_only_gives_an_item_per_picture():
    page = web_page("4月14日，柳湾村村民在新修的水泥路上散步。（周明远 摄）")
    split = split_page(page)
    assert len(split.articles) == 1 and split.articles[0].title is None


def test_traditional_wire_copy_and_a_ti_line_of_its_own_give_the_title():
    page = web_page("新華社南寧5月6日電 題：山里的新路", "柳湾村在大山深处，过去村民进城要走三个小时的山路。")
    assert titles(page) == ["山里的新路"]
    alone = web_page("题：山里的新路", "新华社南宁5月6日电", "柳湾村在大山深处，过去村民进城要走三个小时的山路。")
    split = split_page(alone)
    assert [a.title for a in split.articles] == ["山里的新路"] and "题：山里的新路" in split.leftover


def test_the_headline_printed_again_further_down_is_the_same_article():
    page = web_page(
        "柳湾村的春天",
        "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
        "柳湾村的春天",
        "本报记者 韩立新",
        "今年以来，柳湾村新修了三条水泥路。",
    )
    (article,) = split_page(page).articles
    assert article.title == "柳湾村的春天" and [a.name for a in article.authors] == ["韩立新"]


def test_a_site_slogan_stacked_on_the_headline_is_navigation():
    page = web_page(
        "江城新闻网-主流媒体,城市门户",
        "柳湾村的春天",
        "2024-05-06 08:30 来源：江城日报",
        "柳湾村的春天",
        "本报记者 韩立新",
        "今年以来，柳湾村新修了三条水泥路。",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村的春天"]
    assert "江城新闻网-主流媒体,城市门户" in split.furniture


def test_an_ellipsis_line_inside_verse_is_no_item_separator():
    page = web_page(
        "柳湾村的春天",
        "2024-05-06 08:30 来源：江城日报",
        "山歌唱起来",
        "……",
        "近年来",
        "柳湾村新修了三条水泥路，村民进城只要四十分钟。",
    )
    assert titles(page) == ["柳湾村的春天"]


def test_e_paper_items_with_titles_glued_to_their_text_are_items_with_titles():
    page = "\n".join([
        "柳湾村香菇迎来大丰收 今年以来，柳湾村的香菇大棚迎来丰收，村民们忙着采摘、分拣、装箱，合作社的订单已经排到",
        "城南新建三座口袋公园 城南区利用边角空地新建三座口袋公园，市民在家门口就能休闲健身，周边居民纷纷点赞说",
    ])
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村香菇迎来大丰收", "城南新建三座口袋公园"]
    assert "glued" not in split.articles[0].evidence["title"] and "同一行" in split.articles[0].evidence["title"]


def test_a_gallerys_label_and_picture_number_are_no_part_of_the_title():
    page = web_page("图文：柳湾村的春天(1)", "2024-05-06 08:30 来源：江城日报", "村民在香菇大棚里采摘香菇。")
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村的春天"]
    assert "图文：柳湾村的春天(1)" in split.leftover  # as printed, still searchable
    assert titles(web_page("山里的春天【11】", "村民在香菇大棚里采摘香菇。")) == ["山里的春天"]


def test_teasers_of_other_stories_above_an_article_pages_headline_are_furniture():
    page = web_page(
        "江城新闻网>新闻",
        "夜市小摊点亮烟火气",
        "滨江路夜市昨晚开张。",
        "城南新建三座口袋公园",
        "市民在家门口就能休闲。",
        "柳湾村的春天",
        "江城日报 阅读(0) 评论()",
        "本报记者 韩立新",
        "柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村的春天"]
    assert "夜市小摊点亮烟火气" in split.furniture and "滨江路夜市昨晚开张。" in split.furniture


def test_a_collection_title_above_several_credited_items_is_no_items_title():
    page = web_page(
        "一周图片精选",
        "2024-05-06 08:30 来源：江城新闻网",
        "柳湾村的春天",
        "村民在香菇大棚里采摘香菇，合作社的订单排到了下个月。",
        "新华社记者 韩立新 摄",
        "夜市小摊点亮烟火气",
        "滨江路夜市昨晚开张，两百个摊位引来上万名市民。",
        "新华社记者 周明远 摄",
    )
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村的春天", "夜市小摊点亮烟火气"]
    assert "一周图片精选" in split.furniture


def test_on_an_article_page_a_dateline_after_the_pictures_opens_the_same_article():
    page = web_page(
        "柳湾村的春天",
        "2024-05-06 08:30 来源：江城新闻网",
        "村民在香菇大棚里采摘香菇。",
        "柳湾村新修的水泥路通到了村口。",
        "游客在柳湾村的民宿前拍照，村里的民宿周末总是订满。",
        "新华社南宁5月6日电（记者 韩立新）柳湾村过去是远近闻名的穷村，如今家家户户住上了新房。",
    )
    assert titles(page) == ["柳湾村的春天"]


# -- furniture standing above the headline (round 2) -----------------------------------


def test_channel_names_issue_codes_slogans_and_dated_paper_names_above_the_headline_are_no_title():
    for top in ("滚动新闻", "江城论坛", "第512期/第3版：要闻", "《江城周刊》—江城人自己的报纸",
                "江城日报 2023年4月2日", "江城网.新闻汇总 2023-04-02"):
        page = web_page(top, "柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                        "村民说，这是全村人的记忆。")
        (article,) = split_page(page).articles
        assert article.title == "柳湾村建起村史馆", top
        assert top.replace(" ", "") in " ".join(split_page(page).furniture).replace(" ", ""), top


def test_a_headline_ending_in_a_channel_word_is_still_a_title():
    # a channel name is a few characters; a headline says what happened
    page = web_page("江城县首批非遗名录正式发布", "本报讯 江城县首批非遗名录昨日正式发布，共收录二十项。")
    assert titles(page) == ["江城县首批非遗名录正式发布"]


# -- an item needs a body of its own ------------------------------------------------


def test_short_lines_with_no_sentence_after_the_last_article_are_leftover_not_items():
    page = web_page("柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                    "村民说，这是全村人的记忆。", "责任编辑：周明远",
                    "关键词：柳湾村；村史馆；乡村记忆；老物件；农耕文化；村民；展览；开馆仪式；乡愁；传统村落",
                    "青石镇冷库里的新年货")
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村建起村史馆"]
    assert "村民说，这是全村人的记忆。" in split.articles[0].body
    for scrap in ("传统村落", "青石镇冷库里的新年货"):
        assert scrap in " ".join(split.leftover)


def test_a_last_item_cut_off_mid_sentence_is_still_an_item():
    page = web_page("柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                    "青石镇新建三座冷库",
                    "今年以来，青石镇投入资金八百万元，新建三座果蔬冷库，可储存鲜果两千吨，果农错峰销售")
    assert titles(page) == ["柳湾村建起村史馆", "青石镇新建三座冷库"]


def test_teasers_and_site_blurbs_under_a_list_of_other_stories_are_no_items():
    page = web_page("柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                    "村民说，这是全村人的记忆。", "新闻推荐", "青石镇冷库里的新年货",
                    "本报讯 腊月里，青石镇的冷库门前排起了长队，果农们把储存了两个月的柑橘...",
                    "江城新闻，讲述家乡的故事。看家乡事，品故乡情。")
    split = split_page(page)
    assert [a.title for a in split.articles] == ["柳湾村建起村史馆"]
    assert "排起了长队" not in split.articles[0].body
    assert "讲述家乡的故事" in " ".join(split.leftover)
    assert "排起了长队" in " ".join(split.furniture)


# -- digests of short items ------------------------------------------------------------

DIGEST_ITEMS = (
    "◆3月5日，江城县召开春耕备耕工作会，部署全县春播生产。副县长周明远出席会议。",
    "◆日前，青石镇组织志愿者清理河道垃圾两吨，河岸面貌焕然一新。",
    "■3月6日，县图书馆举办亲子阅读活动，五十余组家庭参加。",
)


def test_each_bulleted_item_of_a_digest_is_an_untitled_item_and_the_digest_name_no_title():
    for join in ("\n\n", "\n"):
        page = join.join(("县内简讯", *DIGEST_ITEMS)) + "\n"
        split = split_page(page)
        assert [a.title for a in split.articles] == [None, None, None], join
        assert ["青石镇组织志愿者" in a.body for a in split.articles] == [False, True, False], join
        assert "县内简讯" in split.leftover, join


def test_one_bulleted_line_inside_a_story_does_not_split_it():
    page = web_page("柳湾村建起村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。",
                    "◆村史馆每周二至周日开放，免费参观。", "村民说，这是全村人的记忆。")
    (article,) = split_page(page).articles
    assert article.title == "柳湾村建起村史馆"


def test_a_site_label_or_bullet_before_the_headline_is_not_part_of_the_title():
    for label in ("原创 | ", "【独家】", "转载：", "• "):
        page = web_page(f"{label}柳湾村建起全县第一座村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。")
        split = split_page(page)
        assert [a.title for a in split.articles] == ["柳湾村建起全县第一座村史馆"], label
        assert label.replace(" ", "") in " ".join(split.furniture), label
    assert titles(web_page("原创歌曲唱响柳湾村", "本报讯 柳湾村的村民自己写了一首歌，在村晚上首次演唱。")) == ["原创歌曲唱响柳湾村"]


def test_a_column_tag_alone_above_the_headline_is_no_part_of_the_title():
    page = web_page("基层一线", "柳湾村建起全县第一座村史馆", "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。")
    split = split_page(page)
    assert [(a.title, a.subtitle) for a in split.articles] == [("柳湾村建起全县第一座村史馆", None)]
    assert "基层一线" in split.furniture


def test_an_eyebrow_clause_above_the_headline_stays_its_subtitle():
    page = web_page("老物件里有乡愁，村史馆里忆变迁", "柳湾村建起全县第一座村史馆",
                    "本报讯 柳湾村村史馆日前开馆，陈列老物件三百余件。")
    (article,) = split_page(page).articles
    assert "柳湾村建起全县第一座村史馆" in (article.title, article.subtitle)
    assert "村史馆里忆变迁" in f"{article.title} {article.subtitle}"


# -- section heads of a running story ------------------------------------------------


def test_quoted_sub_heads_inside_a_wire_story_stay_inside_it():
    # three heads each over a paragraph: a story with sections (it has a dateline), not a listing
    page = web_page("山里的新路", "新华社南宁3月5日电（记者 周明远）柳湾村的新路通车了，村民开车进城只要四十分钟。",
                    "过去，村里到镇上要走三个小时山路，孩子上学天不亮就出门。",
                    "“要把路修到家门口”",
                    "村支书说，修路的钱一半靠上级补助，一半靠村民筹集，大家出工出力。",
                    "“大家都来搭把手”",
                    "去年冬天，施工队进村，村民们自发给工人送饭送水。",
                    "“柑橘能卖上好价钱了”",
                    "如今，村里的柑橘可以直接装车运出去，每斤多卖三毛钱。")
    (article,) = split_page(page).articles
    assert article.title == "山里的新路"
    assert "施工队进村" in article.body
    assert any(b.kind == "heading" and b.text == "“要把路修到家门口”" for b in article.blocks)


def test_a_head_whose_own_story_follows_it_still_starts_a_new_item():
    page = web_page("山里的新路", "本报讯 柳湾村的新路通车了，村民开车进城只要四十分钟。",
                    "青石镇冷库迎来首批柑橘",
                    "青石镇新建的冷库昨日迎来首批柑橘，冷库可储存柑橘两千吨。")
    assert titles(page) == ["山里的新路", "青石镇冷库迎来首批柑橘"]


def test_digest_items_closed_by_their_office_or_writer_are_items_with_or_without_blank_lines():
    items = ("3月5日，江城县召开春耕备耕工作会，部署全县春播生产。（县农业农村局）",
             "日前，青石镇组织志愿者清理河道垃圾两吨，河岸面貌焕然一新。（周明远）",
             "3月6日，县图书馆举办亲子阅读活动，五十余组家庭参加。（县文旅局 李华）")
    for join in ("\n\n", "\n"):
        split = split_page(join.join(("县内简讯", *items)) + "\n")
        assert [a.title for a in split.articles] == [None, None, None], join
        assert ["清理河道" in a.body for a in split.articles] == [False, True, False], join
        assert [[x.name for x in a.authors] for a in split.articles][1] == ["周明远"], join
        assert "县内简讯" in split.furniture, join


def test_a_byline_among_the_closing_lines_credits_the_last_article_and_makes_no_item():
    page = web_page("柳湾村的秋天", "这是柳湾村的晒秋景象。", "村民在晾晒辣椒和玉米。", "责任编辑：孙七",
                    "摄影：周明远 李华", "江城日报视觉中心出品")
    split = split_page(page)
    (article,) = split.articles
    assert {a.name for a in article.authors} >= {"周明远", "李华"}
    assert "江城日报视觉中心出品" in " ".join(split.leftover)


def test_a_short_title_over_its_dashed_subtitle_is_the_title_not_a_column_tag():
    page = web_page("山村新路", "——柳湾村通车，受到欢迎", "本报讯 柳湾村的新路通车了，村民开车进城只要四十分钟。")
    (article,) = split_page(page).articles
    assert article.title == "山村新路"
    assert "柳湾村通车，受到欢迎" in article.subtitle
