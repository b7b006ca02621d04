"""The search API used by the web layer and the CLI.

``store`` is anything whose ``searcher()`` is a context manager yielding a
Whoosh ``Searcher`` (`indexer.storage.store.IndexStore`).

Queries are parsed by `indexer.query` and evaluated over whole posting lists
by `indexer.execute`; filters, facet counts and sorting are array operations
over per-reader column caches (`indexer.storage.columns`), so counts cover all
matches, not only the page shown.
"""

from __future__ import annotations

import json
import time
from collections import Counter

import numpy as np

from archive.models import Article
from indexer import excerpts
from indexer.analysis import author_key, gram_terms, has_cjk, jieba_words, units
from indexer.budget import Budget, Limits, QueryTooBroad, ServerBusy, narrower
from indexer.execute import Executor, Match, either, plus, restrict
from indexer.facets import FACETS
from indexer.limits import clamp_request
from indexer.query import ParsedQuery, parse
from indexer.results import (
    NOTICE_BUSY,
    NOTICE_TOO_BROAD,
    REFUSED_BUSY,
    REFUSED_TOO_BROAD,
    CountyCount,
    Hit,
    SearchRequest,
    SearchResult,
)
from indexer.storage.columns import Columns, columns_for
from indexer.storage.schema import KIND_ARTICLE


def _filter_mask(request: SearchRequest, cols: Columns, ex: Executor) -> np.ndarray | None:
    """Which documents the request's filters let through (None: no filter)."""
    mask = None

    def narrow(m: np.ndarray) -> None:
        nonlocal mask
        mask = m if mask is None else mask & m

    for facet in FACETS:
        m = facet.mask(request, cols)
        if m is not None:
            narrow(m)
    if request.author:
        m = np.zeros(cols.doc_count_all, bool)
        m[ex.postings("authors", author_key(request.author)).docs] = True
        narrow(m)
    if request.date_from or request.date_to:
        ranks = cols.date_ranks
        m = ranks >= (request.date_from.toordinal() if request.date_from else 0)
        if request.date_to:
            m &= ranks <= request.date_to.toordinal()
        narrow(m)
    return mask


_UNKNOWN_LAST = 1 << 40


def _order(request: SearchRequest, cols: Columns, match: Match, scored: bool, want: int) -> np.ndarray:
    """The first ``want`` documents of ``match`` in the order the request asks for.

    Relevance: score, then newest, then document number.  By date: unknown
    dates last, then (newest) score, then document number.
    """
    docs, scores = match.docs, match.scores
    ranks = cols.date_ranks[docs]
    if request.sort == "oldest":
        keys = (docs, np.where(ranks >= 0, ranks, _UNKNOWN_LAST))
    elif request.sort == "newest" or not scored:
        keys = (docs, -scores, np.where(ranks >= 0, -ranks, _UNKNOWN_LAST))
    else:
        if len(docs) > want:  # only documents scoring at least the want-th best can be shown
            cut = np.partition(scores, len(scores) - want)[len(scores) - want]
            keep = scores >= cut
            docs, scores, ranks = docs[keep], scores[keep], ranks[keep]
        keys = (docs, np.where(ranks >= 0, -ranks, _UNKNOWN_LAST), -scores)
    return docs[np.lexsort(keys)[:want]]


def _record(searcher, docnum: int) -> dict:
    return json.loads(searcher.stored_fields(docnum)["record"])


def make_hit(record: dict, terms: list[str], score: float | None = None) -> Hit:
    """A hit with the matches of ``terms`` in its title and snippet (body, else captions, else subtitle)."""
    display_title = record.get("display_title") or ""
    body = "\n".join(b["text"] for b in record.get("blocks", []))
    captions = "\n".join(record.get("captions", []))
    subtitle = record.get("subtitle") or ""
    snip = None
    for text in (body, captions, subtitle):
        snip = excerpts.snippet(text, terms) if terms else None
        if snip is not None:
            break
    if snip is None:
        snip = excerpts.lead(body or captions or subtitle)
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
        title_spans=tuple(excerpts.match_spans(display_title, terms)),
        snippet=snip,
        score=score,
        kind=record.get("kind", KIND_ARTICLE),
    )


