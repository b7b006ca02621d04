"""The one `IndexStore` per app, opened on first use and shared by all threads.

Managed like the database handle of Flask's tutorial (flaskr ``db.py``), except
that a Whoosh index is opened once per process, not once per request: the store
hands out searchers and reopens itself when a reindex switches generations.
If the index does not exist yet, `IndexMissing` propagates (the error handlers
answer 503) and nothing is cached, so the site starts working as soon as
``newsarchive reindex`` has run, without a restart.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

EXTENSION_KEY = "newsarchive.store"
_lock = threading.Lock()


def get_store():
    """The app's `indexer.storage.store.IndexStore` (raises `IndexMissing` if there is no index)."""
    app = current_app
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        with _lock:
            store = app.extensions.get(EXTENSION_KEY)
            if store is None:
                from indexer.storage.store import IndexStore

                store = IndexStore(app.config["INDEX_DIR"])
                app.extensions[EXTENSION_KEY] = store
    return store


def close_store(app: Flask) -> None:
    """Forget (and close, if the store can) the app's store; the next request reopens it."""
    with _lock:
        store = app.extensions.pop(EXTENSION_KEY, None)
    close = getattr(store, "close", None)
    if callable(close):
        close()


def init_app(app: Flask) -> None:
    app.extensions.setdefault(EXTENSION_KEY, None)
