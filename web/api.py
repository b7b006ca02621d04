"""JSON twins of the pages: same parameters, same data, errors as ``{"error": …}``."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from web.counties import all_counties, find_county, county_groups
from web.markup import result_json
from web.params import parse_search_request
from web.searching import run_search

bp = Blueprint("api", __name__, url_prefix="/api")


def county_dict(c) -> dict:
    return {"name": c.name, "city": c.city, "province": c.province, "count": c.count}


@bp.get("/search")
def api_search():
    req = parse_search_request(request.args)
    return jsonify(result_json(run_search(req)))


@bp.get("/articles/<article_id>")
def api_article(article_id: str):
    from web.articles import citations, load_article

    article = load_article(article_id)
    cite = citations(article)
    return jsonify({**article.to_dict(), "citation": {**cite, "apa": cite["apa"].text}})


@bp.get("/counties")
def api_counties():
    groups = county_groups(all_counties())
    return jsonify(
        total=sum(len(rows) for _, rows in groups),
        counties=[county_dict(c) for _, rows in groups for c in rows],
    )


@bp.get("/counties/<name>")
def api_county(name: str):
    county, canonical = find_county(name)
    if canonical:
        county, _ = find_county(canonical)
    args = {k: v for k, v in request.args.items() if k not in ("county", "sort")}
    result = run_search(parse_search_request(args, county=county.name, sort="newest"))
    return jsonify(county=county_dict(county), **result_json(result))
