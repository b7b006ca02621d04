"""Reading a page file of the corpus for the web: only inside the corpus directory."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app
from werkzeug.security import safe_join

from archive.errors import PageError
from archive.reading import read_text


def corpus_file(rel: str) -> Path:
    """``rel`` inside the corpus directory, or 404 (no traversal, no hidden files, no symlink escape)."""
    root = Path(current_app.config["CORPUS_DIR"]).resolve()
    joined = safe_join(str(root), rel)
    if joined is None or any(part.startswith(".") for part in Path(rel).parts):
        abort(404)
    try:
        path = Path(joined).resolve()
        found = path.is_relative_to(root) and path.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system, a loop
        found = False
    if not found:
        abort(404)
    return path


def page_text(rel: str) -> str:
    """The decoded text of the page file ``rel``, or 404 when it is gone or unreadable."""
    try:
        return read_text(corpus_file(rel))
    except PageError:
        abort(404)
