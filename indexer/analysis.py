"""Text analysis shared by indexing and querying.

Three pieces, all length-preserving so character offsets stay exact:

* `normalize(text)`: traditional → simplified (OpenCC ``t2s``, applied one
  character at a time so a fragment always normalises exactly like the same
  characters inside a longer text), full-width → half-width (NFKC for
  letters/digits/compatibility ideographs), Latin case folding.  Every mapping
  is one character to one character, so ``len(normalize(s)) == len(s)``.
* `units(text)`: the searchable units of a text: each CJK character is a unit,
  each run of Latin letters/digits is one unit; whitespace, punctuation and
  private-use code points only separate units (so ``也 大 幅`` == ``也大幅``).
* Two Whoosh tokenizers: `GramTokenizer` (unit bigrams, the recall guarantee)
  and `JiebaTokenizer` (jieba words, for ranking).  Both yield token ordinals as
  ``pos`` and offsets into the original text as ``startchar``/``endchar``.

jieba and OpenCC load lazily, once per process; a process that only queries
reads their derived tables from `indexer.analysis_cache` instead.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from typing import Iterator, NamedTuple

from whoosh.analysis import Token, Tokenizer

#: Separates independent sections of one field value (title, subtitle, each
#: caption …): no bigram and no phrase spans a section break.
SECTION_BREAK = "\u2029"

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # kana
    "\u3100-\u312f"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # hangul
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B–G
)
_UNIT_RE = re.compile(rf"(?P<cjk>[{_CJK}])|(?P<word>[^\W_{_CJK}]+)")
_CJK_RE = re.compile(rf"[{_CJK}]")

log = logging.getLogger(__name__)


# -- normalisation -------------------------------------------------------------

_table: dict[int, str] | None = None
_table_lock = threading.Lock()


def _build_table() -> dict[int, str]:
    import opencc  # lazy: only indexing/searching needs it

    conv = opencc.OpenCC("t2s")
    code_points = [cp for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]
    code_points += list(range(0x20000, 0x2A6E0))  # extension B, where rare traditional forms live

    def width_fold(c: str) -> str:
        cp = ord(c)
        if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII
            return chr(cp - 0xFEE0)
        if c == "\u3000":
            return " "
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and n.isalnum():
            return n
        return c

    folded = [width_fold(chr(cp)) for cp in code_points]
    # One character per line: OpenCC cannot join characters into phrases, so the
    # conversion is per character and a fragment converts like its context.
    simplified = conv.convert("\n".join(folded)).split("\n")
    if len(simplified) != len(folded):  # pragma: no cover - defensive
        simplified = [conv.convert(c) for c in folded]
    table: dict[int, str] = {}
    for cp, f, s in zip(code_points, folded, simplified):
        out = s if len(s) == 1 else f
        low = out.lower()
        if len(low) == 1:
            out = low
        if out != chr(cp):
            table[cp] = out
    # Make the mapping idempotent (t2s of a t2s output must not change again).
    for cp, out in list(table.items()):
        seen = {cp}
        while ord(out) in table and ord(out) not in seen:
            seen.add(ord(out))
            out = table[ord(out)]
        table[cp] = out
    return table


def _get_table() -> dict[int, str]:
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                from indexer.analysis_cache import cached_table

                _table = cached_table(_build_table)
    return _table


def normalize(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly the same length."""
    return text.translate(_get_table())


# -- units -----------------------------------------------------------------------


class Unit(NamedTuple):
    text: str  # normalised
    start: int  # offsets into the original text
    end: int
    cjk: bool


def units(text: str) -> list[Unit]:
    """Searchable units of one section of text (see module doc)."""
    norm = normalize(text)
    return [Unit(m.group(), m.start(), m.end(), m.lastgroup == "cjk") for m in _UNIT_RE.finditer(norm)]


#: Characters that only separate units (whitespace, punctuation, private use …).
SEPARATORS = r"[\W_]*"
_WORD_CHAR = rf"[^\W_{_CJK}]"


def unit_pattern(text: str) -> str | None:
    """A regex matching ``text``'s units in normalised text, separators allowed between them."""
    parts = []
    for u in units(text):
        p = re.escape(u.text)
        parts.append(p if u.cjk else rf"(?<!{_WORD_CHAR}){p}(?!{_WORD_CHAR})")
    return SEPARATORS.join(parts) if parts else None


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


def bigram(a: Unit, b: Unit) -> str:
    """The index term for two adjacent units (Latin/digit units keep a space)."""
    return a.text + b.text if a.cjk and b.cjk else f"{a.text} {b.text}"


def gram_terms(us: list[Unit]) -> list[str]:
    """Terms a query of units ``us`` (two or more) must find at consecutive positions."""
    return [bigram(a, b) for a, b in zip(us, us[1:])]


# -- tokenizers ---------------------------------------------------------------------


