"""Who wrote it: bylines, dateline credits, closing credits and photo credits.

Chinese papers, news sites and wire copy print authorship in these places, all
handled here on plain text:

* a byline line under the title: ``本报全媒体记者 刘靖雯``, ``新华社记者 张三、李四、王五``,
  ``文/张三``, ``文/图 张三``, ``张三 李四 文/图``, ``作者：张三``, ``摄影/李四``,
  ``记者 张三 摄影报道``, bare names ``周 维 卢 鸿``;
* the credit after a dateline: ``本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)正文…``,
  ``新华社南宁10月30日电（记者 张三、李四）``, ``中新网南昌1月22日电 (记者 张三)``,
  ``本报讯 记者张三报道：``, ``某某日报讯 张三 李四 正文…`` (bare names), or a
  credit in parentheses opening the first paragraph (``（张三 记者 李四 文/图）近日…``);
* a closing credit at the end of the body, alone or after the last sentence:
  ``（吴 玲 王忠林）``, ``……有机统一。（记者 张三）``;
* the photographer at the end of a caption: ``▲…。通讯员 朱海鹏摄``, ``… 张三 摄``,
  ``…（新华社记者 张三 摄）``;
* the ``作者：`` value of a source line (``来源：某某日报 作者：张三 李四 点击：``), read
  by `archive.furniture.source_facts` with `parse_authors`, and the names after a role
  word in its ``来源：`` value (``来源：某某日报 记者 张三 李四``, `source_authors`).

Role words, credit markers (文/ 图/ 摄) and desk-staff words are data
(``archive/data/byline_roles.tsv``), as are the agencies whose credit names no
person (``agencies.tsv``: ``新华社发``, ``CFP``, ``视觉中国``) and the surnames that
let a bare word count as a name (``surnames.txt``). Roles are normalised
(全媒体记者 → 记者, 特约通讯员 → 通讯员, 摄影记者 → 摄影, 翻译 → 编译; None when
not printed): an editor searches "记者" whatever the paper calls its reporters.
``摄`` after a name credits that name as photographer and never sticks to it.
PDF text spaces justified names out (``周 维 卢 鸿``); a run of single characters
is read as two-character names when its length is even (``周维``, ``卢鸿``), the
last one three characters long when it is odd.
Desk staff (``责任编辑：…``, ``（编辑：赵六）``) are not authors: `is_staff_credit`
recognises their lines so the page splitter keeps them as page text.
"""

from __future__ import annotations

import re

from archive.cleaning import brackets_balanced
from archive.datafiles import DATA_DIR, DataFileError, common_words, read_tsv, read_words
from archive.models import Author
from archive.script import drop_readings, reading_view, simplified

ROLES_TSV = DATA_DIR / "byline_roles.tsv"
AGENCIES_TSV = DATA_DIR / "agencies.tsv"
SURNAMES_TXT = DATA_DIR / "surnames.txt"


def _load_roles() -> tuple[dict[str, str | None], dict[str, str | None], tuple[str, ...]]:
    authors: dict[str, str | None] = {}
    markers: dict[str, str | None] = {}
    staff: list[str] = []
    for n, row in enumerate(read_tsv(ROLES_TSV, ("printed", "role", "kind")), start=1):
        table = {"author": authors, "marker": markers}.get(row["kind"])
        if row["kind"] == "staff":
            staff.append(row["printed"])
        elif table is None:
            raise DataFileError(f"{ROLES_TSV}: data row {n}: kind must be author, marker or staff, not {row['kind']!r}")
        else:
            table[row["printed"]] = row["role"] or None
    return authors, markers, tuple(staff)


#: Printed role → normalised role (None: an author whose role is not said).
ROLES, MARKERS, STAFF_ROLES = _load_roles()
#: Agencies whose credit names no person.
AGENCIES = tuple(row["name"] for row in read_tsv(AGENCIES_TSV, ("name", "kind")))
_SURNAME_WORDS = read_words(SURNAMES_TXT)
_SURNAMES_1 = frozenset(w for w in _SURNAME_WORDS if len(w) == 1)
_SURNAMES_2 = frozenset(w for w in _SURNAME_WORDS if len(w) == 2)


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"^[{_HAN}]+$")
#: A minority name written with a middle dot (阿依古丽·买买提).
_DOTTED_NAME = re.compile(f"^[{_HAN}]{{1,8}}[·・][{_HAN}]{{1,8}}$")
_OPEN = "(（"
_CLOSE = ")）"
_SEPARATORS = re.compile(r"[\s、，,;；]+")
_SENTENCE_PUNCT = set("，。；！？,;!?“”\"《》")
_ROLE_RE = _alternation(ROLES)
_SLASH = r"\s*[/／|｜丨]\s*"
_MARKER_RE = _alternation(MARKERS)
_AGENCY_RE = _alternation(AGENCIES)

