"""What the index holds: counts by paper, county and year, date span, size on disk.

`index_stats` is used by ``newsarchive stats`` and by the web home page, so the
result is cached per index version (live generation and Whoosh commit): the
first call after a reindex counts, later calls are a dictionary lookup.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KIND_ARTICLE = "article"
#: Facet fields counted, as (stats attribute, schema field).
COUNTED_FIELDS = (("by_paper", "paper"), ("by_county", "county"), ("by_year", "year"))

_cache: dict[str, tuple[tuple, "IndexStats"]] = {}
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
        key = _version_key(searcher)
        with _cache_lock:
            hit = _cache.get(str(store.index_dir))
        if hit is not None and hit[0] == key:
            return hit[1]
        stats = _count(searcher, store)
    with _cache_lock:
        _cache[str(store.index_dir)] = (key, stats)
    return stats


def _version_key(searcher) -> tuple:
    """Identifies one committed state of one generation (segment ids are unique per index)."""
    reader = searcher.reader()
    segments = []
    for leaf, _base in reader.leaf_readers():
        segment = getattr(leaf, "segment", None)
        segments.append(segment().segment_id() if callable(segment) else None)
    folder = getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)
    return (folder, reader.generation(), tuple(segments), searcher.doc_count())


def _count(searcher, store) -> IndexStats:
    from whoosh.query import Term

    reader = searcher.reader()
    fields = set(reader.indexed_field_names())
    if "kind" in fields:
        articles = set(searcher.docs_for_query(Term("kind", KIND_ARTICLE)))
    else:  # an index without kinds: every document is an article
        articles = set(searcher.docs_for_query(_every()))
    counts = {attr: _term_counts(searcher, name, articles) if name in fields else [] for attr, name in COUNTED_FIELDS}
    by_year = sorted(counts.pop("by_year"))
    date_min, date_max = _date_span(searcher, articles) if "date" in fields else (None, None)
    pages = 0
    if "source" in fields:
        pages = sum(1 for _t, docs in _term_docs(searcher, "source") if docs)
    path = store.path_of_live()
    return IndexStats(
        articles=len(articles),
        pages=pages,
        documents=searcher.doc_count(),
        by_paper=counts["by_paper"],
        by_county=counts["by_county"],
        by_year=by_year,
        date_min=date_min,
        date_max=date_max,
        size_bytes=_disk_size(path),
        last_reindex=store.last_reindex,
        generation=store.generation,
    )


def _every():
    from whoosh.query import Every

    return Every()


def _term_docs(searcher, fieldname: str):
    from whoosh.query import Term

    for term in searcher.reader().lexicon(fieldname):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        yield text, set(searcher.docs_for_query(Term(fieldname, text)))


def _term_counts(searcher, fieldname: str, among: set[int]) -> list[tuple[str, int]]:
    """(value, articles) for every value of ``fieldname``, most articles first, then by value."""
    out = [(text, len(docs & among)) for text, docs in _term_docs(searcher, fieldname)]
    return sorted(((t, c) for t, c in out if c), key=lambda tc: (-tc[1], tc[0]))


def _date_span(searcher, among: set[int]) -> tuple[_dt.date | None, _dt.date | None]:
    dates = [text for text, docs in _term_docs(searcher, "date") if docs & among]
    parsed = []
    for text in dates:
        try:
            parsed.append(_dt.date.fromisoformat(text))
        except ValueError:
            continue
    return (min(parsed), max(parsed)) if parsed else (None, None)


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
