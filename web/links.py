"""Links that keep the reader's search: a path plus query-string parameters."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus


@lru_cache(maxsize=8192)
def _pair(key: str, value: str) -> str:
    """One ``key=value`` of a query string, encoded as `urllib.parse.urlencode` does."""
    return f"{quote_plus(key)}={quote_plus(value)}"


def url_with(base: str, params: dict[str, str | list[str]]) -> str:
    """``base`` plus the query string of ``params`` (empty values dropped; a list
    value repeats its parameter). A list page links every facet value, so each
    pair is encoded once and reused."""
    pairs = [_pair(k, str(x)) for k, v in params.items() if v
             for x in (v if isinstance(v, (list, tuple)) else (v,)) if x]
    return f"{base}?{'&'.join(pairs)}" if pairs else base


def changed(base: str, args: dict, changes: dict) -> str:
    """``base`` with ``args`` changed (``None`` removes a parameter), back at page 1."""
    params = {k: v for k, v in args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return url_with(base, params)
