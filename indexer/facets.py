"""The facets, defined once: which column each one counts, its label, how its
values sort and display, and how choosing a value filters the search.

Used by the search (counts over all matches, filters), the web sidebar and its
JSON twin (`web.facet_links`), the CLI and the stats. Values come from the
index's columns (`indexer.storage.columns`); code 0 is "unknown" and is never
counted. The county facet takes each county's city from the index's city
column, so counties group under their city without asking the gazetteer.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import threading
import weakref

import numpy as np

from indexer.results import FacetValue, SearchRequest
from indexer.storage.columns import Columns

#: How missing metadata is shown to readers.
UNKNOWN = "未知"


class Facet:
    """A column whose values are counted over the matches and can be chosen as a filter."""

    def __init__(self, name: str, label: str, listed: bool = True):
        self.name = name  # the column counted, and the request field / URL parameter that filters on it
        self.label = label  # reader-facing (zh-CN)
        self.listed = listed  # shown as a list of values in the sidebar (months only feed the date chart)

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
    def chosen(self, request: SearchRequest) -> tuple[str, ...]:
        """The values the request filters on (any of them may match)."""
        return getattr(request, self.name)

    def selected(self, request: SearchRequest, value: str) -> bool:
        return bool(value) and value in self.chosen(request)

    def toggle(self, request: SearchRequest, value: str) -> dict[str, list[str] | None]:
        """URL parameter changes that add ``value`` to the chosen values (or drop it when chosen)."""
        chosen = self.chosen(request)
        values = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        return {self.name: values or None}

    def mask(self, request: SearchRequest, cols: Columns) -> np.ndarray | None:
        """Which documents the request's choice of this facet lets through (None: no choice)."""
        values = self.chosen(request)
        if not values:
            return None
        codes, labels = cols.codes(self.name)
        index = {v: i for i, v in enumerate(labels)}
        return np.isin(codes, [index[v] for v in values if v in index])


class CountyFacet(Facet):
    """Counties carry the city they belong to (the most common city of their documents)."""

    def count(self, cols: Columns, docs: np.ndarray) -> list[FacetValue]:
        values = super().count(cols, docs)
        cities = city_of_county(cols)
        for fv in values:
            fv.city = cities.get(fv.value)
        return values


class PeriodFacet(Facet):
    """A calendar period (a year "2024", a month "2024-05"): values list in time
    order and are chosen as the date range (``from``/``to``) that covers the period."""

    def order(self, values: list[FacetValue]) -> list[FacetValue]:
        return sorted(values, key=lambda fv: fv.value)

    @staticmethod
    def span(value: str) -> tuple[_dt.date, _dt.date] | None:
        """The first and last day of the period ``value`` ("2024" or "2024-05")."""
        try:
            if len(value) == 4:
                year = int(value)
                return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
            year, month = int(value[:4]), int(value[5:7])
            return _dt.date(year, month, 1), _dt.date(year, month, calendar.monthrange(year, month)[1])
        except (TypeError, ValueError, IndexError, calendar.IllegalMonthError):
            return None

    def chosen(self, request: SearchRequest) -> tuple[str, ...]:
        d0, d1 = request.date_from, request.date_to
        if not (d0 and d1):
            return ()
        value = f"{d0.year:04d}" if self.name == "year" else f"{d0.year:04d}-{d0.month:02d}"
        return (value,) if self.span(value) == (d0, d1) else ()

    def toggle(self, request: SearchRequest, value: str) -> dict[str, str | None]:
        if self.selected(request, value):
            return {"from": None, "to": None}
        return {"from": value, "to": value}

    def mask(self, request: SearchRequest, cols: Columns) -> np.ndarray | None:
        return None  # the date range filter (`date_from`/`date_to`) does the work


class MonthFacet(PeriodFacet):
    """Months ("2024-05") counted from the date column: each date code maps to its month."""

    def count(self, cols: Columns, docs: np.ndarray) -> list[FacetValue]:
        codes, _dates = cols.codes("date")
        months, month_of = _months(cols)
        counts = np.bincount(month_of[codes[docs]], minlength=len(months))
        return self.order([FacetValue(m, int(counts[i])) for i, m in enumerate(months) if i and counts[i]])


_month_tables: "weakref.WeakKeyDictionary[Columns, tuple[list[str], np.ndarray]]" = weakref.WeakKeyDictionary()
_months_lock = threading.Lock()


def _months(cols: Columns) -> tuple[list[str], np.ndarray]:
    """The months of the index (code 0: unknown) and each date code's month code (once per index state)."""
    with _months_lock:
        found = _month_tables.get(cols)
    if found is None:
        _codes, dates = cols.codes("date")
        months = [""] + sorted({d[:7] for d in dates if d})
        index = {m: i for i, m in enumerate(months) if m}
        found = (months, np.array([index.get(d[:7], 0) for d in dates], np.int32))
        with _months_lock:
            _month_tables[cols] = found
    return found


FACETS: tuple[Facet, ...] = (
    CountyFacet("county", "县区"),
    Facet("city", "城市"),
    Facet("paper", "报纸"),
    PeriodFacet("year", "年份"),
    MonthFacet("month", "月份", listed=False),
)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}

#: Labels of every search filter a reader can set (the facets' and the others').
FILTER_LABELS: dict[str, str] = {
    **{f.name: f.label for f in FACETS if not isinstance(f, PeriodFacet)},
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