#: Bullets printed before a byline (``□ 本报记者 张三``).
BYLINE_BULLETS = "■□●○◆◇★☆◎•·"
# What a news organisation's name ends with (某某日报, 华声在线, 新湖南客户端, 某某县融媒体中心).
_MEDIA_SUFFIX = "日报|晚报|早报|时报|商报|都市报|报社|报业|报|通讯社|社|网|客户端|在线|线上|新闻中心|新闻|电视台|台|融媒体中心|融媒体|融媒"
# The medium a reporter works for, printed before the role: 新华社记者, 湖南日报·华声在线记者, 本报驻京记者.
_MEDIUM = re.compile(
    rf"(?:(?<![{_HAN}])|^)(?:本报|本刊|(?:[{_HAN}]{{1,10}}?(?:{_MEDIA_SUFFIX})[·・\s]*)+)?"
    rf"(?:驻[{_HAN}]{{1,6}}?)?(?=(?:{_ROLE_RE}))"
)
# Credit markers: before names with a slash (文/张三, 文/图 张三, 摄影：李四) or after them (张三/文, 张三 文/图).
_MARK_BOTH = re.compile(rf"(?<![{_HAN}])(?:文\s*[/／|｜丨·・]?\s*图|图\s*[/／|｜丨·・]?\s*文)(?:{_SLASH}|\s*[:：]\s*|(?=\s|$))")
_MARK_BEFORE = re.compile(rf"(?<![{_HAN}])({_MARKER_RE})(?:{_SLASH}|\s*[:：]\s*)")
_MARK_AFTER = re.compile(rf"{_SLASH}({_MARKER_RE})(?![{_HAN}])")
# 摄 / 摄影报道 right after names: they took the pictures (张三摄, 记者 李四 摄影报道).
_PHOTO_VERB = re.compile(rf"(?<=[{_HAN}\s])(?<![拍航偷抓跟所翻补自])\s*(?:摄影报道|摄)(?=$|[\s、，,)）]|{_ROLE_RE})")
# Other verbs after the names: 记者 李四 报道 / 采写 / 整理.
_VERB = re.compile(rf"\s*(?:报道|采写|采访|整理)(?=$|[\s、，,：:)）]|{_ROLE_RE})")
# A role word glued to an office word names the office (摄影部, 记者站), not a role.
_TOKEN = re.compile(rf"\x01(\d+)\x01|({_ROLE_RE})(?![部站组处室科团队])")
_AGENCY_CREDIT = re.compile(rf"^(?:{_AGENCY_RE})(?:发|供图|供稿|稿|图)?$", re.I)
_STAFF_NAMES = rf"[{_HAN}·]{{2,4}}(?:(?:\s*[、，,/]\s*|\s+)[{_HAN}·]{{2,4}})*"
_STAFF = re.compile(
    rf"^[(（【\[]?\s*(?:(?:{_alternation(STAFF_ROLES)})(?:\s*[：:]\s*|\s+){_STAFF_NAMES}\s*[|｜/，,；;]?\s*)+[)）】\]]?$"
)


_STAFF_FIRST = frozenset(w[0] for w in STAFF_ROLES)  # a quick reject before the regex


def is_staff_credit(line: str) -> bool:
    """``责任编辑：王五 版式设计：赵六``, ``（编辑：赵六）``, ``【责任编辑：孙七】``: a line
    that names only desk staff."""
    s = simplified(line.strip())
    if not s or len(s) > 60 or not any(c in _STAFF_FIRST for c in s[:2]) or not brackets_balanced(s):
        return False
    if _STAFF.match(s) is None:
        return False
    if "：" in s or ":" in s:
        return True
    # 编辑 张三: without a colon, every name must look like a person's (审核 从严 is prose)
    words = [w for w in re.split(r"[\s、，,/|｜;；()（）【】\[\]]+", s) if w and w not in STAFF_ROLES]
    return all(is_surname_start(w) for w in words)


