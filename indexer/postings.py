"""Whole posting lists as NumPy arrays, read from Whoosh's segment files.

Whoosh's matchers walk a posting list one document at a time in Python,
which made searches over common words cost ~3 µs per matching document per
term.  The search executor (`indexer.execute`) instead reads each term's whole
list at once: a posting list on disk is a sequence of blocks, each a pickled
``(id deltas, weights, values)`` tuple, usually zlib-compressed (see
``whoosh.codec.whoosh3.W3PostingsWriter``); short lists are stored inside the
term's entry.  Both are decoded here into arrays of top-level document
numbers, term frequencies and, for the recall fields, positions
(`indexer.postings_format.GramPositions`).

Deleted documents are included; the executor drops them with the live mask.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from whoosh.reading import TermNotFound

from indexer.postings_format import POSITION_BYTES

_BLOCK_LENGTH = struct.Struct("!i")
_HEADER = 4  # the "W3Bl"-style magic at the start of every on-disk list
_POSITIONS = np.dtype("<u4")


@dataclass(frozen=True)
class TermPostings:
    docs: np.ndarray  # int64 top-level document numbers, ascending
    freqs: np.ndarray  # float64 term frequency (the posting's weight)
    counts: np.ndarray | None = None  # positions per posting (recall fields only)
    positions: np.ndarray | None = None  # uint32, every posting's positions in order

    def __len__(self) -> int:
        return len(self.docs)


EMPTY = TermPostings(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.int64), np.zeros(0, _POSITIONS))


def _weights(raw, n: int) -> np.ndarray:
    if raw is None:
        return np.ones(n, np.float64)
    if isinstance(raw, float):
        return np.full(n, raw, np.float64)
    return np.asarray(raw, np.float64)


def _blocks(buf: bytes):
    """(ids, weights, values) of each block of an on-disk posting list."""
    stream = io.BytesIO(buf)
    p, end_of_list = _HEADER, len(buf)
    while p < end_of_list:
        (length,) = _BLOCK_LENGTH.unpack_from(buf, p)
        last = length < 0
        end = p + 4 + abs(length)
        stream.seek(p + 4)
        info = pickle.load(stream)
        data = buf[stream.tell():end]
        if info[3]:  # compression level
            data = zlib.decompress(data)
        id_deltas, weights, values = pickle.loads(data)
        ids = np.cumsum(np.asarray(id_deltas, np.int64))
        yield ids, _weights(weights, len(ids)), values
        if last:
            break
        p = end


def _leaf_postings(leaf, fieldname: str, btext: bytes, with_positions: bool):
    try:
        info = leaf.term_info(fieldname, btext)
    except TermNotFound:
        return None
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        parts = [(np.asarray(ids, np.int64), np.asarray(weights, np.float64), values)]
    else:
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the unpacked tuple
            length = length[0]
        parts = list(_blocks(leaf._terms._postfile.get(offset, length)))
    docs = np.concatenate([p[0] for p in parts])
    freqs = np.concatenate([p[1] for p in parts])
    if not with_positions:
        return docs, freqs, None, None
    values = [v for p in parts for v in p[2]]
    counts = np.fromiter(map(len, values), np.int64, len(values)) // POSITION_BYTES
    positions = np.frombuffer(b"".join(values), _POSITIONS)
    return docs, freqs, counts, positions


def read_postings(reader, fieldname: str, text: str, with_positions: bool = False) -> TermPostings:
    """Every posting of ``fieldname:text`` in ``reader`` (all its segments)."""
    btext = text.encode("utf-8")
    found = []
    for leaf, offset in reader.leaf_readers():
        got = _leaf_postings(leaf, fieldname, btext, with_positions)
        if got is not None:
            found.append((got, offset))
    if not found:
        return EMPTY
    docs = np.concatenate([g[0] + offset for g, offset in found])
    freqs = np.concatenate([g[1] for g, _ in found])
    if not with_positions:
        return TermPostings(docs, freqs)
    return TermPostings(docs, freqs, np.concatenate([g[2] for g, _ in found]), np.concatenate([g[3] for g, _ in found]))
