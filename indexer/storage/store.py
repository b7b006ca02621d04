"""The index directory's owner: generations, ``CURRENT``, manifest, lock, schema
check, building and publishing a generation, clean-up, and the searchers handed
out over the live generation.

Layout of ``index_dir``::

    CURRENT          one line naming the live generation, e.g. "gen-7"; replaced atomically
    manifest.json    {"generation": 7, "previous": 6, "last_reindex": ..., counts}
    reindex.lock     flock'ed by the running reindex (see `indexer.storage.lock`)
    gen-6/           the previous generation, kept until the next reindex
    gen-7/           the live generation: a complete Whoosh index, and ids.json (former article ids,
                     `indexer.storage.id_table`)
    gen-8.building/  only while a full reindex runs (removed by the next run if it died)

A full reindex builds ``gen-<n+1>.building``, renames it to ``gen-<n+1>`` and then
swaps ``CURRENT`` with `os.replace`: a reader sees the old or the new generation,
never a half-built one. An incremental reindex commits into the live generation
(Whoosh commits are atomic for readers) and rewrites ``CURRENT`` with the same
name so that every `IndexStore` notices the change.

A reindex (`indexer.write.reindex`) goes through the same object: `IndexStore.lock`,
`IndexStore.remove_stale`, `IndexStore.can_update`, then either
`IndexStore.start_build` … `IndexStore.publish_build` (full) or
`IndexStore.live_index` … `IndexStore.publish_update` (incremental).

`IndexStore` opens the live generation once per process and reopens it when
``CURRENT`` changes (one ``stat`` per `IndexStore.searcher` call). Each searcher is
used by one thread at a time: the store keeps a small pool per generation and
closes a retired generation's searchers as soon as they are given back.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.storage.id_table import TABLE_NAME, IdTable, read_table, table_json
from indexer.storage.lock import reindex_lock

POINTER_NAME = "CURRENT"
MANIFEST_NAME = "manifest.json"
GEN_PREFIX = "gen-"
BUILDING_SUFFIX = ".building"
#: Idle searchers kept per generation; more are closed when given back.
POOL_SIZE = 8
_GEN_RE = re.compile(r"^gen-(\d+)$")
_BUILDING_RE = re.compile(r"^gen-(\d+)\.building$")
_OPEN_ATTEMPTS = 3


class IndexMissing(Exception):
    """There is no usable index in ``index_dir`` (never built, or removed)."""

    def __init__(self, index_dir: str | os.PathLike, reason: str = "no search index here yet"):
        self.index_dir = str(index_dir)
        self.reason = reason
        super().__init__(f"{self.index_dir}: {reason}; run `newsarchive reindex` to build it")


# ------------------------------------------------------------ layout helpers
def gen_name(n: int) -> str:
    return f"{GEN_PREFIX}{n}"


def gen_number(name: str) -> int | None:
    m = _GEN_RE.match(name)
    return int(m.group(1)) if m else None


def generation_dirs(index_dir: str | os.PathLike) -> dict[int, Path]:
    """Complete generation directories (``gen-<n>``) by number; half-built ones excluded."""
    out = {}
    try:
        entries = list(os.scandir(index_dir))
    except FileNotFoundError:
        return out
    for e in entries:
        n = gen_number(e.name)
        if n is not None and e.is_dir(follow_symlinks=False):
            out[n] = Path(e.path)
    return out


def building_dirs(index_dir: str | os.PathLike) -> list[Path]:
    """Half-built generation directories (``gen-<n>.building``)."""
    try:
        return [Path(e.path) for e in os.scandir(index_dir) if _BUILDING_RE.match(e.name)]
    except FileNotFoundError:
        return []


def next_generation(index_dir: str | os.PathLike) -> int:
    """A number above every generation present, complete or half-built."""
    numbers = list(generation_dirs(index_dir))
    numbers += [int(_BUILDING_RE.match(p.name).group(1)) for p in building_dirs(index_dir)]
    live = read_pointer(index_dir)
    if live is not None and gen_number(live) is not None:
        numbers.append(gen_number(live))
    return max(numbers, default=0) + 1


def read_pointer(index_dir: str | os.PathLike) -> str | None:
    """Name of the live generation, or None when there is no (valid) pointer."""
    try:
        name = (Path(index_dir) / POINTER_NAME).read_text("ascii").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    return name if gen_number(name) is not None else None


def write_pointer(index_dir: str | os.PathLike, name: str) -> None:
    """Make ``name`` the live generation (atomic: write a temp file, fsync, `os.replace`)."""
    _atomic_write(Path(index_dir) / POINTER_NAME, f"{name}\n")


def read_manifest(index_dir: str | os.PathLike) -> dict:
    try:
        data = json.loads((Path(index_dir) / MANIFEST_NAME).read_text("utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(index_dir: str | os.PathLike, manifest: dict) -> None:
    _atomic_write(Path(index_dir) / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def stored_pages(searcher) -> dict[str, tuple[str | None, int]]:
    """``{source: (page_fp, articles)}`` for every page with live documents in the index
    (read from the columns, `indexer.storage.columns`)."""
    import numpy as np

    from indexer.storage.columns import columns_for
    from indexer.storage.schema import KIND_LEFTOVER

    cols = columns_for(searcher.reader())
    live = cols.live_array
    codes, sources = cols.codes("source")
    kinds, kind_values = cols.codes("kind")
    leftover = kind_values.index(KIND_LEFTOVER) if KIND_LEFTOVER in kind_values else -1
    page_of = codes[live]
    articles = np.bincount(page_of, weights=kinds[live] != leftover, minlength=len(sources))
    out = {}
    for code, first in zip(*np.unique(page_of, return_index=True)):
        if code:  # 0: a document without a source
            out[sources[code]] = (searcher.stored_fields(int(live[first])).get("page_fp"), int(articles[code]))
    return out


def stored_records(searcher, sources=None):
    """The stored records (JSON strings) of every live document, or of the pages ``sources``."""
    if sources is None:
        for docnum in searcher.reader().all_doc_ids():
            yield searcher.stored_fields(docnum).get("record") or "{}"
        return
    for source in sources:
        for fields in searcher.documents(source=source):
            yield fields.get("record") or "{}"


def _pointer_token(index_dir: Path):
    """Cheap identity of the pointer file: changes whenever it is replaced."""
    try:
        st = os.stat(index_dir / POINTER_NAME)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


# ------------------------------------------------------------------ handles
@dataclass(frozen=True)
class IndexState:
    """What a reindex records in the manifest when it publishes an index state."""

    mode: str  # "full" | "incremental"
    schema_version: str
    pages: int  # pages with documents in the index


@dataclass(frozen=True)
class Build:
    """A generation being built (`IndexStore.start_build`): number, directory, Whoosh index,
    and the live generation it will replace."""

    number: int
    path: Path
    ix: object
    previous: int | None


class _Generation:
    """One opened generation: its Whoosh index and a pool of idle searchers."""

    def __init__(self, name: str, path: Path, ix):
        self.name = name
        self.path = path
        self.ix = ix
        self.idle: list = []
        self.busy = 0
        self.retired = False

    def close_idle(self) -> None:
        while self.idle:
            _close_quietly(self.idle.pop())


def _close_quietly(searcher) -> None:
    try:
        if not searcher.is_closed:
            searcher.close()
    except Exception:  # a searcher that cannot close cleanly must not break the caller
        pass


class IndexStore:
    """The index in ``index_dir``: live generation, manifest, and pooled searchers.

    Thread-safe; meant to be created once per process and shared.
    """

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._gen: _Generation | None = None
        self._token = None

    # -- facts about the live generation -------------------------------------
    def exists(self) -> bool:
        """True when the pointer names a generation that holds a Whoosh index.

        An index of another schema version is not opened (the classes pickled
        into it may no longer exist): it exists, and `outdated_schema` says why
        it cannot be read."""
        from whoosh import index as whoosh_index

        name = read_pointer(self.index_dir)
        if name is None or not (self.index_dir / name).is_dir():
            return False
        return self.outdated_schema() is not None or whoosh_index.exists_in(str(self.index_dir / name))

    def outdated_schema(self) -> str | None:
        """Why the live index cannot be read by this version (built with another
        schema, recorded in the manifest), or None."""
        from indexer.storage.schema import SCHEMA_VERSION

        built = self.manifest.get("schema_version")
        if built is None or str(built) == str(SCHEMA_VERSION):
            return None
        return (f"the index was built by another version of newsarchive (index schema {built}, "
                f"this version reads {SCHEMA_VERSION}); a full rebuild is needed")

    def can_update(self, schema_version: str) -> bool:
        """True when the live generation exists and was written with ``schema_version``
        (so a reindex may update it in place)."""
        return self.manifest.get("schema_version") == schema_version and self.exists()

    @property
    def generation(self) -> int | None:
        """Number of the live generation, None when there is none."""
        name = read_pointer(self.index_dir)
        return gen_number(name) if name else None

    def path_of_live(self) -> Path:
        """Directory of the live generation; `IndexMissing` when there is none."""
        name = read_pointer(self.index_dir)
        if name is None:
            raise IndexMissing(self.index_dir)
        path = self.index_dir / name
        if not path.is_dir():
            raise IndexMissing(self.index_dir, f"the live generation {name} is missing")
        return path

    @property
    def manifest(self) -> dict:
        """The manifest, when it describes the live generation; else {}."""
        data = read_manifest(self.index_dir)
        return data if data.get("generation") == self.generation else {}

    @property
    def last_reindex(self) -> _dt.datetime | None:
        """When the live index was last changed by a reindex (timezone-aware UTC), or None."""
        stamp = self.manifest.get("last_reindex")
        try:
            return _dt.datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            return None

    def id_table(self) -> IdTable:
        """The live generation's table of former article ids (`indexer.storage.id_table`)."""
        name = read_pointer(self.index_dir)
        return read_table(self.index_dir / name) if name else IdTable()

    def readable(self) -> bool:
        """True when the live generation exists and this version can read its records."""
        return self.exists() and self.outdated_schema() is None

    # -- writing (one reindex at a time, under `lock`) -------------------------
    def lock(self):
        """``with store.lock():`` hold the reindex lock (`ReindexBusy` at once if taken)."""
        return reindex_lock(self.index_dir)

    def remove_stale(self) -> list[str]:
        """Remove what a killed run left: half-built generations, temp files, old generations."""
        removed = []
        for path in building_dirs(self.index_dir):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        live = self.generation
        for folder in [self.index_dir] + ([self.index_dir / gen_name(live)] if live is not None else []):
            for entry in os.scandir(folder) if folder.is_dir() else ():
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    os.unlink(entry.path)
                    removed.append(entry.name)
        if live is not None:
            removed += self._remove_generations({live, self.manifest.get("previous")})
        return removed

    def start_build(self, schema) -> Build:
        """A fresh, empty generation in ``gen-<n>.building`` (invisible to readers until `publish_build`)."""
        from whoosh import index as whoosh_index

        n = next_generation(self.index_dir)
        path = self.index_dir / f"{gen_name(n)}{BUILDING_SUFFIX}"
        path.mkdir()
        return Build(n, path, whoosh_index.create_in(str(path), schema), self.generation)

    @staticmethod
    def abandon(build: Build) -> None:
        """Remove a build that failed (the next run would remove it anyway)."""
        shutil.rmtree(build.path, ignore_errors=True)

    def publish_build(self, build: Build, state: IndexState) -> list[str]:
        """Make the finished ``build`` the live generation; returns the generations removed
        (all but the new one and the one it replaces, which other processes may still be opening)."""
        from whoosh import index as whoosh_index

        ix = whoosh_index.open_dir(str(build.path))
        documents, commit = ix.doc_count(), ix.latest_generation()
        os.rename(build.path, self.index_dir / gen_name(build.number))
        self._publish(build.number, build.previous, state, documents, commit)
        return self._remove_generations({build.number, build.previous})

    @staticmethod
    def write_id_table(gen_path: Path, table: IdTable) -> None:
        """Write the table of former ids of a generation (a build's, or the live one before its commit)."""
        _atomic_write(Path(gen_path) / TABLE_NAME, table_json(table))

    def live_index(self):
        """The Whoosh index of the live generation, for a writer (`IndexMissing` when there is none)."""
        from whoosh import index as whoosh_index

        return whoosh_index.open_dir(str(self.path_of_live()))

    def publish_update(self, ix, state: IndexState) -> None:
        """Record a commit into the live generation ``ix`` (and tell every `IndexStore` to reopen)."""
        self._publish(self.generation, read_manifest(self.index_dir).get("previous"), state,
                      ix.doc_count(), ix.latest_generation())

    def unpublished_commit(self, ix) -> bool:
        """True when the live generation holds a commit the manifest does not record
        (a reindex killed after its commit, before `publish_update`)."""
        return read_manifest(self.index_dir).get("commit") != ix.latest_generation()

    def _publish(self, n: int, previous: int | None, state: IndexState, documents: int, commit: int) -> None:
        """Write the manifest, then make generation ``n`` live by replacing the pointer
        (also for an update in place: a new pointer file tells every `IndexStore` to reopen)."""
        write_manifest(self.index_dir, {
            "generation": n,
            "previous": previous,
            "last_reindex": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "mode": state.mode,
            "schema_version": state.schema_version,
            "pages": state.pages,
            "documents": documents,
            "commit": commit,  # Whoosh TOC generation of that state
        })
        write_pointer(self.index_dir, gen_name(n))

    def _remove_generations(self, keep: set) -> list[str]:
        removed = []
        for n, path in sorted(generation_dirs(self.index_dir).items()):
            if n not in keep:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed

    # -- searchers ------------------------------------------------------------
    @contextmanager
    def searcher(self):
        """``with store.searcher() as s:`` a Whoosh Searcher on the live generation.

        The searcher stays valid for the whole block even if a reindex switches
        generations meanwhile; the next call sees the new generation.
        """
        gen, searcher = self._checkout()
        try:
            yield searcher
        finally:
            self._checkin(gen, searcher)

    def close(self) -> None:
        """Close idle searchers; those in use are closed when given back."""
        with self._lock:
            if self._gen is not None:
                self._retire(self._gen)
            self._gen, self._token = None, None

    def _checkout(self):
        with self._lock:
            gen = self._live_locked()
            gen.busy += 1
            searcher = gen.idle.pop() if gen.idle else None
        if searcher is None:
            try:
                searcher = self._new_searcher(gen)
            except BaseException:
                with self._lock:
                    gen.busy -= 1
                raise
        return gen, searcher

    def _checkin(self, gen: _Generation, searcher) -> None:
        with self._lock:
            gen.busy -= 1
            if gen.retired or searcher.is_closed or len(gen.idle) >= POOL_SIZE:
                _close_quietly(searcher)
            else:
                gen.idle.append(searcher)

    def _new_searcher(self, gen: _Generation):
        from whoosh.index import EmptyIndexError

        last = None
        for _ in range(_OPEN_ATTEMPTS):
            try:  # a concurrent commit may delete segment files between TOC read and open
                return gen.ix.searcher()
            except (OSError, EmptyIndexError) as err:
                last = err
        raise IndexMissing(self.index_dir, f"cannot open {gen.name}: {last}")

    def _live_locked(self) -> _Generation:
        token = _pointer_token(self.index_dir)
        if token is not None and token == self._token and self._gen is not None:
            return self._gen
        gen = self._open_live()
        if self._gen is not None:
            self._retire(self._gen)
        self._gen, self._token = gen, token
        return gen

    def _open_live(self) -> _Generation:
        from whoosh import index as whoosh_index

        last = "no search index here yet"
        for _ in range(_OPEN_ATTEMPTS):  # the pointer may move while we open
            name = read_pointer(self.index_dir)
            if name is None:
                raise IndexMissing(self.index_dir)
            path = self.index_dir / name
            outdated = self.outdated_schema()
            if outdated:
                raise IndexMissing(self.index_dir, outdated)
            try:
                ix = whoosh_index.open_dir(str(path))
            except (OSError, whoosh_index.EmptyIndexError) as err:
                last = f"cannot open the live generation {name} ({err})"
                continue
            return _Generation(name, path, ix)
        raise IndexMissing(self.index_dir, last)

    @staticmethod
    def _retire(gen: _Generation) -> None:
        gen.retired = True
        gen.close_idle()

    def __repr__(self) -> str:
        return f"IndexStore({str(self.index_dir)!r})"
