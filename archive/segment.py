"""One page of text → articles (`split_page`).

The page is first cut into units (`archive.layout_units`). Then, with rules an
editor would recognise:

* A head is a **title** when a subtitle (``——…``), a byline or a dateline
  paragraph (``本报安福讯…``) follows it, or when it comes right after a closing
  credit or page furniture (``责任编辑：…``, ``第3版``), or at the very top of the
  page (a weak title: a later title with subtitle/byline for the same body
  replaces it and it becomes a section head). A head with no text of its own
  after it (the page ends, or the next article's title follows) is a title
  printed after its body.
* Any other head after a paragraph: on a PDF page it is a **section head**; on a
  web-text page it is weighed (`_head_score`): numbered (``一、`` ``（一）`` ``1.``)
  or parallel in form to another head of the article, inside a feature (``——``
  subtitle, byline), or sharing words with the article before it → section head;
  after a dateline news item, or sharing words only with the text after it → the
  next article's title. **A tie splits**: a wrong split still shows every text
  under a readable heading, a wrong merge hides an article, its place and authors.
* Web text: heads stacked with nothing between (an eyebrow 引题 above the main
  title) are one headline, joined with a space, as PDF multi-line heads are.
  A short head with a comma or ``！``/``？`` is a title only on a cue (subtitle,
  byline, dateline, closer); elsewhere it is body text (``太好了！``).
* Page furniture and desk-staff lines (``第3版``, ``2025年5月6日 星期二``,
  ``责任编辑：…``, ``（编辑：赵六）``, ``版式设计：…``) close the article before
  them and go to `Split.leftover` (searchable page text); editors are no authors.
* Bodies are runs of paragraphs and section heads; a title or a closing credit
  ends a body, and a dateline paragraph opens a new one.
* A title sits between two bodies. On a paragraph-layout page (web text) it
  belongs to the body after it. On a line-layout page (PDF, where column order
  may be scrambled and a title can come *after* its body) it belongs to the
  neighbouring body it shares more character bigrams with (``宜丰`` vs ``宜丰县``
  works because bigrams, not words, are compared); a dateline right after it
  always wins.
* Lede: the paragraphs before the first section head of an article that has
  section heads; on a PDF page, a run of paragraphs set in a clearly wider column
  at the end of a body whose title comes after it is that article's lede and
  moves to the front.
* Captions inside an article (or under its title) belong to it. Captions after
  the last paragraph of an article (e.g. a block of photos at the end of the
  page) go to the article they share most bigrams with, else to the one before.
  Photographers credited with ``摄`` are added to the article's authors with
  role 摄影, after the printed byline/dateline/credit authors; ``供图`` credits
  name organisations and are not authors (the credit text stays in the caption).
* Nothing is dropped: the printed dateline prefix, byline and credit lines are
  kept verbatim in `Article.credits` (searchable); text that fits no article goes
  to `Split.leftover`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from archive.bylines import caption_photographers, split_dateline, strip_photo_credit
from archive.cleaning import char_class
from archive.furniture import CUT_OFF, source_facts, split_title_label
from archive.layout import page_units
from archive.layout_units import MAX_HEAD_CHARS, PHOTO_CREDIT_END, Unit, numbered, subtitle_text
from archive.models import Article, Author, Block
from archive.reading import normalise_newlines

#: A trailing paragraph block is a lede when its column is this much wider than the body's.
LEDE_COLUMN_RATIO = 1.3
#: A single paragraph this short between a title and a dateline is a caption, not an item.
MAX_CAPTION_BEFORE_DATELINE = 60
#: At most this many stacked heads form one headline group (eyebrow, title, second line).
MAX_HEADLINE_LINES = 3


@dataclass
class Split:
    """Result of splitting one page."""

    articles: list[Article]
    leftover: list[str] = field(default_factory=list)  # text not attributed to any article
    problems: list[str] = field(default_factory=list)  # human-readable warnings
    furniture: list[str] = field(default_factory=list)  # the leftover lines that are page furniture
    date: _dt.date | None = None  # publication date printed on a source line (``发布时间：…``)
    paper: str | None = None  # paper named on a source line (``来源：某某日报``)


@dataclass
class _Title:
    text: str
    weak: bool = False  # a head at the top of the page, no subtitle/byline
    force_next: bool = False  # a dateline follows: belongs to the next body
    subtitle: str | None = None
    authors: list[Author] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # subtitle-like lines beyond the first
    kind: str = "weak"  # why it is a title: a key of TITLE_REASONS
    parts: list[str] = field(default_factory=list)  # lines of a headline group (引题/主题/副题)


#: A sentence ends here (a closing quote or bracket may follow the mark).
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


@dataclass
class _Body:
    blocks: list[Block] = field(default_factory=list)
    columns: list[float] = field(default_factory=list)  # per block
    captions: list[str] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    closed: bool = False
    title: _Title | None = None
    title_after: bool = False
    title_cue: bool = False  # a title stood right above it when it opened
    after_list: bool = False  # opened untitled under a list of other stories (相关新闻, 新闻推荐)
    _bigrams: set[str] | None = None

    def add(self, kind: str, text: str, column: float = 0.0) -> None:
        self.blocks.append(Block(kind, text))
        self.columns.append(column)
        self._bigrams = None

    @property
    def has_text(self) -> bool:
        return any(b.kind != "heading" for b in self.blocks)

    @property
    def caption_only(self) -> bool:
        """Only pictures' captions so far (lines ending in a photo credit, or one short
        line under its title): the dateline that follows opens this article's text."""
        paras = [b for b in self.blocks if b.kind != "heading"]
        if paras and all(PHOTO_CREDIT_END.search(b.text) for b in paras):
            return True
        return self.title_cue and len(paras) == 1 and len(paras[0].text) <= MAX_CAPTION_BEFORE_DATELINE

    @property
    def has_prose(self) -> bool:
        """Text of its own: a sentence (ending in 。！？, or clauses the page cut off)
        or a picture with its credit; not a label, a list of words or a lone byline."""
        return bool(self.captions) or any(
            _SENTENCE_END.search(b.text) or PHOTO_CREDIT_END.search(b.text)
            or "，" in b.text or "," in b.text
            for b in self.blocks)

    def bigrams(self) -> set[str]:
        if self._bigrams is None:
            self._bigrams = bigrams(" ".join(b.text for b in self.blocks))
        return self._bigrams


