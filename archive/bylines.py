"""Who wrote it: bylines, dateline credits, closing credits and photo credits.

Chinese papers print authorship in four places, all handled here on plain text:

* a byline line under the title: ``本报全媒体记者 刘靖雯``, or bare names ``周 维 卢 鸿``;
* the credit inside a dateline: ``本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)正文…``;
* a closing credit at the end of the body: ``（吴 玲 王忠林）``;
* the photographer at the end of a caption: ``▲…。通讯员 朱海鹏摄``.

Bylines on other papers carry more around the names, all of it kept as printed
but not read as a name: a bullet (``□ 本报记者 张三``, ``■``/``●``/``◆``), the
medium before the role (``新华社记者``, ``本报驻京记者``), a verb after the names
(``记者 李四 报道``, ``…采写``). Desk staff (``责任编辑：…``, ``（编辑：赵六）``,
``版式设计：…``) are not authors: `is_staff_credit` recognises their lines so
the page splitter can keep them as page text (searchable) outside any article.

Roles are normalised to 记者 / 通讯员 / 摄影 (or None when not printed): an editor
searches "记者" whatever the paper calls its reporters (全媒体记者, 融媒体记者 …).
PDF text spaces justified names out (``周 维 卢 鸿``); a run of single characters
is read as two-character names when its length is even (``周维``, ``卢鸿``), as one
three-character name when it has three characters.
"""

from __future__ import annotations

import re

from archive.cleaning import brackets_balanced
from archive.models import Author

# Printed role → normalised role. Longest first so that 全媒体记者 wins over 记者.
_ROLES: dict[str, str | None] = {
    "全媒体记者": "记者",
    "融媒体记者": "记者",
    "首席记者": "记者",
    "特约记者": "记者",
    "实习记者": "记者",
    "见习记者": "记者",
    "摄影记者": "摄影",
    "本报记者": "记者",
    "记者": "记者",
    "特约通讯员": "通讯员",
    "通讯员": "通讯员",
    "摄影": "摄影",
    "实习生": None,
    "见习生": None,
}
_ROLE_RE = "|".join(sorted(map(re.escape, _ROLES), key=len, reverse=True))
_ROLE_SPLIT = re.compile(f"({_ROLE_RE})")

# Common Chinese surnames (single and compound). Used only where names stand without
# a role word (``周 维 卢 鸿``, ``（漆 瑶）``): a line of bare words counts as names only
# when every word starts with a surname, so headings like ``产改赋能 匠心筑梦`` do not.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝漆官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅"
    "屠豆朴盖练廉禹井祖植来支生东郦银晋揭"
)
_SURNAMES_2 = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "西门", "长孙", "宇文", "端木", "夏侯"}

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"^[{_HAN}]+$")
_OPEN = "(（"
_CLOSE = ")）"
_SEPARATORS = re.compile(r"[\s、，,/]+")
_SENTENCE_PUNCT = set("，。；！？,;!?“”\"《》")

# Dateline openers: 本报泰和讯 / 本报讯 / 新华社北京5月6日电 / 中新网南昌电.
_DATELINE = re.compile(
    rf"^\s*(?:本报|本刊)\s*(?P<place1>[{_HAN}]{{0,8}}?)\s*讯"
    rf"|^\s*(?:新华社|中新社|中新网|人民网|新华网)(?P<place2>[{_HAN}]{{1,8}}?)\s*(?:\d{{1,2}}月\d{{1,2}}日)?\s*电"
)
_CREDIT_PREFIX = re.compile(r"^(?:(?:文\s*[/／|｜·]\s*图|图\s*[/／|｜·]\s*文)\s*[/／|｜·：:]?|(?:文|图)\s*[/／|｜·：:])\s*")
_PAREN = re.compile(r"\s*[(（](?P<inner>[^()（）]{0,60})[)）]")
_PHOTO = re.compile(
    rf"(?:(?:{_ROLE_RE})\s*|(?<=[。！？!?\s)）▲]))"
    rf"(?P<names>[{_HAN}]{{2,4}}(?:[\s、][{_HAN}]{{2,4}})*)\s*摄(?:影)?\s*[。.]?\s*$"
)


