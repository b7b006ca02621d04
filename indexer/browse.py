"""Browsing the archive as it was printed: papers, their issues, an issue's
pages, a page's articles in printed order.

A *page* is one corpus file with one paper, date and page label (a JSON Lines
file whose lines carry several dates gives one page per date). The table of
pages is read once per index state from the index's columns (source, paper,
date, page label), so no stored record is opened to list them.
Unknown paper or date is ``None``: such pages are listed (the web shows them
under 出处未详), never hidden.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from archive.models import Article
from indexer.storage.columns import Columns, columns_for
from indexer.storage.schema import KIND_ARTICLE


@dataclass(frozen=True)
class PageRow:
    """One printed page."""

    source: str  # corpus path of its file
    paper: str | None
    date: str | None  # ISO date
    page: str | None  # page label as printed: "3", "A04", "要闻"
    articles: int  # attributed articles (the page's other text is not counted)

    @property
    def issue(self) -> tuple[str | None, str | None]:
        return (self.paper, self.date)


@dataclass
class PaperSummary:
    name: str | None
    first: str | None  # earliest known issue date
    last: str | None
    issues: int  # known dates
    pages: int
    articles: int


@dataclass
class IssueSummary:
    date: str | None
    pages: int
    articles: int


@dataclass
class PageView:
    """A page's articles in printed order, and its neighbours within the issue."""

    row: PageRow
    articles: list[Article]  # in printed order (``seq``)
    leftover: list[str]  # text of the page no article holds (版面其余文字)
    prev: PageRow | None
    next: PageRow | None
    rows: list[PageRow] = field(default_factory=list)  # every row of the file (several for JSON Lines)


_NUMBER = re.compile(r"(\d+)")


def page_order(label: str | None) -> tuple:
    """Sort key for page labels as printed: digits compare as numbers ("2" before
    "10", "A2" before "A10"), other text as text; an unknown page last."""
    if label is None:
        return (1,)
    parts = _NUMBER.split(label)
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


def _row_order(row: PageRow) -> tuple:
    return (page_order(row.page), row.source)


# ------------------------------------------------------------ the table of pages
class PageTable:
    """Every page of one index state, with lookups by file and by issue."""

    def __init__(self, rows: list[PageRow]):
        self.rows = sorted(rows, key=lambda r: (r.paper is None, r.paper or "", r.date is None, r.date or "", _row_order(r)))
        self.by_source: dict[str, list[PageRow]] = defaultdict(list)
        self.by_issue: dict[tuple, list[PageRow]] = defaultdict(list)
        self.by_paper: dict[str | None, list[PageRow]] = defaultdict(list)
        for row in self.rows:
            self.by_source[row.source].append(row)
            self.by_issue[row.issue].append(row)
            self.by_paper[row.paper].append(row)


def _build_table(cols: Columns) -> PageTable:
    sources, papers, dates = cols.values("source"), cols.values("paper"), cols.values("date")
    pages, kinds = cols.values("page"), cols.values("kind")
    groups: Counter = Counter()
    for d in cols.live_array.tolist():
        key = (sources[d], papers[d] or None, dates[d] or None, pages[d] or None)
        groups[key] += kinds[d] == KIND_ARTICLE
    return PageTable([PageRow(*key, n) for key, n in groups.items() if key[0]])


_tables: "weakref.WeakKeyDictionary[Columns, PageTable]" = weakref.WeakKeyDictionary()
_tables_lock = threading.Lock()


def _table(searcher) -> PageTable:
    cols = columns_for(searcher.reader())
    with _tables_lock:
        table = _tables.get(cols)
        if table is None:
            table = _tables[cols] = _build_table(cols)
    return table


def page_table(store) -> PageTable:
    """The table of pages of ``store``'s live index (built once per index state)."""
    with store.searcher() as s:
        return _table(s)


# ------------------------------------------------------------ what the views ask
def papers(store) -> list[PaperSummary]:
    """Every paper with its date span and counts; pages of unknown paper last (``name`` None)."""
    table = page_table(store)
    out = []
    for name, rows in table.by_paper.items():
        dates = sorted({r.date for r in rows if r.date})
        out.append(PaperSummary(name, dates[0] if dates else None, dates[-1] if dates else None, len(dates),
                                len(rows), sum(r.articles for r in rows)))
    return sorted(out, key=lambda p: (p.name is None, p.name or ""))


def issues(store, paper: str | None) -> list[IssueSummary] | None:
    """The issues of ``paper`` (None: pages of unknown paper), oldest first, unknown
    date last; None when the archive holds no page of that paper."""
    rows = page_table(store).by_paper.get(paper)
    if not rows:
        return None
    by_date: dict[str | None, list[PageRow]] = defaultdict(list)
    for r in rows:
        by_date[r.date].append(r)
    return [IssueSummary(date, len(rs), sum(r.articles for r in rs))
            for date, rs in sorted(by_date.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))]


def issue_pages(store, paper: str | None, date: str | None) -> list[PageRow]:
    """The pages of one issue in printed order (page labels as numbers where they are)."""
    return sorted(page_table(store).by_issue.get((paper, date), []), key=_row_order)


def neighbour_issues(store, paper: str | None, date: str | None) -> tuple[str | None, str | None]:
    """The dates of the issues of ``paper`` just before and after ``date`` (known dates only)."""
    dates = sorted({r.date for r in page_table(store).by_paper.get(paper, []) if r.date})
    if date not in dates:
        return None, None
    i = dates.index(date)
    return (dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None)


def page_view(store, source: str) -> PageView | None:
    """The page held in corpus file ``source``, or None when the index has no such page."""
    with store.searcher() as s:
        table = _table(s)
        rows = table.by_source.get(source)
        if not rows:
            return None
        cols = columns_for(s.reader())  # the state the table was built from
        codes, labels = cols.codes("source")
        docs = np.flatnonzero((codes == labels.index(source)) & cols.live)
        records = [json.loads(s.stored_fields(d)["record"]) for d in docs.tolist()]
    records.sort(key=lambda r: r.get("seq", 0))
    articles = [Article.from_dict(r) for r in records if r.get("kind", KIND_ARTICLE) == KIND_ARTICLE]
    leftover = [b["text"] for r in records if r.get("kind", KIND_ARTICLE) != KIND_ARTICLE for b in r.get("blocks", [])]
    row = rows[0]
    same_issue = sorted(table.by_issue[row.issue], key=_row_order)
    i = same_issue.index(row)
    return PageView(row, articles, leftover,
                    same_issue[i - 1] if i else None,
                    same_issue[i + 1] if i + 1 < len(same_issue) else None,
                    rows=list(rows))
