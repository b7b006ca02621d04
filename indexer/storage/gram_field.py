"""The recall fields (``title_g``, ``text_g``): field type and position storage.

Whoosh's `Positions` format pickles a list of position deltas for every
posting: writing costs a pickle per term per document, and reading a long
posting list back means one ``pickle.loads`` and a Python loop per document.
`GramPositions` stores each posting's positions as plain unsigned 32-bit
integers instead, so

* indexing builds the value with one ``array.tobytes()`` per term and skips
  Whoosh's token objects (`indexer.analysis.gram_positions`), and
* the search executor (`indexer.storage.postings`) turns a whole posting list's
  positions into one NumPy array with a single ``frombuffer``.

The frequency of a posting is its number of positions, so it is not stored
separately.  Whoosh's own code (segment merging, and the Whoosh-matcher
oracle of `tests/test_execute.py`) reads it through the usual ``decode_*``
methods.
"""

from __future__ import annotations

import sys
from array import array

from whoosh.fields import TEXT
from whoosh.formats import Positions

from indexer.analysis import gram_analyzer, gram_positions

#: Values are little-endian whatever the machine, so an index can be copied.
_SWAP = sys.byteorder != "little"
POSITION_BYTES = 4


def encode_positions(poses: list[int]) -> bytes:
    a = array("I", poses)
    if _SWAP:
        a.byteswap()
    return a.tobytes()


def decode_positions(value: bytes) -> list[int]:
    a = array("I")
    a.frombytes(value)
    if _SWAP:
        a.byteswap()
    return a.tolist()


class GramPositions(Positions):
    """Positions as raw little-endian uint32, one run per posting."""

    def word_values(self, value, analyzer, **kwargs):
        # The recall fields' terms come from `gram_positions`, whatever the
        # analyzer (kept in the schema for Whoosh's query-side tools).
        fb = self.field_boost
        for term, poses in gram_positions(value).items():
            yield term, len(poses), len(poses) * fb, encode_positions(poses)

    def encode(self, poslist):
        return encode_positions(poslist)

    def decode_positions(self, valuestring):
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring):
        return len(valuestring) // POSITION_BYTES

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring):
        return [(pos, 1.0) for pos in decode_positions(valuestring)]


class GramText(TEXT):
    """The recall fields' type: unit bigrams with `GramPositions`.

    ``index`` takes the postings straight from `GramPositions.word_values`
    (Whoosh's generic path also checks the value's type and mode per call);
    the analyzer stays for Whoosh's query-side tools.
    """

    def __init__(self):
        super().__init__(analyzer=gram_analyzer(), phrase=True)
        self.format = GramPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        for term, freq, weight, encoded in self.format.word_values(value, None):
            yield term.encode("utf-8"), freq, weight, encoded
