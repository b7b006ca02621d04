"""The Flask app: ``flask --app web run --debug`` or ``newsarchive serve``.

This module holds only the app factory (as in Flask's tutorial, flaskr).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` may set ``INDEX_DIR``, ``CORPUS_DIR``, ``TESTING``,
    ``BASE_URL``, ``TRUSTED_PROXIES`` (`web.proxy`) and any Flask setting; paths default to
    `web.settings.Settings.resolve()`.

    Flask is imported here, not at the top: ``newsarchive search`` and ``parse``
    live in this package too and start faster without it."""
    from flask import Flask

    app = Flask(__name__)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    config = dict(config or {})
    if "INDEX_DIR" not in config or "CORPUS_DIR" not in config:
        from web.settings import Settings

        settings = Settings.resolve(config.get("CORPUS_DIR"), config.get("INDEX_DIR"))
        config.setdefault("INDEX_DIR", settings.index_dir)
        config.setdefault("CORPUS_DIR", settings.corpus_dir)
    config["INDEX_DIR"] = Path(config["INDEX_DIR"])
    config["CORPUS_DIR"] = Path(config["CORPUS_DIR"])
    app.config.from_mapping(config)

    from web import articles, counties, errors, feeds, headers, index_handle, pages, proxy, search, templating

    proxy.init_app(app)
    index_handle.init_app(app)
    headers.init_app(app)
    templating.init_app(app)
    errors.register(app)
    for module in (pages, search, counties, articles, feeds):
        app.register_blueprint(module.bp)
    return app
