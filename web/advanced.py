"""``/advanced`` (高级检索): a form with one row per field that builds the
ordinary query, so the reader sees (and learns) the syntax in the search box.

`build_search` is a pure function from the form's fields to the parameters of
``/search``; the page redirects there, its JSON twin ``/api/advanced`` answers
with the query it built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import Blueprint, redirect, request, url_for

from indexer.limits import DEFAULT_PAGE_SIZE, MAX_FILTER_CHARS, MAX_PAGE_SIZE, MAX_QUERY_CHARS
from web.links import url_with
from web.params import clean_text, parse_date, parse_int
from web.twins import page_and_json, render, wants_json

bp = Blueprint("advanced", __name__)

#: (form field, label, query-syntax prefix or None for a filter parameter, hint)
ROWS = (
    ("all", "全文", "", "任意词语；可用引号、减号、OR，如 锂电 -永新"),
    ("title", "篇名", "title:", "标题中的词语，多个词用空格分开"),
    ("author", "作者", "author:", "记者、通讯员的姓名"),
    ("paper", "报纸", None, "报纸名称，如 井冈山报"),
    ("county", "县区", "county:", "文章报道的县区或城市，如 永新县"),
)
PAGE_SIZES = (10, 20, 50, 100)
#: ``YYYY-MM-DD`` is ten characters (the date has been parsed already; this only bounds the copy).
MAX_DATE_CHARS = 10
_QUOTE = re.compile(r'["“”]')


def _word(text: str) -> str:
    """``text`` as one word of the query language (quoted when it has spaces)."""
    text = _QUOTE.sub("", text).strip()
    return f'"{text}"' if re.search(r"\s", text) else text


def build_search(form: Mapping[str, str]) -> dict[str, str]:
    """The ``/search`` parameters the advanced form asks for: ``q`` in the ordinary
    syntax (``title:``, ``author:``, ``county:``), ``paper``, ``from``, ``to``, ``size``.
    Raises `web.params.BadParameter` for a date or size that means nothing."""
    parts = []
    everything = clean_text(form.get("all"), MAX_QUERY_CHARS)
    if everything:
        parts.append(everything)
    for word in clean_text(form.get("title"), MAX_FILTER_CHARS).split():
        if _word(word):
            parts.append("title:" + _word(word))
    for field in ("author", "county"):  # names: spaces inside are PDF artefacts (周 维)
        value = _word("".join(clean_text(form.get(field), MAX_FILTER_CHARS).split()))
        if value:
            parts.append(f"{field}:{value}")
    params = {"q": " ".join(parts)}
    params["paper"] = clean_text(form.get("paper"), MAX_FILTER_CHARS)
    for name in ("from", "to"):
        if parse_date(form, name, end=name == "to"):
            params[name] = clean_text(form.get(name), MAX_DATE_CHARS)
    size = parse_int(form, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    if size != DEFAULT_PAGE_SIZE:
        params["size"] = str(size)
    return {k: v for k, v in params.items() if v}


@page_and_json(bp, "/advanced", "/api/advanced")
def advanced_page():
    asked = any((request.args.get(name) or "").strip() for name, *_ in ROWS) or \
        any((request.args.get(name) or "").strip() for name in ("from", "to"))
    params = build_search(request.args) if asked else {}
    if params and not wants_json():
        return redirect(url_with(url_for("search.search_page"), params), 302)
    ctx = {"rows": ROWS, "page_sizes": PAGE_SIZES, "default_size": DEFAULT_PAGE_SIZE, "params": params}
    return render("advanced.html", ctx, advanced_json)


def advanced_json(ctx: dict) -> dict:
    params = ctx["params"]
    return {
        "fields": [{"name": name, "label": label, "syntax": prefix} for name, label, prefix, _hint in ctx["rows"]]
                  + [{"name": "from", "label": "起始日期", "syntax": None}, {"name": "to", "label": "截止日期", "syntax": None},
                     {"name": "size", "label": "每页条数", "syntax": None}],
        "q": params.get("q", ""),
        "params": params,
        "search_url": url_with(url_for("search.search_page"), params) if params else None,
        "api_url": url_with(url_for("search.search_page_json"), params) if params else None,
    }