#: Per character: is it part of a word (CJK character, letter, digit)? Filled as met.
_WORD_CHAR: dict[str, bool] = {}


def bigrams(text: str) -> set[str]:
    """Character bigrams of words (CJK characters, letters, digits); punctuation breaks them."""
    out = set()
    prev = ""
    word = _WORD_CHAR
    for ch in text:
        is_word = word.get(ch)
        if is_word is None:
            is_word = word[ch] = char_class(ch) == "C" or ch.isalnum()
        if is_word:
            if prev:
                out.add(prev + ch)
            prev = ch
        else:
            prev = ""
    return out


def _overlap(text: str, body: _Body) -> int:
    return len(bigrams(text) & body.bigrams())


#: Furniture printed under an article's headline on its own page: the source line, the counter.
INFO_BAR = frozenset({"source", "counter"})
#: How many units under the top title the source line of an article page may stand.
SOURCE_LINE_WINDOW = 6


#: A paragraph repeated word for word is a copy the site printed twice when at least this long.
MIN_REPEATED = 20


def _repeated_blocks(units: list[Unit]) -> list[Unit]:
    """A saved web page may print a block twice (a gallery caption, a teaser of the
    story itself): the second copy of a paragraph is page furniture, not text."""
    seen: set[str] = set()
    out = []
    for u in units:
        if u.kind == "para" and len(u.text) >= MIN_REPEATED:
            if u.text in seen:
                u = Unit("furniture", u.text, furniture="repeated")
            else:
                seen.add(u.text)
        out.append(u)
    return out


def _heads_above_the_headline(units: list[Unit]) -> list[Unit]:
    """On a saved article page the headline is the line right above the source line
    (``来源：… 时间：…``), even with a ``！`` or ``……`` in it; short lines above it
    with no text between (the site's name, the channel) are navigation, not titles."""
    source = next((i for i, u in enumerate(units[: 3 * SOURCE_LINE_WINDOW]) if u.furniture in INFO_BAR), None)
    if source is None:
        return units
    above = next((i for i in range(source - 1, -1, -1) if not units[i].aside), None)
    if above is not None and units[above].kind == "para" and len(units[above].text) <= MAX_HEAD_CHARS \
            and "。" not in units[above].text:  # a headline with a ！ or …… is still the headline
        units = [*units[:above], Unit("head", units[above].text, punct=True), *units[above + 1:]]
    heads = [i for i in range(source) if units[i].kind == "head"]
    if heads and any(u.kind == "para" for u in units[:heads[-1]]) and heads[-1] == above:
        # teasers of other stories above the headline (a title and a line each): page furniture
        return [Unit("furniture", u.text, furniture="related") if i < heads[-1] and u.kind in ("head", "para")
                else u for i, u in enumerate(units)]
    if any(u.kind == "para" for u in units[:source]):
        return units
    top = heads[-1] if heads else None
    while top is not None and top - 1 in heads:  # a stacked headline group stays whole …
        top -= 1
    if top is None:
        return units
    later = {u.text for u in units[source:] if u.kind == "head"}
    top = next((k for k in range(top, source) if units[k].text in later), top)  # … below a site name
    # that sits on it: the line the page prints again further down is the headline
    return [Unit("furniture", u.text, furniture="navigation") if u.kind == "head" and i < top else u
            for i, u in enumerate(units)]


def _is_article_page(units: list[Unit]) -> bool:
    """A page saved from a website's article view: its first title is followed, before
    any text, by a source line (``来源：… 时间：…``). Such a page holds one article."""
    first = next((i for i, u in enumerate(units) if u.kind != "furniture"), None)
    if first is None or units[first].kind != "head":
        return False
    for u in units[first + 1 : first + 1 + SOURCE_LINE_WINDOW]:
        if u.furniture in INFO_BAR:
            return True
        if u.kind == "para":
            return False
    return False


#: A listing page has at least this many heads, each followed by one or two paragraphs.
MIN_LISTING_ITEMS = 3


