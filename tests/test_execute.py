"""The NumPy executor finds exactly what Whoosh's own matchers find.

`tests/whoosh_oracle.py` expresses the query language as Whoosh queries (the
search path before the executor); here both run over an index of several
segments with deleted documents, for words, phrases, single characters,
exclusions, OR groups and field prefixes drawn from the articles.
"""

from __future__ import annotations

import datetime as _dt
import random
import re

import pytest
from whoosh.index import create_in

from bench.generate import generate_articles
from indexer.storage.writing import open_writer
from indexer.storage.columns import columns_for
from indexer.write.documents import page_documents
from indexer.execute import Executor, restrict
from indexer.query import parse
from indexer.limits import MAX_PAGE_SIZE
from indexer.results import SearchRequest
from indexer.search import search
from indexer.storage.schema import build_schema
from indexing_helpers import DirStore, make_article, page_of
from whoosh_oracle import to_whoosh

_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """90 generated articles in three segments, six of them deleted afterwards."""
    raw = generate_articles(90, seed=7)
    articles = [
        make_article(f"x{a['n']:03d}", a["title"], a["body"], source=f"x/{a['n']:03d}.txt",
                     date=_dt.date.fromisoformat(a["date"]), county=a["county"], city=a["city"],
                     province=a["province"], authors=[au["name"] for au in a["authors"]])
        for a in raw
    ]
    ix = create_in(str(tmp_path_factory.mktemp("segments")), build_schema())
    for start in (0, 30, 60):
        with open_writer(ix) as w:
            for art in articles[start:start + 30]:
                for doc in page_documents(page_of([art], source=art.source)):
                    w.add_document(**doc)
    w = open_writer(ix)
    for art in articles[5:90:15]:
        w.delete_by_term("id", art.id)
    w.commit(merge=False)
    searcher = ix.searcher()
    assert len(searcher.reader().leaf_readers()) == 3
    yield searcher, raw, ix
    searcher.close()


def queries(raw: list[dict]) -> list[str]:
    rng = random.Random(3)
    out = []
    for a in rng.sample(raw, 25):
        runs = _RUN.findall(a["title"] + "\n" + a["body"])
        run = rng.choice(runs)
        k = rng.randint(1, min(6, len(run)))
        i = rng.randrange(len(run) - k + 1)
        frag = run[i:i + k]
        other = rng.choice(_RUN.findall(rng.choice(raw)["body"]))[:3]
        out += [frag, f'"{frag}"', f"{frag} {other}", f"{frag} -{other}", f"{frag} OR {other}",
                f"title:{a['title'][:2]}", f"author:{a['authors'][0]['name']}", f"county:{a['county_short']}",
                f'"{frag}" {other}', f"-{other}"]
    return out


def test_executor_and_whoosh_match_the_same_documents(generated):
    searcher, raw, _ix = generated
    reader = searcher.reader()
    cols = columns_for(reader)
    ex = Executor(reader, cols.lengths)
    checked, nonempty, differ = 0, 0, []
    for q in queries(raw):
        pq = parse(q)
        ours = set(restrict(ex.run(pq, cols.live_array), cols.live).docs.tolist())
        theirs = set(searcher.docs_for_query(to_whoosh(pq, reader)))
        checked += 1
        nonempty += bool(theirs)
        if ours != theirs:
            differ.append((q, sorted(ours - theirs)[:5], sorted(theirs - ours)[:5]))
    assert checked == 250 and nonempty >= 150
    assert differ == []


def test_search_over_segments_skips_deleted_articles(generated):
    _searcher, raw, ix = generated
    store = DirStore(ix)
    try:
        for gone in (5, 20, 80):  # deleted from the first, second and third segment
            title = raw[gone]["title"]
            r = search(store, SearchRequest(q=f'"{title}"', page_size=MAX_PAGE_SIZE))
            expected = {f"x{a['n']:03d}" for a in raw if title in a["title"] + a["body"] and (a["n"] - 5) % 15}
            assert {h.id for h in r.hits} == expected
            assert r.total == len(expected) and f"x{gone:03d}" not in expected
    finally:
        store.close()
