"""Downloads: an article's citation as BibTeX or RIS, a result list as CSV or RIS."""

from __future__ import annotations

import dataclasses
import datetime as _dt

from flask import Blueprint, Response, request

from web.articles import load_article, permalink
from web.citation import bibtex, reference_from_article, ris
from web.export import MAX_EXPORT, hits_csv, hits_ris
from web.params import parse_search_request
from web.listing import run_search

bp = Blueprint("downloads", __name__)


def download(body, mimetype: str, filename: str) -> Response:
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


@bp.get("/article/<article_id>.bib")
def article_bibtex(article_id: str):
    article = load_article(article_id)
    ref = reference_from_article(article, permalink(article.id))
    return download(bibtex(ref, _dt.date.today()), "application/x-bibtex", f"{article.id}.bib")


@bp.get("/article/<article_id>.ris")
def article_ris(article_id: str):
    article = load_article(article_id)
    ref = reference_from_article(article, permalink(article.id))
    return download(ris(ref, _dt.date.today()), "application/x-research-info-systems", f"{article.id}.ris")


def export_hits():
    """The first `MAX_EXPORT` hits of the search the query string describes, in its order."""
    req = parse_search_request(request.args)
    req = dataclasses.replace(req, page=1, page_size=MAX_EXPORT)
    return run_search(req, max_page_size=MAX_EXPORT).hits


@bp.get("/search.csv")
def search_csv():
    hits = export_hits()
    return download(hits_csv(hits, lambda h: permalink(h.id)), "text/csv", "search.csv")


@bp.get("/search.ris")
def search_ris():
    hits = export_hits()
    return download(hits_ris(hits, lambda h: permalink(h.id), _dt.date.today()), "application/x-research-info-systems", "search.ris")
