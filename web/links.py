"""Links that keep the reader's search: a path plus query-string parameters."""

from __future__ import annotations

from urllib.parse import urlencode


def url_with(base: str, params: dict[str, str]) -> str:
    """``base`` plus the query string of ``params`` (empty values dropped)."""
    clean = {k: v for k, v in params.items() if v}
    return f"{base}?{urlencode(clean)}" if clean else base


def changed(base: str, args: dict[str, str], changes: dict[str, str | None]) -> str:
    """``base`` with ``args`` changed (``None`` removes a parameter), back at page 1."""
    params = {k: v for k, v in args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return url_with(base, params)
