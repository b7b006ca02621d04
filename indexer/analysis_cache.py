"""The tables analysis derives at start-up, cached for the next process
(`archive.cache`: where, fingerprints, atomic writes).

* the normalisation table (OpenCC over every code point, ~0.4 s to build; a dict
  of ~7,000 entries to read);
* jieba's prefix dictionary ``FREQ`` and ``total`` after the gazetteer's place
  names were added (~1 s to load), as an SQLite file of lookups (`Lexicon`): a
  query reads only the entries of its own substrings.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from pathlib import Path
from typing import Callable

from archive.cache import cached, cache_path, jieba_dictionary, package_dir, write_atomically

log = logging.getLogger(__name__)


def sources() -> list[Path]:
    """Every file the analysis tables are derived from: this code, the gazetteer
    (the archive package's code and data files) and the installed jieba and OpenCC."""
    here = Path(__file__).resolve().parent
    out = [here / "analysis.py", here / "analysis_cache.py"]
    archive = package_dir("archive")
    if archive is not None:
        out += [*sorted(archive.glob("*.py")), *sorted((archive / "data").glob("*"))]
    jieba = package_dir("jieba")
    if jieba is not None:
        out += [jieba / "__init__.py", jieba_dictionary()]
    opencc = package_dir("opencc")
    if opencc is not None:
        out.append(opencc / "__init__.py")
    return out


def cached_table(build: Callable[[], dict[int, str]]) -> dict[int, str]:
    """The normalisation table from its cache, else ``build()`` (and cache it)."""
    return cached("normalize.marshal", sources(), build)


# -- jieba's prefix dictionary ----------------------------------------------------------

#: jieba cuts only inside these runs (``jieba.re_han_default``; the same pattern,
#: copied so that a lookup needs no import of jieba: a test checks they agree).
JIEBA_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_IN_CHUNK = 500  # bound parameters per query (SQLite allows 999 by default)


def save_lexicon(freq: dict[str, int], total: int) -> None:
    """Write jieba's ``FREQ`` and ``total`` as the lexicon cache, unless it is there."""
    path = cache_path("lexicon.sqlite3", sources())
    if path.exists():
        return

    def write(tmp: Path) -> None:
        db = sqlite3.connect(tmp)
        try:
            db.execute("CREATE TABLE freq(word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            with db:
                db.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
                db.executemany("INSERT INTO meta VALUES (?, ?)",
                               [("total", total), ("longest", max(map(len, freq), default=0)), ("count", len(freq))])
        finally:
            db.close()

    write_atomically(path, write)


class Lexicon:
    """jieba's prefix dictionary as lookups in the cache file: `entries` gives the
    part of ``FREQ`` that segmenting one text can ask about."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self.db.execute("SELECT key, value FROM meta"))
        self.total, self.longest = meta["total"], meta["longest"]
        self._lock = threading.Lock()

    def entries(self, text: str) -> dict[str, int]:
        """``FREQ`` restricted to the substrings of ``text``'s jieba blocks no longer
        than the longest entry: every key jieba's default mode looks up for ``text``
        (a longer substring is never an entry)."""
        wanted = set()
        for block in JIEBA_BLOCK.findall(text):
            n = len(block)
            for i in range(n):
                for j in range(i + 1, min(n, i + self.longest) + 1):
                    wanted.add(block[i:j])
        wanted = list(wanted)
        out: dict[str, int] = {}
        with self._lock:
            for k in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[k:k + _IN_CHUNK]
                sql = f"SELECT word, freq FROM freq WHERE word IN ({','.join('?' * len(chunk))})"
                out.update(self.db.execute(sql, chunk))
        return out


def open_lexicon() -> Lexicon | None:
    """The lexicon cache of this fingerprint, or None when there is none (or it is unreadable)."""
    path = cache_path("lexicon.sqlite3", sources())
    if not path.exists():
        return None
    try:
        return Lexicon(path)
    except (sqlite3.Error, KeyError) as err:
        log.info("analysis cache %s unreadable: %s", path, err)
        return None
