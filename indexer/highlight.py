"""Safe highlighting: find query fragments in article text by the same unit
analysis the index uses, and build HTML in which every piece of article text
is escaped and the only tags are our own ``<mark>``."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from indexer.analysis import normalize, unit_pattern

SNIPPET_CHARS = 120
_LEAD = 20  # characters shown before the first match


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character spans in ``text`` where any term occurs.

    A term matches where its units occur consecutively in the text's units
    (spaces and punctuation between units are ignored, as in the index).
    """
    if not text or not terms:
        return []
    norm = normalize(text)  # same length: offsets are offsets into text
    spans: list[tuple[int, int]] = []
    for term in terms:
        rx = _regex(term)
        if rx is not None:
            spans.extend(m.span() for m in rx.finditer(norm))
    return merge(spans)


@lru_cache(maxsize=256)
def _regex(term: str) -> re.Pattern | None:
    pattern = unit_pattern(term)
    return re.compile(pattern) if pattern else None


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` escaped, with ``<mark>`` around the parts inside ``spans``."""
    end = len(text) if end is None else end
    parts: list[str] = []
    pos = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        parts.append(str(escape(text[pos:s])))
        parts.append("<mark>" + str(escape(text[s:e])) + "</mark>")
        pos = e
    parts.append(str(escape(text[pos:end])))
    return Markup("".join(parts))


def best_window(spans: list[tuple[int, int]], length: int, width: int = SNIPPET_CHARS) -> tuple[int, int]:
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


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> Markup | None:
    """About ``width`` characters of ``text`` around its best match, or None if no term occurs."""
    spans = match_spans(text, terms)
    if not spans:
        return None
    return _window_html(text, spans, width)


def lead(text: str, width: int = SNIPPET_CHARS) -> Markup:
    """The beginning of ``text``, escaped (for hits without a visible match)."""
    return _window_html(text, [], width)


def _window_html(text: str, spans: list[tuple[int, int]], width: int) -> Markup:
    flat = text.replace("\n", " ")  # same length: offsets stay valid
    a, b = best_window(spans, len(flat), width)
    html = mark(flat, spans, a, b)
    prefix = "…" if a > 0 else ""
    suffix = "…" if b < len(flat) else ""
    return Markup(prefix) + html + Markup(suffix)
