"""``/article/<id>`` (one cleaned article) and ``/source/<path>`` (the raw page text)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, url_for
from werkzeug.security import safe_join

from indexer.limits import MAX_QUERY_CHARS
from indexer.search import get_article, related
from web.index_handle import get_store
from web.markup import highlighter, query_terms
from web.params import clean_text
from web.twins import page_and_json, render

bp = Blueprint("articles", __name__)

#: Related articles shown under an article.
RELATED = 5


def load_article(article_id: str):
    """The `Article` with ``article_id``, or 404."""
    if len(article_id) > 200:
        abort(404)
    article = get_article(get_store(), article_id)
    if article is None:
        abort(404, description=f"没有编号为“{article_id[:60]}”的文章。")
    return article


def article_json(ctx: dict) -> dict:
    """The article record (README "Article records") plus the related articles the page lists."""
    return {
        **ctx["article"].to_dict(),
        "related": [{"id": h.id, "display_title": h.display_title, "paper": h.paper, "date": h.date,
                     "county": h.county, "url": url_for("articles.article_page", article_id=h.id)}
                    for h in ctx["related"]],
    }


@page_and_json(bp, "/article/<article_id>", "/api/articles/<article_id>")
def article_page(article_id: str):
    article = load_article(article_id)
    q = clean_text(request.args.get("q"), MAX_QUERY_CHARS)
    mark = highlighter(query_terms(q))
    ctx = dict(
        article=article,
        q=q,
        header_q=q,
        title=mark(article.display_title),
        subtitle=mark(article.subtitle or ""),
        blocks=[(b.kind, mark(b.text)) for b in article.blocks],
        captions=[mark(c) for c in article.captions],
        related=related(get_store(), article, limit=RELATED),
    )
    return render("article.html", ctx, article_json)


def corpus_file(rel: str) -> Path:
    """``rel`` inside the corpus directory, or 404 (no traversal, no hidden files, no symlink escape)."""
    root = Path(current_app.config["CORPUS_DIR"]).resolve()
    joined = safe_join(str(root), rel)
    if joined is None or any(part.startswith(".") for part in Path(rel).parts):
        abort(404)
    try:
        path = Path(joined).resolve()
        found = path.is_relative_to(root) and path.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system, a loop
        found = False
    if not found:
        abort(404)
    return path


@bp.get("/source/<path:rel>")
def source_text(rel: str):
    from archive.errors import PageError
    from archive.reading import read_text

    path = corpus_file(rel)
    try:
        text = read_text(path)
    except PageError:
        abort(404)
    return Response(text, mimetype="text/plain", content_type="text/plain; charset=utf-8")
