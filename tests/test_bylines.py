"""Bylines, dateline credits, closing credits and photo credits (archive.bylines)."""

import pytest

from archive.bylines import (
    caption_photographers,
    parse_authors,
    strip_photo_credit,
    is_staff_credit,
    parse_byline,
    parse_credit,
    parse_dateline,
    source_authors,
    split_trailing_credit,
)
from archive.models import Author


def names(authors):
    return [a.name for a in authors]


def test_byline_with_media_role_is_a_reporter():
    assert parse_byline("本报全媒体记者 刘靖雯") == [Author("刘靖雯", "记者")]


def test_byline_with_two_roles_keeps_printed_order():
    assert parse_byline("记者 张三 通讯员 李四") == [Author("张三", "记者"), Author("李四", "通讯员")]


def test_spaced_out_names_pair_up_into_two_character_names():
    assert names(parse_byline("周 维 卢 鸿")) == ["周维", "卢鸿"]


def test_three_spaced_characters_are_one_name():
    assert names(parse_byline("王 忠 林")) == ["王忠林"]


@pytest.mark.parametrize(
    "line",
    ["产改赋能 匠心筑梦", "一链一党委 凝聚合力激发产业动能", "招商引资 龙头引领壮大产业集群", "“自从企业工会建立后，许多事情做", ""],
)
def test_headings_and_prose_are_not_bylines(line):
    assert parse_byline(line) is None


def test_dateline_gives_place_authors_and_the_text_after_it():
    place, authors, rest = parse_dateline("本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)“没想到仅用一周时间。")
    assert place == "泰和"
    assert authors == [Author("刘靖雯", "记者"), Author("韩玉群", "通讯员")]
    assert rest == "“没想到仅用一周时间。"


def test_dateline_role_covers_every_name_after_it():
    _, authors, _ = parse_dateline("本报遂川讯(全媒体记者李歆 通讯员郭拓云、李书哲)“有人往古樟下撒不明颗粒。")
    assert authors == [Author("李歆", "记者"), Author("郭拓云", "通讯员"), Author("李书哲", "通讯员")]


def test_dateline_with_full_width_parentheses_and_no_place():
    assert parse_dateline("本报讯（记者 张三）正文。") == (None, [Author("张三", "记者")], "正文。")


def test_paragraph_without_dateline_is_returned_unchanged():
    text = "本报记者走进园区，只见一派繁忙。"
    assert parse_dateline(text) == (None, [], text)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("（吴 玲 王忠林）", ["吴玲", "王忠林"]),
        ("（肖喻林 胡 兵）", ["肖喻林", "胡兵"]),
        ("(刘文娟)", ["刘文娟"]),
        ("（钟小兰、胡绍芬）", ["钟小兰", "胡绍芬"]),
        ("（吴 成）", ["吴成"]),
    ],
)
def test_closing_credit_in_either_parentheses(line, expected):
    assert names(parse_credit(line)) == expected


@pytest.mark.parametrize("line", ["（以下简称产改）", "（上）", "（2024年）", "正文（吴玲）还在继续"])
def test_parenthesised_text_that_is_not_a_credit(line):
    assert parse_credit(line) is None


def test_credit_at_the_end_of_the_last_line_is_split_off():
    body, credit, authors = split_trailing_credit("光彩。 （钟小兰 胡绍芬）")
    assert body == "光彩。" and credit == "（钟小兰 胡绍芬）" and names(authors) == ["钟小兰", "胡绍芬"]


def test_company_name_in_parentheses_is_not_a_credit():
    assert split_trailing_credit("人力资源部经理易路泰科技(江西)") is None


def test_caption_photographer_is_credited_as_photographer():
    assert caption_photographers("▲锂电池产销两旺。通讯员 朱海鹏摄") == [Author("朱海鹏", "摄影")]


def test_picture_supplied_by_an_office_names_no_author():
    assert caption_photographers("▲永新工业园区全景。(永新县委宣传部供图)") == []


