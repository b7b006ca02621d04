"""Template filters and globals shared by all pages."""

from __future__ import annotations

from flask import Flask
from indexer.facets import UNKNOWN
from indexer.limits import MAX_QUERY_CHARS
from web.links import url_with
from web.markup import mark_html


def or_unknown(value) -> str:
    """Show missing metadata as 未知 rather than blank or ``None``."""
    return UNKNOWN if value in (None, "", []) else str(value)


def http_url(value: str | None) -> str:
    """``value`` if it is an http(s) URL, else "" (no ``javascript:`` links from sidecars)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def page_label(value) -> str:
    return f"第{value}版" if value not in (None, "") else f"版次{UNKNOWN}"


def init_app(app: Flask) -> None:
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(or_unknown)
    app.add_template_filter(mark_html)
    app.add_template_filter(page_label)
    app.add_template_filter(http_url)
    app.add_template_global(url_with)
    app.add_template_global(MAX_QUERY_CHARS, "max_query_chars")
