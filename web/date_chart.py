"""The results-over-time chart and the date-range form of a list of hits.

Pure functions over a `SearchResult`: no Flask. The chart shows years in time
order (years without results in between shown empty, so gaps are visible);
when every dated result lies in one year, or the reader has chosen a range
within one year, it shows that year's months instead. Each bar is a link that
filters to its year or month (or drops that filter when it is the one chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.facets import BY_NAME
from indexer.results import SearchResult
from web.links import changed
from web.params import request_args

#: Chart geometry (SVG user units = CSS px at full size).
CHART_WIDTH = 270
ROW_HEIGHT = 24  # also the bar link's tap target height
LABEL_WIDTH = 48
DIGIT_WIDTH = 8  # generous for the chart's font size: counts are never cut off
#: Longest run of years drawn with the empty years in between.
MAX_FILLED_YEARS = 200


@dataclass
class Bar:
    value: str  # "2024" or "2024-05"
    label: str  # "2024", "5月"
    count: int
    selected: bool
    url: str | None  # None for a period without results
    width: int = 0
    y: int = 0

    def to_dict(self) -> dict:
        return {"value": self.value, "label": self.label, "count": self.count,
                "selected": self.selected, "url": self.url}


@dataclass
class Chart:
    unit: str  # "year" | "month"
    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = 0
    bar_x: int = LABEL_WIDTH
    count_x: int = CHART_WIDTH

    def to_dict(self) -> dict:
        return {"unit": self.unit, "title": self.title, "bars": [b.to_dict() for b in self.bars]}


def _periods(first: str, last: str, unit: str) -> list[str]:
    """Every year (or month) from ``first`` to ``last``."""
    if unit == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def date_chart(result: SearchResult, base: str) -> Chart | None:
    """The chart of ``result`` over time, with links to ``base``; None when no result has a date."""
    req = result.request
    years = BY_NAME["year"].order(result.facets.get("year") or [])
    if not years:
        return None
    one_year = len(years) == 1 or (req.date_from and req.date_to and req.date_from.year == req.date_to.year)
    unit = "month" if one_year and result.facets.get("month") else "year"
    facet = BY_NAME[unit]
    counts = {fv.value: fv.count for fv in result.facets.get(unit) or []}
    known = sorted(counts)
    values = known
    if unit == "month" or int(known[-1]) - int(known[0]) < MAX_FILLED_YEARS:
        values = _periods(known[0], known[-1], unit)
    args = request_args(req)
    chart = Chart(unit, f"{known[0][:4]} 年各月" if unit == "month" else "按年份")
    for value in values:
        n = counts.get(value, 0)
        label = f"{int(value[5:7])}月" if unit == "month" else value
        chart.bars.append(Bar(value, label, n, facet.selected(req, value),
                              changed(base, args, facet.toggle(req, value)) if n else None))
    top = max(counts.values())
    count_width = DIGIT_WIDTH * len(str(top)) + 6
    chart.count_x = CHART_WIDTH
    room = CHART_WIDTH - LABEL_WIDTH - count_width
    for i, bar in enumerate(chart.bars):
        bar.width = max(1, round(room * bar.count / top)) if bar.count else 0
        bar.y = i * ROW_HEIGHT
    chart.height = len(chart.bars) * ROW_HEIGHT
    return chart


def date_form(result: SearchResult, base: str, fixed: tuple[str, ...] = ()) -> dict:
    """The date-range form: where it submits, the other parameters it keeps (not
    ``fixed`` ones, which ``base`` implies), the values it shows and the link that
    clears the range."""
    req = result.request
    args = request_args(req)
    keep = {k: v for k, v in args.items() if k not in ("from", "to", "page", *fixed)}
    return {
        "action": base,
        "hidden": keep,
        "from": req.date_from.isoformat() if req.date_from else "",
        "to": req.date_to.isoformat() if req.date_to else "",
        "clear_url": changed(base, args, {"from": None, "to": None}) if (req.date_from or req.date_to) else None,
    }
