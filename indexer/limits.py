"""What a search request may ask for, in one place: query length, sorts, page
size and depth. Out-of-range values are clamped, never refused: `clip_query`
and `clamp_request` are the one definition of each rule; the query parser, the
search, the web parameters and the CLI options all read them from here.
"""

from __future__ import annotations

import dataclasses

#: Longest query used; the rest is cut and the reader told (`NOTICE_TOO_LONG`).
MAX_QUERY_CHARS = 200
#: Most AND-ed clauses a query may have; the rest are dropped with a notice.
MAX_CLAUSES = 16
#: Longest filter value kept (county, city, paper, author).
MAX_FILTER_CHARS = 100

#: Result orders: by relevance (an empty query lists newest first), newest or oldest first.
SORTS = ("relevance", "newest", "oldest")
DEFAULT_SORT = "relevance"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: Deepest result page served (deep paging ranks ever more documents).
MAX_PAGE = 500

NOTICE_TOO_LONG = f"查询过长，只使用了前 {MAX_QUERY_CHARS} 个字符"
NOTICE_TOO_MANY = f"查询词过多，只使用了前 {MAX_CLAUSES} 个"


def clip_query(q: str) -> tuple[str, str | None]:
    """``q`` cut to `MAX_QUERY_CHARS`, and the notice to show when it was cut."""
    if len(q) > MAX_QUERY_CHARS:
        return q[:MAX_QUERY_CHARS], NOTICE_TOO_LONG
    return q, None


def clamp(value, lo: int, hi: int, default: int) -> int:
    """``value`` within ``[lo, hi]``; ``default`` when it is not an integer."""
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(max(value, lo), hi)


def clamp_request(request):
    """A `indexer.results.SearchRequest` within the limits: the query cut, 1 ≤ page ≤
    `MAX_PAGE`, 1 ≤ page_size ≤ `MAX_PAGE_SIZE`, a known sort (else relevance)."""
    return dataclasses.replace(
        request,
        q=clip_query(request.q or "")[0],
        page=clamp(request.page, 1, MAX_PAGE, 1),
        page_size=clamp(request.page_size, 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE),
        sort=request.sort if request.sort in SORTS else DEFAULT_SORT,
    )
