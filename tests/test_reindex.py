"""Reindexing: incremental updates, full rebuilds, the lock, crashes, failed pages, progress.

The parser here is a small stand-in (`fake_parse`) so that the tests control
exactly which articles a page holds; schema, documents and analysis are the
real ones. One test runs the real pipeline over the seed pages.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archive.corpus import meta_from_path
from archive.errors import PageError
from archive.models import Article, Block, ParsedPage, Place
from indexer.storage.lock import reindex_lock
from indexing_helpers import kill_full_build_midway
from indexer.write.progress import TerminalProgress, render_bar
from indexer.write.reindex import Pipeline, ReindexBusy, default_pipeline, reindex
from indexer.storage.store import IndexMissing, IndexStore

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


# ------------------------------------------------------------ fake corpus
def fake_parse(src, corpus_root=None) -> ParsedPage:
    """A page file: blocks separated by blank lines; each block "title\\nbody", and a
    first line "@县名" sets the county. A file starting with BROKEN fails."""
    text = Path(src.path).read_text("utf-8")
    if text.startswith("BROKEN"):
        raise PageError(src.path, "not a newspaper page")
    meta = meta_from_path(src.relpath)
    articles, leftover = [], []
    for seq, block in enumerate(b for b in text.split("\n\n") if b.strip()):
        lines = block.strip().splitlines()
        county = None
        if lines[0].startswith("@"):
            county, lines = lines[0][1:], lines[1:]
        if lines[0].startswith("~"):  # text the "parser" could not attribute
            leftover.append("\n".join(lines)[1:])
            continue
        title, body = lines[0], "\n".join(lines[1:])
        articles.append(Article(
            id=hashlib.sha1(f"{src.relpath}#{seq}#{title}".encode()).hexdigest()[:16],
            source=src.relpath, seq=seq, meta=meta, title=title, blocks=[Block("paragraph", body)],
            about=Place(county, "吉安市", "江西省") if county else None,
        ))
    return ParsedPage(source=src.relpath, meta=meta, fingerprint=src.fingerprint(), articles=articles, leftover=leftover)


def slow_parse(src, corpus_root=None) -> ParsedPage:
    time.sleep(0.02)
    return fake_parse(src, corpus_root)


def _real(slow: bool = False) -> Pipeline:
    base = default_pipeline()
    return Pipeline(slow_parse if slow else fake_parse, base.documents, base.schema, base.schema_version)


FAKE = _real()


def write_page(corpus: Path, relpath: str, *blocks: str) -> Path:
    path = corpus / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(blocks) + "\n", "utf-8")
    return path


def make_corpus(corpus: Path) -> Path:
    write_page(corpus, "晚报/2024-03-01/1.txt", "@永新县\n工业园区投产\n锂电产线全速运转", "@安福县\n安福春耕\n农机下田")
    write_page(corpus, "晚报/2024-03-02/1.txt", "@永新县\n超纤新材料\n新项目签约", "~广告 招商热线")
    write_page(corpus, "日报/2023-12-31/2.txt", "@泰和县\n泰和乌鸡\n品牌推广会召开")
    return corpus


def build_small(tmp_path: Path) -> tuple[Path, Path]:
    """`make_corpus` indexed with the fake pipeline: (corpus, index directory)."""
    corpus = make_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    reindex(corpus, index_dir, pipeline=FAKE)
    return corpus, index_dir


def ids_for(store: IndexStore, **terms) -> set[str]:
    from whoosh.query import And, Term

    with store.searcher() as s:
        q = And([Term(k, v) for k, v in terms.items()])
        return {json.loads(s.stored_fields(n)["record"])["id"] for n in s.docs_for_query(q)}


def titles(store: IndexStore) -> set[str]:
    with store.searcher() as s:
        records = [json.loads(f["record"]) for f in s.all_stored_fields()]
        return {r["title"] for r in records if r["kind"] == "article"}


def search_title(store: IndexStore, title: str) -> int:
    """How many live articles have exactly this title (a search on the stored records)."""
    from whoosh.query import Term

    with store.searcher() as s:
        hits = s.search(Term("kind", "article"), limit=None)
        return sum(1 for hit in hits if json.loads(hit["record"])["title"] == title)


@pytest.fixture
def corpus(tmp_path) -> Path:
    return make_corpus(tmp_path / "corpus")


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


# ------------------------------------------------------------------- tests
def test_first_run_is_a_full_build(corpus, index_dir):
    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.mode == "full" and report.exit_code == 0
    assert (report.pages_read, report.articles_indexed) == (3, 4)
    store = IndexStore(index_dir)
    assert titles(store) == {"工业园区投产", "安福春耕", "超纤新材料", "泰和乌鸡"}
    assert search_title(store, "泰和乌鸡") == 1
    assert "4 articles indexed" in report.summary_line()


def test_second_run_without_changes_does_nothing(corpus, index_dir):
    reindex(corpus, index_dir, pipeline=FAKE)
    before = sorted(os.listdir(index_dir / IndexStore(index_dir).path_of_live().name))
    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.nothing_to_do and report.pages_unchanged == 3 and report.pages_read == 0
    assert "nothing to do" in report.summary_line()
    assert sorted(os.listdir(IndexStore(index_dir).path_of_live())) == before  # no new commit


def test_incremental_add_change_delete(corpus, index_dir):
    reindex(corpus, index_dir, pipeline=FAKE)
    store = IndexStore(index_dir)
    gen = store.generation
    old_ids = ids_for(store, source="晚报/2024-03-01/1.txt")
    assert len(old_ids) == 2

    write_page(corpus, "日报/2024-05-05/3.txt", "@吉安县\n新增页面\n内容")  # new
    write_page(corpus, "晚报/2024-03-01/1.txt", "@永新县\n工业园区扩建\n二期开工")  # changed: 2 → 1 article
    (corpus / "日报/2023-12-31/2.txt").unlink()  # deleted

    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.mode == "incremental" and not report.nothing_to_do
    assert (report.pages_new, report.pages_changed, report.pages_removed, report.pages_unchanged) == (1, 1, 1, 1)
    assert (report.articles_indexed, report.articles_updated, report.articles_removed) == (1, 1, 2)
    assert store.generation == gen  # updated in place
    assert titles(store) == {"工业园区扩建", "超纤新材料", "新增页面"}
    assert ids_for(store, source="日报/2023-12-31/2.txt") == set()
    assert not (ids_for(store, source="晚报/2024-03-01/1.txt") & old_ids)
    assert search_title(store, "泰和乌鸡") == 0 and search_title(store, "工业园区扩建") == 1
    assert reindex(corpus, index_dir, pipeline=FAKE).nothing_to_do


def test_full_switches_generation_and_keeps_one_previous(corpus, index_dir):
    reindex(corpus, index_dir, pipeline=FAKE)
    for _ in range(3):
        report = reindex(corpus, index_dir, full=True, pipeline=FAKE)
    store = IndexStore(index_dir)
    assert store.generation == report.generation == 4
    assert sorted(p.name for p in index_dir.glob("gen-*")) == ["gen-3", "gen-4"]
    assert len(titles(store)) == 4


def test_concurrent_reindex_is_refused(corpus, index_dir):
    with reindex_lock(index_dir):
        with pytest.raises(ReindexBusy) as err:
            reindex(corpus, index_dir, pipeline=FAKE)
    assert str(index_dir) in str(err.value) and "already running" in str(err.value)
    assert reindex(corpus, index_dir, pipeline=FAKE).exit_code == 0  # lock released afterwards


def test_lock_held_by_another_process_is_refused(corpus, index_dir):
    index_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            sys.path.insert(0, {str(ROOT)!r})
            from indexer.storage.lock import reindex_lock
            with reindex_lock({str(index_dir)!r}):
                print("locked", flush=True); time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ReindexBusy, match=str(holder.pid)):
            reindex(corpus, index_dir, pipeline=FAKE)
    finally:
        holder.kill()
        holder.wait()
    assert reindex(corpus, index_dir, pipeline=FAKE).exit_code == 0  # kill -9 left no stale lock


@pytest.mark.parametrize("jobs", [1, 2])
def test_failed_pages_are_reported_and_good_pages_indexed(corpus, index_dir, jobs):
    (corpus / "坏页.txt").write_text("BROKEN\n", "utf-8")
    report = reindex(corpus, index_dir, jobs=jobs, pipeline=FAKE)
    assert report.failed == [("坏页.txt", "not a newspaper page")]
    assert report.exit_code == 1 and "1 failed" in report.summary_line()
    assert len(titles(IndexStore(index_dir))) == 4


def test_changed_page_that_now_fails_keeps_its_previous_version(corpus, index_dir):
    reindex(corpus, index_dir, pipeline=FAKE)
    (corpus / "日报/2023-12-31/2.txt").write_text("BROKEN\n", "utf-8")
    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.failed == [("日报/2023-12-31/2.txt", "not a newspaper page")] and report.exit_code == 1
    assert "泰和乌鸡" in titles(IndexStore(index_dir))


def test_parallel_jobs_give_the_same_index(corpus, index_dir, tmp_path):
    one = reindex(corpus, tmp_path / "one", pipeline=FAKE)
    two = reindex(corpus, index_dir, jobs=2, pipeline=FAKE)
    assert (two.pages_read, two.articles_indexed) == (one.pages_read, one.articles_indexed)
    assert titles(IndexStore(index_dir)) == titles(IndexStore(tmp_path / "one"))


def test_missing_corpus_is_an_error(tmp_path):
    from archive.corpus import CorpusError

    with pytest.raises(CorpusError, match="does not exist"):
        reindex(tmp_path / "nope", tmp_path / "index", pipeline=FAKE)


def test_schema_version_change_forces_full_rebuild(corpus, index_dir):
    reindex(corpus, index_dir, pipeline=FAKE)
    bumped = Pipeline(FAKE.parse, FAKE.documents, FAKE.schema, FAKE.schema_version + "-next")
    report = reindex(corpus, index_dir, pipeline=bumped)
    assert report.mode == "full" and report.generation == 2


def test_an_index_whose_pickled_classes_are_gone_is_rebuilt_not_opened(corpus, index_dir, tmp_path, monkeypatch):
    """An older version's index may name field classes that no longer exist: the
    manifest's schema version decides, before anything unpickles the index."""
    (tmp_path / "old_fields.py").write_text("from whoosh.fields import TEXT\n\nclass OldText(TEXT):\n    pass\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import old_fields

    def old_schema():
        schema = FAKE.schema()
        schema.add("old", old_fields.OldText())
        return schema

    reindex(corpus, index_dir, pipeline=Pipeline(FAKE.parse, FAKE.documents, old_schema, "old"))
    monkeypatch.delitem(sys.modules, "old_fields")
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(tmp_path)])
    store = IndexStore(index_dir)
    assert store.exists() and "full rebuild is needed" in store.outdated_schema()
    with pytest.raises(IndexMissing, match="full rebuild"):
        with store.searcher():
            pass
    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.mode == "full" and report.generation == 2
    assert store.outdated_schema() is None and "工业园区投产" in titles(store)


