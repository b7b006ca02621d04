"""The search request and result records shared by the CLI and the web layer.

Plain data, no markup: where the query matches is given as character offsets
(`Excerpt`), and each view marks it its own way. `SearchResult.to_dict()` is the
base of what `newsarchive search --json` prints and `/api/search` returns
(`web.markup.result_json` adds the HTML, `web.listing.listing_json` the links).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from indexer.limits import DEFAULT_PAGE_SIZE, DEFAULT_SORT


#: `SearchResult.refused`: the query needs more work than one search may do
#: (`indexer.budget`), or every heavy slot stayed taken.
REFUSED_TOO_BROAD, REFUSED_BUSY = "too_broad", "busy"
NOTICE_TOO_BROAD = "查询过于宽泛：单个汉字或很多“或”选项会匹配过多内容，超出了单次检索的上限，未执行检索。请使用更长、更具体的词。"
NOTICE_BUSY = "服务器正忙于其他大范围检索，请稍后再试，或使用更具体的词。"


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    county: str | None = None
    city: str | None = None
    paper: str | None = None
    author: str | None = None
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    sort: str = DEFAULT_SORT  # one of `indexer.limits.SORTS`; an empty query sorts newest first
    page: int = 1  # 1-based
    page_size: int = DEFAULT_PAGE_SIZE

    def filters(self) -> dict[str, str]:
        """The active filters as query-string parameters (names as in the web URLs)."""
        out = {k: v for k, v in (("county", self.county), ("city", self.city), ("paper", self.paper), ("author", self.author)) if v}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        return out


Span = tuple[int, int]


@dataclass(frozen=True)
class Excerpt:
    """Plain text and where the query matches in it: ``spans`` are sorted,
    non-overlapping ``(start, end)`` character offsets into ``text``.

    The indexer makes no markup; each view marks ``pieces()`` its own way."""

    text: str
    spans: tuple[Span, ...] = ()

    def pieces(self) -> Iterator[tuple[str, bool]]:
        """The text in order as ``(piece, matched)``, cut at the span boundaries."""
        pos = 0
        for s, e in self.spans:
            if s > pos:
                yield self.text[pos:s], False
            yield self.text[s:e], True
            pos = e
        if pos < len(self.text):
            yield self.text[pos:], False


@dataclass
class Hit:
    id: str
    title: str | None
    display_title: str
    paper: str | None
    date: str | None  # ISO date, or None when unknown
    page: str | None
    county: str | None
    city: str | None
    province: str | None
    authors: list[str]
    title_spans: tuple[Span, ...]  # where the query matches in display_title
    snippet: Excerpt  # one line of body, captions or subtitle around the best match
    kind: str  # `indexer.storage.schema.KIND_ARTICLE`, or KIND_LEFTOVER: a page's unattributed text, untitled
    score: float | None = None

    @property
    def headline(self) -> Excerpt:
        """The display title with its matches."""
        return Excerpt(self.display_title, self.title_spans)

    def to_dict(self) -> dict:
        """Plain data: the snippet as ``snippet_text`` plus ``snippet_spans``; spans as [start, end] lists."""
        out = {k: v for k, v in asdict(self).items() if k not in ("title_spans", "snippet")}
        out["title_spans"] = [list(s) for s in self.title_spans]
        out["snippet_text"] = self.snippet.text
        out["snippet_spans"] = [list(s) for s in self.snippet.spans]
        return out


@dataclass
class FacetValue:
    value: str
    count: int
    city: str | None = None  # a county's city (county facet only)

    def to_dict(self) -> dict:
        out = {"value": self.value, "count": self.count}
        if self.city is not None:
            out["city"] = self.city
        return out


@dataclass
class CountyCount:
    """A county-level unit that has articles (`indexer.search.counties`)."""

    name: str
    city: str | None
    province: str | None
    count: int


@dataclass
class SearchResult:
    request: SearchRequest
    total: int | None  # None when refused: no count is better than a wrong one
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    understood: str  # the query as the engine understood it
    notice: str | None = None  # set when the query was malformed and degraded to a plain search, or refused
    elapsed_ms: float = 0.0
    terms: list[str] = field(default_factory=list)  # words to highlight on the article page
    refused: str | None = None  # REFUSED_TOO_BROAD | REFUSED_BUSY: not run (no hits, no facets)
    suggestion: str | None = None  # a narrower query to try when refused as too broad

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total or 0) // self.request.page_size))

    def to_dict(self) -> dict:
        req = asdict(self.request)
        req["date_from"] = self.request.date_from.isoformat() if self.request.date_from else None
        req["date_to"] = self.request.date_to.isoformat() if self.request.date_to else None
        return {
            "query": req,
            "understood": self.understood,
            "notice": self.notice,
            "total": self.total,
            "page": self.request.page,
            "page_size": self.request.page_size,
            "pages": self.pages,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vals] for k, vals in self.facets.items()},
            "terms": list(self.terms),
            "elapsed_ms": round(self.elapsed_ms, 2),
            "refused": self.refused,
            "suggestion": self.suggestion,
        }