def _is_listing(units: list[Unit]) -> bool:
    """A page listing stories: heads each followed by a paragraph or two (a teaser),
    nothing else between them but furniture and captions."""
    items, run = 0, None  # paragraphs since the last head (None: before the first head)
    for u in units:
        if u.kind in ("byline", "subtitle", "credit") or _is_dateline(u):  # a story's, not a teaser's
            return False
        if u.kind == "head":
            if run == 0 or (run is not None and run > 2) or numbered(u.text):  # 一、… are sections
                return False
            items += run is not None
            run = 0
        elif u.kind == "para" and run is not None:
            run += 1
    items += run is not None and 0 < run <= 2
    return items >= MIN_LISTING_ITEMS


#: A photo-news page: at least this many paragraphs in a row, each a caption ending in its credit.
MIN_PHOTO_ITEMS = 3


def _photo_items(units: list[Unit]) -> set[int]:
    """Ids of paragraphs that are photo-news items: runs of captions with their
    credit (``…。新华社记者 张三 摄``) under no title, each its own item (under a
    title they are the pictures of one story)."""
    if not any(u.kind == "para" for u in units):  # a page of pictures only: each is an item
        return {id(u) for u in units if u.kind == "caption"}
    run: list[int] = []
    titled = len(units)
    for i, u in enumerate(units):
        if u.kind == "head":
            titled = i
            break
    for k, u in enumerate(units[:titled]):  # only a run that ends the untitled part counts: no story follows it
        credited = k + 1 < len(units) and units[k + 1].kind == "credit" and PHOTO_CREDIT_END.search(units[k + 1].text)
        if u.kind in ("para", "caption") and (PHOTO_CREDIT_END.search(u.text) or credited):
            run.append(id(u))
        elif u.kind not in ("furniture", "credit"):
            run = []
    return set(run) if len(run) >= MIN_PHOTO_ITEMS else set()


def _transparent(unit: Unit) -> bool:
    """Captions and aside furniture (source lines, share links) do not part a title from
    what follows it: the title rules look past them."""
    return unit.kind == "caption" or unit.aside


def _is_dateline(unit: Unit | None) -> bool:
    return unit is not None and unit.is_dateline


class _Cues:
    """Per-unit facts the title rules look up, computed once per page (linear time)."""

    def __init__(self, units: list[Unit]):
        self.units = units
        n = len(units)
        self.next_nc: list[int | None] = [None] * n  # next unit that is not a caption
        self.prev_nc: list[int | None] = [None] * n
        self.only_furniture_before: list[bool] = [True] * n
        nxt: int | None = None
        for i in range(n - 1, -1, -1):
            self.next_nc[i] = nxt
            if not _transparent(units[i]):
                nxt = i
        prev: int | None = None
        only = True
        for i in range(n):
            self.prev_nc[i] = prev
            self.only_furniture_before[i] = only
            only = only and units[i].kind in ("furniture", "caption")
            if not _transparent(units[i]):
                prev = i
        self._cued: dict[int, str | None] = {}
        self.article_page = _is_article_page(units)
        self.headline = next((i for i, u in enumerate(units) if u.kind == "head"), -1)  # index of the first head
        self.listing = _is_listing(units)

    def repeats_headline(self, i: int) -> bool:
        """The head at ``i`` is a line of the page's first headline printed again."""
        if i <= self.headline or self.headline < 0:
            return False
        first = self.units[self.headline]
        return self.units[i].text in (first.parts or [first.text])

    def next_unit(self, i: int) -> Unit | None:
        j = self.next_nc[i]
        return None if j is None else self.units[j]

    def cued(self, i: int) -> str | None:
        """The title kind a head gets from what is printed around it, or None."""
        if i not in self._cued:
            self._cued[i] = self._cued_kind(i)
        return self._cued[i]

    def _cued_kind(self, i: int) -> str | None:
        if self.units[i].gap:
            return "gap"
        if _COLUMN.match(self.units[i].text):
            return "column"
        if self.units[i].glued:
            return "glued"
        nxt = self.next_unit(i)
        if _is_dateline(nxt):
            return "dateline"
        if nxt is not None and nxt.kind in ("subtitle", "byline"):
            return "strong"
        if self.only_furniture_before[i]:
            return "weak"
        prev = self.prev_nc[i]
        if prev is not None and self.units[prev].closes:
            return "closer"
        return None


def _title_kind(cues: _Cues, i: int, line_layout: bool) -> str | None:
    """'strong' | 'dateline' | 'closer' | 'weak' | 'end' | 'scored' for a head that is
    a title, None for a section head (or, for a head with sentence punctuation, text)."""
    kind = cues.cued(i)
    if cues.repeats_headline(i):
        return None  # the page's headline printed again (above the wire dateline, or the byline)
    if kind is not None:
        return kind
    if cues.article_page and not line_layout:
        return None  # one article per saved article page: heads inside it are its sections
    if cues.listing and not line_layout:
        return "listing"
    j = cues.next_nc[i]
    nxt = None if j is None else cues.units[j]
    if nxt is None or nxt.closes or (
        nxt.kind == "head" and cues.cued(j) in ("strong", "dateline")  # type: ignore[arg-type]
    ):
        return "end"  # no text of its own follows: a title printed after its body
    if line_layout or cues.units[i].punct:
        return None
    return "scored" if _head_score(cues, i) >= 0 else None


#: How far (in units) the head scoring looks back and ahead.
SCORE_WINDOW = 200


