"""Mark query words in article text on the article page (``?q=`` from a hit link).

A thin adapter over the indexer's own helpers, so the article page marks
exactly what the index matched: `indexer.query.parse` gives the fragments to
highlight, `indexer.highlight.match_spans` finds them by the index's unit
analysis (traditional/simplified, full-width, spaces between characters) and
`indexer.highlight.mark` escapes every piece of text and adds only ``<mark>``.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape


def query_terms(q: str) -> list[str]:
    """The fragments of ``q`` worth highlighting (not excluded ones, not ``author:``)."""
    if not q or not q.strip():
        return []
    from indexer.query import parse

    return parse(q).terms()


def highlighter(terms: list[str]) -> Callable[[str | None], Markup]:
    """A function: text → escaped HTML with ``terms`` marked."""
    if not terms:
        return lambda text: escape(text or "")

    from indexer.highlight import mark, match_spans

    def apply(text: str | None) -> Markup:
        text = text or ""
        return mark(text, match_spans(text, terms))

    return apply
