"""The search API used by the web layer and the CLI.

``store`` is anything whose ``searcher()`` is a context manager yielding a
Whoosh ``Searcher`` (`indexer.store.IndexStore`).

Matching is done by Whoosh (`indexer.query`); collecting, facet counting and
sorting are done here over per-reader column caches (`indexer.columns`), so
that counts cover all matches, not only the page shown.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import time
from collections import Counter

from whoosh import query as wq

from archive.models import Article
from indexer import highlight
from indexer.analysis import gram_terms, has_cjk, jieba_words, units
from indexer.columns import Columns, columns_for
from indexer.documents import author_key
from indexer.query import ParsedQuery, adjacency_query, fragment_query, parse, to_whoosh
from indexer.results import (
    FACET_FIELDS,
    MAX_PAGE_SIZE,
    SORTS,
    CountyCount,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResult,
)
from indexer.schema import KIND_ARTICLE


def clamp_request(request: SearchRequest) -> SearchRequest:
    """page ≥ 1, 1 ≤ page_size ≤ MAX_PAGE_SIZE, a known sort."""
    page = request.page if isinstance(request.page, int) and request.page >= 1 else 1
    size = request.page_size if isinstance(request.page_size, int) else MAX_PAGE_SIZE
    size = min(max(size, 1), MAX_PAGE_SIZE)
    sort = request.sort if request.sort in SORTS else "relevance"
    return dataclasses.replace(request, page=page, page_size=size, sort=sort)


def _filter_query(request: SearchRequest) -> wq.Query | None:
    parts: list[wq.Query] = []
    for name in ("county", "city", "paper"):
        value = getattr(request, name)
        if value:
            parts.append(wq.Term(name, value))
    if request.author:
        parts.append(wq.Term("authors", author_key(request.author)))
    if request.date_from or request.date_to:
        lo = request.date_from.isoformat() if request.date_from else None
        hi = request.date_to.isoformat() if request.date_to else None
        parts.append(wq.TermRange("date", lo, hi))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _collect(searcher, q: wq.Query, allow: set[int] | None) -> dict[int, float]:
    """Score of every live document matching ``q`` (and in ``allow`` if given)."""
    q = q.normalize()
    ctx = searcher.context()
    scores: dict[int, float] = {}
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, ctx)
        while m.is_active():
            d = m.id() + offset
            if allow is None or d in allow:
                scores[d] = m.score()
            m.next()
    return scores


#: How many of the best-scoring matches the adjacency bonus is computed for (at least a page's worth).
RESCORE_WINDOW = 200


def _rescore(searcher, q: wq.Query, scores: dict[int, float], window: int) -> None:
    """Add ``q``'s score to the ``window`` best documents of ``scores`` (in place).

    Like a search engine's rescoring window: an expensive ranking signal is
    computed for the candidates that can still reach the pages a reader looks at.
    """
    best = sorted(heapq.nlargest(window, scores, key=scores.__getitem__))
    if not best:
        return
    q = q.normalize()
    ctx = searcher.context()
    leaves = searcher.leaf_searchers()
    for i, (sub, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else float("inf")
        docs = [d for d in best if offset <= d < end]
        if not docs:
            continue
        m = q.matcher(sub, ctx)
        for d in docs:
            if not m.is_active():
                break
            if m.id() < d - offset:
                m.skip_to(d - offset)
            if m.is_active() and m.id() == d - offset:
                scores[d] += m.score()


def _sort_keys(request: SearchRequest, cols: Columns, scores: dict[int, float] | None):
    ranks = cols.date_rank  # ordinal of the date, or -1 when unknown
    unknown_last = 1 << 40
    if request.sort == "oldest":
        return lambda d: (ranks[d] if ranks[d] >= 0 else unknown_last, d)
    if request.sort == "newest" or scores is None:
        if scores is None:
            return lambda d: (-ranks[d] if ranks[d] >= 0 else unknown_last, d)
        return lambda d: (-ranks[d] if ranks[d] >= 0 else unknown_last, -scores[d], d)
    return lambda d: (-scores[d], -ranks[d] if ranks[d] >= 0 else unknown_last, d)


def _facets(cols: Columns, docs) -> dict[str, list[FacetValue]]:
    out = {}
    for name in FACET_FIELDS:
        values = cols.values(name)
        counts = Counter(map(values.__getitem__, docs))
        counts.pop("", None)  # unknown values are not counted
        out[name] = [FacetValue(v, n) for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return out


def _record(searcher, docnum: int) -> dict:
    return json.loads(searcher.stored_fields(docnum)["record"])


def make_hit(record: dict, terms: list[str], score: float | None = None) -> Hit:
    """A hit with escaped, highlighted title and snippet (body, else captions, else subtitle)."""
    display_title = record.get("display_title") or ""
    body = "\n".join(b["text"] for b in record.get("blocks", []))
    captions = "\n".join(record.get("captions", []))
    subtitle = record.get("subtitle") or ""
    snip = None
    for text in (body, captions, subtitle):
        snip = highlight.snippet(text, terms) if terms else None
        if snip is not None:
            break
    if snip is None:
        snip = highlight.lead(body or captions or subtitle)
    return Hit(
        id=record["id"],
        title=record.get("title"),
        display_title=display_title,
        paper=record.get("paper"),
        date=record.get("date"),
        page=record.get("page"),
        county=record.get("county"),
        city=record.get("city"),
        province=record.get("province"),
        authors=[a["name"] for a in record.get("authors", [])],
        snippet=str(snip),
        title_html=str(highlight.mark(display_title, highlight.match_spans(display_title, terms))),
        score=score,
        kind=record.get("kind", KIND_ARTICLE),
    )


def search(store, request: SearchRequest) -> SearchResult:
    """Run ``request``; never raises for any query string."""
    started = time.perf_counter()
    request = clamp_request(request)
    pq: ParsedQuery = parse(request.q)
    terms = pq.terms()
    with store.searcher() as s:
        reader = s.reader()
        cols = columns_for(reader)
        fq = _filter_query(request)
        allow = set(s.docs_for_query(fq)) if fq is not None else None
        if pq.empty:
            live = cols.live_docs
            docs = live if allow is None else [d for d in live if d in allow]
            scores = None
        else:
            scores = _collect(s, to_whoosh(pq, reader), allow)
            adjacency = adjacency_query(pq)
            if adjacency is not None and request.sort == "relevance":
                _rescore(s, adjacency, scores, max(RESCORE_WINDOW, request.page * request.page_size))
            docs = list(scores)
        total = len(docs)
        facets = _facets(cols, docs)
        want = request.page * request.page_size
        key = _sort_keys(request, cols, scores)
        top = heapq.nsmallest(want, docs, key=key)[want - request.page_size :]
        hits = [make_hit(_record(s, d), terms, scores[d] if scores else None) for d in top]
    return SearchResult(
        request=request,
        total=total,
        hits=hits,
        facets=facets,
        understood=pq.render(),
        notice=pq.notice,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        terms=terms,
    )


def county_page(store, name: str, request: SearchRequest | None = None) -> SearchResult:
    """Articles about county ``name``, newest first unless the request sorts otherwise."""
    request = request or SearchRequest()
    return search(store, dataclasses.replace(request, county=name, q=""))


def get_article(store, article_id: str) -> Article | None:
    if not article_id or not isinstance(article_id, str):
        return None
    with store.searcher() as s:
        stored = s.document(id=article_id)
    if not stored or "record" not in stored:
        return None
    return Article.from_dict(json.loads(stored["record"]))


RELATED_WORDS = 8


def related(store, article: Article, limit: int = 5) -> list[Hit]:
    """Other articles sharing the most distinctive words of ``article``'s title and opening.

    Words come from jieba; rarer ones (fewer articles contain their first
    bigram) are preferred; each is matched as a fragment, title matches count double.
    """
    text = "\n".join(filter(None, [article.title or "", article.subtitle or "", article.body[:300]]))
    words = list(dict.fromkeys(w for w, _s, _e in jieba_words(text) if len(w) >= 2 and has_cjk(w)))
    if not words or limit < 1:
        return []
    with store.searcher() as s:
        reader = s.reader()
        n = max(reader.doc_count(), 1)
        scored = []
        for w in words:
            us = units(w)
            df = reader.doc_frequency("text_g", gram_terms(us)[0]) if len(us) >= 2 else n
            if 1 < df < n:  # found elsewhere, but not everywhere
                scored.append((df, -len(w), w))
        chosen = [w for _df, _len, w in sorted(scored)[:RELATED_WORDS]]
        if not chosen:
            return []
        q = wq.Or([wq.Or([fragment_query("title_g", units(w), 2.0, exact=False), fragment_query("text_g", units(w), exact=False)]) for w in chosen])
        q = wq.AndNot(wq.And([q, wq.Term("kind", KIND_ARTICLE)]), wq.Term("id", article.id))
        results = s.search(q, limit=limit)
        return [make_hit(json.loads(r["record"]), [], r.score) for r in results]


def counties(store) -> list[CountyCount]:
    """Every county-level unit with articles, sorted by province, city, name."""
    with store.searcher() as s:
        cols = columns_for(s.reader())
        county, city, province = cols.values("county"), cols.values("city"), cols.values("province")
        counts = Counter((county[d], city[d], province[d]) for d in cols.live_docs if county[d])
    out = [CountyCount(name, c or None, p or None, n) for (name, c, p), n in counts.items()]
    out.sort(key=lambda cc: (cc.province or "\uffff", cc.city or "\uffff", cc.name))
    return out


def warm_up(store) -> None:
    """Load now what the first search would otherwise pay for (jieba's dictionary,
    the normalisation table, the facet columns): a server calls this before serving."""
    from indexer.analysis import get_jieba, normalize

    get_jieba()
    normalize("")
    with store.searcher() as s:
        columns_for(s.reader())