#: Bullets printed before a byline (``□ 本报记者 张三``).
BYLINE_BULLETS = "■□●○◆◇★☆◎"
# The medium a reporter works for, printed before the role: 新华社记者, 人民日报记者, 本报驻京记者.
_MEDIUM = re.compile(
    rf"(?:本报|本刊|[{_HAN}]{{1,8}}?(?:日报|晚报|早报|报社|报|通讯社|社|电视台|台|网))?(?:驻[{_HAN}]{{1,6}}?)?(?=(?:{_ROLE_RE}))"
)
# A verb after the names: 记者 李四 报道 / 采写 / 整理.
_BYLINE_VERB = re.compile(r"\s*(?:报道|采写|采访|整理|撰稿|撰文|执笔)$")
# Desk staff who edit or lay out the page: not authors of an article.
_STAFF_ROLES = (
    "责任编辑|责编|本版编辑|值班编辑|编辑|美术编辑|美编|图片编辑|版式设计|版式|设计|排版|组版|校对|审核|审校|终审|监制|制图|视觉"
)
_STAFF_NAMES = rf"[{_HAN}·]{{2,4}}(?:(?:\s*[、，,/]\s*|\s+)[{_HAN}·]{{2,4}})*"
_STAFF = re.compile(
    rf"^[(（【\[]?\s*(?:(?:{_STAFF_ROLES})(?:\s*[：:]\s*|\s+){_STAFF_NAMES}\s*[|｜/，,；;]?\s*)+[)）】\]]?$"
)


def is_staff_credit(line: str) -> bool:
    """``责任编辑：王五 版式设计：赵六``, ``（编辑：赵六）``, ``【责任编辑：孙七】``: a line
    that names only desk staff."""
    s = line.strip()
    if not s or len(s) > 60 or not brackets_balanced(s):
        return False
    if _STAFF.match(s) is None:
        return False
    if "：" in s or ":" in s:
        return True
    # 编辑 张三: without a colon, every name must look like a person's (审核 从严 is prose)
    words = [w for w in re.split(r"[\s、，,/|｜;；()（）【】\[\]]+", s) if w and w not in _STAFF_ROLES.split("|")]
    return all(is_surname_start(w) for w in words)


def is_surname_start(name: str) -> bool:
    return name[:2] in _SURNAMES_2 or name[:1] in _SURNAMES_1


def normalise_role(printed: str | None) -> str | None:
    """``全媒体记者`` → ``记者``; unknown or missing roles → None."""
    if not printed:
        return None
    return _ROLES.get(printed.strip(), None)


def _names(text: str, *, need_surname: bool) -> list[str] | None:
    """Split a run of names (``吴 玲 王忠林``, ``郭拓云、李书哲``) or return None if any
    word is not name-shaped."""
    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    if not words:
        return None
    names: list[str] = []
    singles: list[str] = []

    def flush() -> bool:
        if not singles:
            return True
        n = len(singles)
        if n == 1:
            return False  # a lone character is not a name
        if n % 2 == 0:
            names.extend("".join(singles[i : i + 2]) for i in range(0, n, 2))
        else:  # 3, 5, 7 …: pairs, the last name three characters
            cut = n - 3
            names.extend("".join(singles[i : i + 2]) for i in range(0, cut, 2))
            names.append("".join(singles[cut:]))
        singles.clear()
        return True

    for w in words:
        if not _HAN_RUN.match(w):
            return None
        if len(w) == 1:
            singles.append(w)
            continue
        if not flush():
            return None
        if len(w) > 4:
            return None
        names.append(w)
    if not flush():
        return None
    if need_surname and not all(is_surname_start(n) and len(n) <= (4 if n[:2] in _SURNAMES_2 else 3) for n in names):
        return None
    return names


def parse_authors(text: str, *, need_surname: bool = True) -> list[Author] | None:
    """Names with optional roles: ``全媒体记者刘靖雯 通讯员韩玉群`` →
    [Author(刘靖雯, 记者), Author(韩玉群, 通讯员)]. None if something else is in the text.

    Names that follow a role word need no surname check (the role proves they are
    names); bare names do, unless ``need_surname`` is False.
    """
    text = _MEDIUM.sub("", text.strip())
    parts = _ROLE_SPLIT.split(text)
    authors: list[Author] = []
    role: str | None = None
    has_role = False
    for i, part in enumerate(parts):
        if i % 2 == 1:  # a role word
            role = _ROLES[part]
            has_role = True
            continue
        if not part.strip(" 、，,/:："):
            continue
        names = _names(part.strip(" :："), need_surname=need_surname and not has_role)
        if names is None:
            return None
        authors.extend(Author(n, role) for n in names)
    return authors or None


