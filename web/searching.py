"""The calls every view makes into the indexer, and the page context they share."""

from __future__ import annotations

import logging
from functools import lru_cache

from indexer.results import SearchRequest, SearchResult
from web.export import MAX_EXPORT
from web.facets import active_filters, build_facets, url_with, year_bars
from web.index_handle import get_store
from web.params import request_args

log = logging.getLogger(__name__)


def run_search(req: SearchRequest, **options) -> SearchResult:
    """`indexer.search.search` on the app's index (``options``: its keyword arguments)."""
    from indexer.search import search

    return search(get_store(), req, **options)


@lru_cache(maxsize=1)
def _gazetteer():
    from archive.places import default_gazetteer

    return default_gazetteer()


@lru_cache(maxsize=4096)
def city_of(county: str) -> str | None:
    """The prefecture city a county-level unit belongs to, from the gazetteer."""
    try:
        place = _gazetteer().lookup(county)
    except Exception:  # the gazetteer is advisory here: grouping falls back to 未知
        log.exception("gazetteer lookup failed for %r", county)
        return None
    return getattr(place, "city", None) if place else None


def lookup_county(name: str) -> str | None:
    """The official name of the county-level unit ``name`` refers to, if any."""
    try:
        place = _gazetteer().lookup(name)
    except Exception:
        log.exception("gazetteer lookup failed for %r", name)
        return None
    return place.name if place and place.level != "city" else None


def suggest_counties(name: str, n: int = 5) -> list[str]:
    try:
        return list(_gazetteer().suggest(name, n))
    except Exception:
        log.exception("gazetteer suggest failed for %r", name)
        return []


def page_links(current: int, pages: int, base: str, args: dict[str, str], window: int = 2) -> list[dict]:
    """Pagination: page numbers around ``current`` plus first/last, ``None`` for a gap."""
    wanted = {1, pages, *range(max(1, current - window), min(pages, current + window) + 1)}
    links: list[dict] = []
    prev = 0
    for n in sorted(wanted):
        if n - prev > 1:
            links.append({"gap": True})
        links.append({"n": n, "current": n == current, "url": url_with(base, {**args, "page": str(n) if n > 1 else ""})})
        prev = n
    return links


def search_context(result: SearchResult, base: str, fixed: tuple[str, ...] = ()) -> dict:
    """Everything search.html needs beyond the result itself; ``fixed`` names
    parameters the page's own URL implies (a county page's county and sort)."""
    req = result.request
    args = {k: v for k, v in request_args(req).items() if k not in fixed}
    no_page = {k: v for k, v in args.items() if k != "page"}
    export_args = {k: v for k, v in request_args(req).items() if k not in ("page", "size")}
    ctx = {
        "result": result,
        "req": req,
        "base": base,
        "facets": build_facets(result, base, city_of),
        "filters": active_filters(req, base),
        "bars": year_bars(result),
        "pagination": page_links(req.page, result.pages, base, no_page) if result.pages > 1 else [],
        "prev_url": url_with(base, {**no_page, "page": str(req.page - 1)}) if req.page > 1 else None,
        "next_url": url_with(base, {**no_page, "page": str(req.page + 1)}) if req.page < result.pages else None,
        "sort_links": [
            {"value": s, "label": label, "selected": req.sort == s,
             "url": url_with(base, {**{k: v for k, v in no_page.items() if k != "sort"}, "sort": s if s != "relevance" else ""})}
            for s, label in (("relevance", "相关度"), ("newest", "最新"), ("oldest", "最早"))
        ],
        "feed_url": url_with("/search.atom", {k: v for k, v in request_args(req).items() if k != "page"}),
        "csv_url": url_with("/search.csv", export_args),
        "ris_url": url_with("/search.ris", export_args),
        "export_count": min(result.total, MAX_EXPORT),
        "unfiltered_url": url_with(base, {"q": req.q}) if req.filters() else None,
    }
    return ctx