@pytest.mark.parametrize(
    "line, expected",
    [
        ("□ 本报记者 张三", [Author("张三", "记者")]),
        ("■ 本报通讯员 李 四", [Author("李四", "通讯员")]),
        ("◆ 记者 赵六 通讯员 钱七", [Author("赵六", "记者"), Author("钱七", "通讯员")]),
        ("新华社记者 张三", [Author("张三", "记者")]),
        ("本报驻京记者 张三", [Author("张三", "记者")]),
        ("记者 李四 报道", [Author("李四", "记者")]),
        ("文/图 本报记者 张三", [Author("张三", "记者")]),
    ],
)
def test_bullets_media_and_verbs_around_a_byline_are_not_names(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize("line", ["责任编辑：孙七", "（编辑：赵六）", "【责任编辑：孙七】", "责任编辑：王五 版式设计：赵六", "编辑 张三"])
def test_desk_staff_lines_are_recognised(line):
    assert is_staff_credit(line)


@pytest.mark.parametrize("line", ["编辑部的故事", "审核 从严", "设计理念", "张三 报道"])
def test_text_that_merely_starts_with_a_staff_word_is_no_staff_credit(line):
    assert not is_staff_credit(line)
    assert line != "张三 报道" or parse_byline(line) is None


# ---- issue 11: the byline shapes of other papers, sites and wire copy -------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        ("新华社记者 郑一鸣、吴小燕、何立", [Author("郑一鸣", "记者"), Author("吴小燕", "记者"), Author("何立", "记者")]),
        ("文/孙晓东", [Author("孙晓东", None)]),
        ("文丨孙晓东", [Author("孙晓东", None)]),
        ("文/图 孙晓东", [Author("孙晓东", None)]),
        ("孙晓东 梁倩 文/图", [Author("孙晓东", None), Author("梁倩", None)]),
        ("孙晓东/文 梁倩/图", [Author("孙晓东", None), Author("梁倩", "摄影")]),
        ("作者：孙晓东", [Author("孙晓东", None)]),
        ("摄影/梁倩", [Author("梁倩", "摄影")]),
        ("本报记者 孙晓东 摄影报道", [Author("孙晓东", "摄影")]),
        ("特约通讯员 梁倩 摄", [Author("梁倩", "摄影")]),
        ("特约通讯员 梁倩", [Author("梁倩", "通讯员")]),
        ("编译 何立", [Author("何立", "编译")]),
        ("见习记者 何立", [Author("何立", "记者")]),
        ("实习生 何立", [Author("何立", "实习生")]),
        ("某省日报·某某在线记者 奉小成 实习生 何立", [Author("奉小成", "记者"), Author("何立", "实习生")]),
        ("某某新闻客户端 记者 黄小宏", [Author("黄小宏", "记者")]),
    ],
)
def test_byline_shapes_of_other_papers(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize("line", ["记者 孙晓东摄", "记者 孙晓东 摄", "孙晓东摄"])
def test_she_never_sticks_to_a_name(line):
    assert parse_authors(line) == [Author("孙晓东", "摄影")]


@pytest.mark.parametrize("line", ["新华社发", "图/视觉中国", "CFP", "中新社发", "作者：某某日报"])
def test_agency_and_paper_credits_name_no_person(line):
    assert parse_authors(line) is None
    assert parse_byline(line) is None


@pytest.mark.parametrize("line", ["记者走进园区", "记者在现场", "通讯员来到村里"])
def test_prose_after_a_role_word_is_no_name(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "paragraph, place, authors, rest",
    [
        ("新华社南宁10月30日电（记者 郑一鸣、何立）正文一句。", "南宁",
         [Author("郑一鸣", "记者"), Author("何立", "记者")], "正文一句。"),
        ("中新网南昌1月22日电 (记者 孙晓东)正文一句。", "南昌", [Author("孙晓东", "记者")], "正文一句。"),
        ("本报讯 记者孙晓东报道：正文一句。", None, [Author("孙晓东", "记者")], "正文一句。"),
        ("某某日报讯 孙晓东 梁倩 正文一句，县里。", None, [Author("孙晓东", None), Author("梁倩", None)], "正文一句，县里。"),
        ("某某网7月3日8时5分讯(见习记者 何立)正文一句。", None, [Author("何立", "记者")], "正文一句。"),
        ("某某日报消息 正文一句。", None, [], "正文一句。"),
        ("（梁倩 记者 孙晓东 文/图）正文一句。", None, [Author("梁倩", None), Author("孙晓东", "记者")], "正文一句。"),
    ],
)
def test_dateline_shapes_give_place_credits_and_text(paragraph, place, authors, rest):
    assert parse_dateline(paragraph) == (place, authors, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["本报讯 全县今年种下一万亩油菜。", "合作社消息灵通，订单不断。", "据新华社消息，会议召开。", "（上）正文一句。",
     "本报讯 连日来 各地加紧秋收。"],
)
def test_no_names_are_read_where_prose_follows_the_dateline(paragraph):
    _place, authors, _rest = parse_dateline(paragraph)
    assert authors == []


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("古镇新貌。 邱晓斌 摄", ["邱晓斌"]),
        ("古道门楼     余小乐 摄", ["余小乐"]),
        ("清洁工在崖壁作业。见习记者 何立 摄", ["何立"]),
        ("新华社记者 郑一鸣 摄", ["郑一鸣"]),
        ("▲修缮后的纪念馆陈小鹏摄", ["陈小鹏"]),
        ("村民在晒秋（新华社发 孙晓东 摄）", ["孙晓东"]),
        ("村民在晒秋（孙晓东 摄影）", ["孙晓东"]),
        ("村民在晒秋。摄影：梁倩", ["梁倩"]),
        ("村民在晒秋（新华社发）", []),
        ("村民在晒秋。图/视觉中国", []),
        ("村民在晒秋。CFP供图", []),
        ("无人机从高空拍摄", []),
    ],
)
def test_caption_credits_name_photographers_not_agencies(caption, expected):
    assert caption_photographers(caption) == [Author(n, "摄影") for n in expected]