def parse_byline(line: str) -> list[Author] | None:
    """A byline line (``本报全媒体记者 刘靖雯``, ``周 维 卢 鸿``, ``记者 张三 通讯员 李四``)
    → its authors in printed order, or None if the line is not a byline."""
    s = line.strip().lstrip(BYLINE_BULLETS).strip()
    if not s or len(s) > 40 or any(c in _SENTENCE_PUNCT for c in s):
        return None
    if s[0] in _OPEN and s[-1] in _CLOSE:
        return None  # that is a closing credit, see parse_credit
    s = _CREDIT_PREFIX.sub("", s)
    if _ROLE_SPLIT.search(s):  # 记者 李四 报道; a bare 张三 报道 stays no byline
        s = _BYLINE_VERB.sub("", s)
    return parse_authors(s, need_surname=True)


def parse_credit(line: str) -> list[Author] | None:
    """A closing credit line: ``（吴 玲 王忠林）`` → [吴玲, 王忠林]; else None.

    Full- and half-width parentheses both count. Bare names must start with a
    surname, so ``（以下简称产改）`` or ``（上）`` are not credits.
    """
    s = line.strip()
    m = _PAREN.match(s)
    if not m or m.end() != len(s):
        return None
    return parse_authors(m.group("inner"), need_surname=True)


def split_trailing_credit(line: str) -> tuple[str, str, list[Author]] | None:
    """``…有机统一。 （钟小兰 胡绍芬）`` → (``…有机统一。``, ``（钟小兰 胡绍芬）``, authors).

    Only a credit that follows a sentence end (or stands alone) counts, so a
    company's ``易路泰科技(江西)`` at the end of a PDF line is left alone.
    """
    s = line.rstrip()
    if not s or s[-1] not in _CLOSE:
        return None
    start = max(s.rfind("("), s.rfind("（"))
    if start < 0:
        return None
    head = s[:start].rstrip()
    if head and head[-1] not in "。！？!?…”’」』":
        return None
    authors = parse_credit(s[start:])
    if authors is None:
        return None
    return head, s[start:], authors


def parse_dateline(paragraph: str) -> tuple[str | None, list[Author], str]:
    """``本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)正文…`` →
    (``泰和``, [Author(刘靖雯, 记者), Author(韩玉群, 通讯员)], ``正文…``).

    A paragraph without a dateline comes back unchanged: (None, [], paragraph).
    ``本报讯`` gives place None. A parenthesis after the dateline that does not hold
    names stays in the text.
    """
    place, authors, rest, _prefix = split_dateline(paragraph)
    return place, authors, rest


def split_dateline(paragraph: str) -> tuple[str | None, list[Author], str, str]:
    """Like `parse_dateline`, plus the printed prefix that was removed (``本报泰和讯(…)``),
    so callers can keep it searchable."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, [], paragraph, ""
    place = m.group("place1") or m.group("place2") or None
    end = m.end()
    authors: list[Author] = []
    p = _PAREN.match(paragraph, end)
    if p:
        found = parse_authors(p.group("inner"), need_surname=False)
        if found is not None:
            authors = found
            end = p.end()
    rest = paragraph[end:].lstrip()
    return place, authors, rest, paragraph[: len(paragraph) - len(rest)].strip()


def caption_photographers(caption: str) -> list[Author]:
    """``▲锂电池产销两旺。通讯员 朱海鹏摄`` → [Author(朱海鹏, 摄影)].

    Only a person credited with 摄 counts; ``(永新县委宣传部供图)`` names an
    organisation that supplied the picture and is not an author.
    """
    m = _PHOTO.search(caption)
    if not m:
        return []
    names = _names(m.group("names"), need_surname=False)
    return [Author(n, "摄影") for n in names or []]


def strip_photo_credit(caption: str) -> str:
    """The caption without its photo credit (for matching captions to articles)."""
    s = _PHOTO.sub("", caption)
    return re.sub(r"[(（][^()（）]{0,30}供图[)）]\s*$", "", s)
