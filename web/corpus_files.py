"""Reading a page file of the corpus for the web: only page files the index knows, inside the corpus directory."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app
from werkzeug.security import safe_join

from archive.errors import PageError
from archive.reading import read_text


#: Longest ``/source/`` path looked at; page files the index knows have these suffixes.
MAX_PATH_CHARS = 1024
SOURCE_SUFFIXES = (".txt", ".jsonl", ".html")


def corpus_file(rel: str) -> Path:
    """The page file ``rel`` of the corpus, or 404: only a page file the index knows
    (never a sidecar, a backup or any other file), no traversal, no hidden files,
    no symlink leaving the corpus (`archive.safe_paths`)."""
    from archive.safe_paths import CorpusPolicy
    from indexer.search import has_source
    from web.index_handle import get_store

    if len(rel) > MAX_PATH_CHARS or not rel.lower().endswith(SOURCE_SUFFIXES):
        abort(404)
    root = Path(current_app.config["CORPUS_DIR"]).resolve()
    joined = safe_join(str(root), rel)
    if joined is None or any(part.startswith(".") for part in Path(rel).parts):
        abort(404)
    relpath = Path(joined).relative_to(root).as_posix()
    try:
        found = has_source(get_store(), relpath) and CorpusPolicy.for_root(root).refuse(joined) is None
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        found = False
    if not found:
        abort(404)
    return Path(joined)


def page_text(rel: str) -> str:
    """The decoded text of the page file ``rel``, or 404 when it is gone or unreadable."""
    try:
        return read_text(corpus_file(rel))
    except PageError:
        abort(404)
