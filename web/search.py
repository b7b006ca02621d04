"""``/search``: results with facets, filters, sorting and paging."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from web.params import parse_search_request
from web.searching import run_search, search_context

bp = Blueprint("search", __name__)


@bp.get("/search")
def search_page():
    req = parse_search_request(request.args)
    result = run_search(req)
    return render_template("search.html", **search_context(result, "/search"))