def is_surname_start(name: str) -> bool:
    return name[:2] in _SURNAMES_2 or name[:1] in _SURNAMES_1


def is_agency(text: str) -> bool:
    """``新华社发``, ``CFP``, ``视觉中国供图``: a credit that names an agency, no person."""
    return bool(_AGENCY_CREDIT.match(simplified(re.sub(r"\s+", "", text))))


#: Characters of prose that a name after a role word with a rare surname never holds.
_NOT_IN_NAMES = set("的了在是到从对把被向着过走进说去来和与及为")
_ORGANISATION = re.compile(f"(?:{_MEDIA_SUFFIX})$")


#: Longest name read where only names are printed (巴依斯古楞: Mongolian and Tibetan names
#: are often printed without a middle dot).
MAX_NAMED = 5


def _name_ok(name: str, *, cued: bool, strict: bool = False, named: bool = False) -> bool:
    """A personal name: 2–3 characters (4 with a compound surname), or a dotted
    minority name. Without a role word (``cued`` False) it must start with a
    surname; ``strict``: and not be a common word (全县, 连日来). ``named``: the
    word stands where only names are printed, after a role word (``（记者 胡虎虎、阿曼）``,
    ``记者 高原 摄``): a name may also be a word of the language or a foreign place."""
    if _DOTTED_NAME.match(name):
        return True
    limit = 4 if name[:2] in _SURNAMES_2 else 3
    if named and 2 <= len(name) <= MAX_NAMED and not any(c in _NOT_IN_NAMES for c in name) \
            and not _ORGANISATION.search(name):
        return True
    if _ordinary_word(name):
        return False  # 简介, 文字: a word of the language, not a name (高峰, 李娜 are tagged as names)
    if is_surname_start(name):
        if cued:  # after a role word: up to four characters (丁增尼达), not prose (来到村里)
            return 2 <= len(name) <= limit or (len(name) == 4 and not _prose(name))
        return 2 <= len(name) <= limit and not (strict and name in common_words())
    # a rare surname, after a role word: not prose (记者走进园区) nor a paper (作者：某某日报)
    return cued and 2 <= len(name) <= 3 and not _prose(name) and not _ORGANISATION.search(name)


def _prose(word: str) -> bool:
    return any(c in _NOT_IN_NAMES for c in word) or word in common_words()


def _ordinary_word(word: str) -> bool:
    """A common word of jieba's dictionary not tagged as a personal name."""
    tag = common_words().get(word)
    return tag is not None and not tag.startswith("nr")


def _names(text: str, *, cued: bool, strict: bool = False, named: bool = False) -> list[str] | None:
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
        if len(w) == 1 and _HAN_RUN.match(w):
            singles.append(w)
            continue
        if not flush():
            return None
        if not (_HAN_RUN.match(w) or _DOTTED_NAME.match(w)):
            return None
        names.append(w)
    if not flush():
        return None
    if not all(_name_ok(n, cued=cued, strict=strict, named=named) for n in names):
        return None
    return names