def test_photo_credit_is_stripped_from_the_caption():
    assert strip_photo_credit("古镇新貌。 邱晓斌 摄").strip() == "古镇新貌。"
    assert strip_photo_credit("村民在晒秋（新华社发 孙晓东 摄）") == "村民在晒秋"


def test_credit_at_the_end_of_a_paragraph_with_a_role():
    body, credit, authors = split_trailing_credit("会议持续两天。（记者 孙晓东 通讯员 梁倩）")
    assert body == "会议持续两天。" and authors == [Author("孙晓东", "记者"), Author("梁倩", "通讯员")]


def test_role_words_are_data():
    from archive.bylines import ROLES, ROLES_TSV

    assert ROLES_TSV.name.endswith(".tsv") and ROLES["特约通讯员"] == "通讯员" and ROLES["摄影记者"] == "摄影"


@pytest.mark.parametrize(
    "paragraph, place, authors, rest",
    [
        # traditional script: roles and agencies are read, names stay as printed
        ("新華社南寧10月30日電（記者 陸小魁、韋慧）正文。", "南寧", [Author("陸小魁", "记者"), Author("韋慧", "记者")], "正文。"),
        # pinyin readings printed after characters by converting mirrors are read past
        ("新華網(wǎng)南寧10月30日電(陸小魁)正文。", "南寧", [Author("陸小魁", None)], "正文。"),
        ("新華社某地12月6日電(記者 關(guān)小俏)正文。", "某地", [Author("關小俏", "记者")], "正文。"),
        ("某某線上消息(記者 鄧小童 攝影 華小峰)正文。", None, [Author("鄧小童", "记者"), Author("華小峰", "摄影")], "正文。"),
        # a county's own media centre names the county it reports on
        ("某某融媒(通訊員 李小意)正文。", "某某", [Author("李小意", "通讯员")], "正文。"),
        ("某某网河南新闻(记者 田小昊 李小刚)正文。", "河南", [Author("田小昊", "记者"), Author("李小刚", "记者")], "正文。"),
    ],
)
def test_datelines_in_traditional_script_and_of_media_centres(paragraph, place, authors, rest):
    assert parse_dateline(paragraph) == (place, authors, rest)


@pytest.mark.parametrize("paragraph", ["某某新闻(上)正文。", "某某融媒(二)正文。"])
def test_a_media_name_before_a_parenthesis_without_names_is_no_dateline(paragraph):
    assert parse_dateline(paragraph) == (None, [], paragraph)


def test_four_character_names_after_a_credit_cue():
    assert caption_photographers("牧场冬景。新華社發(丁增尼達 攝)") == [Author("丁增尼達", "摄影")]
    assert caption_photographers("牧场冬景。新华社记者 晋美多吉 摄") == [Author("晋美多吉", "摄影")]