def search(store, request: SearchRequest, limits: Limits | None = None) -> SearchResult:
    """Run ``request``; never raises for any query string.  A query needing more work than
    ``limits`` allow (`indexer.budget`) gets a result with ``refused`` set and no counts."""
    started = time.perf_counter()
    pq: ParsedQuery = parse(request.q)  # before the clamp cuts the query: the parser tells the reader
    request = clamp_request(request)
    try:
        with Budget(limits) as budget:
            return _search(store, request, pq, budget, started)
    except (QueryTooBroad, ServerBusy) as err:
        busy = isinstance(err, ServerBusy)
        return SearchResult(
            request=request, total=None, hits=[], facets={}, understood=pq.render(),
            notice=NOTICE_BUSY if busy else NOTICE_TOO_BROAD, elapsed_ms=(time.perf_counter() - started) * 1000,
            terms=pq.terms(), refused=REFUSED_BUSY if busy else REFUSED_TOO_BROAD,
            suggestion=None if busy else narrower(pq),
        )


def _search(store, request: SearchRequest, pq: ParsedQuery, budget: Budget, started: float) -> SearchResult:
    terms = pq.terms()
    with store.searcher() as s:
        reader = s.reader()
        cols = columns_for(reader)
        ex = Executor(reader, cols.lengths, budget)
        allow = _filter_mask(request, cols, ex)
        mask = cols.live if allow is None else cols.live & allow
        if pq.empty:
            match = restrict(Match(cols.live_array, np.zeros(len(cols.live_array))), mask)
        else:
            match = restrict(ex.run(pq, cols.live_array), mask)
            if request.sort == "relevance":
                match = plus(match, ex.adjacency(pq, match.docs))
        facets = {f.name: f.count(cols, match.docs) for f in FACETS}
        want = request.page * request.page_size
        top = _order(request, cols, match, not pq.empty, want)[want - request.page_size:]
        scores = match.scores[np.searchsorted(match.docs, top)].tolist() if not pq.empty else [None] * len(top)
        hits = [make_hit(_record(s, d), terms, score) for d, score in zip(top.tolist(), scores)]
    return SearchResult(
        request=request,
        total=len(match),
        hits=hits,
        facets=facets,
        understood=pq.render(),
        notice=pq.notice,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        terms=terms,
    )


def get_article(store, article_id: str) -> Article | None:
    if not article_id or not isinstance(article_id, str):
        return None
    with store.searcher() as s:
        stored = s.document(id=article_id)
    if not stored or "record" not in stored:
        return None
    return Article.from_dict(json.loads(stored["record"]))


def has_source(store, relpath: str) -> bool:
    """Whether the index holds documents of the page file ``relpath`` (relative to the corpus root)."""
    with store.searcher() as s:
        return s.reader().doc_frequency("source", relpath) > 0


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
        cols = columns_for(reader)
        with Budget() as budget:  # within a search's limits, or no related articles
            ex = Executor(reader, cols.lengths, budget)
            try:
                match = either([ex.fragment(field, units(w), boost, exact=False)
                                for w in chosen for field, boost in (("title_g", 2.0), ("text_g", 1.0))])
                own = ex.postings("id", article.id).docs
            except (QueryTooBroad, ServerBusy):
                return []
        codes, kinds = cols.codes("kind")
        mask = cols.live & (codes == kinds.index(KIND_ARTICLE)) if KIND_ARTICLE in kinds else np.zeros_like(cols.live)
        mask[own] = False
        match = restrict(match, mask)
        best = np.lexsort((match.docs, -match.scores))[:limit]
        return [make_hit(_record(s, int(d)), [], float(score)) for d, score in zip(match.docs[best], match.scores[best])]


def counties(store) -> list[CountyCount]:
    """Every county-level unit with articles, sorted by province, city, name."""
    with store.searcher() as s:
        cols = columns_for(s.reader())
        county, city, province = cols.values("county"), cols.values("city"), cols.values("province")
        counts = Counter((county[d], city[d], province[d]) for d in cols.live_array.tolist() if county[d])
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
