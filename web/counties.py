"""``/counties`` (directory grouped by city) and ``/county/<name>`` (one county's
articles), each with its JSON twin (``/api/counties``, ``/api/counties/<name>``)."""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import Blueprint, redirect, request, url_for

from archive.place_suggest import NameIndex
from indexer.limits import MAX_FILTER_CHARS
from indexer.results import CountyCount
from indexer.search import counties
from web.collation import finds, match_text, pinyin_key
from web.errors import NotFoundWithHints
from web.facet_links import city_label
from web.index_handle import get_store
from web.links import url_with
from web.listing import listing_context, listing_json, run_search
from web.params import clean_text, parse_search_request, request_args
from web.twins import page_and_json, render

log = logging.getLogger(__name__)

bp = Blueprint("counties", __name__)

#: Parameters a county page's own URL implies.


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


def directory(items: list[CountyCount], needle: str = "") -> list[dict]:
    """Counties under their city under their province, each level in pinyin order
    (unknown last); with ``needle``, only counties it finds by their own, their
    city's or their province's name, pinyin or initials (`web.collation.finds`)."""
    tree: dict[str | None, dict[str | None, list[CountyCount]]] = {}
    for c in items:
        if finds(needle, c.name) or (c.city and finds(needle, c.city)) or (c.province and finds(needle, c.province)):
            tree.setdefault(c.province, {}).setdefault(c.city, []).append(c)

    def order(name: str | None) -> tuple:
        return (name is None, pinyin_key(name or ""))

    return [{"province": province, "label": province or "省份未详",
             "cities": [{"city": city, "label": city_label(city, province) if city or province else "城市未详", "counties": sorted(rows, key=lambda c: pinyin_key(c.name))}
                        for city, rows in sorted(cities.items(), key=lambda kv: order(kv[0]))]}
            for province, cities in sorted(tree.items(), key=lambda kv: order(kv[0]))]


def directory_json(ctx: dict) -> dict:
    provinces = ctx["provinces"]
    groups = [(city["city"], city["counties"]) for p in provinces for city in p["cities"]]
    return {
        "q": ctx["q"],
        "total": ctx["total"],
        "counties": [county_dict(c) for _, rows in groups for c in rows],
        "groups": [{"city": city, "counties": [c.name for c in rows]} for city, rows in groups],
        "provinces": [{"province": p["province"], "cities": [{"city": c["city"], "counties": [x.name for x in c["counties"]]}
                                                             for c in p["cities"]]} for p in provinces],
    }


@page_and_json(bp, "/counties", "/api/counties")
def county_list():
    q = clean_text(request.args.get("q"), MAX_FILTER_CHARS)
    provinces = directory(counties(get_store()), q)
    total = sum(len(c["counties"]) for p in provinces for c in p["cities"])
    return render("counties.html", {"provinces": provinces, "q": q, "total": total, "match_text": match_text}, directory_json)


def county_json(ctx: dict) -> dict:
    return {"county": county_dict(ctx["county"]), **listing_json(ctx)}


@page_and_json(bp, "/county/<name>", "/api/counties/<name>")
def county_page(name: str):
    county, canonical = find_county(name)
    name = canonical or county.name
    req = parse_search_request(request.args, county=name)
    base = url_for(request.endpoint, name=name)
    if canonical:  # the same page under its official name; only parameters the page understands go along
        return redirect(url_with(base, {k: v for k, v in request_args(req).items() if k != "county"}), 302)
    ctx = listing_context(run_search(req), base, fixed=("county",))
    return render("county.html", {**ctx, "county": county}, county_json)
