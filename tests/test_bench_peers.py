"""The comparison with the peers (`bench.peers`): the same articles in every
system, the same answers where the semantics agree, the differences explained,
and the table computed (never its timings)."""

from __future__ import annotations

import re

import pytest

from bench import peers


def _article(n: int, title: str, *paragraphs: str, county: str = "永新县") -> dict:
    dateline = f"本报{county[:2]}讯(记者 方园)"
    return {"n": n, "title": title, "dateline": dateline, "paragraphs": [dateline + paragraphs[0], *paragraphs[1:]],
            "county": county, "city": "吉安市", "paper": "合成测试报", "date": "2024-05-0" + str(n % 9 + 1)}


# Hand-made: only the first holds the phrase 新工业园; the second holds each of its
# character pairs (新工, 工业, 业园) apart; the third holds 工业 after a comma break.
ARTICLES = [
    _article(0, "园区消息", "永新工业园区今年产值创新高。"),
    _article(1, "另一篇", "新工人进厂，工业用地，企业园中园。", county="安福县"),
    _article(2, "第三篇", "加工，业务量增长。"),
]


def test_visible_sections_cover_title_dateline_body_and_extras():
    art = dict(ARTICLES[0], subtitle="——副题在此", captions=["▲图片说明"], credits=["（方园）"])
    parts = dict(peers.visible_sections(art))
    assert parts["title"] == "园区消息"
    assert parts["dateline"] == "本报永新讯(记者 方园)"
    assert parts["body"] == "永新工业园区今年产值创新高。"  # the dateline is not counted twice
    assert parts["subtitle"] == "——副题在此" and parts["caption"] == "▲图片说明" and parts["credit"] == "（方园）"


def test_oracle_counts_literal_packed_and_scattered_pairs():
    oracle = peers.Oracle(ARTICLES)
    phrase = oracle.counts(peers.PeerQuery("phrase", ("新工业园",), phrase=True))
    assert phrase["literal"] == 1
    assert phrase["pairs"] == 2  # the second article has 新工, 工业, 业园 apart
    across = oracle.counts(peers.PeerQuery("common", ("工业",)))
    assert across["literal"] == 2 and across["packed"] == 3  # 加工，业务 read without the comma
    county = oracle.counts(peers.PeerQuery("common", ("工业",), county="安福县"))
    assert county["literal"] == 1


def test_sqlite_fts5_counts_exact_substrings(tmp_path):
    fts = peers.Fts5(tmp_path / "fts.sqlite3")
    fts.build(ARTICLES)
    assert fts.search(peers.PeerQuery("phrase", ("新工业园",), phrase=True)).total == 1  # trigram MATCH
    assert fts.search(peers.PeerQuery("common", ("工业",))).total == 2  # two characters: LIKE
    either = fts.search(peers.PeerQuery("or", ("产值", "加工"), op="or"))
    assert either.total == 2 and either.facets["county"] == {"永新县": 2}
    assert fts.finds("产值", ARTICLES[0]) and not fts.finds("产值", ARTICLES[1])


def test_tantivy_phrase_over_match_is_explained(tmp_path):
    pytest.importorskip("tantivy")
    tv = peers.Tantivy(tmp_path / "tv")
    tv.build(ARTICLES)
    q = peers.PeerQuery("phrase", ("新工业园",), phrase=True)
    figs = [peers.Figures("this archive", totals={q.label: 1}), peers.Figures("tantivy", totals={q.label: tv.search(q).total})]
    rows = peers.difference_rows(figs, [q], peers.Oracle(ARTICLES))
    assert len(rows) == 3  # header, rule, the one differing query
    assert "| 1 | 2 | 1 |" in rows[2]  # ours, tantivy, exact
    assert "tantivy: = every character pair" in rows[2]
    assert tv.search(peers.PeerQuery("single", ("的",))).total == 0 and tv.finds("永新", ARTICLES[0])


def test_the_comparison_table_is_computed_at_a_small_size(tmp_path):
    status, figs, lines = peers.run(25, seed=1, fmt="txt", workdir=tmp_path, repeat=1, n_recall=30, record=False)
    assert status == 0
    assert [f.name for f in figs] == ["this archive", "tantivy", "SQLite FTS5 trigram"]
    text = "\n".join(lines)
    for label in ("build, articles per CPU-second", "index MB per 1,000 articles", "p50 ms", "p95 ms",
                  "single common character", "20-word OR query", "recall of fragments"):
        assert label in text
    for f in figs:
        if f.error:  # a peer that is not installed says so in its column
            assert "not installed" in f.error
            continue
        assert f.rate > 0 and f.mb_per_1000 > 0 and f.mix["n"] > 0
        assert f.recall_all == 1.0  # every system finds every sampled fragment (txt pages)
        assert set(f.recall) <= {"title", "subtitle", "dateline", "body", "caption", "credit"} and "dateline" in f.recall
    ours, sqlite = figs[0], figs[2]
    behind = re.search(r"\| build, articles per CPU-second \|.*\| ([\d.]+)× \|$", text, re.M)
    assert behind and float(behind.group(1)) == pytest.approx(sqlite.rate / ours.rate, abs=0.051)
