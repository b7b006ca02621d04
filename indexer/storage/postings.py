"""Whole posting lists as NumPy arrays, read from Whoosh's segment files.

Whoosh's matchers walk a posting list one document at a time in Python (two
common words at 20,000 synthetic articles: p50 109 ms with them, 11 ms with
this module and `indexer.execute`).  The search executor (`indexer.execute`) instead reads each term's whole
list at once: lists of a few postings are stored inside the term's entry
(Whoosh's inlining), longer ones as one record of our codec
(`indexer.storage.posting_lists`).  Both are decoded here into arrays of top-level
document numbers, term frequencies and, for the recall fields, positions
(`indexer.storage.gram_field.GramPositions`).

Deleted documents are included; the executor drops them with the live mask.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.reading import TermNotFound

from indexer.storage.codec import read_list
from indexer.storage.gram_field import POSITION_BYTES

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


def _leaf_postings(leaf, fieldname: str, btext: bytes, with_positions: bool, charge):
    try:
        info = leaf.term_info(fieldname, btext)
    except TermNotFound:
        return None
    if charge is not None:  # before decoding: documents plus positions (the term's total frequency)
        charge(info.doc_frequency() + int(info.weight()))
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        docs, freqs = np.asarray(ids, np.int64), np.asarray(weights, np.float64)
        lengths = np.fromiter(map(len, values), np.int64, len(values))
        values = b"".join(values)
    else:
        docs, freqs, lengths, values = read_list(leaf._terms._postfile, info)
    if not with_positions:
        return docs, freqs, None, None
    return docs, freqs, lengths // POSITION_BYTES, np.frombuffer(values, _POSITIONS)


def read_postings(reader, fieldname: str, text: str, with_positions: bool = False, charge=None) -> TermPostings:
    """Every posting of ``fieldname:text`` in ``reader`` (all its segments).

    ``charge(entries)``, when given, is called with each segment's count of
    documents plus positions before they are decoded (`indexer.budget.Budget.charge`)."""
    btext = text.encode("utf-8")
    found = []
    for leaf, offset in reader.leaf_readers():
        got = _leaf_postings(leaf, fieldname, btext, with_positions, charge)
        if got is not None:
            found.append((got, offset))
    if not found:
        return EMPTY
    docs = np.concatenate([g[0] + offset for g, offset in found])
    freqs = np.concatenate([g[1] for g, _ in found])
    if not with_positions:
        return TermPostings(docs, freqs)
    return TermPostings(docs, freqs, np.concatenate([g[2] for g, _ in found]), np.concatenate([g[3] for g, _ in found]))