def gram_tokens(value: str, start_pos: int = 0, start_char: int = 0) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, startchar, endchar) of the recall field's terms of ``value``.

    For units u0…un-1 of a section, the bigram ui+ui+1 is emitted at position
    base+i; every Latin/digit unit is also emitted alone (whole-word search),
    and so is the section's last unit, so each unit starts at least one term
    and a one-character query can be a prefix query.  Sections (split on
    `SECTION_BREAK`) are separated by a position gap.
    """
    pos = start_pos
    offset = start_char
    finditer = _UNIT_RE.finditer
    for section in value.split(SECTION_BREAK):
        # (text, start, end, is_cjk) per unit; plain tuples: this is the indexing hot loop
        us = [(m.group(), m.start(), m.end(), m.lastgroup == "cjk") for m in finditer(normalize(section))]
        last = len(us) - 1
        for i, (text, start, end, cjk) in enumerate(us):
            if i < last:
                ntext, _ns, nend, ncjk = us[i + 1]
                yield (text + ntext if cjk and ncjk else f"{text} {ntext}"), pos + i, offset + start, offset + nend
            if not cjk or i == last:
                yield text, pos + i, offset + start, offset + end
        pos += len(us) + 1
        offset += len(section) + 1


def gram_positions(value: str) -> dict[str, list[int]]:
    """Each recall-field term of ``value`` with its positions, in order (what the index stores)."""
    out: dict[str, list[int]] = {}
    for term, pos, _s, _e in gram_tokens(value):
        poses = out.get(term)
        if poses is None:
            out[term] = [pos]
        else:
            poses.append(pos)
    return out


class GramTokenizer(Tokenizer):
    """`gram_tokens` as a Whoosh tokenizer (the schema indexes through `GramPositions`)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        for text, pos, startchar, endchar in gram_tokens(value, start_pos, start_char):
            t.text = text
            t.pos = pos
            t.startchar = startchar
            t.endchar = endchar
            if keeporiginal:
                t.original = text
            yield t


# -- jieba --------------------------------------------------------------------------

_jieba = None
_jieba_lock = threading.Lock()
#: jieba's HMM finds unseen words but costs time; recall never depends on it
#: (the gram field guarantees it), so it is off.
JIEBA_HMM = False


def _dictionary_words() -> list[str]:
    """Place names for jieba's dictionary; empty if the gazetteer cannot be read."""
    from archive.places import default_gazetteer

    try:
        return list(default_gazetteer().dictionary_words())
    except Exception as exc:  # the gazetteer is optional for analysis
        log.warning("place names not added to jieba: %s", exc)
        return []


def _import_jieba():
    """``import jieba``, without the ``pkg_resources`` it imports only to find its
    own data files (a third of a second; it falls back to a plain path)."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


def get_jieba():
    """The jieba module, initialised once per process with place names added
    (and its dictionary saved as the lexicon cache, for `jieba_words` in other processes)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                from indexer.analysis_cache import save_lexicon

                jieba = _import_jieba()
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                for word in _dictionary_words():
                    w = normalize(word)
                    if w.strip():
                        jieba.add_word(w, freq=None)
                save_lexicon(jieba.dt.FREQ, jieba.dt.total)
                _jieba = jieba
    return _jieba


_lexicon = None  # False: looked for, none


def _tokenizer_for(norm: str):
    """What segments ``norm``: jieba's own tokenizer when this process loaded the
    dictionary (indexing, a server), else one that knows only the dictionary entries
    ``norm`` can ask about, read from the lexicon cache: the same words, without
    loading 500,000 entries for a query. No cache: the whole dictionary, once."""
    global _lexicon
    if _jieba is None:
        if _lexicon is None:
            from indexer.analysis_cache import open_lexicon

            _lexicon = open_lexicon() or False
        if _lexicon:
            tk = _import_jieba().Tokenizer()
            tk.FREQ, tk.total, tk.initialized = _lexicon.entries(norm), _lexicon.total, True
            return tk
    return get_jieba().dt


def jieba_words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each jieba word of ``text`` that holds a unit."""
    norm = normalize(text)
    out = []
    for word, start, end in _tokenizer_for(norm).tokenize(norm, mode="default", HMM=JIEBA_HMM):
        if _UNIT_RE.search(word):
            out.append((word.strip(), start, end))
    return out


class JiebaTokenizer(Tokenizer):
    """jieba words (default mode: no overlapping sub-words); ``pos`` is the ordinal."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs) -> Iterator[Token]:
        get_jieba()  # indexing segments whole texts: the whole dictionary, loaded once
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        offset = 0
        for section in value.split(SECTION_BREAK):
            for word, start, end in jieba_words(section):
                t.text = word
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = word
                t.pos = pos
                t.startchar = start_char + offset + start
                t.endchar = start_char + offset + end
                pos += 1
                yield t
            pos += 1
            offset += len(section) + 1


def gram_analyzer() -> GramTokenizer:
    return GramTokenizer()


def jieba_analyzer() -> JiebaTokenizer:
    return JiebaTokenizer()


def author_key(name: str) -> str:
    """How an author name is indexed and filtered: normalised, without spaces."""
    return "".join(normalize(name).split()).replace(",", "")