def _article_start(cues: _Cues, i: int) -> int:
    """Index of the first unit of the article the head at ``i`` would continue."""
    units = cues.units
    for j in range(i - 1, max(-1, i - SCORE_WINDOW), -1):
        u = units[j]
        if u.closes:
            return j + 1
        if u.kind == "head" and cues.cued(j) is not None:
            return j
        if _is_dateline(u):
            k = j
            while k > 0 and j - k < MAX_HEADLINE_LINES + 3 and units[k - 1].kind in ("head", "caption", "subtitle", "byline"):
                k -= 1
            return k
    return max(0, i - SCORE_WINDOW + 1)


def _enum_family(text: str) -> str | None:
    enum = numbered(text)
    if not enum:
        return None
    e = enum.strip()
    if e[0] in "(（":
        return "paren-cn" if e[1:2] in "一二三四五六七八九十" else "paren-digit"
    if e[0].isdigit():
        return "digit" + e[-1]
    if e[0] == "第":
        return "ordinal"
    if e[0] in "一二三四五六七八九十":
        return "cn" + e[-1]
    return "circled"


def _parallel(a: str, b: str) -> bool:
    """Two heads printed in the same form: the same kind of number, both quotations, or the same
    split into space-separated halves (``招大引强 龙头引领…`` / ``创新赋能 借智借力…``)."""
    fa, fb = _enum_family(a), _enum_family(b)
    if fa or fb:
        return fa == fb
    if _QUOTED.match(a) or _QUOTED.match(b):
        return bool(_QUOTED.match(a) and _QUOTED.match(b))
    return " " in a and a.count(" ") == b.count(" ")


#: Weights of the signals that tell a section head from the next article's title.
NUMBERED_WEIGHT = 2  # 一、… / （一）… / 1.…: a section head
QUOTED_WEIGHT = 2  # “……” alone on a line: words of someone in the story, as its section head
PARALLEL_WEIGHT = 2  # printed like another head of the same article: a section head
FEATURE_WEIGHT = 1  # the article has a byline (twice: a ``——`` subtitle) / opened with a dateline
WORDS_WEIGHT = 1  # shares words with the text after it, not with the article before it
#: A head sharing this many character bigrams with the article before it continues it
#: (one or two shared bigrams are often just a place name: 泰和, 和县).
SHARED_WORDS = 3


#: A head that is one quotation and nothing else.
_QUOTED = re.compile(r"^[“「『\"][^“”「」『』\"]+[”」』\"]$")


def _head_score(cues: _Cues, i: int) -> int:
    """Paragraph layout: is an uncued head after a paragraph the next article's title
    (score >= 0) or a section head of the article it follows (< 0)?

    An editor's signals, weighed: numbered, quoted (``“……”``) and parallel heads are
    section heads of one long text; a head inside a feature (subtitle/byline) is more
    likely a section head, inside a dateline news item less likely; a head whose words come back in
    the text after it but not in the article before it is a new article's title.
    With no evidence either way (score 0) the head starts a new article: a wrong
    split keeps every text findable under a readable title, while a wrong merge hides
    an article (its title, place and authors) inside another one.
    """
    units = cues.units
    head = units[i].text
    start = _article_start(cues, i)
    article = units[start:i]
    end = min(len(units), i + SCORE_WINDOW)
    stop = next((j for j in range(i + 1, end) if units[j].closes
                 or (units[j].kind == "head" and cues.cued(j) is not None)), end)
    own_title = 1 if article and article[0].kind == "head" else 0  # the article's title is no sibling
    heads = [u.text for u in article[own_title:] if u.kind == "head"]
    heads += [u.text for u in units[i + 1 : stop] if u.kind == "head"]
    score = 0
    if numbered(head):
        score -= NUMBERED_WEIGHT
    if _QUOTED.match(head):
        score -= QUOTED_WEIGHT
    if any(_parallel(head, h) for h in heads):
        score -= PARALLEL_WEIGHT
    kinds = {u.kind for u in article}
    if "subtitle" in kinds:  # ``——…`` under the title: a feature
        score -= 2 * FEATURE_WEIGHT
    elif "byline" in kinds:
        score -= FEATURE_WEIGHT
    elif any(_is_dateline(u) for u in article):  # a news item rarely has sections
        score += FEATURE_WEIGHT
    words = bigrams(head)
    if words:
        before = bigrams(" ".join(u.text for u in article if u.kind in ("head", "para", "subtitle")))
        after_units = []
        for u in units[i + 1 : stop]:
            if u.kind == "head":
                break
            after_units.append(u.text)
        after = bigrams(" ".join(after_units))
        p, n = len(words & before), len(words & after)
        if n > p:
            score += WORDS_WEIGHT
        elif p > n or p >= SHARED_WORDS:  # it goes on about what the article is about
            score -= WORDS_WEIGHT
    return score


