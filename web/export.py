"""A search result list as a download: CSV (for Excel) and RIS (for Zotero, EndNote).

Pure functions over `Hit` records; ``url_of(hit)`` gives each hit's permalink.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Callable, Iterable

from indexer.results import Hit
from web.citation import reference_from_hit, ris

#: Most hits one download holds.
MAX_EXPORT = 1000

CSV_COLUMNS = ("序号", "编号", "题名", "作者", "报纸", "日期", "版次", "县区", "城市", "省份", "链接", "摘要")
#: Excel runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as a CSV cell: unknown is empty; text Excel would run as a formula gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def hits_csv(hits: Iterable[Hit], url_of: Callable[[Hit], str]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF rows, one hit per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for n, hit in enumerate(hits, 1):
        row = (n, hit.id, hit.display_title, "、".join(hit.authors), hit.paper, hit.date, hit.page,
               hit.county, hit.city, hit.province, url_of(hit), hit.snippet.text)
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def hits_ris(hits: Iterable[Hit], url_of: Callable[[Hit], str], accessed: _dt.date | None = None) -> str:
    """One RIS record per hit, in the order given."""
    return "".join(ris(reference_from_hit(hit, url_of(hit)), accessed) for hit in hits)
