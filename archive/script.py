"""Traditional → simplified Chinese, one character at a time (`simplified`), and
the reading annotations some converted pages carry (`reading_view`).

Pages saved from Big5 mirrors and Hong Kong or Taiwan sites print place names,
role words and agencies in traditional script (``阿魯科爾沁旗``, ``記者``,
``新華社``). The rules of `archive.places` and `archive.bylines` read a
simplified view of the text; the conversion keeps every character in place
(same length, same offsets), so what they find can be cut from the text as
printed (names stay as printed: ``陸漢魁``). OpenCC's ``t2s`` table is read once,
lazily, per character (it cannot join characters into phrases, so a fragment
converts like its context).

Pages passed through a Big5 converting mirror print the pinyin of some
characters after them in parentheses (``新華網(wǎng)``, ``關(guān)俏俏``). They stay in
the text as printed; the rules read past them (`reading_view` turns them into
spaces, which every rule already skips; `drop_readings` removes them).
"""

from __future__ import annotations

import functools
import re

#: The code points converted: CJK unified ideographs (with extension A) and
#: compatibility ideographs, where traditional forms live.
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    import opencc  # lazy: loaded the first time a page is read

    code_points = [cp for lo, hi in _RANGES for cp in range(lo, hi)]
    converted = opencc.OpenCC("t2s").convert("\n".join(map(chr, code_points))).split("\n")
    if len(converted) != len(code_points):  # pragma: no cover - defensive
        converted = [opencc.OpenCC("t2s").convert(chr(cp)) for cp in code_points]
    return {cp: s for cp, s in zip(code_points, converted) if len(s) == 1 and s != chr(cp)}


@functools.lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones; same length.
    (Cached: the rules ask about the same line several times.)"""
    if _TRADITIONAL_FREE.match(text):
        return text
    return text.translate(_table())


#: Text made only of ASCII and common punctuation needs no conversion.
_TRADITIONAL_FREE = re.compile(r"[\x00-\x7f\u3000-\u303f\uff00-\uffef]*\Z")

#: ``(wǎng)``: a pinyin syllable in parentheses right after a CJK character.
READING = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")


@functools.lru_cache(maxsize=8192)
def reading_view(text: str) -> str:
    """`simplified` text with reading annotations blanked out; same length."""
    return READING.sub(lambda m: " " * len(m.group(0)), simplified(text))


def drop_readings(text: str) -> str:
    """``關(guān)俏俏`` → ``關俏俏``."""
    return READING.sub("", text)
