"""One page of text → articles (`split_page`).

The page is first cut into units (`archive.layout_units`). Then, with rules an
editor would recognise:

* A head is a **title** when a subtitle (``——…``), a byline or a dateline
  paragraph (``本报安福讯…``) follows it, or when it comes right after a closing
  credit or at the very top of the page (a weak title: a later title with
  subtitle/byline for the same body replaces it and it becomes a section head).
  Any other head inside an open article is a **section head**.
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

from dataclasses import dataclass, field

from archive.bylines import caption_photographers, split_dateline, strip_photo_credit
from archive.cleaning import char_class, normalise_newlines
from archive.layout_units import Unit, classify_lines, is_line_layout, paragraph_units
from archive.models import Article, Author, Block

#: A trailing paragraph block is a lede when its column is this much wider than the body's.
LEDE_COLUMN_RATIO = 1.3


@dataclass
class Split:
    """Result of splitting one page."""

    articles: list[Article]
    leftover: list[str] = field(default_factory=list)  # text not attributed to any article
    problems: list[str] = field(default_factory=list)  # human-readable warnings


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
    _bigrams: set[str] | None = None

    def add(self, kind: str, text: str, column: float = 0.0) -> None:
        self.blocks.append(Block(kind, text))
        self.columns.append(column)
        self._bigrams = None

    @property
    def has_text(self) -> bool:
        return any(b.kind != "heading" for b in self.blocks)

    def bigrams(self) -> set[str]:
        if self._bigrams is None:
            self._bigrams = bigrams(" ".join(b.text for b in self.blocks))
        return self._bigrams


def bigrams(text: str) -> set[str]:
    """Character bigrams of words (CJK characters, letters, digits); punctuation breaks them."""
    out = set()
    prev = ""
    for ch in text:
        if char_class(ch) == "C" or ch.isalnum():
            if prev:
                out.add(prev + ch)
            prev = ch
        else:
            prev = ""
    return out


def _overlap(text: str, body: _Body) -> int:
    return len(bigrams(text) & body.bigrams())


def _is_dateline(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == "para" and bool(split_dateline(unit.text)[3])


def _next_non_caption(units: list[Unit], i: int) -> Unit | None:
    for u in units[i + 1 :]:
        if u.kind != "caption":
            return u
    return None


def _title_kind(units: list[Unit], i: int) -> str | None:
    """'strong' | 'dateline' | 'closer' | 'weak' for a head that is a title, None for a section head."""
    nxt = _next_non_caption(units, i)
    if _is_dateline(nxt):
        return "dateline"
    if nxt is not None and nxt.kind in ("subtitle", "byline"):
        return "strong"
    prev = next((u for u in reversed(units[:i]) if u.kind != "caption"), None)
    if prev is None:
        return "weak"
    if prev.kind == "credit":
        return "closer"
    return None


def _build(units: list[Unit], leftover: list[str]) -> tuple[list[object], list[tuple[str, _Body | None]]]:
    """Units → sequence of _Title and _Body items, plus floating captions (with the
    body they followed)."""
    items: list[object] = []
    floating: list[tuple[str, _Body | None]] = []
    body: _Body | None = None
    title: _Title | None = None  # open title group (no body yet)
    pending: list[str] = []  # captions met inside an open body
    last_body: _Body | None = None

    def new_body() -> _Body:
        nonlocal body, title, pending, last_body
        _float_pending()
        body = _Body()
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

    for i, u in enumerate(units):
        if u.kind == "head":
            kind = _title_kind(units, i)
            if kind is not None:
                close_body()
                title = _Title(u.text, weak=kind == "weak", force_next=kind == "dateline")
                items.append(title)
                continue
            if body is None or body.closed:
                new_body()
            assert body is not None
            body.captions.extend(pending)
            pending = []
            body.add("heading", u.text, u.column)
        elif u.kind == "subtitle":
            if title is not None and title.subtitle is None and not title.authors:
                title.subtitle = u.text.lstrip("—-").strip() or None
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
        elif u.kind == "caption":
            if title is not None:
                title.captions.append(u.text)
            elif body is not None and not body.closed:
                pending.append(u.text)
            else:
                floating.append((u.text, last_body))
        elif u.kind == "credit":
            if body is not None:
                body.authors.extend(u.authors)
                body.printed.append(u.text)
                body.closed = True
                _float_pending()
            elif title is not None:
                title.authors.extend(u.authors)
                title.printed.append(u.text)
            else:
                leftover.append(u.text)
        else:  # para
            if body is None or body.closed or (_is_dateline(u) and body.has_text):
                new_body()
            assert body is not None
            body.captions.extend(pending)
            pending = []
            body.add("paragraph", u.text, u.column)
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
            continue
        if target.title is not None:  # a weak page-top head gives way: it is a section head
            target.blocks.insert(0, Block("heading", target.title.text))
            target.columns.insert(0, 0.0)
        target.title = item
        target.title_after = target is prev


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
    problems: list[str] = []
    lines = classify_lines(normalise_newlines(text).split("\n"))
    line_layout = is_line_layout(lines)
    if line_layout:
        from archive.layout_pdf import line_units

        units = line_units(lines)
    else:
        units = paragraph_units(lines)

    items, floating = _build(units, leftover)
    _attach_titles(items, line_layout, leftover, problems)
    bodies = [b for b in items if isinstance(b, _Body)]

    articles: list[Article] = []
    by_body: dict[int, Article] = {}
    photo: dict[int, list[Author]] = {}
    for body in bodies:
        t = body.title
        blocks = _mark_lede(body, line_layout)
        printed = list(t.printed if t else [])
        dateline = None
        authors = list(t.authors if t else [])
        first = next((i for i, b in enumerate(blocks) if b.kind != "heading"), None)
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
        for cap in art.captions:
            photo.setdefault(art.seq, []).extend(caption_photographers(cap))
        art.authors = _dedupe(art.authors + photo.get(art.seq, []))
    for art in articles:
        if art.title is None:
            problems.append(f"article {art.seq} has no title")
    return Split(articles=articles, leftover=leftover, problems=problems)


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
