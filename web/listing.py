"""A list of hits as a page and as JSON: the one context the search page, the
county pages and their JSON twins are rendered from (result, facets, active
filters, sort links, paging, feed)."""

from __future__ import annotations

from flask import url_for

from indexer.facets import FACETS
from indexer.limits import SORTS
from indexer.results import SearchRequest, SearchResult
from indexer.search import search
from web.facet_links import active_filters, build_facets, year_bars
from web.index_handle import get_store
from web.links import url_with
from web.markup import result_json
from web.params import request_args

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


def run_search(req: SearchRequest) -> SearchResult:
    return search(get_store(), req)


def page_links(current: int, pages: int, base: str, args: dict[str, str], window: int = 2) -> list[dict]:
    """Pagination: page numbers around ``current`` plus first/last, ``{"gap": True}`` for a gap."""
    wanted = {1, pages, *range(max(1, current - window), min(pages, current + window) + 1)}
    links: list[dict] = []
    prev = 0
    for n in sorted(wanted):
        if n - prev > 1:
            links.append({"gap": True})
        links.append({"n": n, "current": n == current, "url": url_with(base, {**args, "page": str(n) if n > 1 else ""})})
        prev = n
    return links


def listing_context(result: SearchResult, base: str, fixed: tuple[str, ...] = ()) -> dict:
    """Everything a list of hits shows; links point at ``base`` (the page's own path,
    or its JSON twin's). ``fixed`` names parameters the path implies (a county page's
    county and sort)."""
    req = result.request
    args = {k: v for k, v in request_args(req).items() if k not in fixed}
    no_page = {k: v for k, v in args.items() if k != "page"}
    unsorted = {k: v for k, v in no_page.items() if k != "sort"}
    return {
        "result": result,
        "req": req,
        "base": base,
        "facets": build_facets(result, base),
        "filters": active_filters(req, base),
        "bars": year_bars(result),
        "pagination": page_links(req.page, result.pages, base, no_page) if result.pages > 1 else [],
        "prev_url": url_with(base, {**no_page, "page": str(req.page - 1) if req.page > 2 else ""}) if req.page > 1 else None,
        "next_url": url_with(base, {**no_page, "page": str(req.page + 1)}) if req.page < result.pages else None,
        "sort_links": [
            {"value": s, "label": SORT_LABELS[s], "selected": req.sort == s,
             "url": url_with(base, {**unsorted, "sort": s if s != "relevance" else ""})}
            for s in SORTS
        ],
        "feed_url": url_with(url_for("feeds.search_feed"), {k: v for k, v in request_args(req).items() if k != "page"}),
        "unfiltered_url": url_with(base, {"q": req.q}) if req.filters() else None,
        "suggestion_url": url_with(base, {**no_page, "q": result.suggestion}) if result.suggestion else None,
    }


def listing_json(ctx: dict) -> dict:
    """The JSON twin of a list of hits: `web.markup.result_json` plus what the page
    links to (each hit's ``url``; each facet value's ``label``, ``selected`` and
    ``toggle_url``; active filters, sorts, previous/next page, feed)."""
    result: SearchResult = ctx["result"]
    data = result_json(result)
    q = result.request.q or None
    for out, hit in zip(data["hits"], result.hits):
        out["url"] = url_for("articles.article_page", article_id=hit.id, q=q)
    facets = {f.name: [] for f in FACETS}
    facets.update({g.name: [item.to_dict() for item in g.items] for g in ctx["facets"]})
    data["facets"] = facets
    data["facet_labels"] = {f.name: f.label for f in FACETS}
    data["filters"] = [f.to_dict() for f in ctx["filters"]]
    data["sorts"] = ctx["sort_links"]
    data["links"] = {"prev": ctx["prev_url"], "next": ctx["next_url"], "feed": ctx["feed_url"],
                     "unfiltered": ctx["unfiltered_url"]}
    return data
