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

from indexer.facets import FACETS, FILTER_LABELS, UNKNOWN
from indexer.results import SearchRequest, SearchResult
from web.links import changed
from web.params import request_args

#: Values a facet shows before its 更多 link (selected values are always shown).
FACET_TOP = 10


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
    """One facet: all its values in ``items``; the page shows ``shown`` (the top values,
    or all of them when ``expanded``), counties under their city."""

    name: str
    label: str
    items: list[FacetItem] = field(default_factory=list)
    expanded: bool = False  # the reader asked for every value (``more=<name>``)
    more_url: str = ""  # the page with every value of this facet
    less_url: str = ""  # the page with only the top values

    @property
    def shown(self) -> list[FacetItem]:
        if self.expanded:
            return self.items
        top = self.items[:FACET_TOP]
        return top + [i for i in self.items[FACET_TOP:] if i.selected]

    @property
    def truncated(self) -> bool:
        return len(self.shown) < len(self.items)

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


#: The group of county-level units directly under their province (济源市, 仙桃市 …: no prefecture city).
DIRECT_UNITS = "省直辖"


def city_label(city: str | None, province: str | None) -> str:
    """The heading a county is listed under: its city; 省直辖 when it has a province but no city."""
    return city or (DIRECT_UNITS if province else UNKNOWN)


def group_by_city(items: list, name: Callable = attrgetter("name")) -> list[tuple[str, list]]:
    """Items with ``city`` and ``count`` (`CountyCount`s; facet items with ``name=attrgetter("value")``)
    under their city: cities with the most first (unknown last), in each city the most first, then by name."""
    by_city: dict[str, list] = {}
    for item in items:
        by_city.setdefault(city_label(item.city, getattr(item, "province", None)), []).append(item)
    rows = [(city, sorted(group, key=lambda i: (-i.count, name(i)))) for city, group in by_city.items()]
    return sorted(rows, key=lambda kv: (kv[0] == UNKNOWN, -sum(i.count for i in kv[1]), kv[0]))


def build_facets(result: SearchResult, base: str, more: str | None = None) -> list[FacetGroup]:
    """The facets of ``result`` with links to ``base`` (e.g. ``/search``); empty facets
    left out. ``more`` names the facet to show in full (its links keep it in full)."""
    req = result.request
    args = request_args(req)
    groups: list[FacetGroup] = []
    for facet in (f for f in FACETS if f.listed):  # months are links of the date chart only
        expanded = facet.name == more
        keep = {"more": facet.name} if expanded else {}
        group = FacetGroup(facet.name, facet.label, expanded=expanded,
                           more_url=changed(base, args, {"more": facet.name}) + f"#facet-{facet.name}",
                           less_url=changed(base, args, {}) + f"#facet-{facet.name}")
        for fv in result.facets.get(facet.name) or []:  # known values only: unknown is never counted
            toggle_url = changed(base, args, {**facet.toggle(req, fv.value), **keep})
            group.items.append(FacetItem(fv.value, facet.display(fv.value), fv.count,
                                         facet.selected(req, fv.value), toggle_url, fv.city))
        if group.items:
            groups.append(group)
    return groups


def active_filters(req: SearchRequest, base: str) -> list[ActiveFilter]:
    """The filters in force, each with the link that drops it."""
    args = request_args(req)
    out = []
    for key, value in req.filters().items():
        if isinstance(value, list):  # one chip per chosen value; removing it keeps the others
            out += [ActiveFilter(key, FILTER_LABELS[key], v, changed(base, args, {key: [x for x in value if x != v] or None}))
                    for v in value]
        else:
            out.append(ActiveFilter(key, FILTER_LABELS[key], value, changed(base, args, {key: None})))
    return out
