"""Request arguments → `SearchRequest`, in one place.

Every search-like view (HTML page, JSON twin, Atom feed, county page) reads the
same query-string parameters:

    q, county, city, paper, author, from, to, sort, page, size

Out-of-range numbers are clamped (``page=-1`` → 1, ``size=100000`` → the
maximum) by the limits of `indexer.limits`, which also cuts a long query (the
search then tells the reader); values that cannot mean anything (``page=abc``,
``from=2024-13-40``, ``sort=sideways``) raise `BadParameter`, which the views
turn into a 400 page or a JSON error naming the parameter.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping

from indexer.limits import (
    DEFAULT_PAGE_SIZE, DEFAULT_SORT, MAX_FILTER_CHARS, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS, SORTS, clamp,
)
from indexer.results import SearchRequest

#: Longest page/size number and date parameter looked at.
MAX_NUMBER_CHARS, MAX_DATE_CHARS = 12, 32

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


class BadParameter(ValueError):
    """A request parameter that cannot be understood. ``str()`` is a reader-facing line."""

    def __init__(self, name: str, value: str, reason: str):
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(f"参数 {name}={value[:50]!r} 无效：{reason}")


def clean_text(value: str | None, limit: int) -> str:
    """Drop control characters, trim whitespace and cut to ``limit`` characters."""
    if not value:
        return ""
    value = value.lstrip()[:limit * 4]  # bounded before any work (NFC composes at most a few into one)
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", value))
    return text.strip()[:limit].strip()


def parse_int(args: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    """An integer parameter clamped to ``[lo, hi]``; missing or empty → ``default``."""
    raw = (args.get(name) or "")[:MAX_NUMBER_CHARS + 1].strip()
    if not raw:
        return default
    if len(raw) > MAX_NUMBER_CHARS:
        raise BadParameter(name, raw, "数字太长")
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, raw, "应为整数") from None
    return clamp(value, lo, hi, default)


def parse_date(args: Mapping[str, str], name: str, *, end: bool) -> _dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial date means the start
    (``end=False``) or the end (``end=True``) of that year or month."""
    raw = (args.get(name) or "")[:MAX_DATE_CHARS + 1].strip()
    if not raw:
        return None
    m = _DATE.match(raw) if len(raw) <= MAX_DATE_CHARS else None
    if not m:
        raise BadParameter(name, raw, "日期格式应为 YYYY-MM-DD、YYYY-MM 或 YYYY")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return _dt.date(year, 12, 31) if end else _dt.date(year, 1, 1)
        mon = int(month)
        if day is None:
            last = calendar.monthrange(year, mon)[1] if 1 <= mon <= 12 else 0
            return _dt.date(year, mon, last if end else 1)
        return _dt.date(year, mon, int(day))
    except ValueError:
        raise BadParameter(name, raw, "没有这一天") from None


def parse_search_request(args: Mapping[str, str], **overrides) -> SearchRequest:
    """Build the `SearchRequest` a view should run; ``overrides`` fix fields
    (a county page fixes ``county`` and ``sort``)."""
    sort = (args.get("sort") or "")[:MAX_FILTER_CHARS].strip() or DEFAULT_SORT
    if sort not in SORTS:
        raise BadParameter("sort", sort, "可选 " + "、".join(SORTS))
    date_from = parse_date(args, "from", end=False)
    date_to = parse_date(args, "to", end=True)
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", args.get("from", ""), "起始日期晚于结束日期 to")
    fields = dict(
        # one character more than the search uses, so that the search sees it was cut and says so
        q=clean_text(args.get("q"), MAX_QUERY_CHARS + 1),
        county=clean_text(args.get("county"), MAX_FILTER_CHARS) or None,
        city=clean_text(args.get("city"), MAX_FILTER_CHARS) or None,
        paper=clean_text(args.get("paper"), MAX_FILTER_CHARS) or None,
        author=clean_text(args.get("author"), MAX_FILTER_CHARS) or None,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=parse_int(args, "page", 1, 1, MAX_PAGE),
        page_size=parse_int(args, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )
    fields.update(overrides)
    return SearchRequest(**fields)


def request_args(req: SearchRequest) -> dict[str, str]:
    """The query-string parameters that reproduce ``req`` (defaults left out)."""
    out: dict[str, str] = {}
    if req.q:
        out["q"] = req.q
    out.update(req.filters())
    if req.sort != DEFAULT_SORT:
        out["sort"] = req.sort
    if req.page_size != DEFAULT_PAGE_SIZE:
        out["size"] = str(req.page_size)
    if req.page != 1:
        out["page"] = str(req.page)
    return out
