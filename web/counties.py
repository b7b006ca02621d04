"""``/counties`` (directory grouped by city) and ``/county/<name>`` (one county's
articles), each with its JSON twin (``/api/counties``, ``/api/counties/<name>``)."""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import Blueprint, redirect, request, url_for

from archive.place_suggest import NameIndex
from indexer.results import CountyCount
from indexer.search import counties
from web.errors import NotFoundWithHints
from web.facet_links import group_by_city
from web.index_handle import get_store
from web.links import url_with
from web.listing import listing_context, listing_json, run_search
from web.params import parse_search_request, request_args
from web.twins import page_and_json, render

log = logging.getLogger(__name__)

bp = Blueprint("counties", __name__)

#: Parameters a county page's own URL implies.
FIXED = ("county", "sort")


@lru_cache(maxsize=1)
def _gazetteer():
    from archive.places import default_gazetteer

    return default_gazetteer()


def lookup_county(name: str) -> str | None:
    """The official name of the county-level unit ``name`` refers to, if any."""
    try:
        place = _gazetteer().lookup(name)
    except Exception:  # the gazetteer is advisory here: no canonical name, no redirect
        log.exception("gazetteer lookup failed for %r", name)
        return None
    return place.name if place and place.level != "city" else None


def suggest_counties(name: str, n: int = 5) -> list[str]:
    try:
        return list(_gazetteer().suggest(name, n))
    except Exception:
        log.exception("gazetteer suggest failed for %r", name)
        return []


#: Longest county name looked up (the longest county-level name has 15 characters).
MAX_NAME_CHARS = 50


@lru_cache(maxsize=4)
def _known_index(names: tuple[str, ...]) -> NameIndex:
    return NameIndex(names)


def find_county(name: str) -> tuple[CountyCount | None, str | None]:
    """``(county, None)`` for a county with articles, ``(None, canonical)`` when
    ``name`` is another spelling of one ("永新" → "永新县"); otherwise a 404 that
    suggests the closest names among counties that have articles. A name longer
    than `MAX_NAME_CHARS` is refused before any lookup."""
    message = f"档案中没有“{name[:MAX_NAME_CHARS]}”的文章。"
    if len(name) > MAX_NAME_CHARS:
        raise NotFoundWithHints(message)
    known = {c.name: c for c in counties(get_store())}
    if name in known:
        return known[name], None
    canonical = lookup_county(name)
    if canonical and canonical in known:
        return None, canonical
    hints = [n for n in suggest_counties(name, 10) if n in known]
    hints += _known_index(tuple(sorted(known))).suggest(name, 5)
    hints = list(dict.fromkeys(hints))[:5]
    raise NotFoundWithHints(message, [(n, url_for("counties.county_page", name=n)) for n in hints])


def county_dict(c: CountyCount) -> dict:
    return {"name": c.name, "city": c.city, "province": c.province, "count": c.count,
            "url": url_for("counties.county_page", name=c.name)}


def directory_json(ctx: dict) -> dict:
    groups = ctx["groups"]
    return {
        "total": sum(len(rows) for _, rows in groups),
        "counties": [county_dict(c) for _, rows in groups for c in rows],
        "groups": [{"city": city, "counties": [c.name for c in rows]} for city, rows in groups],
    }


@page_and_json(bp, "/counties", "/api/counties")
def county_list():
    return render("counties.html", {"groups": group_by_city(counties(get_store()))}, directory_json)


def county_json(ctx: dict) -> dict:
    return {"county": county_dict(ctx["county"]), **listing_json(ctx)}


@page_and_json(bp, "/county/<name>", "/api/counties/<name>")
def county_page(name: str):
    county, canonical = find_county(name)
    args = {k: v for k, v in request.args.items() if k not in FIXED}
    req = parse_search_request(args, county=canonical or county.name, sort="newest")
    base = url_for(request.endpoint, name=req.county)
    if canonical:  # the same page under its official name; only parameters the page understands go along
        return redirect(url_with(base, {k: v for k, v in request_args(req).items() if k not in FIXED}), 302)
    ctx = listing_context(run_search(req), base, fixed=FIXED)
    return render("county.html", {**ctx, "county": county}, county_json)
