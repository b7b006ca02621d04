"""Text normalisation for one page: artefact spaces, doubled headings, broken lines.

Rules, each one a newspaper editor would recognise:

* Whitespace of any kind (tabs, U+3000, NBSP, zero-width) is one plain space;
  zero-width characters and the BOM are dropped (nobody can see them).
* A space next to CJK punctuation, or between a CJK character and a Latin
  letter/number (``于 2019 年``), is an artefact of justified PDF lines. A space
  between two CJK characters is an artefact when one of the words around it is a
  single character (``也 大 幅 提 升``); between two longer words it is a real
  separator, as in the title ``聚“链”成势 向“新”提质``. Spaces between Latin words
  and numbers (``Micro LED``) are real.
* A heading-shaped line (no sentence punctuation) whose words are each printed
  twice by the PDF text layer (``产改赋能产改赋能 匠心筑梦匠心筑梦``) is collapsed.
  Prose is never touched: ``环评环评`` inside a sentence stays.
* Private-use code points are glyphs the PDF font could not map. Known ones are
  replaced by the character the font meant (`PUA_MAP`); unknown ones are kept as
  they are (never dropped) and count as a CJK character, so the text around
  them stays contiguous (``1􀏑1`` is one run, not ``1 􀏑 1``).
* Lines broken inside a paragraph are rejoined (`archive.layout.clean_text`);
  see `archive.layout_units` for the paragraph rules of both page layouts.

Every function here is idempotent: applying it twice equals applying it once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from archive.unsafe_chars import strip_bidi

#: Private-use code points seen in the corpus, mapped to what was printed.
#: U+1003D1 sits between the digits of a ratio (``1􀏑1`` = ``1∶1``, seed page 004);
#: U+F03D1 is the same glyph slot in the other supplementary PUA plane.
PUA_MAP = {"\U001003d1": "\u2236", "\U000f03d1": "\u2236"}
_PUA_TABLE = str.maketrans(PUA_MAP)
_PUA_RE = re.compile("[" + "".join(PUA_MAP) + "]")

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f]")

_SENTENCE_PUNCT = "，。；！？,;!?"
_PAIRS = ("“”", "‘’", "（）", "()", "《》", "「」", "『』", "【】", "〔〕", "[]")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


def is_private(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o <= 0x10FFFD


def is_wide(ch: str) -> bool:
    """Printed one CJK cell wide (ideographs, full-width forms, CJK quotes and dashes)."""
    return unicodedata.east_asian_width(ch) in "WFA"


@lru_cache(maxsize=65536)
def char_class(ch: str) -> str:
    """'P' wide punctuation/symbol, 'C' other wide (ideographs, PUA, full-width
    letters), 'N' narrow (Latin, digits, ASCII punctuation)."""
    if not is_wide(ch):
        return "N"
    if is_private(ch) or is_han(ch):
        return "C"
    return "P" if unicodedata.category(ch)[0] in "PS" else "C"


@lru_cache(maxsize=65536)
def _char_width(ch: str) -> float:
    return 0.0 if ch == " " else (1.0 if is_wide(ch) else 0.5)


def text_width(text: str) -> float:
    """Printed width in CJK cells: wide characters 1, narrow ½, spaces 0."""
    return sum(map(_char_width, text))


_SENTENCE_RE = re.compile("[" + re.escape(_SENTENCE_PUNCT) + "]")


def has_sentence_punct(text: str) -> bool:
    return _SENTENCE_RE.search(text) is not None


_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS)) + "]")


def brackets_balanced(text: str) -> bool:
    """Every opening quote or bracket has its closing one (counted, not nested)."""
    marks = "".join(_BRACKETS.findall(text))
    return not marks or all(marks.count(a) == marks.count(b) for a, b in _PAIRS)


def _wide_count(token: str) -> int:
    return sum(1 for ch in token if char_class(ch) == "C")



def _remove_artefact_spaces(line: str) -> str:
    tokens = line.split(" ")
    if len(tokens) == 1:
        return line
    out = [tokens[0]]
    for left, right in zip(tokens, tokens[1:]):
        a, b = char_class(left[-1]), char_class(right[0])
        if "P" in (a, b):
            keep = False
        elif a == "C" and b == "C":
            keep = _wide_count(left) > 1 and _wide_count(right) > 1
        elif a == "N" and b == "N":
            keep = True
        else:  # CJK next to Latin/number
            keep = False
        if keep:
            out.append(" ")
        out.append(right)
    return "".join(out)


def _doubled(token: str) -> str | None:
    half = len(token) // 2
    if len(token) % 2 or half < 2:
        return None
    x = token[:half]
    if token[half:] != x or len(set(x)) == 1 or sum(map(is_han, x)) < 2:
        return None
    return x


def _collapse_doubled_heading(line: str) -> str:
    """``产改赋能产改赋能 匠心筑梦匠心筑梦`` → ``产改赋能 匠心筑梦`` (headings only)."""
    if len(line) > 60 or has_sentence_punct(line):
        return line
    tokens = line.split(" ")
    halves = [_doubled(t) for t in tokens]
    if len(tokens) >= 2 and all(halves):
        return " ".join(halves)  # type: ignore[arg-type]
    if len(tokens) == 1 and halves[0] and len(halves[0]) >= 4:
        return halves[0]
    return line


def _clean_line_once(line: str) -> str:
    line = strip_bidi(_INVISIBLE.sub("", line))
    line = _CONTROL.sub("", line)
    if _PUA_RE.search(line):
        line = line.translate(_PUA_TABLE)
    line = _SPACES.sub(" ", line).strip()
    if " " in line:
        line = _remove_artefact_spaces(line)
    return _collapse_doubled_heading(line)


def clean_line(line: str) -> str:
    """One line or paragraph: whitespace normalised, artefact spaces removed,
    doubled heading collapsed. Idempotent."""
    prev = None
    while line != prev:  # every change shortens the line, so this ends
        prev, line = line, _clean_line_once(line)
    return line
