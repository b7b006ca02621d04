"""Article text as HTML: every piece of text escaped, ``<mark>`` around the
matches the indexer found (`indexer.results.Excerpt`). The one place the web
layer turns article text into markup."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from indexer.excerpts import marked
from indexer.query import parse
from indexer.results import Excerpt, Hit, SearchResult


def mark_html(excerpt: Excerpt) -> Markup:
    """``excerpt``'s text, escaped, with ``<mark>`` around its matches."""
    return Markup("".join(f"<mark>{escape(piece)}</mark>" if matched else str(escape(piece))
                          for piece, matched in excerpt.pieces()))


def hit_json(hit: Hit) -> dict:
    """A hit as the JSON API gives it: the plain data plus the ``title_html``
    and ``snippet`` HTML the page shows (escaped text, only ``<mark>`` added)."""
    out = hit.to_dict()
    out["title_html"] = str(mark_html(hit.headline))
    out["snippet"] = str(mark_html(hit.snippet))
    return out


def result_json(result: SearchResult) -> dict:
    """``result`` as ``/api/search`` and ``newsarchive search --json`` give it."""
    return {**result.to_dict(), "hits": [hit_json(h) for h in result.hits]}


def query_terms(q: str) -> list[str]:
    """The fragments of ``q`` worth highlighting (not excluded ones, not ``author:``)."""
    return parse(q).terms() if q and q.strip() else []


def highlighter(terms: list[str]) -> Callable[[str | None], Markup]:
    """A function: text → escaped HTML with ``terms`` marked."""
    return lambda text: mark_html(marked(text, terms))
