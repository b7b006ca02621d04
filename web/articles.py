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
#: Longest article id looked up (ids are 16 hex characters).
MAX_ID_CHARS = 64


def load_article(article_id: str):
    """The `Article` with ``article_id``, or 404."""
    if len(article_id) > MAX_ID_CHARS:
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


#: Longest ``/source/`` path looked at; page files the index knows have these suffixes.
MAX_PATH_CHARS = 1024
SOURCE_SUFFIXES = (".txt", ".jsonl", ".html")


def corpus_file(rel: str) -> Path:
    """The page file ``rel`` of the corpus, or 404: only a page file the index knows
    (never a sidecar, a backup or any other file), no traversal, no hidden files,
    no symlink leaving the corpus (`archive.safe_paths`)."""
    from archive.safe_paths import CorpusPolicy
    from indexer.search import has_source

    if len(rel) > MAX_PATH_CHARS or not rel.lower().endswith(SOURCE_SUFFIXES):
        abort(404)
    root = Path(current_app.config["CORPUS_DIR"]).resolve()
    joined = safe_join(str(root), rel)
    if joined is None or any(part.startswith(".") for part in Path(rel).parts):
        abort(404)
    relpath = Path(joined).relative_to(root).as_posix()
    try:
        found = has_source(get_store(), relpath) and CorpusPolicy.for_root(root).refuse(joined) is None
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        found = False
    if not found:
        abort(404)
    return Path(joined)


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
