"""The on-disk layout of a long posting list (our codec's, `indexer.storage.codec`).

Whoosh's W3 codec writes a list as blocks of pickled ``(ids, weights,
values)`` tuples; unpickling and decompressing them was most of the time of
a search over common words (cProfile of a two-word query at 20,000 articles:
41 % unpickling, 23 % zlib in blocks of 1,024 postings).  We write
each list whose postings are not inlined in the term entry as one record that
decodes with a decompression and a few ``numpy.frombuffer`` calls:

    b"NAL1"  uint8 flags (1 = payload zlib-compressed)  uint32 n
    payload = uint32[n] id deltas · float32[n] weights · uint32[n] value lengths · values

All little-endian.  Values are the field format's encoded bytes per posting
(`indexer.storage.gram_field.GramPositions` for the recall fields, Whoosh's own
formats otherwise), concatenated.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

MAGIC = b"NAL1"
_HEADER = struct.Struct("<4sBI")
_COMPRESSED = 1
#: zlib level (Whoosh uses 3): on 3,000 lists of the 20,000-article bench index,
#: level 1 compressed 15 % faster for 1 % more bytes (level 6: 1.6× slower, 3 % fewer).
COMPRESSION_LEVEL = 1
_U4, _F4 = np.dtype("<u4"), np.dtype("<f4")


class PostingListError(ValueError):
    pass


def encode(ids, weights, values: list[bytes]) -> bytes:
    n = len(ids)
    id_array = np.asarray(ids, np.int64)
    deltas = np.diff(id_array, prepend=0).astype(_U4)
    lengths = np.fromiter(map(len, values), _U4, n)
    payload = b"".join((deltas.tobytes(), np.asarray(weights, _F4).tobytes(), lengths.tobytes(), *values))
    return _HEADER.pack(MAGIC, _COMPRESSED, n) + zlib.compress(payload, COMPRESSION_LEVEL)


def decode(buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, bytes]:
    """(ids int64, weights float64, value lengths int64, concatenated values)."""
    magic, flags, n = _HEADER.unpack_from(buf)
    if magic != MAGIC:
        raise PostingListError(f"not a posting list written by this codec (tag {magic!r})")
    payload = buf[_HEADER.size:]
    if flags & _COMPRESSED:
        payload = zlib.decompress(payload)
    ids = np.cumsum(np.frombuffer(payload, _U4, n, 0), dtype=np.int64)
    weights = np.frombuffer(payload, _F4, n, 4 * n).astype(np.float64)
    lengths = np.frombuffer(payload, _U4, n, 8 * n).astype(np.int64)
    return ids, weights, lengths, payload[12 * n:]


def split_values(lengths: np.ndarray, values: bytes) -> list[bytes]:
    ends = np.cumsum(lengths).tolist()
    starts = [0] + ends[:-1]
    return [values[s:e] for s, e in zip(starts, ends)]