def _join_headline_groups(units: list[Unit]) -> list[Unit]:
    """Paragraph layout: heads stacked with nothing between them form one headline
    group (an eyebrow 引题 above the main title, or a dashless second line), joined
    in printed order with a space, as multi-line heads are on PDF pages. Numbered
    heads are section heads and stay apart."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (
            prev is not None
            and u.kind == "head"
            and prev.kind == "head"
            and not numbered(u.text)
            and not numbered(prev.text)
            and prev.lines < MAX_HEADLINE_LINES
            and len(prev.text) + len(u.text) < 2 * MAX_HEAD_CHARS
        ):
            out[-1] = Unit("head", f"{prev.text} {u.text}", lines=prev.lines + 1, punct=prev.punct or u.punct,
                           parts=(prev.parts or [prev.text]) + [u.text])
            continue
        out.append(u)
    return out


#: A short item closes with the office that sent it, in brackets after its last sentence
#: (``…。（县农业农村局）``, ``…。（青石镇 李华）``).
_DESK_CREDIT = re.compile(
    r"[。！？”][（(][\u4e00-\u9fff]{1,12}(?:局|办|委|办公室|中心|部|站|所|院|会|队|镇|乡|街道|公司|分局)"
    r"(?:\s*[\u4e00-\u9fff]{2,4}){0,3}[）)]$")
#: A digest's item opens with a bullet (◆ 9月23日，我县…); ▲ opens a photo caption instead.
_BULLET = re.compile(r"^[◆◇■□●○]")
#: A page is a digest of short items when at least this many paragraphs open with a bullet.
MIN_DIGEST_ITEMS = 2


def _build(units: list[Unit], leftover: list[str], furniture: list[str],
           line_layout: bool = True) -> tuple[list[object], list[tuple[str, _Body | None]]]:
    """Units → sequence of _Title and _Body items, plus floating captions (with the
    body they followed)."""
    items: list[object] = []
    floating: list[tuple[str, _Body | None]] = []
    body: _Body | None = None
    title: _Title | None = None  # open title group (no body yet)
    pending: list[str] = []  # captions met inside an open body
    last_body: _Body | None = None
    after_list = False  # a list of other stories has begun and no title since

    lead: list[Author] = []

    def new_body() -> _Body:
        nonlocal body, title, last_body
        _float_pending()
        body = _Body(title_cue=title is not None, after_list=after_list and title is None and last_body is not None)
        body.authors.extend(lead)  # a source line's writers printed above the page's first article
        lead.clear()
        items.append(body)
        title = None
        last_body = body
        return body

    def _float_pending() -> None:
        nonlocal pending
        floating.extend((c, body) for c in pending)
        pending = []

    def close_body() -> None:
        nonlocal body
        _float_pending()
        body = None

    cues = _Cues(units)
    teasers = not line_layout and not cues.article_page and sum(
        1 for u in units if u.kind == "para" and CUT_OFF.search(u.text)) >= 2
    photos = _photo_items(units)
    digest = sum(1 for u in units if u.kind == "para" and _BULLET.match(u.text)) >= MIN_DIGEST_ITEMS
    for i, u in enumerate(units):
        if u.kind == "head" and i == len(units) - 1 and not line_layout and items and cues.cued(i) is None:
            if body is None or body.closed:  # after a cut-off teaser: an item of its own
                new_body()
            assert body is not None
            body.add("paragraph", u.text, u.column)  # a last line cut off in mid-sentence: text, no title
            continue
        if u.kind == "head":
            kind = _title_kind(cues, i, line_layout)
            if kind is not None:
                close_body()
                after_list = False
                title = _Title(u.text, weak=kind == "weak", force_next=kind == "dateline", kind=kind,
                               parts=u.parts)
                items.append(title)
                continue
            if body is None or body.closed:
                new_body()
            assert body is not None
            body.captions.extend(pending)
            pending = []
            # ``太好了！`` inside a body is text, not a section head
            body.add("paragraph" if u.punct else "heading", u.text, u.column)
        elif u.kind == "subtitle":
            if title is not None and title.subtitle is None and not title.authors:
                title.subtitle = subtitle_text(u.text).strip() or None
                if title.subtitle is None:
                    title.extra.append(u.text)
            elif title is not None:
                title.extra.append(u.text)
            else:
                if body is None or body.closed:
                    new_body()
                assert body is not None
                body.add("paragraph", u.text, u.column)
        elif u.kind == "byline":
            if title is not None:
                title.authors.extend(u.authors)
                title.printed.append(u.text)
            else:
                if body is None or body.closed:
                    new_body()
                assert body is not None
                body.authors.extend(u.authors)
                body.printed.append(u.text)
        elif u.kind == "caption" and id(u) in photos:  # a photo-news item: the caption is its text
            if body is None or body.closed or body.has_text:
                new_body()
            assert body is not None
            body.add("paragraph", u.text, u.column)
            body.authors.extend(caption_photographers(u.text))
        elif u.kind == "caption":
            if title is not None:
                title.captions.append(u.text)
            elif body is not None and not body.closed:
                pending.append(u.text)
            else:
                floating.append((u.text, last_body))
        elif u.kind == "furniture":  # page text, outside any article
            after_list = after_list or u.furniture == "related"
            leftover.append(u.text)
            furniture.append(u.text)
            if u.authors:  # ``来源：… 作者：张三``: the writer of the article it stands in
                if title is not None:
                    title.authors.extend(u.authors)
                elif body is not None and not body.closed and not body.has_text:
                    body.authors.extend(u.authors)
                elif body is None:
                    lead.extend(u.authors)
                elif not body.closed and not body.authors:  # 来源：… (记者 张三) after the text it credits
                    body.authors.extend(u.authors)
            if u.closes and body is not None:  # an article ends here
                body.closed = True
                _float_pending()
        elif u.kind == "credit":
            if body is not None:
                body.authors.extend(u.authors)
                body.printed.append(u.text)
                # a photo credit under a titled story closes its picture, not the story
                if not (body.title_cue and u.authors and all(a.role == "摄影" for a in u.authors)):
                    body.closed = True
                _float_pending()
            elif title is not None:
                title.authors.extend(u.authors)
                title.printed.append(u.text)
            else:
                leftover.append(u.text)
        else:  # para
            if body is None or body.closed or (
                digest and _BULLET.match(u.text) and body.has_text
            ) or (
                _is_dateline(u) and body.has_text and not body.caption_only and not cues.article_page
            ) or (
                id(u) in photos and body.has_text
            ):
                new_body()
            assert body is not None
            body.captions.extend(pending)
            pending = []
            body.add("paragraph", u.text, u.column)
            if teasers and CUT_OFF.search(u.text):  # a listing's cut-off teaser is an item of its own
                body.closed = True
            if _DESK_CREDIT.search(u.text):  # …。（县农业农村局）: the item's closing credit
                body.closed = True
    _float_pending()
    return items, floating


def _attach_titles(items: list[object], line_layout: bool, leftover: list[str], problems: list[str]) -> None:
    for k, item in enumerate(items):
        if not isinstance(item, _Title):
            continue
        prev = items[k - 1] if k > 0 and isinstance(items[k - 1], _Body) else None
        nxt = items[k + 1] if k + 1 < len(items) and isinstance(items[k + 1], _Body) else None
        # Only scrambled PDF columns print a title after its body.
        ok_prev = (
            line_layout
            and prev is not None
            and (prev.title is None or prev.title.weak)
            and not item.weak
            and not item.force_next
        )
        ok_next = nxt is not None and nxt.title is None
        target: _Body | None
        if ok_prev and ok_next:
            assert prev is not None and nxt is not None
            if not line_layout:
                target = nxt
            else:
                text = " ".join(filter(None, [item.text, item.subtitle]))
                target = prev if _overlap(text, prev) > _overlap(text, nxt) else nxt
        else:
            target = prev if ok_prev else nxt if ok_next else None
        if target is None:
            leftover.extend(filter(None, [item.text, item.subtitle, *item.extra, *item.printed, *item.captions]))
            problems.append(f"title without a body: {item.text}")
            last = next((b for b in reversed(items[:k]) if isinstance(b, _Body)), None)
            if item.authors and last is not None and not any(isinstance(b, _Body) for b in items[k + 1 :]):
                last.authors.extend(item.authors)  # the page's last line credits the article above it
            continue
        if target.title is not None:  # a weak page-top head gives way: it is a section head
            target.blocks.insert(0, Block("heading", target.title.text))
            target.columns.insert(0, 0.0)
        target.title = item
        target.title_after = target is prev


#: A title opening with its column's name in brackets: ``【记者走基层】某镇…``.
_COLUMN = re.compile(r"^[【\[〖][^】\]〗]{2,12}[】\]〗]\S")
#: A gallery's picture title: a label (``图文：``, ``组图：``) before it and/or the picture's
#: number after it (``(1)``, ``【11】``); neither is part of the story's title.
_GALLERY = re.compile(
    r"^(?:(?:图文|组图|高清组图|图集|图片新闻)\s*[:：|丨]\s*)?(?P<title>.+?)\s*(?:[(（【]\d{1,2}[)）】])?$"
)
_GALLERY_MARK = re.compile(r"^(?:图文|组图|高清组图|图集|图片新闻)\s*[:：|丨]|[(（【]\d{1,2}[)）】]$")
#: A column's tag alone on a line above a headline (乡村振兴, 基层一线): at most four characters
#: with no punctuation; an eyebrow 引题 says something (a clause) and stays with its headline.
_COLUMN_TAG = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
#: A column name printed in brackets above or before a title: an eyebrow, not the title.
_EYEBROW = re.compile(r"^[【\[〖][^】\]〗]{1,30}[】\]〗]$")


def _headline(title: _Title, page_title: str | None) -> tuple[str, str | None]:
    """(title, subtitle) of a headline group without a ``——`` subtitle line.

    An editor reads the group as 主题 plus 引题/副题: the main title is the line the
    page names as its title (repeated at the top of a saved page), else the first
    line that is not a bracketed column name (``【大江奔流】``); the other lines are
    the subtitle. A single line ``主题——副题`` (the dash outside any quotes) is
    split at the dash."""
    parts = title.parts
    if len(parts) < 2:
        return _split_dash(title.text)
    if page_title in parts and page_title != title.text:
        main = page_title
    else:
        main = next((p for p in parts if not _EYEBROW.match(p)), parts[0])
    rest = list(parts)
    rest.remove(main)
    return main, " ".join(rest)


def _split_dash(text: str) -> tuple[str, str | None]:
    depth = 0
    for k, ch in enumerate(text):
        if ch in "“‘《（(「『【":
            depth += 1
        elif ch in "”’》）)」』】":
            depth -= 1
        elif depth == 0 and text.startswith("——", k) and 0 < k and text[k + 2 :].strip("— "):
            return text[:k].strip(), text[k:].lstrip("— ").strip()
    return text, None


#: Why a head became its article's title, as ``newsarchive parse`` shows it.
TITLE_REASONS = {
    "strong": "下面紧接副题或署名",
    "dateline": "下面紧接电头（本报…讯 / 新华社…电）",
    "closer": "前一篇的署名或版面信息之后的第一行标题",
    "weak": "页面开头的标题（上面只有导航、面包屑等页面装饰）",
    "end": "后面没有自己的正文：印在正文之后的标题",
    "scored": "与下文用词相同、与上文不同：另起一篇",
    "gap": "前面有空行隔开（各条之间用空行分开的页面）",
    "column": "以【栏目名】开头：栏目下的一篇稿件",
    "glued": "与正文印在同一行的标题（或 题： 之后的标题）",
    "collection": "组稿的第一篇：页首的总题之下、本篇文字之上的标题",
    "listing": "列表页：每个标题下面一两段导语",
}


def _title_evidence(title: _Title | None, body: _Body) -> str:
    if title is None:
        return "没有找到标题行：以正文开头代替"
    where = "（印在正文之后）" if body.title_after else ""
    return f"「{title.text}」：{TITLE_REASONS.get(title.kind, title.kind)}{where}"


def _collection_title(bodies: list[_Body], leftover: list[str], furniture: list[str]) -> None:
    """A page of several items, each with its title after the credit of the one before,
    whose top title stands right above the first item's own heading: the top title
    names the collection (``一周精选``); the heading is the first item's title."""
    if len(bodies) < 2 or not all(b.title is not None and b.title.kind == "closer" for b in bodies[1:]):
        return
    first = bodies[0]
    if first.title is None or first.title.kind != "weak" or not first.blocks or first.blocks[0].kind != "heading":
        return
    leftover.append(first.title.text)
    furniture.append(first.title.text)
    first.title = _Title(first.blocks[0].text, kind="collection")
    del first.blocks[0], first.columns[0]