def test_a_report_credit_names_people_not_the_broadcaster():
    assert parse_dateline("某某客户端报道(陈小林 某县台)近年来，全县新修道路。") == (
        None, [Author("陈小林", None)], "近年来，全县新修道路。")


def test_surnames_common_in_the_south_are_known():
    assert names(parse_credit("（赖小文 洪 波）")) == ["赖小文", "洪波"]


def test_one_items_reporter_is_never_given_to_the_next_item():
    from archive.segment import split_page

    page = "\n\n".join([
        "永新县新建三座图书馆", "近日，永新县三座乡村图书馆同时开放，村民在家门口就能借到新书。", "（记者 张小明）",
        "泰和县举办农民篮球赛", "本报泰和讯 上周末，泰和县首届农民篮球赛开赛，十六支村队参加。", "比赛持续三天。",
        "记者 王小强 通讯员 李小华",
        "安福县修好山路", "安福县的山路修好了，村民出行更方便。",
    ])
    by_title = {a.title: [x.name for x in a.authors] for a in split_page(page).articles}
    assert by_title == {
        "永新县新建三座图书馆": ["张小明"],
        "泰和县举办农民篮球赛": ["王小强", "李小华"],
        "安福县修好山路": [],
    }


def test_only_other_media_datelines_are_wire_copy():
    from archive.bylines import dateline_is_wire

    assert dateline_is_wire("新华社南宁10月30日电（记者 郑一鸣）")
    assert dateline_is_wire("某某网7月3日讯")
    assert not dateline_is_wire("本报泰和讯(记者 何立)")
    assert not dateline_is_wire("某县融媒(通讯员 何立)")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("新华社记者 郑一鸣 摄", ["郑一鸣"]),
        ("新華社記者 楊小青攝", ["楊小青"]),
        ("孙晓东 摄", ["孙晓东"]),
        ("新华社发（孙晓东 摄）", ["孙晓东"]),
    ],
)
def test_a_photo_credit_on_its_own_line_closes_its_item(line, expected):
    assert parse_credit(line) == [Author(n, "摄影") for n in expected]


@pytest.mark.parametrize("line", ["航拍摄", "通过航拍摄", "（新华社发）", "无人机从高空拍摄"])
def test_shooting_verbs_and_agencies_are_no_photo_credit(line):
    assert parse_credit(line) is None


def test_a_photo_credit_after_an_agency_closes_the_paragraph():
    body, credit, authors = split_trailing_credit("老人讲解手工艺品的做法(7月3日摄)。 新华社发(涂小雅 摄)")
    assert body == "老人讲解手工艺品的做法(7月3日摄)。" and credit == "新华社发(涂小雅 摄)"
    assert authors == [Author("涂小雅", "摄影")]


@pytest.mark.parametrize("line", ["作者简介", "文字 孙晓东", "记者手记", "通讯员培训班", "本报记者站"])
def test_headings_with_role_words_are_no_bylines(line):
    assert parse_byline(line) is None


def test_a_name_that_is_also_a_word_is_kept_when_it_is_a_name():
    # 高峰 is a word and a common personal name (jieba tags it as a name); 简介 is only a word
    assert parse_byline("记者 高峰") == [Author("高峰", "记者")]


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # names that are also words or foreign places, where only names are printed
        ("本报讯（记者胡虎虎、阿曼）山里的路通了。", [("胡虎虎", "记者"), ("阿曼", "记者")]),
        ("新华社北京5月3日电（记者高原、李明）山里的路通了。", [("高原", "记者"), ("李明", "记者")]),
        ("本报讯（记者 王林 通讯员 高山）山里的路通了。", [("王林", "记者"), ("高山", "通讯员")]),
        ("本报讯 记者胡虎虎、阿曼 山里的路通了。", [("胡虎虎", "记者"), ("阿曼", "记者")]),  # 、 lists names
    ],
)
def test_a_credit_slot_takes_names_that_are_also_words(paragraph, expected):
    _place, authors, rest = parse_dateline(paragraph)
    assert [(a.name, a.role) for a in authors] == expected
    assert rest == "山里的路通了。"


