"""Turn a parsed page into Whoosh documents (plain dicts, one per article plus
one for the page's unattributed text)."""

from __future__ import annotations

import hashlib
import json

from archive.models import Article, Block, ParsedPage
from indexer.analysis import SECTION_BREAK, author_key
from indexer.storage.schema import KIND_ARTICLE, KIND_LEFTOVER


def leftover_id(source: str) -> str:
    """Stable, URL-safe id of a page's leftover document."""
    return "rest-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def leftover_article(page: ParsedPage) -> Article | None:
    """The page's unattributed text as an untitled pseudo-article (None if there is none)."""
    texts = [t for t in page.leftover if t and t.strip()]
    if not texts:
        return None
    return Article(
        id=leftover_id(page.source),
        source=page.source,
        seq=len(page.articles),
        meta=page.meta,
        blocks=[Block("paragraph", t) for t in texts],
    )


#: Keys of `Article.to_dict()` derived from others (``blocks``): not stored twice.
DERIVED_KEYS = ("paragraphs", "length")


def record_json(article: Article, kind: str = KIND_ARTICLE) -> str:
    """The stored record: `Article.to_dict()` without derived keys (`Article.from_dict` rebuilds them)."""
    record = {k: v for k, v in article.to_dict().items() if k not in DERIVED_KEYS}
    return json.dumps({**record, "kind": kind}, ensure_ascii=False, separators=(",", ":"))


def text_sections(article: Article) -> list[str]:
    """Subtitle, body, each caption and each printed credit line (dateline,
    byline, closing credit): the independent sections of ``text_g``."""
    sections = [article.subtitle or "", article.body]
    sections += list(article.captions)
    sections += list(article.credits)
    return [s.replace(SECTION_BREAK, " ") for s in sections if s]


def article_document(article: Article, page_fp: str, kind: str = KIND_ARTICLE) -> dict:
    meta = article.meta
    title = (article.title or "").replace(SECTION_BREAK, " ")
    text = SECTION_BREAK.join(text_sections(article))
    doc: dict = {
        "id": article.id,
        "source": article.source,
        "page_fp": page_fp,
        "kind": kind,
        "title": title,
        "title_g": title,
        "text_g": text,
        "record": record_json(article, kind),
    }
    if meta.paper:
        doc["paper"] = meta.paper
    if meta.date:
        doc["date"] = meta.date.isoformat()
        doc["year"] = f"{meta.date.year:04d}"
    if article.county:
        doc["county"] = article.county
    if article.city:
        doc["city"] = article.city
    if article.province:
        doc["province"] = article.province
    authors = [author_key(a.name) for a in article.authors]
    authors = [a for a in authors if a]
    if authors:
        doc["authors"] = ",".join(authors)
    return doc


def page_documents(page: ParsedPage) -> list[dict]:
    """All documents of one page: its articles, then its leftover text (if any)."""
    docs = [article_document(a, page.fingerprint) for a in page.articles]
    rest = leftover_article(page)
    if rest is not None:
        docs.append(article_document(rest, page.fingerprint, KIND_LEFTOVER))
    return docs