_KILL_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
import test_reindex as t
from indexer.write.reindex import reindex
reindex({corpus!r}, {index!r}, full=True, pipeline=t._real(slow=True))
"""


def test_killed_full_reindex_leaves_old_index_serving(corpus, index_dir, tmp_path):
    reindex(corpus, index_dir, pipeline=FAKE)
    store = IndexStore(index_dir)
    with store.searcher() as s:
        before = s.doc_count()
    for i in range(300):  # enough pages for a few seconds of slow parsing
        write_page(corpus, f"大/2024-01-01/{i}.txt", f"@永新县\n标题{i}\n正文{i}")
    script = _KILL_SCRIPT.format(root=str(ROOT), tests=str(TESTS), corpus=str(corpus), index=str(index_dir))
    kill_full_build_midway(script, index_dir)
    assert list(index_dir.glob("gen-*.building"))  # it died half-way
    with store.searcher() as s:
        assert s.doc_count() == before
    assert store.generation == 1 and search_title(store, "泰和乌鸡") == 1

    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert "gen-2.building" in report.cleaned
    assert not list(index_dir.glob("gen-*.building"))
    assert report.exit_code == 0 and report.articles_indexed == 300
    assert search_title(store, "标题299") == 1


def test_progress_is_reported_per_page(corpus, index_dir):
    calls = []
    report = reindex(corpus, index_dir, pipeline=FAKE, progress=lambda *a: calls.append(a))
    assert [c[0] for c in calls] == [1, 2, 3] and all(c[1] == 3 for c in calls)
    assert calls[-1][2] == report.articles_indexed


def test_terminal_progress_bar():
    out = io.StringIO()
    clock = iter([0.0, 1.0, 2.0, 4.0])
    bar = TerminalProgress(out, interval=0, clock=lambda: next(clock))
    bar(0, 4, 0)
    bar(1, 4, 5)
    bar(2, 4, 9)
    bar(4, 4, 20)
    bar.finish()
    text = out.getvalue()
    assert text.startswith("\r") and text.endswith("\n") and text.count("\r") == 4
    assert "2/4 pages" in text and "9 articles" in text and "ETA 0:02" in text
    assert "4/4 pages" in text and "done in" in text
    assert "1.0 pages/s" in render_bar(2, 4, 9, 2.0)


def test_real_pipeline_on_seed_pages(seed_corpus, index_dir):
    pytest.importorskip("archive.segment")
    report = reindex(seed_corpus, index_dir)
    assert report.exit_code == 0, report.failed
    assert report.pages_read == 2 and report.articles_indexed >= 10
    assert reindex(seed_corpus, index_dir).nothing_to_do


def test_run_killed_between_commit_and_switch_is_repaired(corpus, index_dir, monkeypatch):
    reindex(corpus, index_dir, pipeline=FAKE)
    store = IndexStore(index_dir)
    assert search_title(store, "补记") == 0
    write_page(corpus, "晚报/2024-06-01/1.txt", "@永新县\n补记\n内容")

    def die(*args, **kwargs):
        raise KeyboardInterrupt  # stands in for kill -9 right after the Whoosh commit

    monkeypatch.setattr(IndexStore, "publish_update", die)
    with pytest.raises(KeyboardInterrupt):
        reindex(corpus, index_dir, pipeline=FAKE)
    monkeypatch.undo()
    assert search_title(store, "补记") == 0  # committed, but the pointer never moved
    report = reindex(corpus, index_dir, pipeline=FAKE)
    assert report.nothing_to_do
    assert search_title(store, "补记") == 1


def test_full_build_with_jobs_writes_one_segment_per_worker(tmp_path):
    from whoosh import index as whoosh_index

    corpus = tmp_path / "corpus"
    for day in range(1, 12):
        write_page(corpus, f"晚报/2024-04-{day:02d}/1.txt", f"@永新县\n永新新闻{day}\n第{day}天的锂电产线", "@安福县\n安福春耕\n农机下田")
    (corpus / "坏页.txt").write_text("BROKEN\n", "utf-8")
    one = reindex(corpus, tmp_path / "one", pipeline=FAKE)
    two = reindex(corpus, tmp_path / "two", jobs=2, full=True, pipeline=FAKE)
    assert two.failed == [("坏页.txt", "not a newspaper page")] and two.exit_code == 1
    assert (two.pages_read, two.articles_indexed) == (one.pages_read, one.articles_indexed) == (11, 22)
    store = IndexStore(tmp_path / "two")
    assert titles(store) == titles(IndexStore(tmp_path / "one"))
    ix = whoosh_index.open_dir(str(store.path_of_live()))
    assert len(ix._segments()) == 2  # both workers wrote, nothing was merged
    # the result is an ordinary index: incremental updates and searches work on it
    write_page(corpus, "晚报/2024-04-01/1.txt", "@永新县\n永新新闻改版\n更正后的稿件")
    again = reindex(corpus, tmp_path / "two", pipeline=FAKE)
    assert again.pages_changed == 1 and "永新新闻改版" in titles(store)
