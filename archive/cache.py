"""Files that spare a fresh process work derived from installed data.

Reading jieba's 350,000-word dictionary, building the normalisation table or
the prefix dictionary takes a good part of a second; a command that parses one
page or runs one query needs a small part of the result. Such derived data is
written once, by the first process that builds it, into a cache directory, under
a fingerprint of the files it is derived from, and read from there afterwards.

A cache is only ever a copy: missing, unreadable or stale (another fingerprint),
it is rebuilt from the sources, with the same result; a cache that cannot be
written is skipped. Where: ``$NEWSARCHIVE_CACHE``, else
``$XDG_CACHE_HOME/newsarchive``, else ``~/.cache/newsarchive``, else a
directory in the system's temporary directory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)

ENV_CACHE = "NEWSARCHIVE_CACHE"
#: Bump when the layout of the cached files changes.
CACHE_FORMAT = 1

T = TypeVar("T")


def cache_root() -> Path:
    """Where the caches live (see the module doc)."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "newsarchive"
    try:
        return Path.home() / ".cache" / "newsarchive"
    except RuntimeError:  # no home directory (a service account)
        return Path(tempfile.gettempdir()) / f"newsarchive-{os.getuid()}"


def package_dir(name: str) -> Path | None:
    """The directory of an installed top-level package, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def jieba_dictionary() -> Path | None:
    """jieba's ``dict.txt`` (a plain data file: reading it needs no import of jieba)."""
    where = package_dir("jieba")
    return where / "dict.txt" if where is not None else None


def cache_path(name: str, sources: list[Path]) -> Path:
    """The cache file ``name`` for data derived from ``sources``: its directory is a
    hash of their paths, sizes and modification times (and of Python's version, for
    marshal), so a change to any of them gives another file."""
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{CACHE_FORMAT} {sys.version_info[:2]}".encode())
    for path in sources:
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"\n{path.resolve()} {st.st_size} {st.st_mtime_ns}".encode())
    return cache_root() / h.hexdigest() / name


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """``write`` a temporary file beside ``path``, then rename it to ``path``
    (readers see all or nothing); a failure is logged, never raised."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception as err:  # a cache is optional: any failure to write it is only logged
        log.info("cache not written (%s): %s", path, err)


def cached(name: str, sources: list[Path], build: Callable[[], T]) -> T:
    """``build()``'s result (plain data that ``marshal`` can hold) from the cache, else
    built and cached."""
    path = cache_path(name, sources)
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    write_atomically(path, lambda tmp: tmp.write_bytes(marshal.dumps(value)))
    return value
