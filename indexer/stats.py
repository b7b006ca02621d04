"""What the index holds: counts by paper, county and year, date span, size on disk.

Counted over the same NumPy columns the search uses (`indexer.storage.columns`).
`index_stats` is used by ``newsarchive stats`` and by the web home page, so the
result is cached per index state (the columns' own cache key: segments and
deletions): the first call after a reindex counts, later calls are a lookup.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.facets import BY_NAME
from indexer.storage.columns import Columns, columns_for
from indexer.storage.schema import KIND_ARTICLE

#: Facets counted (`indexer.facets`: the search's own counting and order), as (stats attribute, facet).
COUNTED_FIELDS = (("by_paper", "paper"), ("by_county", "county"), ("by_year", "year"))

_cache: dict[str, tuple[Columns, "IndexStats"]] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class IndexStats:
    articles: int  # documents of kind "article" (leftover page text not counted)
    pages: int  # distinct source pages
    documents: int  # all documents, leftovers included
    by_paper: list[tuple[str, int]] = field(default_factory=list)  # most articles first
    by_county: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[str, int]] = field(default_factory=list)  # oldest year first
    date_min: _dt.date | None = None
    date_max: _dt.date | None = None
    size_bytes: int = 0  # live generation on disk
    last_reindex: _dt.datetime | None = None
    generation: int | None = None

    @property
    def papers(self) -> int:
        return len(self.by_paper)

    @property
    def counties(self) -> int:
        return len(self.by_county)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "pages": self.pages,
            "documents": self.documents,
            "papers": self.papers,
            "counties": self.counties,
            "by_paper": [{"value": v, "count": c} for v, c in self.by_paper],
            "by_county": [{"value": v, "count": c} for v, c in self.by_county],
            "by_year": [{"value": v, "count": c} for v, c in self.by_year],
            "date_min": self.date_min.isoformat() if self.date_min else None,
            "date_max": self.date_max.isoformat() if self.date_max else None,
            "size_bytes": self.size_bytes,
            "last_reindex": self.last_reindex.isoformat() if self.last_reindex else None,
            "generation": self.generation,
        }


def index_stats(store) -> IndexStats:
    """Statistics of the live index of ``store`` (an `IndexStore`); raises `IndexMissing` without one."""
    with store.searcher() as searcher:
        cols = columns_for(searcher.reader())
        with _cache_lock:
            hit = _cache.get(str(store.index_dir))
        if hit is not None and hit[0] is cols:
            return hit[1]
        stats = _count(cols, store)
    with _cache_lock:
        _cache[str(store.index_dir)] = (cols, stats)
    return stats


def _count(cols: Columns, store) -> IndexStats:
    """Count over the columns the search uses (one `bincount` per field)."""
    live = cols.live_array
    kinds, kind_values = cols.codes("kind")
    article_code = kind_values.index(KIND_ARTICLE) if KIND_ARTICLE in kind_values else -1
    articles = live[kinds[live] == article_code]
    counts = {attr: [(fv.value, fv.count) for fv in BY_NAME[name].count(cols, articles)] for attr, name in COUNTED_FIELDS}
    ranks = cols.date_ranks[articles]
    ranks = ranks[ranks >= 0]
    sources, _ = cols.codes("source")
    return IndexStats(
        articles=len(articles),
        pages=int(np.count_nonzero(np.unique(sources[live]))),
        documents=len(live),
        by_paper=counts["by_paper"],
        by_county=counts["by_county"],
        by_year=counts["by_year"],
        date_min=_dt.date.fromordinal(int(ranks.min())) if len(ranks) else None,
        date_max=_dt.date.fromordinal(int(ranks.max())) if len(ranks) else None,
        size_bytes=_disk_size(store.path_of_live()),
        last_reindex=store.last_reindex,
        generation=store.generation,
    )


def _disk_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(dirpath, name)).st_size
            except FileNotFoundError:
                continue
    return total


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def format_stats(stats: IndexStats, top: int = 20) -> str:
    """Plain-text report for ``newsarchive stats`` (English, like the rest of the CLI)."""
    span = (f"{stats.date_min.isoformat()} – {stats.date_max.isoformat()}" if stats.date_min else "unknown")
    when = stats.last_reindex.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z") if stats.last_reindex else "unknown"
    lines = [
        f"articles:      {stats.articles}",
        f"pages:         {stats.pages}",
        f"papers:        {stats.papers}",
        f"counties:      {stats.counties}",
        f"dates:         {span}",
        f"index size:    {format_size(stats.size_bytes)}",
        f"generation:    {stats.generation}",
        f"last reindex:  {when}",
    ]
    for title, rows in (("by paper", stats.by_paper), ("by county", stats.by_county), ("by year", stats.by_year)):
        lines.append("")
        lines.append(f"{title}:")
        if not rows:
            lines.append("  (none)")
        shown = rows if title == "by year" else rows[:top]
        width = max((display_width(v) for v, _ in shown), default=0)
        for value, count in shown:
            lines.append(f"  {value}{' ' * (width - display_width(value))}  {count:>7}")
        if len(rows) > len(shown):
            rest = sum(c for _, c in rows[len(shown):])
            lines.append(f"  … {len(rows) - len(shown)} more ({rest} articles)")
    return "\n".join(lines)
