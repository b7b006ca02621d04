"""A corpus holding bad files (binary, truncated GBK, UTF-16 without BOM, empty,
oversized, broken sidecar, unreadable, symlink loop) beside good pages:
`newsarchive reindex` names each bad file once, indexes the rest, exits 1."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from bench.bad_files import make_bad_corpus

_CASES = ["binary", "truncated_gbk", "utf16_no_bom", "empty", "oversized", "broken_sidecar", "no_permission", "loop_a", "loop_b"]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    from web.cli import cli

    root = tmp_path_factory.mktemp("bad-corpus")
    corpus, index = root / "corpus", root / "index"
    bad, good = make_bad_corpus(corpus, big_mb=50)
    result = CliRunner().invoke(cli, ["--corpus", str(corpus), "--index", str(index), "reindex", "--full"])
    yield {b.relpath: b for b in bad}, good, result, index
    for p in corpus.rglob("*"):
        if p.is_file() and not p.is_symlink():
            os.chmod(p, 0o644)


def test_reindex_exits_1_when_some_files_are_bad(bad_run):
    _bad, _good, result, _index = bad_run
    assert result.exit_code == 1, result.output
    assert "failed" in result.stdout  # the summary line counts the failures


@pytest.mark.parametrize("case", _CASES)
def test_each_bad_file_is_named_once(bad_run, case):
    bad, _good, result, _index = bad_run
    (entry,) = [b for rel, b in bad.items() if rel == f"bad/{case}.txt"]
    if entry.skipped:
        pytest.skip(entry.skipped)
    lines = [ln for ln in result.stderr.splitlines() if entry.relpath in ln]
    assert len(lines) == 1, result.stderr
    reason = lines[0].split(entry.relpath, 1)[1].strip(": ")
    assert len(reason) > 5  # says what is wrong, not just the name


def test_messages_say_what_is_wrong(bad_run):
    _bad, _good, result, _index = bad_run
    err = result.stderr
    line = {case: next((ln for ln in err.splitlines() if f"bad/{case}.txt" in ln), "") for case in _CASES}
    assert "empty" in line["empty"]
    assert "large" in line["oversized"] and "bytes" in line["oversized"]
    assert "TOML" in line["broken_sidecar"] and "bad/broken_sidecar.toml" in line["broken_sidecar"]
    assert "UTF-16" in line["utf16_no_bom"]
    assert "loop" in line["loop_a"] and "loop" in line["loop_b"]
    assert "binary" in line["binary"]


def test_good_pages_are_indexed_despite_bad_ones(bad_run):
    from indexer.results import SearchRequest
    from indexer.search import search
    from indexer.storage.store import IndexStore

    _bad, good, _result, index = bad_run
    store = IndexStore(index)
    hits = search(store, SearchRequest(q="合成测试新闻", page_size=50))
    assert {h.title for h in hits.hits} >= {f"合成测试新闻{i}" for i in range(3)}
    assert search(store, SearchRequest(q="金垦山")).total >= 1  # from the seed page 004
    assert search(store, SearchRequest(q="宜丰县举办宣讲活动")).total == 0  # the truncated GBK file is not half-indexed
    store.close()
