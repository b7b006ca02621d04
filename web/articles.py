"""``/article/<id>`` (one cleaned article) and ``/source/<path>`` (the raw page text)."""

from __future__ import annotations

import datetime as _dt
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Response, abort, redirect, request, url_for

from indexer.limits import MAX_QUERY_CHARS
from indexer.browse import page_view
from indexer.search import get_article, related
from web import browse
from web.citation import apa, gbt7714, reference_from_article
from web.corpus_files import page_text
from web.errors import ArticleGone
from web.index_handle import get_store
from web.markup import highlighter, query_terms
from web.params import clean_text
from web.twins import page_and_json, render

bp = Blueprint("articles", __name__)

#: Related articles shown under an article.
RELATED = 5
#: Longest article id looked up (ids are 16 hex characters).
MAX_ID_CHARS = 64


def load_article(article_id: str):
    """The `Article` with ``article_id``; for a former id (README "Article records and ids")
    a 301 to the same view of its current id, or 410 when its text is gone; else 404."""
    if len(article_id) > MAX_ID_CHARS:
        abort(404)
    store = get_store()
    article = get_article(store, article_id)
    if article is not None:
        return article
    former = store.id_table().resolve(article_id)
    if former is None:
        abort(404, description=f"没有编号为“{article_id[:60]}”的文章。")
    kind, value = former
    if kind == "moved":
        args = {**request.args.to_dict(), **(request.view_args or {}), "article_id": value}
        abort(redirect(url_for(request.endpoint, **args), 301))
    raise ArticleGone(browse.page_url(value) if page_view(store, value) is not None else None)


def permalink(article_id: str) -> str:
    """The absolute URL of an article page."""
    return url_for("articles.article_page", article_id=article_id, _external=True)


def citations(article) -> dict:
    """The article's citation in each style the page offers, and its download links."""
    ref = reference_from_article(article, permalink(article.id))
    return {
        "gbt7714": gbt7714(ref),
        "gbt7714_online": gbt7714(ref, _dt.date.today()),
        "apa": apa(ref),  # `Styled`: the paper's name in italics
        "permalink": ref.url,
        "bibtex_url": url_for("downloads.article_bibtex", article_id=article.id),
        "ris_url": url_for("downloads.article_ris", article_id=article.id),
    }


#: Pages an article's back link may return to (lists of hits on this site).
BACK_PATHS = ("/search", "/county/")


def back_link(back: str | None, q: str) -> str | None:
    """The list the reader came from (``back``: its path and query string, kept
    only when it is one of this site's lists), else the search for ``q``."""
    parts = urlsplit(back or "")
    if back and not parts.scheme and not parts.netloc and "\\" not in back and parts.path.startswith(BACK_PATHS):
        return urlunsplit(("", "", parts.path, parts.query, ""))
    return url_for("search.search_page", q=q) if q else None


def where_printed(article) -> dict:
    """Links to the article's paper (its issue calendar), issue and page."""
    paper, date = article.meta.paper, article.meta.date.isoformat() if article.meta.date else None
    return {"paper_url": browse.paper_url(paper, year=date[:4] if date else None),
            "issue_url": browse.issue_url(paper, date),
            "page_url": browse.page_url(article.source, article.id)}


def same_page(article) -> list:
    """The other articles printed on the article's page, in printed order."""
    view = page_view(get_store(), article.source)
    return [a for a in view.articles if a.id != article.id] if view else []


def article_json(ctx: dict) -> dict:
    """The article record (README "Article records") plus the related articles and the
    citations the page shows."""
    cite = ctx["cite"]
    return {
        **ctx["article"].to_dict(),
        "citation": {**cite, "apa": cite["apa"].text},
        "browse": ctx["where"],
        "same_page": [{"id": a.id, "display_title": a.display_title,
                       "url": url_for("articles.article_page", article_id=a.id)} for a in ctx["same_page"]],
        "related": [{"id": h.id, "display_title": h.display_title, "paper": h.paper, "date": h.date,
                     "county": h.county, "url": url_for("articles.article_page", article_id=h.id)}
                    for h in ctx["related"]],
    }


@page_and_json(bp, "/article/<article_id>", "/api/articles/<article_id>")
def article_page(article_id: str):
    article = load_article(article_id)
    q = clean_text(request.args.get("q"), MAX_QUERY_CHARS)
    back = back_link(request.args.get("back"), q)
    mark = highlighter(query_terms(q))
    ctx = dict(
        article=article,
        q=q,
        header_q=q,
        back=back,
        title=mark(article.display_title),
        subtitle=mark(article.subtitle or ""),
        blocks=[(b.kind, mark(b.text)) for b in article.blocks],
        captions=[mark(c) for c in article.captions],
        related=related(get_store(), article, limit=RELATED),
        cite=citations(article),
        where=where_printed(article),
        same_page=same_page(article),
    )
    return render("article.html", ctx, article_json)


@bp.get("/source/<path:rel>")
def source_text(rel: str):
    return Response(page_text(rel), mimetype="text/plain", content_type="text/plain; charset=utf-8")
