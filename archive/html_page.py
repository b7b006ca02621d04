"""HTML in the corpus: tags inside text pages, and pages saved as ``.html``/``.htm``.

* A text page may still hold HTML (``<p>``, ``<br/>``, ``&nbsp;``) when it was
  copied from a page's source. `strip_tags` removes the tags of HTML elements
  (block elements become paragraph breaks; ``<script>``/``<style>`` go with
  their content) and decodes character entities, so ``h3`` or ``br`` never
  show up as text or search terms. Text that only looks like a tag (``<<红楼梦>>``,
  ``a<b``) is kept.
* A saved web page (`read_html`) goes through trafilatura, which finds the
  article's main text and the page's metadata; its title (from ``<h1>``,
  ``og:title`` or ``<title>``) and publication date (``<meta>``, ``<time>``) are
  evidence. The title is put above the text and the result is split like any
  text page. Every other visible line of the page (navigation, footer, related
  links) is returned apart, to stay searchable as the page's leftover text.

trafilatura was chosen over readability-lxml: on hand-made pages built like the
development set both find the main text, but trafilatura also gives the title
without the site's suffix (``青石镇新建三座冷库`` rather than ``…_江城新闻网``)
and the publication date from the page's metadata, keeps in-body section heads,
and is actively maintained.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
from dataclasses import dataclass, field

from archive.cleaning import clean_line
from archive.errors import PageError
from archive.furniture import furniture_kind

#: File suffixes read as HTML.
HTML_SUFFIXES = (".html", ".htm")

_NAME = r"[a-zA-Z][a-zA-Z0-9]*(?::[a-zA-Z0-9]+)?"
#: Elements whose tags mean a new paragraph.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br center dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section table tbody td tfoot th thead title "
    "tr ul".split()
)
#: Elements whose tags are simply dropped (the text inside stays).
INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i image img input ins kbd label mark meta link o:p picture q s samp small source "
    "span strike strong sub sup tt u var video wbr button select option textarea caption col colgroup "
    "iframe noscript".split()
)
_TAG = re.compile(rf"<(/?)({_NAME})(?:\s[^<>]*)?/?>")
_HIDDEN = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>|<!--.*?-->|<!DOCTYPE[^<>]*>", re.S | re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_LOOKS_HTML = re.compile(rf"</?(?:{'|'.join(sorted(BLOCK_TAGS | INLINE_TAGS, key=len, reverse=True))})\b[^<>]*>|&(?:nbsp|lt|gt|amp|quot|ldquo|rdquo|mdash|#\d+);", re.I)


def strip_tags(text: str) -> str:
    """``text`` without HTML tags and with entities decoded; unchanged when it holds
    none. Block tags become blank lines (paragraph breaks)."""
    if not _LOOKS_HTML.search(text):
        return text
    text = _HIDDEN.sub("\n", text)

    def tag(m: re.Match) -> str:
        name = m.group(2).lower()
        if name in BLOCK_TAGS:
            return "\n\n"
        if name in INLINE_TAGS:
            return ""
        return m.group(0)  # not an HTML element: keep it as text

    text = _TAG.sub(tag, text)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


@dataclass(frozen=True)
class HtmlText:
    """What a saved web page holds, ready for the page splitter."""

    text: str  # the title, then the main text: one paragraph per line, blank lines between
    title: str | None = None
    date: _dt.date | None = None
    rest: list[str] = field(default_factory=list)  # other visible lines (navigation, footer …)


def read_html(markup: str, path: str | os.PathLike) -> HtmlText:
    """The article text of the web page ``markup`` (decoded HTML) saved at ``path``.

    Raises `PageError` naming ``path`` when the file holds no HTML document or no
    visible text at all.
    """
    # trafilatura takes about a second to import: only pages saved as HTML pay for it
    import trafilatura

    visible = [ln.strip() for ln in strip_tags(markup).split("\n")]
    visible = [ln for ln in visible if ln]
    if not _TAG.search(markup):
        raise PageError(path, "is named .html but holds no HTML tags; save it as .txt")
    if not visible:
        raise PageError(path, "HTML page holds no visible text")
    try:
        found = trafilatura.bare_extraction(markup, with_metadata=True, favor_recall=True, include_comments=False,
                                            include_tables=True)
    except Exception as err:  # the extractor's own failure on odd markup: say which file
        raise PageError(path, f"HTML could not be read ({type(err).__name__}: {err})") from None
    doc = found.as_dict() if found is not None else {}
    title = (doc.get("title") or "").strip() or None
    main = [ln.strip() for ln in (doc.get("text") or "").split("\n") if ln.strip()]
    if not main:  # too little for the extractor: the whole visible text is the page
        main = visible
    if title and main and main[0] == title:
        main = main[1:]
    # the extractor may move the source line (来源：… 作者：…) below the text: it belongs under the title
    source = [ln for ln in main if furniture_kind(clean_line(ln)) == "source"]
    main = [ln for ln in main if ln not in source]
    lines = ([title] if title else []) + source + main
    kept = set(lines)
    rest = [ln for ln in visible if ln not in kept]
    return HtmlText(text="\n\n".join(lines) + "\n", title=title, date=_iso_date(doc.get("date")), rest=rest)


def _iso_date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