def parse_authors(text: str, *, need_surname: bool = True, strict: bool = False, slot: bool = False) -> list[Author] | None:
    """Names with optional roles and credit markers → authors in printed order, or
    None if something else is in the text.

    ``全媒体记者刘靖雯 通讯员韩玉群`` → [刘靖雯 (记者), 韩玉群 (通讯员)];
    ``新华社记者 张三、李四`` → both 记者; ``张三/文 李四/图`` → [张三, 李四 (摄影)];
    ``记者 王五 摄`` → [王五 (摄影)]; ``新华社发`` → [] (an agency, no person).
    Names after a role word or marker need no surname (the role proves they are
    names); bare names do, unless ``need_surname`` is False. After a printed role
    word or marker, a name that is also a word (高原, 阿曼) counts in a ``slot``
    (a dateline's or closing credit's parentheses, a photo credit) and in a list
    of several names (``记者 胡虎虎、阿曼``); when ``strict``, only in a list printed with 、.
    """
    printed = text.strip().strip(BYLINE_BULLETS).strip()
    s = simplified(drop_readings(printed))
    if not s:
        return None
    if need_surname and not has_cue(s) and any(len(w) > 4 and not _DOTTED_NAME.match(w) and not _is_organisation(w)
                                               for w in _SEPARATORS.split(s)):
        return None  # bare words too long for names: prose or a heading (fast path)
    # Markers and verbs become numbered tokens: \x01<n>\x01 → (direction, role).
    marks: list[tuple[str, str | None]] = []

    def token(direction: str, role: str | None) -> str:
        marks.append((direction, role))
        return f" \x01{len(marks) - 1}\x01 "

    s = _MARK_BOTH.sub(lambda m: token("both", None), s)
    s = _MARK_BEFORE.sub(lambda m: token("before", MARKERS[m.group(1)]), s)
    s = _MARK_AFTER.sub(lambda m: token("after", MARKERS[m.group(1)]), s)
    s = _MEDIUM.sub(" ", s)
    s = _PHOTO_VERB.sub(lambda m: token("after", "摄影"), s)
    if marks or _TOKEN.search(s):  # 记者 李四 报道; a bare 张三 报道 is no byline
        s = _VERB.sub(" ", s)

    authors: list[Author] = []
    role: str | None = None
    cued = not need_surname
    group_start = 0  # first author a marker printed after the names applies to
    pos = 0
    pieces: list[tuple[str, object]] = []
    for m in _TOKEN.finditer(s):
        pieces.append(("text", s[pos : m.start()]))
        pieces.append(("mark", marks[int(m.group(1))]) if m.group(1) is not None else ("role", m.group(2)))
        pos = m.end()
    pieces.append(("text", s[pos:]))
    if any(kind != "text" for kind, _ in pieces):
        cued = True
    after_role = False  # a role word or a marker before the names is printed
    for k, (kind, value) in enumerate(pieces):
        if kind == "role":
            role = ROLES[value]  # type: ignore[index]
            group_start = len(authors)
            after_role = True
        elif kind == "mark":
            direction, mark_role = value  # type: ignore[misc]
            names_follow = any(kind2 == "text" and str(v).strip(" :：") for kind2, v in pieces[k + 1 : k + 2])
            if direction == "before" or (direction == "both" and names_follow):
                role = mark_role
                group_start = len(authors)
                after_role = True
            else:  # after the names it credits
                for i in range(group_start, len(authors)):
                    a = authors[i]
                    if mark_role == "摄影" or a.role is None:
                        authors[i] = Author(a.name, mark_role if mark_role else a.role)
                role = None
                group_start = len(authors)
        else:
            part = str(value).strip(" :：、，,")
            if not part:
                continue
            for chunk in re.split(r"\s+", part) if _has_agency(part) else [part]:
                if is_agency(chunk) or _is_organisation(chunk):
                    continue  # 新华社发, 某某台: no person
                names = _names(chunk, cued=cued, strict=strict)
                if names is None and after_role and (not strict or "、" in chunk):  # 、 only lists names
                    names = _names(chunk, cued=True, named=True)
                    names = names if names and (slot or len(names) > 1) else None
                if names is None:
                    return None
                authors.extend(Author(n, role) for n in names)
    return _as_printed(authors, reading_view(printed), printed) or None


def _as_printed(authors: list[Author], simple: str, printed: str) -> list[Author]:
    """Names as the page prints them (陸漢魁, not 陆汉魁): each name is found, in
    order, in the simplified view of the text, and cut from the printed text."""
    out = []
    cursor = 0
    for a in authors:
        m = re.compile(r"\s*".join(map(re.escape, a.name))).search(simple, cursor)
        if m is None:  # pragma: no cover - names always come from the text
            out.append(a)
            continue
        cursor = m.end()
        out.append(Author(re.sub(r"\s+", "", drop_readings(printed[m.start() : m.end()])), a.role))
    return out


def has_cue(text: str) -> bool:
    """Does ``text`` hold a role word or a credit marker (作者：, 记者, 文/, /图, 摄)? A byline
    without one is bare names (``张明 李华``), which only a title above makes a byline."""
    text = simplified(drop_readings(text))
    return any(r.search(text) for r in (_TOKEN, _MARK_BOTH, _MARK_BEFORE, _MARK_AFTER, _PHOTO_VERB))


def _is_organisation(word: str) -> bool:
    """``蕲春台``, ``某某日报``: a medium's name among credited names."""
    return len(word) >= 3 and bool(_ORGANISATION.search(word)) and not is_surname_start(word)


def _has_agency(part: str) -> bool:
    return any(is_agency(w) or _is_organisation(w) for w in re.split(r"\s+", part))


