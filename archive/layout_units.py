"""Page text → a flat list of units (heads, paragraphs, captions, bylines, credits).

Two layouts are recognised:

* **paragraph layout** (web text): one paragraph per line, blank lines between.
  A paragraph broken in mid-sentence (a long prose line that does not end with
  closing punctuation, e.g. ``…管委会主任刘年发`` / ``介绍。…``) is rejoined.
* **line layout** (PDF text): every printed line is a line of its own; see
  `archive.layout_pdf` for how paragraphs and heads are rebuilt from line widths
  (`archive.layout` picks the layout of a page).

The detection (`archive.layout.is_line_layout`) looks at the shape of the lines:
when most text lines stop in the middle of a word and fill their column, the
page is line layout.

A unit's ``kind`` is one of:

``head``      a short line without sentence punctuation (title or section head;
              `archive.segment` decides which); multi-line heads are joined with a space
``subtitle``  ``——…`` under a title
``byline``    ``本报记者 张三`` / ``周 维 卢 鸿`` (bare names only right under a head)
``caption``   ``▲…`` or a line ending with a photo credit ``…摄`` / ``(…供图)``
``credit``    ``（吴 玲 王忠林）``: closes an article
``furniture`` page furniture, not part of any article: page number (``第3版``,
              ``A03版``), the date line (``2025年5月6日 星期二``), desk staff
              (``责任编辑：…``, ``（编辑：赵六）``, ``版式设计：…``); closes an article
``para``      a paragraph of body text

Heads on other papers: a numbered head (``一、…``, ``（二）…``, ``3.…``) keeps its
enumerator; in paragraph layout (web text, where a line is a whole paragraph) a
short title may carry a comma or end in ``！``/``？`` (``小店铺，大民生！``) —
such a head is marked ``punct`` so the splitter takes it as a title only on
strong evidence, never as a section head (``太好了！`` in a body stays text).
Subtitles start with ``——``, ``—``, ``--`` or ``－－``. Captions start with
``▲``/``△``/``图为``/``图①``/``图：`` or end with a photo credit (``记者 张三 摄``,
``（…供图）``, ``（图片由…提供）``, ``（资料图片）``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.bylines import caption_photographers, has_cue, parse_byline, parse_credit, split_dateline, split_trailing_credit
from archive.cleaning import (
    brackets_balanced,
    clean_line,
    has_sentence_punct,
    is_wide,
    text_width,
)
from archive.furniture import (
    CLOSING,
    furniture_kind,
    is_list_heading,
    is_teaser,
    source_facts,
    split_breadcrumb,
)
from archive.models import Author
from archive.script import drop_readings

#: Longest line (in characters) that can be a title or section head.
MAX_HEAD_CHARS = 40
#: In paragraph layout, a line this wide (CJK cells) with sentence punctuation but
#: no closing punctuation at its end is a paragraph broken in mid-sentence.
MIN_BROKEN_PROSE_WIDTH = 20

#: A head with a comma or ``！``/``？`` (paragraph layout only) is at most this long.
MAX_PUNCT_HEAD_CHARS = 30

_SPACES = re.compile(r"\s+")
_END = "。！？!?…"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NUM_CN = "一二三四五六七八九十"
#: Enumerator of a numbered head: 一、 / （一） / 1. / 1、 / ① / 第一，
ENUMERATOR = re.compile(
    rf"^(?:[{_NUM_CN}]{{1,3}}\s*[、.．]|[(（]\s*[{_NUM_CN}\d]{{1,3}}\s*[)）]|\d{{1,2}}\s*[、.．](?!\d)"
    rf"|[\u2460-\u2473\u2776-\u277f]|第[{_NUM_CN}\d]{{1,3}}[章节部篇]?\s*[、：:，,]?)\s*"
)
_CAPTION_START = re.compile(r"^(?:[▲△▼▽]|图为|[上下左右中]?图\s*[0-9\u2460-\u2473]*\s*[：:]|图\s*[\u2460-\u2473\d]{1,2}(?![\d年月日])|[上下左右]图为)")
_CAPTION_END = re.compile(
    r"[(（](?:[^()（）]{0,30}供图|图片由[^()（）]{1,30}提供|资料图片?|图片来源[：:][^()（）]{1,30}|图/[^()（）]{1,20})[)）]\s*$"
)
_CLOSERS = "”’」』）)"
#: A caption's photo credit ends its paragraph: ``…。新华社记者 张三 摄``, ``…（李四 摄）``.
PHOTO_CREDIT_END = re.compile(r"(?<![拍])[摄攝](?:影)?\s*[)）]?\s*[。.|｜]?\s*$")
#: A listing's date glued before a title: ``2025-02-13【走基层】某镇…``.
_DATED_TITLE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*([^\d\s:：].*)$")
_ROLE_PHOTO = re.compile(r"(?:通讯员|记者|摄影)\s*[\u4e00-\u9fff]{2,4}(?:[\s、][\u4e00-\u9fff]{2,4})*\s*摄")


@dataclass
class Unit:
    kind: str
    text: str  # cleaned text (for byline/credit: as printed, spaces normalised)
    authors: list[Author] = field(default_factory=list)
    column: float = 0.0  # widest line (CJK cells) of the column it was printed in
    lines: int = 1
    punct: bool = False  # a head with sentence punctuation (``小店铺，大民生！``)
    furniture: str | None = None  # kind of furniture (`archive.furniture.furniture_kind`)
    parts: list[str] = field(default_factory=list)  # the lines of a headline group, as printed
    gap: bool = False  # a blank line before it on a page that otherwise runs its lines together
    glued: bool = False  # a title printed on the same line as its text (or after ``题：``)
    opens_dateline: bool | None = field(default=None, repr=False, compare=False)  # cache of `is_dateline`

    @property
    def is_dateline(self) -> bool:
        """A paragraph opening with a dateline (``本报安福讯…``, ``新华社…电``)."""
        if self.opens_dateline is None:
            self.opens_dateline = self.kind == "para" and bool(split_dateline(self.text)[3])
        return self.opens_dateline

    @property
    def closes(self) -> bool:
        """A closing credit or furniture that ends the article before it (`archive.furniture.CLOSING`)."""
        return self.kind == "credit" or (self.kind == "furniture" and self.furniture in CLOSING)

    @property
    def aside(self) -> bool:
        """Furniture that may stand between a title and its text or inside it (a source
        line, share links, an image name): the splitter looks past it."""
        return self.kind == "furniture" and self.furniture not in CLOSING


#: A short bracketed note after a sentence closes its paragraph: ``…。（县农业农村局）``.
_BRACKET_AFTER_SENTENCE = re.compile(r"[。！？!?”][（(][^（）()]{1,16}[）)]$")


def ends_paragraph(text: str) -> bool:
    """Ends with closing punctuation: ``。``, ``！”``, ``。）``, a sentence with a short
    bracketed note (``…。（县农业农村局）``), or a half-width ``.`` right after a CJK
    character (``受到群众欢迎.``)."""
    if not text:
        return False
    if text[-1] in _END or text.endswith("..."):
        return True
    if text[-1] in "摄攝)）。.|｜" and PHOTO_CREDIT_END.search(text):
        return True
    if text[-1] == "." and len(text) >= 2 and is_wide(text[-2]):
        return True
    return len(text) >= 2 and text[-1] in _CLOSERS and (text[-2] in _END or bool(_BRACKET_AFTER_SENTENCE.search(text)))


def numbered(text: str) -> str | None:
    """The enumerator of a numbered head (``一、``, ``（二）``, ``3.``), else None."""
    m = ENUMERATOR.match(text)
    return m.group(0) if m and m.end() < len(text) else None


def head_shaped(text: str, *, loose: bool = False) -> bool:
    """Could be a title or section head: short, no sentence punctuation, balanced
    quotes and brackets (``“看到民警…挨家挨`` is the start of a sentence, not a head).

    A leading enumerator (``一、``) does not count as punctuation. ``loose``
    (paragraph layout) also admits a short head with a comma or ending in
    ``！``/``？``: see `punct_head`.
    """
    if not (0 < len(text) <= MAX_HEAD_CHARS):
        return False
    enum = numbered(text)
    rest = text[len(enum) :] if enum else text
    if not (
        "…" not in rest
        and text[-1] not in "：:—"
        and text[0] not in _CLOSERS
        and brackets_balanced(text)
    ):
        return False
    if not has_sentence_punct(rest) and "、" not in rest:
        return True
    return loose and punct_head(rest)


def punct_head(text: str) -> bool:
    """A short title with a comma or an ending ``！``/``？`` (``小店铺，大民生！``,
    ``好消息？城区停车不再难``); not a sentence (``。``) nor a quotation (``“太好了！”``)."""
    if len(text) > MAX_PUNCT_HEAD_CHARS or text[-1] in "，,；;：:、。.":
        return False
    if ends_paragraph(text) and text[-1] not in "！？!?":
        return False
    marks = sum(1 for ch in text if ch in "，。；！？,;!?、")
    return "。" not in text and marks <= 2


def is_caption(text: str) -> bool:
    """``▲…``, ``图为…``, ``图①…``, or a short line ending with a picture credit
    (``(…供图)``, ``（图片由…提供）``) or a role-credited photo (``通讯员 朱海鹏摄``);
    a bare ``…摄`` could be prose (``通过拍摄``)."""
    if text[:1] in "▲△▼▽":
        return True
    if len(text) > 120:
        return False
    if _CAPTION_START.match(text) or _CAPTION_END.search(text):
        return True
    found = _ROLE_PHOTO.search(text)
    if found and not text[: found.start()].strip("新华社中新社本报 "):  # only the credit: a closing credit
        return False
    return any(a.role == "摄影" and _ROLE_PHOTO.search(text) for a in caption_photographers(text))


_DASHES = "—－-―─"


def subtitle_text(text: str) -> str:
    """The subtitle without its leading dashes."""
    return text.lstrip(_DASHES + " ")


def is_subtitle(text: str) -> bool:
    """``——…`` (also ``—…``, ``--…``, ``－－…``) under a title."""
    starts = text.startswith(("——", "--", "－－", "―", "─")) or (text[:1] in "—－" and text[1:2] not in _DASHES)
    return starts and len(subtitle_text(text)) > 0 and not has_sentence_punct(text)


@dataclass
class Line:
    """One printed line, classified."""

    kind: str  # "text" | "caption" | "subtitle" | "byline" | "credit" | "furniture"
    printed: str  # whitespace-normalised original
    text: str  # cleaned
    authors: list[Author] = field(default_factory=list)
    furniture: str | None = None  # the kind of furniture (`archive.furniture.furniture_kind`)
    bare: bool = False  # byline without any role word (needs a head above it)
    blank_before: bool = True
    justified: bool = False  # printed with spaces between CJK characters: a full line


def is_justified(printed: str) -> bool:
    """PDF text of a justified (full) line has spaces between CJK characters."""
    hits = 0
    for i in range(1, len(printed) - 1):
        if printed[i] == " " and is_wide(printed[i - 1]) and is_wide(printed[i + 1]):
            hits += 1
            if hits >= 2:
                return True
    return False


def classify_lines(raw_lines: list[str]) -> list[Line]:
    """Non-empty lines of a page, classified; a trailing credit (``光彩。（钟小兰 胡绍芬）``)
    becomes a line of its own, and so does a title printed at the end of a
    breadcrumb (``首页 > 要闻 > 某县举办…``). The short lines under a list heading
    (``相关新闻``) are teasers for other stories: furniture."""
    out: list[Line] = []
    blank = True
    in_list = False  # under a 相关新闻-like heading
    for raw in raw_lines:
        printed = _SPACES.sub(" ", raw).strip()
        if not printed:
            blank = True
            continue
        text = clean_line(printed)
        if not text:
            blank = True
            continue
        dated = _DATED_TITLE.match(text)
        if dated and head_shaped(dated.group(2), loose=True) and furniture_kind(text) is None:  # 2025-02-13某镇召开…
            out.append(Line("furniture", dated.group(1), dated.group(1), furniture="source", blank_before=blank))
            printed = text = dated.group(2)
            blank = False
        crumb = split_breadcrumb(text)
        if crumb is not None:
            out.append(Line("furniture", crumb[0], crumb[0], furniture="breadcrumb", blank_before=blank))
            printed = text = crumb[1]
            blank = False
        in_list = in_list and is_teaser(text)
        kind = "related" if in_list else furniture_kind(text)
        if kind is not None:
            in_list = in_list or is_list_heading(text)
            authors = list(source_facts(text).authors) if kind == "source" else []
            out.append(Line("furniture", printed, text, authors, furniture=kind, blank_before=blank))
            blank = False
            continue
        line = _classify(printed, text)
        if line is None:
            split = split_trailing_credit(printed)
            if split and split[0]:
                head, credit, authors = split
                out.append(Line("text", head, clean_line(head), blank_before=blank))
                out.append(Line("credit", credit, clean_line(credit), authors, blank_before=False))
                blank = False
                continue
            line = Line("text", printed, text, justified=is_justified(printed))
        line.blank_before = blank
        out.append(line)
        blank = False
    return out


def _classify(printed: str, text: str) -> Line | None:
    if is_caption(text):
        return Line("caption", printed, text)
    if is_subtitle(text):
        return Line("subtitle", printed, text)
    authors = parse_credit(printed)
    if authors:
        return Line("credit", printed, text, authors)
    authors = parse_byline(printed)
    if authors:
        bare = not has_cue(printed)
        return Line("byline", printed, text, authors, bare=bare)
    return None


def join_lines(parts: list[str]) -> str:
    """Concatenate printed lines of one paragraph; a space only between two Latin words."""
    out = ""
    for p in parts:
        if out and p and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return clean_line(out)


#: A title glued to its text by a space is at least this long (characters) …
MIN_GLUED_TITLE = 8
#: … and the text after it at least this long, and longer than the title.
MIN_GLUED_TEXT = 40


def _glued_title(text: str) -> tuple[str, str] | None:
    """``某县新建三座果蔬冷库 今年以来，某县投入…`` → (title, text): a head-shaped
    first part, then prose much longer than it; else None."""
    head, sep, rest = text.partition(" ")
    if not sep or not (MIN_GLUED_TITLE <= len(head) <= MAX_HEAD_CHARS) or not head_shaped(head):
        return None
    if len(rest) < max(MIN_GLUED_TEXT, len(head) + 1) or not has_sentence_punct(rest) or head[-1].isascii():
        return None
    return head, rest


_WIRE_TITLE = re.compile(r"^(?P<dateline>.{2,40}?[电電])?\s*[（(]?\s*[题題]\s*[:：]\s*(?P<title>[^。]{2,40}?)[）)]?$")


def _wire_title(text: str) -> tuple[str, str] | None:
    """``新华社长沙6月27日电 题：山村新路`` → (``山村新路``, the dateline): wire copy
    names its title after ``题：`` on the dateline's line (or on a line of its own:
    then the dateline part is empty)."""
    m = _WIRE_TITLE.match(text)
    if not m or not head_shaped(m.group("title"), loose=True):
        return None
    dateline = drop_readings(m.group("dateline") or "")  # the line as printed stays in the furniture
    if dateline and not split_dateline(dateline)[3]:
        return None
    return m.group("title"), dateline


def special_unit(line: Line, previous: Unit | None) -> Unit | None:
    """A non-text line as a unit; a bare-name byline only directly under a head or
    subtitle (elsewhere ``张明 李华`` is more likely text). None: treat as text."""
    if line.kind == "byline" and line.bare and not (previous and previous.kind in ("head", "subtitle")):
        return None
    if line.kind in ("byline", "credit"):
        return Unit(line.kind, line.printed, list(line.authors))
    if line.kind == "furniture":
        return Unit(line.kind, line.text, list(line.authors), furniture=line.furniture)
    if line.kind == "subtitle":
        return Unit(line.kind, line.text)
    return Unit(line.kind, line.text)


def paragraph_units(lines: list[Line]) -> list[Unit]:
    """Paragraph layout: each line is a paragraph; broken prose lines are rejoined.

    On a page that runs its paragraphs together (no blank lines between most of
    them), a blank line before a head parts two items: the unit after a blank line
    is marked ``gap``. A
    title printed on the same line as its text (``某县新建三座冷库 今年以来，…``)
    becomes a head and a paragraph."""
    units: list[Unit] = []
    open_para = False  # the last unit is a paragraph broken in mid-sentence
    runs_together = sum(ln.blank_before for ln in lines[1:]) < 0.5 * max(1, len(lines) - 1)
    for line in lines:
        previous = units[-1] if units else None
        gap = runs_together and line.blank_before and previous is not None
        if line.kind != "text":
            unit = special_unit(line, previous)
            if unit is not None:
                unit.gap = gap
                units.append(unit)
                open_para = False
                continue
        text = line.text
        glued = _glued_title(text) or _wire_title(text)
        if open_para and previous is not None and not head_shaped(text) and not gap and not glued:
            previous.text = join_lines([previous.text, text])
            previous.lines += 1
        elif glued:
            units.append(Unit("head", glued[0], gap=gap, glued=True))
            if not glued[1] or glued[1] != text[-len(glued[1]):]:  # ``<dateline> 题：<title>``: kept as printed
                units.append(Unit("furniture", text, furniture="wire-title"))
            if glued[1]:
                units.append(Unit("para", glued[1]))  # the text, or the wire dateline
        elif head_shaped(text, loose=True) and not split_dateline(text)[3]:  # a dateline alone is no head
            units.append(Unit("head", text, punct=not head_shaped(text), gap=gap))
        else:
            units.append(Unit("para", text, gap=gap))
        last = units[-1]
        open_para = (
            last.kind == "para"
            and not ends_paragraph(last.text)
            and has_sentence_punct(last.text)
            and text_width(last.text) >= MIN_BROKEN_PROSE_WIDTH
        )
    return units
