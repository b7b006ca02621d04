"""The one `IndexStore` per app, opened on first use and shared by all threads.

Managed like the database handle of Flask's tutorial (flaskr ``db.py``), except
that a Whoosh index is opened once per process, not once per request: the store
hands out searchers and reopens itself when a reindex switches generations.
Creating the store never fails; while no index exists, each search raises
`IndexMissing` (the error handlers answer 503), so the site starts working as
soon as ``newsarchive reindex`` has run, without a restart.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from indexer.storage.store import IndexStore

EXTENSION_KEY = "newsarchive.store"
_lock = threading.Lock()


def get_store() -> IndexStore:
    """The app's `IndexStore`."""
    app = current_app
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        with _lock:
            store = app.extensions.get(EXTENSION_KEY)
            if store is None:
                store = IndexStore(app.config["INDEX_DIR"])
                app.extensions[EXTENSION_KEY] = store
    return store


def init_app(app: Flask) -> None:
    app.extensions.setdefault(EXTENSION_KEY, None)
