"""Where the query matches: find query fragments in article text by the same
unit analysis the index uses, and cut excerpts around them.

Returns data (`indexer.results.Excerpt`: plain text and match offsets), never
markup: each view marks the matches its own way (``<mark>`` in HTML, brackets
in the terminal, nothing in the Atom feed).
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.analysis import normalize, unit_pattern
from indexer.results import Excerpt, Span

SNIPPET_CHARS = 120
_LEAD = 20  # characters shown before the first match
ELLIPSIS = "…"


def match_spans(text: str, terms: list[str]) -> list[Span]:
    """Sorted, merged (start, end) character spans in ``text`` where any term occurs.

    A term matches where its units occur consecutively in the text's units
    (spaces and punctuation between units are ignored, as in the index).
    """
    if not text or not terms:
        return []
    norm = normalize(text)  # same length: offsets are offsets into text
    spans: list[Span] = []
    for term in terms:
        rx = _regex(term)
        if rx is not None:
            spans.extend(m.span() for m in rx.finditer(norm))
    return merge(spans)


@lru_cache(maxsize=256)
def _regex(term: str) -> re.Pattern | None:
    pattern = unit_pattern(term)
    return re.compile(pattern) if pattern else None


def merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def marked(text: str | None, terms: list[str]) -> Excerpt:
    """All of ``text`` with the places where ``terms`` occur."""
    text = text or ""
    return Excerpt(text, tuple(match_spans(text, terms)))


def best_window(spans: list[Span], length: int, width: int = SNIPPET_CHARS) -> Span:
    """The window of ``width`` characters holding the most matches (earliest on ties)."""
    if not spans:
        return 0, min(length, width)
    best, best_count = spans[0][0], -1
    for s, _e in spans:
        a = max(0, s - _LEAD)
        count = sum(1 for s2, e2 in spans if s2 >= a and e2 <= a + width)
        if count > best_count:
            best, best_count = a, count
    a = max(0, min(best, length - width))
    return a, min(length, a + width)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> Excerpt | None:
    """About ``width`` characters of ``text`` around its best match, or None if no term occurs."""
    spans = match_spans(text, terms)
    if not spans:
        return None
    return _window(text, spans, width)


def lead(text: str, width: int = SNIPPET_CHARS) -> Excerpt:
    """The beginning of ``text`` (for hits without a visible match)."""
    return _window(text, [], width)


def _window(text: str, spans: list[Span], width: int) -> Excerpt:
    """One line of ``text`` around its best window, "…" where it is cut, spans shifted to match."""
    flat = text.replace("\n", " ")  # same length: offsets stay valid
    a, b = best_window(spans, len(flat), width)
    prefix = ELLIPSIS if a > 0 else ""
    suffix = ELLIPSIS if b < len(flat) else ""
    shift = len(prefix) - a
    inside = tuple((max(s, a) + shift, min(e, b) + shift) for s, e in spans if max(s, a) < min(e, b))
    return Excerpt(prefix + flat[a:b] + suffix, inside)
