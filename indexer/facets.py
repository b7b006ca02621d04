"""The facets, defined once: which column each one counts, its label, how its
values sort and display, and how choosing a value filters the search.

Used by the search (counts over all matches, filters), the web sidebar and its
JSON twin (`web.facet_links`), the CLI and the stats. Values come from the
index's columns (`indexer.storage.columns`); code 0 is "unknown" and is never
counted. The county facet takes each county's city from the index's city
column, so counties group under their city without asking the gazetteer.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from indexer.results import FacetValue, SearchRequest
from indexer.storage.columns import Columns

#: How missing metadata is shown to readers.
UNKNOWN = "未知"


class Facet:
    """A column whose values are counted over the matches and can be chosen as a filter."""

    def __init__(self, name: str, label: str):
        self.name = name  # the column counted, and the request field / URL parameter that filters on it
        self.label = label  # reader-facing (zh-CN)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    # -- counting ---------------------------------------------------------------
    def count(self, cols: Columns, docs: np.ndarray) -> list[FacetValue]:
        """Every known value among ``docs`` with its count, in display order."""
        codes, labels = cols.codes(self.name)
        counts = np.bincount(codes[docs], minlength=len(labels))
        return self.order([FacetValue(labels[i], int(counts[i])) for i in np.flatnonzero(counts) if i])

    def order(self, values: list[FacetValue]) -> list[FacetValue]:
        """Most matches first, then by value."""
        return sorted(values, key=lambda fv: (-fv.count, fv.value))

    def display(self, value: str | None) -> str:
        return value or UNKNOWN

    # -- filtering --------------------------------------------------------------
    def chosen(self, request: SearchRequest) -> str | None:
        """The value the request filters on, if any."""
        return getattr(request, self.name)

    def selected(self, request: SearchRequest, value: str) -> bool:
        return bool(value) and self.chosen(request) == value

    def toggle(self, request: SearchRequest, value: str) -> dict[str, str | None]:
        """URL parameter changes that choose ``value`` (or drop it when already chosen)."""
        return {self.name: None if self.selected(request, value) else value}

    def mask(self, request: SearchRequest, cols: Columns) -> np.ndarray | None:
        """Which documents the request's choice of this facet lets through (None: no choice)."""
        value = self.chosen(request)
        if not value:
            return None
        codes, labels = cols.codes(self.name)
        return codes == labels.index(value) if value in labels else np.zeros(len(codes), bool)


class CountyFacet(Facet):
    """Counties carry the city they belong to (the most common city of their documents)."""

    def count(self, cols: Columns, docs: np.ndarray) -> list[FacetValue]:
        values = super().count(cols, docs)
        cities = city_of_county(cols)
        for fv in values:
            fv.city = cities.get(fv.value)
        return values


class YearFacet(Facet):
    """Years list in time order and are chosen as a date range (``from``/``to``)."""

    def order(self, values: list[FacetValue]) -> list[FacetValue]:
        return sorted(values, key=lambda fv: fv.value)

    def chosen(self, request: SearchRequest) -> str | None:
        d0, d1 = request.date_from, request.date_to
        if d0 and d1 and d0.year == d1.year and (d0.month, d0.day, d1.month, d1.day) == (1, 1, 12, 31):
            return str(d0.year)
        return None

    def toggle(self, request: SearchRequest, value: str) -> dict[str, str | None]:
        if self.selected(request, value):
            return {"from": None, "to": None}
        return {"from": value, "to": value}

    def mask(self, request: SearchRequest, cols: Columns) -> np.ndarray | None:
        return None  # the date range filter (`date_from`/`date_to`) does the work


FACETS: tuple[Facet, ...] = (
    CountyFacet("county", "县区"),
    Facet("city", "城市"),
    Facet("paper", "报纸"),
    YearFacet("year", "年份"),
)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}

#: Labels of every search filter a reader can set (the facets' and the others').
FILTER_LABELS: dict[str, str] = {
    **{f.name: f.label for f in FACETS if not isinstance(f, YearFacet)},
    "author": "作者",
    "from": "起始日期",
    "to": "截止日期",
}


# -- a county's city, from the index ----------------------------------------------------

_cities: "weakref.WeakKeyDictionary[Columns, dict[str, str]]" = weakref.WeakKeyDictionary()
_cities_lock = threading.Lock()


def city_of_county(cols: Columns) -> dict[str, str]:
    """Each county's city, as the index's documents give it (computed once per index state)."""
    with _cities_lock:
        found = _cities.get(cols)
    if found is None:
        county, counties = cols.codes("county")
        city, cities = cols.codes("city")
        live = cols.live_array
        pairs, counts = np.unique(county[live].astype(np.int64) * len(cities) + city[live], return_counts=True)
        best: dict[int, tuple[int, int]] = {}
        for pair, n in zip(pairs.tolist(), counts.tolist()):
            c, t = divmod(pair, len(cities))
            if c and t and n > best.get(c, (0, 0))[0]:
                best[c] = (n, t)
        found = {counties[c]: cities[t] for c, (_n, t) in best.items()}
        with _cities_lock:
            _cities[cols] = found
    return found