#: A head over at least this many untitled items names the digest they form.
MIN_DIGEST_ITEMS_UNDER_NAME = 3


def _bulleted(body: _Body) -> bool:
    return bool(body.blocks) and bool(_BULLET.match(body.blocks[0].text))


def _digest_name(bodies: list[_Body], leftover: list[str], furniture: list[str]) -> None:
    """A page-top head over a run of short untitled items, each closed by its credit
    or opened by a bullet (``县内简讯``, ``要闻简报``), names the digest, not its first item."""
    first = bodies[0] if bodies else None
    if first is None or first.title is None or first.title.kind != "weak" or first.title.authors \
            or first.title.subtitle or len(bodies) < MIN_DIGEST_ITEMS_UNDER_NAME \
            or not all(b.closed or _bulleted(b) for b in bodies[:-1]) or any(b.title is not None for b in bodies[1:]):
        return
    leftover.append(first.title.text)
    furniture.append(first.title.text)
    first.title = None


def _drop_trailing_scraps(bodies: list[_Body], leftover: list[str]) -> list[_Body]:
    """An item needs a body of its own: after the page's last article, a head or a few
    short lines with no sentence or picture credit (``关键词：…``, ``参与评论``, a
    teaser's title) are page leftover, not one more article, and a byline among them
    credits that last article; so is untitled text under a list of other stories (the
    site's blurb after ``新闻推荐``)."""
    listed = [b for b in bodies if b.after_list]
    for body in listed:
        leftover.extend(b.text for b in body.blocks)
    bodies = [b for b in bodies if not b.after_list]
    keep = len(bodies)
    while keep > 1 and not bodies[keep - 1].has_prose:
        keep -= 1
    if keep == len(bodies) or not bodies[keep - 1].has_prose:
        return bodies
    last = bodies[keep - 1]
    for body in bodies[keep:]:
        t = body.title
        if t is not None:
            leftover.extend(filter(None, [t.text, t.subtitle, *t.extra]))
            last.authors.extend(t.authors)
            last.printed.extend(t.printed)
        leftover.extend(b.text for b in body.blocks)
        last.authors.extend(body.authors)  # credits printed after the last article are its own
        last.printed.extend(body.printed)
    return bodies[:keep]


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def _mark_lede(body: _Body, line_layout: bool) -> list[Block]:
    blocks, columns = list(body.blocks), list(body.columns)
    if line_layout and body.title_after:
        paras = [c for b, c in zip(blocks, columns) if b.kind == "paragraph"]
        base = _median(paras)
        n = 0
        while n < len(blocks) and blocks[-1 - n].kind == "paragraph" and columns[-1 - n] >= LEDE_COLUMN_RATIO * base > 0:
            n += 1
        if 0 < n < sum(1 for b in blocks if b.kind == "paragraph"):
            lede = [Block("lede", b.text) for b in blocks[-n:]]
            blocks = lede + blocks[:-n]
    if any(b.kind == "heading" for b in blocks):
        out = []
        seen_heading = False
        for b in blocks:
            seen_heading = seen_heading or b.kind == "heading"
            out.append(b if seen_heading or b.kind != "paragraph" else Block("lede", b.text))
        blocks = out
    return blocks


