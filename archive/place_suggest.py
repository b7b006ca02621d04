""""Did you mean" for place names, from an index of their characters and bigrams.

Comparing an unknown name with each of the 2,845 county-level names by edit
distance costs time in proportion to the input's length times the names (an
8,000-character name took 5.9 s). Here each name is indexed under its characters
and character bigrams; a lookup looks at no more than `MAX_SUGGEST_CHARS` of the
input, reads only the lists of its grams, and compares closely only the
`CANDIDATES` names sharing the most grams with it.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

#: Only this many characters of the input are looked at (the longest county name has 15).
MAX_SUGGEST_CHARS = 20
#: Names sharing the most grams with the input that are compared closely.
CANDIDATES = 50
#: Least share of matching characters for a name to be suggested.
MIN_SIMILARITY = 0.5


def grams(text: str) -> set[str]:
    """The characters and character bigrams of ``text``."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Share of characters in common, relative to the longer string."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(a), len(b))


class NameIndex:
    """Names indexed by their grams, for `suggest`."""

    def __init__(self, names: Iterable[str]):
        self._names = sorted(set(names))
        self._postings: dict[str, list[int]] = {}
        for i, name in enumerate(self._names):
            for g in grams(name):
                self._postings.setdefault(g, []).append(i)

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Up to ``n`` names: those containing ``text`` (shortest first), then the closest."""
        key = "".join(text.split())[:MAX_SUGGEST_CHARS]
        if not key or n < 1:
            return []
        shared = Counter(i for g in grams(key) for i in self._postings.get(g, ()))
        candidates = [self._names[i] for i, _count in shared.most_common(CANDIDATES)]
        with_first = (self._names[i] for i in self._postings.get(key[0], ()))  # a name holding key holds key[0]
        containing = sorted((name for name in with_first if key in name), key=lambda s: (len(s), s))
        close = sorted(((similarity(key, name), -abs(len(name) - len(key)), name) for name in candidates),
                       key=lambda t: (-t[0], -t[1], t[2]))
        out = list(dict.fromkeys([*containing, *(name for score, _, name in close if score >= MIN_SIMILARITY)]))
        return out[:n]
