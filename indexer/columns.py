"""Per-index caches of column values, for fast facet counting and date sorting.

Reading a Whoosh column value costs a Python call per document; reading each
column once per index state into a plain list makes counting the facets of
100,000 matches a ``Counter`` over list lookups.  The cache is keyed by the
identity of the segments and their deletions, so it is shared by all pooled
searchers of one index state and dropped when the index changes.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections import OrderedDict

from indexer.schema import COLUMN_FIELDS

_CACHE_SIZE = 4
_cache: "OrderedDict[tuple, Columns]" = OrderedDict()
_lock = threading.Lock()


class Columns:
    """Column values of every document of one reader, by top-level docnum ("" when absent)."""

    def __init__(self, reader):
        self._values: dict[str, list[str]] = {}
        self.doc_count_all = reader.doc_count_all()
        self.live_docs: list[int] = list(reader.all_doc_ids())
        self._load(reader)

    def _load(self, reader) -> None:
        for name in COLUMN_FIELDS:
            if name in reader.schema and reader.has_column(name):
                values = [v if isinstance(v, str) else (v.decode("utf-8") if v else "") for v in reader.column_reader(name)]
            else:
                values = [""] * self.doc_count_all
            self._values[name] = values
        self.date_rank: list[int] = [_rank(v) for v in self._values["date"]]

    def values(self, name: str) -> list[str]:
        return self._values[name]


def _rank(iso: str) -> int:
    if not iso:
        return -1
    try:
        return _dt.date.fromisoformat(iso).toordinal()
    except ValueError:
        return -1


def _key(reader) -> tuple:
    parts = []
    for leaf, offset in reader.leaf_readers():
        seg = getattr(leaf, "_segment", None)
        storage = getattr(leaf, "_storage", None)
        folder = getattr(storage, "folder", id(storage))
        if seg is None:
            return ("anon", id(reader))
        parts.append((folder, seg.segment_id(), seg.deleted_count(), offset))
    return tuple(parts)


_building: dict[tuple, threading.Lock] = {}


def columns_for(reader) -> Columns:
    """The (cached) column values of ``reader``'s index state.

    Built once per state: right after a reindex switch every server thread
    asks at once, and all but one wait for that one instead of each reading
    every column again.
    """
    key = _key(reader)
    with _lock:
        cols = _cache.get(key)
        if cols is not None:
            _cache.move_to_end(key)
            return cols
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            cols = _cache.get(key)
        if cols is None:
            cols = Columns(reader)
            with _lock:
                _cache[key] = cols
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
        with _lock:
            _building.pop(key, None)
    return cols
