"""How much work one search may do, and who may do heavy work at a time.

A query reads posting lists (`indexer.storage.postings`): one per bigram of every clause,
in two fields, and one per *expanded* term for a lone character (``县`` reads every
bigram that starts with 县; ``a OR b OR …`` reads every alternative).  Each search
gets a `Budget`; the executor charges it

* one term per posting list read; the terms a lone character expands to are
  all reserved *before* any of them is read (`Budget.reserve`);
* the entries of each list (documents plus positions), from the term's entry in
  the index, *before* decoding them (`Budget.charge`);
* the wall time spent so far (checked at every charge).

Past any limit the search stops with `QueryTooBroad`: nothing partial is ever
shown (no total, no facets), only a notice and, where one exists, a narrower
query to try.  The limits sit far above what ordinary queries need (figures in
``bench/RESULTS.md``); `Limits.from_env` reads the ``NEWSARCHIVE_QUERY_*`` overrides.

Heavy but allowed queries (past `Limits.heavy_terms` or `Limits.heavy_entries`) take one of few *heavy
slots* first, so that however many of them arrive, the rest of the server's
threads stay free for ordinary queries (``bench/heavy_load.py``).  A query that
cannot get a slot within `Limits.slot_wait` seconds stops with `ServerBusy`; one that
got a slot gives the memory it freed back to the system (glibc's ``malloc_trim``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import time
from dataclasses import dataclass, fields

from indexer.query import ParsedQuery

ENV_PREFIX = "NEWSARCHIVE_QUERY_"


@dataclass(frozen=True)
class Limits:
    #: Posting lists one query may read (each expanded term counts).
    max_terms: int = 1_000
    #: Posting entries (documents + positions) one query may decode.
    max_entries: int = 6_000_000
    #: Seconds of work one query may take (a backstop: the limits above come first).
    max_seconds: float = 5.0
    #: Past this many posting lists, or this many entries, a query is heavy: it waits for a heavy slot.
    heavy_terms: int = 200
    heavy_entries: int = 200_000
    #: Heavy queries running at once (per server process).
    heavy_slots: int = 1
    #: Seconds a heavy query waits for a slot before the server says it is busy.
    slot_wait: float = 15.0

    @classmethod
    def from_env(cls, environ=None) -> "Limits":
        """The defaults, overridden by ``NEWSARCHIVE_QUERY_MAX_TERMS`` and the like."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw:
                try:
                    values[f.name] = type(f.default)(raw)
                except ValueError:
                    raise ValueError(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: need a number") from None
        return cls(**values)


#: No limit at all: for callers that are not serving readers (tests comparing executors).
UNLIMITED = Limits(max_terms=1 << 62, max_entries=1 << 62, max_seconds=float("inf"), heavy_terms=1 << 62,
                   heavy_entries=1 << 62)


class QueryTooBroad(Exception):
    """The query needs more work than one search may do; ``what`` says which limit."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(what)


class ServerBusy(Exception):
    """Every heavy slot stayed taken while this heavy query waited."""


_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _semaphore(n: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        if n not in _slots:
            _slots[n] = threading.BoundedSemaphore(n)
        return _slots[n]


def _load_malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to call
        return None


_malloc_trim = _load_malloc_trim()


def _give_back_memory() -> None:
    """Return the free heap a heavy query leaves behind to the system (glibc keeps it otherwise)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


class Budget:
    """The work one search has done, against `Limits`.  Use as a context manager:
    leaving it gives back a heavy slot the search took."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits.from_env()
        self.terms = 0
        self.entries = 0
        self.started = time.perf_counter()
        self._slot: threading.BoundedSemaphore | None = None

    def __enter__(self) -> "Budget":
        return self

    def __exit__(self, *exc) -> None:
        if self._slot is not None:
            _give_back_memory()
            self._slot.release()
            self._slot = None

    @property
    def heavy(self) -> bool:
        return self._slot is not None

    def room(self) -> int:
        """Posting lists this query may still read."""
        return self.limits.max_terms - self.terms

    def reserve(self, terms: int) -> None:
        """About to read ``terms`` more posting lists: refuse now if they will not fit."""
        if terms > self.room():
            raise QueryTooBroad(f"terms > {self.limits.max_terms}")

    def read_term(self) -> None:
        """About to read one more posting list."""
        self.reserve(1)
        self.terms += 1
        if self.terms > self.limits.heavy_terms and self._slot is None:
            self._take_slot()

    def charge(self, entries: int) -> None:
        """About to decode ``entries`` more posting entries."""
        self.entries += entries
        if self.entries > self.limits.max_entries:
            raise QueryTooBroad(f"entries > {self.limits.max_entries}")
        if self.entries > self.limits.heavy_entries and self._slot is None:
            self._take_slot()
        if time.perf_counter() - self.started > self.limits.max_seconds:
            raise QueryTooBroad(f"seconds > {self.limits.max_seconds}")

    def _take_slot(self) -> None:
        slot = _semaphore(self.limits.heavy_slots)
        waited = time.perf_counter()
        if not slot.acquire(timeout=self.limits.slot_wait):
            raise ServerBusy()
        self._slot = slot
        self.started += time.perf_counter() - waited  # the time limit counts work, not waiting



#: OR alternatives kept in a suggested narrower query.
SUGGEST_ALTERNATIVES = 2


def narrower(pq: ParsedQuery) -> str | None:
    """A narrower query to suggest for ``pq``: lone characters dropped, OR groups cut to
    their first alternatives; None when that changes nothing or leaves nothing to search."""
    groups = []
    for group in pq.groups:
        kept = [c for c in group if c.negated or c.field in ("author", "county") or len(c.units) >= 2]
        if kept:
            groups.append(kept[:SUGGEST_ALTERNATIVES])
    narrowed = ParsedQuery(groups)
    if not narrowed.positive or narrowed.source() == pq.source():
        return None
    return narrowed.source()