def source_authors(value: str) -> list[Author]:
    """The writers a source line prints after its medium (``来源：某某日报 记者 张三 李四``,
    ``来源：某某日报记者站（记者 张三）``): only names after a role word count, so
    ``来源：某某日报`` names nobody."""
    view = reading_view(value)
    for m in re.finditer(_ROLE_RE, view):
        close = min((i for i in (view.find(")", m.end()), view.find("）", m.end())) if i >= 0), default=len(view))
        found = parse_authors(value[m.start() : close], slot=True)
        if found:
            return found
    return []


def parse_byline(line: str) -> list[Author] | None:
    """A byline line (``本报全媒体记者 刘靖雯``, ``周 维 卢 鸿``, ``文/图 张三``,
    ``作者：张三``) → its authors in printed order, or None if the line is not a byline."""
    s = line.strip().lstrip(BYLINE_BULLETS).strip()
    if not s or len(s) > 40 or any(c in _SENTENCE_PUNCT for c in s):
        return None
    if s[0] in _OPEN and s[-1] in _CLOSE:
        return None  # that is a closing credit, see parse_credit
    return parse_authors(s, need_surname=True)


def parse_credit(line: str) -> list[Author] | None:
    """A closing credit line: ``（吴 玲 王忠林）`` → [吴玲, 王忠林]; else None.

    Full- and half-width parentheses both count, also after an agency
    (``新华社发（张三 摄）``). Bare names must start with a surname, so
    ``（以下简称产改）`` or ``（上）`` are not credits. A line that is only a photo
    credit (``新华社记者 张三 摄``, ``张三 摄``) closes the photo item above it.
    """
    s = line.strip()
    view = reading_view(s)
    lead = _AGENCY_LEAD.match(view)
    m = _PAREN.match(view, lead.end() if lead else 0)
    if m and m.end() == len(s):
        return parse_authors(s[m.start("inner") : m.end("inner")], need_surname=True, slot=True)
    if len(s) <= MAX_PHOTO_LINE and _PHOTO_END.search(view) and not any(c in _SENTENCE_PUNCT for c in s):
        authors = parse_authors(s, slot=True)
        if authors and all(a.role == "摄影" for a in authors):
            return authors
    return None


#: Longest line that can be a photo credit on its own (``新华社记者 张三、李四 摄``).
MAX_PHOTO_LINE = 30
_AGENCY_BEFORE = re.compile(rf"(?:{_AGENCY_RE})发?\s*$", re.I)
_AGENCY_LEAD = re.compile(rf"\s*(?:{_AGENCY_RE})发?\s*(?=[(（])", re.I)
_PAREN = re.compile(r"\s*[(（](?P<inner>[^()（）]{0,60})[)）]")


def split_trailing_credit(line: str) -> tuple[str, str, list[Author]] | None:
    """``…有机统一。 （钟小兰 胡绍芬）`` → (``…有机统一。``, ``（钟小兰 胡绍芬）``, authors);
    also a photo credit after an agency: ``…。新华社发（张三 摄）``.

    Only a credit that follows a sentence end (or stands alone) counts, so a
    company's ``易路泰科技(江西)`` at the end of a PDF line is left alone.
    """
    s = line.rstrip()
    if not s:
        return None
    if s[-1] not in _CLOSE:
        return _split_role_credit(s)
    start = max(s.rfind("("), s.rfind("（"))
    if start < 0:
        return None
    agency = _AGENCY_BEFORE.search(reading_view(s[:start]))  # …。新华社发（张三 摄）
    if agency:
        start = agency.start()
    head = s[:start].rstrip()
    if head and head[-1] not in "。！？!?…”’」』":
        return None
    authors = parse_credit(s[start:])
    if authors is None:
        return None
    return head, s[start:], authors


#: Longest credit printed without brackets after a paragraph's last sentence (``。记者 张三 通讯员 李四``).
MAX_TAIL_CREDIT = 24


def _split_role_credit(s: str) -> tuple[str, str, list[Author]] | None:
    """``…销往全国各地。记者 李文龙`` → (``…销往全国各地。``, ``记者 李文龙``, authors): a
    credit without brackets after the last sentence, opened by a role word."""
    end = max(s.rfind(c) for c in "。！？!?") + 1
    tail = s[end:].strip()
    if end <= 0 or not tail or len(tail) > MAX_TAIL_CREDIT or any(c in _SENTENCE_PUNCT for c in tail):
        return None
    if not re.match(rf"\s*(?:本报|[{_HAN}]{{0,12}}?(?:{_MEDIA_SUFFIX}))?\s*(?:{_ROLE_RE})", reading_view(tail)):
        return None
    authors = parse_authors(tail)
    if not authors or all(a.role == "摄影" for a in authors):
        return None  # a photo credit ends a caption, which stays whole (`caption_photographers`)
    return s[:end], tail, authors


