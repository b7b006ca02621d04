"""Where the site is seen from: the base of absolute URLs (the Atom feed's links) and
which proxy headers are believed.

* ``NEWSARCHIVE_BASE_URL`` (app config ``BASE_URL``), e.g. ``https://archive.example.org``:
  absolute URLs always start with it, whatever the request's ``Host`` says.
* Otherwise they come from the request. ``X-Forwarded-For/-Proto/-Host/-Prefix`` are
  believed only when ``NEWSARCHIVE_TRUSTED_PROXIES`` (config ``TRUSTED_PROXIES``) says how
  many proxies stand in front of the app (werkzeug's ``ProxyFix``); by default they are
  ignored, since any client can send them.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

ENV_BASE_URL = "NEWSARCHIVE_BASE_URL"
ENV_TRUSTED_PROXIES = "NEWSARCHIVE_TRUSTED_PROXIES"


class ProxySettingError(ValueError):
    """A base URL or proxy count that cannot be used; names the setting."""


def _base_url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ProxySettingError(f"{ENV_BASE_URL}={value!r}: need an absolute http(s) URL such as https://archive.example.org")
    return value.strip().rstrip("/")


def _proxy_count(value) -> int:
    try:
        count = int(value or 0)
    except (TypeError, ValueError):
        count = -1
    if not 0 <= count <= 10:
        raise ProxySettingError(f"{ENV_TRUSTED_PROXIES}={value!r}: need the number of proxies in front (0–10)")
    return count


def init_app(app: Flask) -> None:
    """Read both settings (config first, then the environment) and install ProxyFix when asked."""
    app.config["BASE_URL"] = _base_url(app.config.get("BASE_URL") or os.environ.get(ENV_BASE_URL))
    proxies = _proxy_count(app.config.get("TRUSTED_PROXIES", os.environ.get(ENV_TRUSTED_PROXIES)))
    app.config["TRUSTED_PROXIES"] = proxies
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)


def site_root() -> str:
    """The base of absolute URLs, without a trailing slash."""
    return current_app.config.get("BASE_URL") or request.url_root.rstrip("/")