def _dedupe(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    out = []
    for a in authors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def split_page(text: str) -> Split:
    """Split the decoded text of one page into articles. Never raises on a str.

    Pass the decoded page as read (not `clean_text` output): PDF line widths and
    spaced-out names (``（吴 玲 王忠林）``) are evidence this function needs.
    """
    try:
        return _split_page(text)
    except Exception as exc:  # a bug must not lose a page: keep its text searchable
        kept = [ln for ln in (line.strip() for line in normalise_newlines(text).split("\n")) if ln]
        return Split(articles=[], leftover=kept, problems=[f"page could not be split ({type(exc).__name__}: {exc})"])


def _split_page(text: str) -> Split:
    leftover: list[str] = []
    furniture: list[str] = []
    problems: list[str] = []
    units, line_layout = page_units(text)
    if not line_layout:
        units = _join_headline_groups(_heads_above_the_headline(_repeated_blocks(units)))

    items, floating = _build(units, leftover, furniture, line_layout)
    _attach_titles(items, line_layout, leftover, problems)
    bodies = _drop_trailing_scraps([b for b in items if isinstance(b, _Body)], leftover)
    _collection_title(bodies, leftover, furniture)
    _digest_name(bodies, leftover, furniture)

    articles: list[Article] = []
    by_body: dict[int, Article] = {}
    photo: dict[int, list[Author]] = {}
    page_title = next((u.text for u in units if u.kind == "head"), None)
    for body in bodies:
        t = body.title
        if t is not None and t.subtitle is None:
            while len(t.parts) >= 2 and _COLUMN_TAG.match(t.parts[0]) and t.parts[0] != page_title \
                    and not t.parts[1].startswith(("—", "-", "－")):  # a title over its ——subtitle stays
                furniture.append(t.parts[0])  # 乡村振兴 alone above the headline: the column's tag
                leftover.append(t.parts[0])
                t.parts = t.parts[1:]
                t.text = " ".join(t.parts)
            t.text, t.subtitle = _headline(t, page_title)
        label = split_title_label(t.text) if t is not None else None
        if label is not None:  # 原创 | 某某…: the site's label, not the title
            furniture.append(label[0])
            leftover.append(label[0])
            t.text = label[1]
        if t is not None and _GALLERY_MARK.search(t.text):  # 图文：某某(1): a gallery's label and picture number
            furniture.append(t.text)
            leftover.append(t.text)
            t.text = _GALLERY.match(t.text).group("title")
        blocks = _mark_lede(body, line_layout)
        printed = list(t.printed if t else [])
        dateline = None
        authors = list(t.authors if t else [])
        texts = [i for i, b in enumerate(blocks) if b.kind != "heading"][:2]  # a caption may precede the dateline
        first = next((i for i in texts if split_dateline(blocks[i].text)[3]), texts[0] if texts else None)
        if first is not None:
            place, found, rest, prefix = split_dateline(blocks[first].text)
            if prefix:
                dateline = place
                authors.extend(found)
                printed.append(prefix)
                rest = rest.strip()
                if rest:
                    blocks[first] = Block(blocks[first].kind, rest)
                else:
                    del blocks[first]
                if 0 < first < len(blocks):  # a caption before the dateline's paragraph is no lede; that paragraph is
                    blocks[: first + 1] = [Block("paragraph", b.text) if b.kind == "lede" else b for b in blocks[:first]] + [
                        Block("lede", blocks[first].text) if blocks[first].kind in ("paragraph", "lede") else blocks[first]]
        authors.extend(body.authors)
        printed.extend(body.printed)
        captions = list(t.captions if t else []) + body.captions
        art = Article(
            id="",
            source="",
            seq=len(articles),
            title=t.text if t else None,
            subtitle=t.subtitle if t else None,
            authors=authors,
            dateline=dateline,
            blocks=blocks,
            captions=captions,
            credits=printed,
            evidence={"title": _title_evidence(t, body)},
        )
        if t and t.extra:
            leftover.extend(t.extra)
        by_body[id(body)] = art
        articles.append(art)

    for caption, anchor in floating:
        target = _best_article(caption, bodies, anchor, by_body)
        if target is None:
            leftover.append(caption)
            problems.append(f"caption without an article: {caption[:20]}")
        else:
            target.captions.append(caption)

    for art in articles:
        for cap in [*art.captions, *art.paragraphs]:  # a caption left in the body still credits its photographer
            photo.setdefault(art.seq, []).extend(caption_photographers(cap))
        art.authors = _dedupe(art.authors + photo.get(art.seq, []))
    for art in articles:
        if art.title is None:
            problems.append(f"article {art.seq} has no title")
    facts = [source_facts(u.text) for u in units if u.furniture == "source"]
    return Split(articles=articles, leftover=leftover, problems=problems, furniture=furniture,
                 date=next((f.date for f in facts if f.date), None),
                 paper=next((f.paper for f in facts if f.paper), None))


def _best_article(caption: str, bodies: list[_Body], anchor: _Body | None, by_body: dict[int, Article]) -> Article | None:
    if not bodies:
        return None
    words = bigrams(strip_photo_credit(caption))
    best, best_score = None, 0
    for body in bodies:
        art = by_body[id(body)]
        score = len(words & (body.bigrams() | bigrams(f"{art.title or ''} {art.subtitle or ''}")))
        if score > best_score or (score == best_score and score > 0 and body is anchor):
            best, best_score = body, score
    if best is None:
        best = anchor or bodies[0]
    return by_body[id(best)]