# Dateline openers: 本报泰和讯 / 本报讯 / 新华社南宁10月30日电 / 中新网南昌1月22日电 /
# 某某日报讯 / 华龙网7月30日8时35分讯 / 某某日报消息.
_DATELINE = re.compile(
    rf"^\s*(?P<medium>本报|本刊|(?![据经从在由])[{_HAN}·・]{{1,12}}?(?:{_MEDIA_SUFFIX}))"
    rf"\s*(?P<place>[{_HAN}]{{0,8}}?)\s*"
    rf"(?:(?:\d{{1,2}}月)?\d{{1,2}}日(?:\s*\d{{1,2}}时(?:\d{{1,2}}分)?)?)?\s*"
    rf"(?:讯(?![息号])|电(?![商视话力网器脑子影气站信源线])|消息(?=[\s(（，,：:])"
    # 某某网河南新闻(记者 …) / 某某融媒(通讯员 …): a credit in parentheses must follow
    rf"|(?P<bare>新闻|报道|(?<=融媒)|(?<=融媒体中心))(?=\s*[(（]))"
)
# A county's own media centre (枝江融媒, 某某县融媒体中心): its dateline names the county it reports on.
_LOCAL_MEDIUM = re.compile(r"(?:县|市|区|旗)?(?:融媒体中心|融媒)$")
# 某某客户端报道(张三 某某台): a medium of any name, then 报道 and a credit in parentheses.
_REPORT_DATELINE = re.compile(rf"^\s*(?P<medium>[{_HAN}]{{2,10}}?)(?P<place>)(?P<bare>报道)(?=\s*[(（])")
# Where a credit printed after the dateline without parentheses ends: 本报讯 记者张三报道：…
_CREDIT_END = re.compile(r"\s*(?:报道)?\s*[：:]|\s*报道\s*[，,]?|\s+")


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
    so callers can keep it searchable.

    A paragraph opening with a credit in parentheses and no dateline
    (``（记者 张三 文/图）近日…``) gives place None, the authors and that prefix,
    when the credit has a role word or marker.
    """
    view = reading_view(paragraph)
    m = _DATELINE.match(view) or _REPORT_DATELINE.match(view)
    if not m:
        p = _PAREN.match(paragraph)
        if p and p.end() < len(paragraph):
            found = parse_authors(p.group("inner"), need_surname=True, slot=True)
            if found and has_cue(p.group("inner")):
                rest = paragraph[p.end() :].lstrip()
                return None, found, rest, paragraph[: len(paragraph) - len(rest)].strip()
        return None, [], paragraph, ""
    place = drop_readings(paragraph[m.start("place") : m.end("place")]).strip() or None  # as printed
    local = _LOCAL_MEDIUM.search(m.group("medium"))
    if local and not place and local.start() >= 2:  # 枝江融媒: a county's own media centre reports on it
        place = drop_readings(paragraph[m.start("medium") : m.start("medium") + local.start()]).strip()
    end = m.end()
    authors, end = _credit_after(paragraph, end)
    if m.group("bare") is not None and not authors:
        return None, [], paragraph, ""
    rest = paragraph[end:].lstrip()
    return place, authors, rest, paragraph[: len(paragraph) - len(rest)].strip()


def dateline_is_wire(prefix: str) -> bool:
    """Is this printed dateline another medium's (新华社南宁10月30日电, 某某网…讯)? Its
    place is where the copy was filed, not necessarily what it is about; a paper's
    own dateline (本报泰和讯) names the place it reports on."""
    view = reading_view(prefix)
    m = _DATELINE.match(view) or _REPORT_DATELINE.match(view)
    return m is not None and m.group("medium") not in ("本报", "本刊") and not _LOCAL_MEDIUM.search(m.group("medium"))


def _credit_after(paragraph: str, end: int) -> tuple[list[Author], int]:
    """The credit printed right after a dateline, and where it ends."""
    p = _PAREN.match(reading_view(paragraph), end)  # (記者 關(guān)俏俏): readings are no brackets
    if p:
        found = parse_authors(paragraph[p.start("inner") : p.end("inner")], need_surname=False, slot=True)
        return (found, p.end()) if found is not None else ([], end)
    # without parentheses: the longest run up to a colon, 报道 or a space that reads as names
    tail = reading_view(paragraph[end : end + 60])
    lead = len(tail) - len(tail.lstrip(" :：　"))
    best: tuple[list[Author], int] = ([], end)
    for cut in _CREDIT_END.finditer(tail, lead):
        if cut.start() <= lead:
            continue
        found = parse_authors(paragraph[end + lead : end + cut.start()], need_surname=True, strict=True)
        if found is None:
            if any(c in _SENTENCE_PUNCT for c in tail[lead : cut.start()]):
                break
            continue
        best = (found, end + cut.end())
    return best


def caption_photographers(caption: str) -> list[Author]:
    """``▲锂电池产销两旺。通讯员 朱海鹏摄`` → [Author(朱海鹏, 摄影)].

    Only a person credited with 摄 (or 图/ 摄影/) counts; ``(永新县委宣传部供图)``
    names an organisation that supplied the picture and ``新华社发`` an agency:
    neither is an author.
    """
    found = _photo_credit(caption)
    return found[1] if found else []


def strip_photo_credit(caption: str) -> str:
    """The caption without its photo credit (for matching captions to articles)."""
    found = _photo_credit(caption)
    s = caption[: found[0]] if found else caption
    return re.sub(r"[(（][^()（）]{0,30}(?:供图|提供)[)）]\s*$", "", s)


#: What cannot come right before a photographer's 摄 (拍摄, 航摄 are verbs of the caption).
_NOT_BEFORE_PHOTO = "拍航偷抓跟所翻补自"
_PHOTO_END = re.compile(rf"(?:摄影?|{_SLASH}摄)\s*[)）]?\s*[。.]?\s*$")
# Where a photo credit opens: 图/ 图片：摄影/ 摄影：, or 摄影 and a space before the names (特约摄影 张三).
_PHOTO_LEAD = re.compile(rf"(?:图片|图|摄影|摄){_SLASH}|(?:图片|图|摄影)\s*[:：]|(?<![\u4e00-\u9fff])(?:特约)?摄影(?:记者)?\s+(?=\S)")


def _photo_credit(caption: str) -> tuple[int, list[Author]] | None:
    """(start of the credit, photographers) of a caption's closing photo credit."""
    printed = caption.rstrip()
    s = reading_view(printed)
    if "摄" not in s and not _PHOTO_LEAD.search(s):
        return None
    if s.endswith(tuple(_CLOSE)):
        start = max(s.rfind("("), s.rfind("（"))
        inner = s[start + 1 : -1]
        if start < 0 or not ("摄" in inner or _PHOTO_LEAD.search(inner)):
            return None
        authors = parse_authors(re.sub(r"攝影\s*$|摄影\s*$", "摄", printed[start + 1 : -1]), slot=True)
        return (start, [Author(a.name, "摄影") for a in authors]) if authors else None
    if _PHOTO_END.search(s):
        body = _PHOTO_END.sub("", s)
        if not body or body[-1] in _NOT_BEFORE_PHOTO:
            return None
        # the credit starts after the last sentence mark; else the longest tail of space-separated words
        start = max(body.rfind(c) for c in "。！？!?；;，,▲：:") + 1
        for st in [start] + [m.end() for m in re.finditer(r"\s+", body) if m.end() > start]:
            if not body[:st].strip(" ▲△▼▽"):
                continue  # a caption is never all credit: 古道门楼 余小乐 摄 credits 余小乐
            authors = parse_authors(printed[st : len(body)] + " 摄", slot=True)
            if authors:
                return st, [Author(a.name, "摄影") for a in authors]
        # a name glued to the caption: its last three or two characters, starting with a surname
        for size in (3, 2):
            name = body[-size:]
            if _HAN_RUN.match(name) and is_surname_start(name) and name not in common_words():
                return len(body) - size, [Author(printed[len(body) - size : len(body)], "摄影")]
        return None
    lead = list(_PHOTO_LEAD.finditer(s))
    if lead:
        marked = any(c in lead[-1].group() for c in "/／|｜丨:：")  # 图/ 摄影：, not a bare 摄影 before a word
        authors = parse_authors(printed[lead[-1].start() :], slot=marked)
        if authors:
            return lead[-1].start(), [Author(a.name, "摄影") for a in authors]
    return None
