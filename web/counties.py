"""``/counties`` (directory grouped by city) and ``/county/<name>`` (one county's articles)."""

from __future__ import annotations

import difflib

from flask import Blueprint, redirect, render_template, request, url_for

from web.errors import NotFoundWithHints
from web.index_handle import get_store
from web.params import parse_search_request
from web.searching import lookup_county, run_search, search_context, suggest_counties

bp = Blueprint("counties", __name__)


def county_groups(items) -> list[tuple[str, list]]:
    """`CountyCount` records grouped by city: cities by name, unknown last; counties by count."""
    by_city: dict[str, list] = {}
    for c in items:
        by_city.setdefault(c.city or c.province or "未知", []).append(c)  # 仙桃市: its province
    return [
        (city, sorted(rows, key=lambda c: (-c.count, c.name)))
        for city, rows in sorted(by_city.items(), key=lambda kv: (kv[0] == "未知", kv[0]))
    ]


def all_counties() -> list:
    from indexer.search import counties

    return list(counties(get_store()))


def find_county(name: str):
    """``(county, None)`` for a county with articles, ``(None, canonical)`` when
    ``name`` is another spelling of one ("永新" → "永新县"); otherwise a 404 that
    suggests the closest names among counties that have articles."""
    known = {c.name: c for c in all_counties()}
    if name in known:
        return known[name], None
    canonical = lookup_county(name)
    if canonical and canonical in known:
        return None, canonical
    hints = [n for n in suggest_counties(name, 10) if n in known]
    hints += difflib.get_close_matches(name, list(known), n=5, cutoff=0.3)
    hints += [n for n in known if name and (name[:2] in n)]
    hints = list(dict.fromkeys(hints))[:5]
    raise NotFoundWithHints(
        f"档案中没有“{name[:50]}”的文章。",
        [(n, url_for("counties.county_page", name=n)) for n in hints],
    )


@bp.get("/counties")
def county_list():
    return render_template("counties.html", groups=county_groups(all_counties()))


@bp.get("/county/<name>")
def county_page(name: str):
    county, canonical = find_county(name)
    if canonical:
        return redirect(url_for("counties.county_page", name=canonical, **request.args), 302)
    args = {k: v for k, v in request.args.items() if k not in ("county", "sort")}
    req = parse_search_request(args, county=county.name, sort="newest")
    result = run_search(req)
    base = url_for("counties.county_page", name=county.name)
    return render_template("county.html", county=county, **search_context(result, base, fixed=("county", "sort")))
