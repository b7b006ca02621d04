"""Our codec's pieces: posting-list records, the term-grouping pool (also when
it spills runs to disk), and the index they write, read back by Whoosh and by
the executor's reader alike."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from whoosh.index import create_in
from whoosh.writing import SegmentWriter

from bench.generate import generate_articles
from indexer.storage import posting_lists
from indexer.storage.writing import open_writer, writer_options
from indexer.write.documents import page_documents
from indexer.storage.postings import read_postings
from indexer.storage.posting_pool import TermPostingPool
from indexer.storage.schema import build_schema
from indexing_helpers import make_article, page_of


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.floats(0.0, 1000.0, width=32), st.binary(max_size=12)), min_size=1, max_size=60,
                unique_by=lambda p: p[0]))
def test_posting_list_records_round_trip(postings):
    postings.sort()
    ids, weights, values = zip(*postings)
    got_ids, got_weights, lengths, joined = posting_lists.decode(posting_lists.encode(list(ids), list(weights), list(values)))
    assert got_ids.tolist() == list(ids)
    assert np.allclose(got_weights, weights)
    assert posting_lists.split_values(lengths, joined) == list(values)


def test_a_foreign_record_is_named():
    with pytest.raises(posting_lists.PostingListError, match="not a posting list"):
        posting_lists.decode(b"W3Bl" + b"\0" * 20)


def _build(path, limitmb: float, our_pool: bool = True):
    raw = generate_articles(40, seed=11)
    arts = [make_article(f"c{a['n']}", a["title"], a["body"], source=f"c/{a['n']}.txt",
                         date=_dt.date.fromisoformat(a["date"]), county=a["county"], city=a["city"],
                         authors=[au["name"] for au in a["authors"]]) for a in raw]
    path.mkdir()
    ix = create_in(str(path), build_schema())
    if our_pool:
        w = open_writer(ix, limitmb=limitmb)
        assert isinstance(w.pool, TermPostingPool)
    else:  # Whoosh's own pool: our field writer gets flat postings
        w = SegmentWriter(ix, **writer_options(limitmb=limitmb))
        assert not isinstance(w.pool, TermPostingPool)
    for art in arts:
        for doc in page_documents(page_of([art], source=art.source)):
            w.add_document(**doc)
    spilled = len(w.pool.runs)
    w.commit()
    return ix, spilled


def _everything(ix) -> dict:
    """Every term's postings, read both by Whoosh's matchers and by `read_postings`."""
    out = {}
    with ix.searcher() as s:
        r = s.reader()
        for field in ("title", "title_g", "text_g", "authors", "county", "id"):
            for term in r.lexicon(field):
                text = term.decode("utf-8")
                m = r.postings(field, text)
                whoosh_side = []
                while m.is_active():
                    whoosh_side.append((m.id(), m.weight(), m.value()))
                    m.next()
                p = read_postings(r, field, text, with_positions=field.endswith("_g"))
                assert p.docs.tolist() == [d for d, _w, _v in whoosh_side]
                if field.endswith("_g"):  # positions as Whoosh's format decodes them
                    fmt = r.schema[field].format
                    assert p.positions.tolist() == [pos for _d, _w, v in whoosh_side for pos in fmt.decode_positions(v)]
                out[field, text] = whoosh_side
    return out


def test_the_pool_spilling_to_disk_writes_the_same_index(tmp_path):
    in_memory, spilled = _build(tmp_path / "mem", limitmb=256)
    assert spilled == 0
    on_disk, spilled = _build(tmp_path / "disk", limitmb=0.2)
    assert spilled >= 3
    a, b = _everything(in_memory), _everything(on_disk)
    assert len(a) > 5000
    assert a == b


def test_whoosh_s_own_pool_writes_the_same_index(tmp_path):
    ours, _ = _build(tmp_path / "ours", limitmb=256)
    theirs, _ = _build(tmp_path / "theirs", limitmb=256, our_pool=False)
    assert _everything(ours) == _everything(theirs)


def test_postings_arriving_out_of_order_are_sorted(tmp_path):
    ix = create_in(str(tmp_path), build_schema())
    w = open_writer(ix)
    pool = w.pool
    for docnum in (5, 2, 9, 1):
        pool.add(("county", b"x", docnum, 1.0, b""))
    pool.add(("county", b"w", 3, 1.0, b""))
    got = [(f, t, d) for f, t, d, _w, _v in pool.items()]
    assert got == [("county", b"w", 3), ("county", b"x", 1), ("county", b"x", 2), ("county", b"x", 5), ("county", b"x", 9)]
    w.cancel()
