"""Facet links for the search sidebar (Datasette style).

Every facet value carries ``value``, ``label``, ``count``, ``selected`` and the
``toggle_url`` that adds the filter (or removes it when already selected), so a
template only loops and links. Pure functions over a `SearchResult`: no Flask.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from indexer.results import SearchRequest, SearchResult
from web.params import request_args

UNKNOWN = "未知"
#: Values shown per facet before the list is cut (``truncated`` is then set).
FACET_LIMIT = 30

FACET_LABELS = {"county": "县区", "city": "城市", "paper": "报纸", "year": "年份"}
FILTER_LABELS = {"county": "县区", "city": "城市", "paper": "报纸", "author": "作者", "from": "起始日期", "to": "截止日期"}


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str | None  # None when the value cannot be filtered on ("未知")


@dataclass
class FacetGroup:
    """One facet; ``groups`` holds county values under their city."""

    name: str
    label: str
    items: list[FacetItem] = field(default_factory=list)
    groups: list[tuple[str, list[FacetItem]]] = field(default_factory=list)
    truncated: bool = False


@dataclass
class ActiveFilter:
    name: str
    label: str
    value: str
    remove_url: str


def url_with(base: str, params: dict[str, str]) -> str:
    """``base`` plus the query string of ``params`` (empty values dropped)."""
    clean = {k: v for k, v in params.items() if v}
    return f"{base}?{urlencode(clean)}" if clean else base


def _toggle(base: str, args: dict[str, str], changes: dict[str, str | None]) -> str:
    params = {k: v for k, v in args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return url_with(base, params)


def _year_selected(req: SearchRequest, year: str) -> bool:
    try:
        y = int(year)
        return req.date_from == _dt.date(y, 1, 1) and req.date_to == _dt.date(y, 12, 31)
    except (TypeError, ValueError):
        return False


def build_facets(result: SearchResult, base: str, city_of: Callable[[str], str | None] = lambda name: None) -> list[FacetGroup]:
    """The sidebar facets of ``result``; links point at ``base`` (e.g. ``/search``)."""
    req = result.request
    args = request_args(req)
    groups: list[FacetGroup] = []
    for name in ("county", "city", "paper", "year"):
        values = result.facets.get(name) or []
        group = FacetGroup(name, FACET_LABELS[name], truncated=len(values) > FACET_LIMIT)
        for fv in values[:FACET_LIMIT]:
            value = str(fv.value) if fv.value not in (None, "") else ""
            if not value:
                group.items.append(FacetItem("", UNKNOWN, fv.count, False, None))
                continue
            if name == "year":
                selected = _year_selected(req, value)
                change = {"from": None, "to": None} if selected else {"from": value, "to": value}
            else:
                selected = getattr(req, name) == value
                change = {name: None if selected else value}
            group.items.append(FacetItem(value, value, fv.count, selected, _toggle(base, args, change)))
        if name == "county":
            by_city: dict[str, list[FacetItem]] = {}
            for item in group.items:
                city = (city_of(item.value) if item.value else None) or UNKNOWN
                by_city.setdefault(city, []).append(item)
            group.groups = sorted(by_city.items(), key=lambda kv: (kv[0] == UNKNOWN, -sum(i.count for i in kv[1]), kv[0]))
        if group.items:
            groups.append(group)
    return groups


def active_filters(req: SearchRequest, base: str) -> list[ActiveFilter]:
    """The filters in force, each with the link that drops it."""
    args = request_args(req)
    return [
        ActiveFilter(key, FILTER_LABELS[key], value, _toggle(base, args, {key: None}))
        for key, value in req.filters().items()
    ]


def year_bars(result: SearchResult, width: int = 200) -> list[dict]:
    """Results per year for the bar chart: year, count and bar width in px, oldest first."""
    years = [fv for fv in result.facets.get("year") or [] if fv.value not in (None, "")]
    if not years:
        return []
    top = max(fv.count for fv in years) or 1
    return [
        {"year": str(fv.value), "count": fv.count, "width": max(1, round(width * fv.count / top))}
        for fv in sorted(years, key=lambda fv: str(fv.value))
    ]
