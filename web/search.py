"""``/search`` and its JSON twin ``/api/search``: hits with facets, filters, sorting and paging."""

from __future__ import annotations

from flask import Blueprint, request, url_for

from web.listing import listing_context, listing_json, run_search
from web.params import parse_search_request
from web.twins import page_and_json, render

bp = Blueprint("search", __name__)


@page_and_json(bp, "/search", "/api/search")
def search_page():
    result = run_search(parse_search_request(request.args))
    return render("search.html", listing_context(result, url_for(request.endpoint)), listing_json)
