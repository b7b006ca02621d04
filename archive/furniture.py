"""Page furniture: what a website or e-paper system prints around an article.

An editor reading a saved web page skips, without thinking, the lines that are
not the article: the channel bar (``首页 | 要闻 | 县区``), the breadcrumb
(``当前位置：首页 > 新闻 > 正文``), the source line (``2024-05-06 08:00 来源：某某日报
作者：张三 浏览：``), share/print/font-size links, the e-paper's page navigation
(``第03版：要闻 上一版 下一版``), desk staff (``责任编辑：…``), copyright and
disclaimer notices, comment forms, ``相关新闻``/``上一篇`` lists with their teasers,
QR-code and app banners, image file names and view counters.

This module recognises such lines one by one (`furniture_kind`); the phrases
and patterns are data (``archive/data/furniture.tsv``). Matching ignores spaces
(``分 享``) and folds traditional script to simplified (``評論`` = ``评论``).
What the page splitter does with them (`archive.layout_units`,
`archive.segment`): they are never a title, byline or body text; they stay
searchable as the page's leftover text and are listed apart by
``newsarchive parse``. The trustworthy values a source line carries
(`source_facts`: the publication date, the paper, the writer) become metadata.

Only short lines are furniture: a line of prose (long, or holding ``。``) never
is, whatever words it contains.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import opencc

from archive.bylines import is_staff_credit, parse_authors, parse_byline, source_authors
from archive.script import drop_readings, simplified
from archive.models import Author

DATA_FILE = Path(__file__).parent / "data" / "furniture.tsv"

#: Longest line (characters) a ``contains``/``token`` rule looks at.
MAX_SHORT = 80
#: Longest line a ``start`` rule (notices, disclaimers) or a source line may be.
MAX_NOTICE = 400
#: Longest phrase of a ``start`` rule (characters).
MAX_START = 12
#: Longest teaser line under a list heading (``相关新闻``).
MAX_TEASER = 60
#: Longest crumb of a breadcrumb; a longer last segment is the page's title.
MAX_CRUMB = 12

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NUM_CN = "一二三四五六七八九十"
#: Page number of an e-paper page: 第3版, A03版, 第A07版：要闻, 版面：第06版：要闻 上一篇 下一篇,
#: B1：看云南 总第5133期, N02版：今日德州·关注 N03版：今日德州·健康, with the issue before
#: the page (第1886期/第2版).
_ISSUE = r"(?:总?\s*第?\s*[0-9０-９]{1,5}\s*期\s*[/／·|｜]?\s*)?"
_PAGE_CODE = rf"(?:第\s*[A-Za-zＡ-Ｚａ-ｚ]{{0,2}}\s*[0-9０-９{_NUM_CN}百]{{1,4}}\s*版|[A-Za-zＡ-Ｚａ-ｚ]{{0,2}}\s*[0-9０-９]{{1,3}}\s*版)"
_PAGE_NO = re.compile(
    rf"^(?:版面\s*[:：]\s*)?{_ISSUE}{_PAGE_CODE}(?:\s*[：:·|｜\-—]?\s*[^，。！？；]{{0,60}})?$"
    rf"|^[A-Za-z]\d{{1,2}}\s*[：:][^，。！？；]{{0,30}}(?:第\d+期|编印|版)[^，。！？；]{{0,30}}$"
)
#: The date line of a printed page: 2025年5月6日 星期二, also after the paper's or the
#: channel's name (某某日报 2019年3月19日, 某某.新闻汇总 2022-07-31).
_DATE_LINE = re.compile(
    rf"^(?:[{_HAN}]{{2,12}}(?:[.·][{_HAN}]{{2,8}})?\s*)?"
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"(?:\s*[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
    rf"(?:\s*农历[{_HAN}]{{2,10}})?$"
)
_DATE = re.compile(r"(\d{4})\s*[-年/.\s]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_SEPARATORS = re.compile(r"[\s|｜/／•·●◆■□>＞»›→:：\[\]【】()（）_\-—,，、]+")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›|→|-&gt;)\s*")
_PAPER = re.compile(rf"^[{_HAN}]{{2,12}}(?:日报|晚报|早报|都市报|商报|时报|报)(?:社)?")

#: Characters without which a short line with no furniture word is text: digits, Latin
#: letters, signs of bars, crumbs, bullets, separators and brackets.
_SHAPE = re.compile(r"[、0-9０-９A-Za-zＡ-Ｚａ-ｚ|｜/\\>＞»›→•·●◆◇○★☆*＊=＝~～_#＃—－―─\-【】\[\]©]")

#: Furniture kinds that close the article before them (what follows is not its text):
#: page numbers and date lines of a printed page, desk staff, notices, comment forms,
#: lists of other stories, a line of punctuation only (``***``, ``——``) parting items. The others (navigation, share links, source lines,
#: banners, images) may stand between a title and its text, or inside it.
CLOSING = frozenset({"page", "staff", "notice", "comment", "related", "separator"})


@dataclass(frozen=True)
class _Rules:
    start: tuple[tuple[str, str], ...]
    contains: tuple[tuple[str, str], ...]
    regex: tuple[tuple[str, re.Pattern], ...]
    any_regex: re.Pattern  # all regex rows as one alternation: group ``r<n>`` is row n
    token: dict[str, str]
    lists: frozenset[str]
    where: tuple[str, ...]
    labels: tuple[str, ...]
    date_labels: tuple[str, ...]
    paper_labels: tuple[str, ...]
    label_re: re.Pattern
    words: ahocorasick.Automaton  # every folded phrase: a line holding none is no furniture but by shape
    token_re: re.Pattern  # any bar word, longest first
    start_chars: frozenset[str]  # first characters of the start rules, in both scripts and cases
    title_label_re: re.Pattern  # a site label or a bullet before a headline (原创 | …, • …)


def _fold(text: str) -> str:
    """Spaces and pinyin readings removed, traditional folded to simplified, Latin lower-cased."""
    return _simple("".join(text.split())).lower()


def _simple(text: str) -> str:
    """``text`` in simplified script without pinyin readings: what the rules match."""
    return simplified(drop_readings(text))


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The rules of ``archive/data/furniture.tsv`` (read once)."""
    start, contains, regex, token = [], [], [], {}
    lists, where, labels, date_labels, paper_labels, hints, title_labels = set(), [], [], [], [], [], []
    for number, raw in enumerate(DATA_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        try:
            kind, how, text = raw.split("\t")
        except ValueError:
            raise ValueError(f"{DATA_FILE}:{number}: expected 3 tab-separated columns") from None
        if how == "regex":
            regex.append((kind, re.compile(text)))
            continue
        folded = _fold(text)
        if how == "start":
            start.append((folded, kind))
        elif how == "contains":
            contains.append((folded, kind))
        elif how == "token":
            token[folded] = kind
        elif how == "list":
            lists.add(folded)
        elif how == "where":
            where.append(folded)
        elif how == "label":
            labels.append(text)
        elif how == "date":
            date_labels.append(text)
        elif how == "paper":
            paper_labels.append(text)
        elif how == "hint":
            hints.append(folded)
        elif how == "prefix":
            title_labels.append(text)
        else:
            raise ValueError(f"{DATA_FILE}:{number}: unknown rule {how!r}")
    words = ahocorasick.Automaton()
    for phrase in [*(p for p, _ in start), *(p for p, _ in contains), *token, *lists, *where, *hints,
                   *map(_fold, (*labels, *date_labels, *paper_labels))]:
        words.add_word(phrase, phrase)
    words.make_automaton()
    _s2t = opencc.OpenCC("s2t")
    all_labels = sorted({*labels, *date_labels}, key=len, reverse=True)
    label_re = re.compile(
        "(" + "|".join(map(re.escape, all_labels)) + r")\s*[:：]"
    )
    return _Rules(
        start=tuple(start), contains=tuple(contains), regex=tuple(regex), token=token,
        any_regex=re.compile("|".join(f"(?P<r{n}>{p.pattern})" for n, (_, p) in enumerate(regex))),
        lists=frozenset(lists), where=tuple(sorted(where, key=len, reverse=True)),
        labels=tuple(labels), date_labels=tuple(sorted(date_labels, key=len, reverse=True)),
        paper_labels=tuple(sorted(paper_labels, key=len, reverse=True)), label_re=label_re, words=words,
        token_re=re.compile("|".join(map(re.escape, sorted(token, key=len, reverse=True)))),
        start_chars=frozenset(c for p, _ in start for c in (p[0], p[0].upper(), _s2t.convert(p[0]))),
        title_label_re=re.compile(
            r"^(?:[•·●◆■□▪◇○]+|[【\[〖(（]\s*(?:{0})\s*[】\]〗)）]|(?:{0})\s*[|｜丨:：\s])\s*(?=\S{{4}})".format(
                "|".join(map(re.escape, title_labels)) or "(?!)")),
    )


def furniture_kind(text: str) -> str | None:
    """The kind of furniture the cleaned line ``text`` is (``"navigation"``,
    ``"breadcrumb"``, ``"source"``, ``"share"``, ``"page"``, ``"staff"``,
    ``"notice"``, ``"comment"``, ``"related"``, ``"app"``, ``"image"``,
    ``"counter"``), or None for a line of the article."""
    if not text or len(text) > MAX_NOTICE:
        return None
    if is_staff_credit(text):
        return "staff"
    r = rules()
    if "，" in text or "。" in text or len(text) > MAX_SHORT:  # prose: a notice, or keyword bait
        found = None
        if text[0] in r.start_chars:
            head = _fold(text[:MAX_START])
            found = next((kind for phrase, kind in r.start if head.startswith(phrase)), None)
        if found is None and "。" not in text and sum(map(text.count, ",，_")) >= 3:
            found = next((kind for kind, pattern in r.regex if kind == "keywords" and pattern.match(text)), None)
        if found is None and text[0].isascii():  # a long address or image data, not Chinese prose
            m = r.any_regex.match(text)
            found = r.regex[int(m.lastgroup[1:])][0] if m else None
        return found
    folded = _fold(text)
    hit = next(r.words.iter(folded), None) is not None
    if not hit and not _SHAPE.search(text):  # no furniture word, no digit, sign or Latin letter: text
        return None
    m = r.any_regex.match(text)
    if m:
        return r.regex[int(m.lastgroup[1:])][0]
    if _PAGE_NO.match(text) or _DATE_LINE.match(_simple(text)):
        return "page"
    if not hit:  # no furniture word: only a breadcrumb or bar by shape
        if (_CRUMB_SPLIT.search(text) or folded.endswith("正文")) and is_breadcrumb(text):
            return "breadcrumb"
        if _stamp_only(text):
            return "source"
        return _bar_kind(text) if len(text) <= MAX_SHORT and ("|" in text or "｜" in text) else None
    for phrase, kind in r.start:
        if folded.startswith(phrase):
            return kind
    if is_list_heading(text):
        return "related"
    if is_breadcrumb(text):
        return "breadcrumb"
    if is_source_line(text):
        return "source"
    for phrase, kind in r.contains:
        if phrase in folded:
            return kind
    return _bar_kind(text)


def _bar_kind(text: str) -> str | None:
    """A navigation or share bar: a short line of bar words (``首页``, ``打印``,
    ``关闭``), numbers and separators only, or of three or more short segments
    parted by ``|`` (``首页 | 要闻 | 县区``)."""
    r = rules()
    folded = _fold(text)
    first = r.token_re.search(folded)
    if first and not _SEPARATORS.sub("", r.token_re.sub("", folded)).strip("0123456789"):
        return r.token[first.group(0)]
    segments = [s.strip() for s in re.split(r"[|｜]", text) if s.strip()]
    if len(segments) >= 3 and all(len(s) <= 8 for s in segments):
        return "navigation"
    if len(segments) == 2 and all(len(s) <= 8 for s in segments) and any(
        any(w in r.token for w in _SEPARATORS.split(_fold(s))) or s.endswith(("政府", "网", "首页"))
        for s in segments
    ):
        return "navigation"
    return None


def split_title_label(title: str) -> tuple[str, str] | None:
    """(label, headline) when a headline opens with a site label (``原创 | 某某…``,
    ``【独家】某某…``) or a list bullet (``• 某某…``): furniture, not part of the title."""
    m = rules().title_label_re.match(title)
    return (m.group(0).strip(), title[m.end():]) if m else None


def is_list_heading(text: str) -> bool:
    """``相关新闻``, ``相关阅读：``, ``【推荐阅读】``: a heading of links to other stories."""
    core = _fold(text).strip("【】[]:：>»·•")
    return core in rules().lists


def is_breadcrumb(text: str) -> bool:
    """``当前位置：首页 > 新闻 > 正文``, ``首页 > 县区 > 某县``, ``您的位置: 首页 » 动态``."""
    folded = _fold(text)
    if any(folded.startswith(w) and folded[len(w): len(w) + 1] in (":", "：", ">", "") for w in rules().where):
        return True
    if len(text) <= 2 * MAX_CRUMB and folded.endswith("正文"):  # 某某网河南新闻正文
        return True
    crumbs = [c for c in _CRUMB_SPLIT.split(text) if c.strip()]
    if len(crumbs) < 2 or any(ch in text for ch in "，。！？"):
        return False
    home = _fold(crumbs[0]) in ("首页", "网站首页", "主页", "home")
    return all(len(c.strip()) <= MAX_CRUMB for c in crumbs[:-1]) and (len(crumbs[-1].strip()) <= MAX_CRUMB or home)


def split_breadcrumb(text: str) -> tuple[str, str] | None:
    """A breadcrumb whose last crumb is the article's title (``首页 > 要闻 > 某县举办…``)
    → (the breadcrumb, the title); None for any other line."""
    if not _CRUMB_SPLIT.search(text) or not is_breadcrumb(text):
        return None
    crumbs = _CRUMB_SPLIT.split(text)
    last = crumbs[-1].strip()
    if len(last) <= MAX_CRUMB or _fold(last) == "正文":
        return None
    return text[: len(text) - len(crumbs[-1])].strip(), last


def is_source_line(text: str) -> bool:
    """A source line: ``来源：某某日报 作者：张三 时间：2024-05-06 浏览：``, or a
    time stamp with a label (``2018年12月11日 11:31 | 来源：某某网``). A line with
    only ``作者：X`` is a byline, not furniture."""
    if len(text) > MAX_NOTICE // 2 or "。" in text:
        return False
    r = rules()
    simple = _simple(text)
    found = [m.group(1) for m in r.label_re.finditer(simple)]
    others = [f for f in found if f != "作者"]
    if not others:  # ``作者：张三`` alone is a byline, unless it is an item of the page's info bar
        return bool(_stamp_only(simple)) or bool(found and simple.lstrip()[:1] in "•·|｜")
    return (len(found) >= 2 or simple.lstrip(" •·|").startswith(found[0]) or bool(_DATE.search(simple))
            or bool(_TIME.search(simple)) or not any(ch in text for ch in "，。！？,!?"))


def _stamp_only(text: str) -> bool:
    """``2024-05-06 08:00:12`` or ``2024年5月6日 08:00``: a time stamp alone, or with the
    site's name or address (``http://www.example.cn 2004年12月12日 03:31 某某日报``)."""
    m = _DATE.match(text.strip())
    if not m:
        found = _DATE.search(text)
        return bool(found and _TIME.search(text, found.end()) and len(text) <= 2 * MAX_CRUMB + 40
                    and not any(ch in text for ch in "，。！？"))
    rest = text.strip()[m.end():].strip()
    if rest == "":
        return True
    t = _TIME.match(rest)  # a stamp and the site's name: ``2024-05-06 08:00 某某网``
    return bool(t) and len(rest) - t.end() <= MAX_CRUMB and "，" not in rest


@dataclass(frozen=True)
class SourceFacts:
    """Trustworthy values printed on a source line."""

    date: _dt.date | None = None
    paper: str | None = None
    authors: tuple[Author, ...] = ()


def source_facts(text: str) -> SourceFacts:
    """The publication date (a ``时间：``/``发布日期：`` value or a time stamp, only if
    it is a real date), the paper (``来源：某某日报``, names ending in 报) and the
    writers (``作者：张三 李四``) of a source line."""
    printed = drop_readings(text)
    line = simplified(printed)  # same length: a value is cut from the printed line for names as printed
    r = rules()
    marks = list(r.label_re.finditer(line))
    date = paper = None
    authors: tuple[Author, ...] = ()
    for k, m in enumerate(marks):
        label = m.group(1)
        stop = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        value = line[m.end(): stop].strip(" |｜")
        names = printed[m.end(): stop].strip(" |｜")
        if date is None and label in r.date_labels:
            date = _real_date(value)
        elif paper is None and label in r.paper_labels:
            p = _PAPER.match(value.replace(" ", ""))
            paper = p.group(0) if p else None
            authors = authors or tuple(source_authors(names))  # 来源：某某日报 记者 张三
        elif label == "作者" and not authors:
            authors = tuple(parse_authors(names, need_surname=True) or ())
    if date is None:  # the time stamp of a source line is the publication time
        date = _real_date(line)
    if not authors and marks and marks[0].start() > 0:  # ``记者 张三 李四 来源：某某网``: a byline first
        authors = tuple(parse_byline(printed[: marks[0].start()].strip(" |｜•·")) or ())
    if paper is None:
        for label in r.paper_labels:
            m = re.search(re.escape(label) + r"\s*[:：]\s*", line)
            if m:
                p = _PAPER.match(line[m.end():].replace(" ", ""))
                paper = p.group(0) if p else None
                break
    return SourceFacts(date=date, paper=paper, authors=authors)


def _real_date(value: str) -> _dt.date | None:
    m = _DATE.search(value)
    if not m:
        return None
    try:
        return _dt.date(*map(int, m.groups()))
    except ValueError:
        return None


#: The site cut the text off here: ``...`` or a single ``…`` (a whole ``……`` ends a sentence).
CUT_OFF = re.compile(r"(?:\.\.\.|(?<!…)…)$")


def is_teaser(text: str) -> bool:
    """A line under a list heading that links to another story: short, no sentence
    end (``某县召开…会议 2024-05-06``), or the story's opening cut off by the site."""
    return 0 < len(text) <= MAX_TEASER and not text.endswith(("。", "！", "？", "”")) or bool(CUT_OFF.search(text))