def test_words_after_an_unbracketed_dateline_credit_stay_text():
    # without brackets or 、, a word after the name is the start of the text, not a second name
    _place, authors, rest = parse_dateline("本报讯 记者张三 近日，山里的路通了。")
    assert names(authors) == ["张三"] and rest == "近日，山里的路通了。"


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("▲农民在晒谷。记者 高原 摄", ["高原"]),
        ("▲农民在晒谷。（通讯员 阿曼 摄）", ["阿曼"]),
        ("▲農民在曬穀。  記者  張三  攝", ["張三"]),
        ("▲农民在晒谷。张三/摄", ["张三"]),
    ],
)
def test_photo_credits_with_a_role_take_names_that_are_also_words(caption, expected):
    assert names(caption_photographers(caption)) == expected


def test_a_name_alone_after_a_role_word_in_a_byline_line_must_look_like_a_name():
    assert parse_byline("记者 胡虎虎、阿曼") == [Author("胡虎虎", "记者"), Author("阿曼", "记者")]
    assert parse_byline("记者 观察") is None  # one word after a role word on a line: a heading


@pytest.mark.parametrize(
    "value, expected",
    [
        ("某某日报    記者 周小川 杜倩", [("周小川", "记者"), ("杜倩", "记者")]),  # names kept as printed
        ("某某日报记者站（记者 向小明）", [("向小明", "记者")]),  # 记者站 is part of the medium
        ("某某日报", []),
        ("某某新闻网", []),
    ],
)
def test_a_source_line_names_writers_only_after_a_role_word(value, expected):
    assert [(a.name, a.role) for a in source_authors(value)] == expected


@pytest.mark.parametrize(
    "line, head, expected",
    [
        ("快递让脐橙销往全国各地。记者 李小龙", "快递让脐橙销往全国各地。", [("李小龙", "记者")]),
        ("今天开工。本报记者 张三 通讯员 李四", "今天开工。", [("张三", "记者"), ("李四", "通讯员")]),
    ],
)
def test_a_role_credit_after_the_last_sentence_is_split_off(line, head, expected):
    found = split_trailing_credit(line)
    assert found is not None and found[0] == head
    assert [(a.name, a.role) for a in found[2]] == expected


@pytest.mark.parametrize("line", ["今天天气很好。记者走进园区", "产品卖到全国。张三 李四", "农民在晒谷。记者 张三 摄"])
def test_prose_bare_names_and_photo_credits_are_not_split_off_as_closing_credits(line):
    assert split_trailing_credit(line) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("（县新闻中心 王亚周）", [("王亚周", None)]),  # the office that sent it is no person
        ("（某某报业全媒体记者 张三 通讯员 李四）", [("张三", "记者"), ("李四", "通讯员")]),
        ("报道员：安小卡、柳玉柱", [("安小卡", "通讯员"), ("柳玉柱", "通讯员")]),  # a wire agency's stringers
    ],
)
def test_media_and_offices_before_names_are_not_names(line, expected):
    found = parse_credit(line) or parse_byline(line)
    assert [(a.name, a.role) for a in found] == expected


def test_a_long_name_without_a_dot_is_read_after_a_role_word_in_a_photo_credit():
    assert names(caption_photographers("牧民在毡房里吃饭。（某某日报社融媒体记者乌力吉巴雅摄）")) == ["乌力吉巴雅"]


@pytest.mark.parametrize("line", ["新华社摄影部制作", "记者组 张三 李四", "摄影部 张三"])
def test_a_role_word_glued_to_an_office_word_names_the_office(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize("line", ["策划：赖小东", "统筹：鱼小澜"])
def test_planners_and_coordinators_are_desk_staff_not_writers(line):
    assert is_staff_credit(line)


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("村民在晒谷。（图片：张小三）", ["张小三"]),
        ("村民在晒谷。图片/张小三", ["张小三"]),
        ("村民在晒谷。 摄影 张小三", ["张小三"]),
        ("村民在晒谷。 特约摄影 张小三", ["张小三"]),
        ("村民学会了使用摄影 技术", []),  # 摄影 inside the sentence is no credit
        ("村民在晒谷。 摄影 高原", []),  # without a mark, a word after 摄影 is no name
    ],
)
def test_photo_credits_opened_by_a_picture_word(caption, expected):
    assert names(caption_photographers(caption)) == expected
