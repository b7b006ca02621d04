"""Per-index caches of column values, for fast facet counting and date sorting.

Reading a Whoosh column value costs a Python call per document; reading each
column once per index state into a plain list (and an array of value codes)
makes counting the facets of 100,000 matches one ``numpy.bincount``.  The
field lengths BM25 needs (`indexer.execute`) are read here too.  The cache is
keyed by the identity of the segments and their deletions, so it is shared by
all pooled searchers of one index state and dropped when the index changes.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections import OrderedDict

import numpy as np
from whoosh.util.numeric import byte_to_length

from indexer.storage.codec import length_bytes
from indexer.storage.schema import COLUMN_FIELDS, SCORED_FIELDS

_BYTE_TO_LENGTH = np.array([byte_to_length(b) if b else 0 for b in range(256)], np.float64)
_CACHE_SIZE = 4
_cache: "OrderedDict[tuple, Columns]" = OrderedDict()
_lock = threading.Lock()


class Columns:
    """Column values of every document of one reader, by top-level docnum ("" when absent)."""

    def __init__(self, reader):
        self._values: dict[str, list[str]] = {}
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self.doc_count_all = reader.doc_count_all()
        self.live_array = np.fromiter(reader.all_doc_ids(), np.int64)
        self.live = np.zeros(self.doc_count_all, bool)
        self.live[self.live_array] = True
        self._load(reader)
        for field in SCORED_FIELDS:
            self._lengths[field] = _field_lengths(reader, field, self.doc_count_all)

    def _load(self, reader) -> None:
        for name in COLUMN_FIELDS:
            if name in reader.schema and reader.has_column(name):
                values = [v for leaf, _offset in reader.leaf_readers() for v in _column_strings(leaf, name)]
            else:
                values = [""] * self.doc_count_all
            self._values[name] = values
        self.date_ranks = np.fromiter(map(_rank, self._values["date"]), np.int64, self.doc_count_all)
        for name in COLUMN_FIELDS:
            labels = sorted(set(self._values[name]) - {""})
            index = {v: i for i, v in enumerate(labels, 1)}
            codes = np.fromiter((index.get(v, 0) for v in self._values[name]), np.int32, self.doc_count_all)
            self._codes[name] = (codes, [""] + labels)

    def values(self, name: str) -> list[str]:
        return self._values[name]

    def codes(self, name: str) -> tuple[np.ndarray, list[str]]:
        """(code of each document's value, the values by code); code 0 is "unknown"."""
        return self._codes[name]

    def lengths(self, field: str) -> np.ndarray:
        """Every document's length of the scored ``field`` (as Whoosh stores it: one byte, approximate)."""
        return self._lengths[field]


def _column_strings(leaf, name: str) -> list[str]:
    """Every document's value of the ID column ``name`` in one segment ("" when absent).

    Whoosh's column reader seeks and reads once per document (1.3 s for the
    columns of 100,000 articles); a variable-bytes column is one run of bytes
    with an offset and a length per document, so it is read in one go here.
    """
    if not leaf.has_column(name):
        return [""] * leaf.doc_count_all()
    col = leaf.column_reader(name, translate=False)
    offsets, lengths = getattr(col, "_offsets", None), getattr(col, "_lengths", None)
    if offsets is None or lengths is None or not hasattr(col, "_dbfile"):  # another column type
        return [v.decode("utf-8") if v else "" for v in col]
    end = max((o + n for o, n in zip(offsets, lengths)), default=0)
    data = col._dbfile.get(col._basepos, end)
    return [data[o:o + n].decode("utf-8") if n else "" for o, n in zip(offsets, lengths)]


def _field_lengths(reader, field: str, doc_count_all: int) -> np.ndarray:
    table = np.zeros(doc_count_all, np.float64)
    for leaf, offset in reader.leaf_readers():
        raw = length_bytes(getattr(leaf, "_perdoc", None), field)  # no _perdoc: whoosh's EmptyReader
        if raw is not None:
            codes = np.frombuffer(raw, np.uint8)[: leaf.doc_count_all()]
            table[offset:offset + len(codes)] = _BYTE_TO_LENGTH[codes]
    return table


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
