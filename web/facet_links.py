"""The search sidebar as links (Datasette style): facets, active filters, year bars.

Every facet value carries ``value``, ``label``, ``count``, ``selected`` and the
``toggle_url`` that adds its filter (or removes it when already selected), so a
template only loops and links and the JSON twin gives the same items. What a
facet is (its column, label, order, filter) is `indexer.facets`; this module
only turns it into links. Pure functions over a `SearchResult`: no Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from indexer.facets import BY_NAME, FACETS, FILTER_LABELS, UNKNOWN
from indexer.results import SearchRequest, SearchResult
from web.links import changed
from web.params import request_args

#: Values shown per facet on the page before the list is cut (``truncated`` is then set).
FACET_LIMIT = 30


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    city: str | None = None  # a county's city

    def to_dict(self) -> dict:
        out = {"value": self.value, "label": self.label, "count": self.count,
               "selected": self.selected, "toggle_url": self.toggle_url}
        if self.city is not None:
            out["city"] = self.city
        return out


@dataclass
class FacetGroup:
    """One facet: all its values in ``items``; the page shows ``shown``, counties under their city."""

    name: str
    label: str
    items: list[FacetItem] = field(default_factory=list)

    @property
    def shown(self) -> list[FacetItem]:
        return self.items[:FACET_LIMIT]

    @property
    def truncated(self) -> bool:
        return len(self.items) > FACET_LIMIT

    @property
    def groups(self) -> list[tuple[str, list[FacetItem]]]:
        """The shown county values under their city (empty for other facets)."""
        return group_by_city(self.shown, attrgetter("value")) if self.name == "county" else []


@dataclass
class ActiveFilter:
    name: str
    label: str
    value: str
    remove_url: str

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "value": self.value, "remove_url": self.remove_url}


def group_by_city(items: list, name: Callable = attrgetter("name")) -> list[tuple[str, list]]:
    """Items with ``city`` and ``count`` (`CountyCount`s; facet items with ``name=attrgetter("value")``)
    under their city: cities with the most first (unknown last), in each city the most first, then by name."""
    by_city: dict[str, list] = {}
    for item in items:
        by_city.setdefault(item.city or UNKNOWN, []).append(item)
    rows = [(city, sorted(group, key=lambda i: (-i.count, name(i)))) for city, group in by_city.items()]
    return sorted(rows, key=lambda kv: (kv[0] == UNKNOWN, -sum(i.count for i in kv[1]), kv[0]))


def build_facets(result: SearchResult, base: str) -> list[FacetGroup]:
    """The facets of ``result`` with links to ``base`` (e.g. ``/search``); empty facets left out."""
    req = result.request
    args = request_args(req)
    groups: list[FacetGroup] = []
    for facet in FACETS:
        group = FacetGroup(facet.name, facet.label)
        for fv in result.facets.get(facet.name) or []:  # known values only: unknown is never counted
            toggle_url = changed(base, args, facet.toggle(req, fv.value))
            group.items.append(FacetItem(fv.value, facet.display(fv.value), fv.count,
                                         facet.selected(req, fv.value), toggle_url, fv.city))
        if group.items:
            groups.append(group)
    return groups


def active_filters(req: SearchRequest, base: str) -> list[ActiveFilter]:
    """The filters in force, each with the link that drops it."""
    args = request_args(req)
    return [
        ActiveFilter(key, FILTER_LABELS[key], value, changed(base, args, {key: None}))
        for key, value in req.filters().items()
    ]


def year_bars(result: SearchResult, width: int = 200) -> list[dict]:
    """Results per year for the bar chart: year, count and bar width in px, oldest first."""
    years = BY_NAME["year"].order(result.facets.get("year") or [])
    if not years:
        return []
    top = max(fv.count for fv in years) or 1
    return [{"year": fv.value, "count": fv.count, "width": max(1, round(width * fv.count / top))} for fv in years]
