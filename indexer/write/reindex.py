"""Keep the index in step with the corpus: incremental by default, ``full`` on demand.

Incremental: every page's `SourceFile.fingerprint()` is compared with the
``page_fp`` stored with its documents; new and changed pages are parsed and
(re)written, documents of deleted pages removed, unchanged pages untouched. All
of it is one Whoosh commit into the live generation, which readers see
atomically; a crash before the commit leaves the index as it was.

Full (``full=True``, no index yet, or the schema changed): a fresh generation
is built in ``gen-<n>.building`` beside the live one, renamed to ``gen-<n>`` and
made live by replacing the ``CURRENT`` pointer (see `indexer.storage.store`). Killing the
process at any moment leaves the previous generation live and complete; the
next run removes the half-built directory.

Only one reindex runs at a time (`indexer.storage.store.IndexStore.lock`), and
every step on the index directory goes through `IndexStore`. With ``jobs > 1``
a full build writes one segment per worker (`indexer.write.parallel_build`);
an incremental run parses pages in worker processes while the main process
writes.
"""

from __future__ import annotations

import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from archive.errors import PageError
from indexer.write.parallel_build import build_segments
from indexer.write.pipeline import Pipeline, add_page, default_pipeline, page_result
from indexer.write.renames import page_articles, updated_table
from indexer.storage.lock import ReindexBusy
from indexer.storage.store import Build, IndexState, IndexStore, stored_pages, stored_records
from indexer.storage.writing import commit_segments, open_writer

__all__ = ["ReindexBusy", "ReindexReport", "Pipeline", "reindex", "default_pipeline"]

#: A full build with --jobs N > 1 writes N segments in N processes when there are at least this many pages.
PARALLEL_MIN_PAGES = 8
#: Pages per task sent to a worker process, and tasks queued per worker.
BATCH_PAGES = 8
AHEAD = 3


# -------------------------------------------------------------------- report
@dataclass
class ReindexReport:
    mode: str  # "full" | "incremental"
    pages_seen: int = 0  # pages in the corpus
    pages_read: int = 0  # pages parsed successfully in this run
    pages_new: int = 0
    pages_changed: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0  # pages gone from the corpus, their documents removed
    articles_indexed: int = 0  # articles of new pages (all pages in a full build)
    articles_updated: int = 0  # articles written for changed pages
    articles_removed: int = 0  # articles deleted: of removed pages, and old versions no longer present
    failed: list[tuple[str, str]] = field(default_factory=list)  # (relpath, reason)
    elapsed: float = 0.0
    nothing_to_do: bool = False
    generation: int | None = None
    cleaned: list[str] = field(default_factory=list)  # stale directories removed

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary_line(self) -> str:
        """One line for the CLI (English)."""
        secs = f"{self.elapsed:.1f}s"
        failed = f", {len(self.failed)} failed" if self.failed else ""
        if self.nothing_to_do:
            return (f"index up to date: {self.pages_unchanged} pages unchanged, nothing to do{failed}"
                    f" (generation {self.generation}, {secs})")
        if self.mode == "full":
            return (f"full reindex: {self.pages_read} pages read, {self.articles_indexed} articles indexed{failed}"
                    f" (generation {self.generation}, {secs})")
        return (f"incremental reindex: {self.pages_read} pages read ({self.pages_new} new, {self.pages_changed} changed),"
                f" {self.pages_removed} removed, {self.pages_unchanged} unchanged; articles {self.articles_indexed} indexed,"
                f" {self.articles_updated} updated, {self.articles_removed} removed{failed}"
                f" (generation {self.generation}, {secs})")


@dataclass
class Run:
    """One reindex: what it reads, how, and what it has done so far."""

    store: IndexStore
    sources: list
    corpus_root: str
    jobs: int
    progress: Callable[[int, int, int], None] | None
    pipeline: Pipeline
    report: ReindexReport


# ------------------------------------------------------------------- entry
def reindex(corpus_dir: str | os.PathLike, index_dir: str | os.PathLike, *, full: bool = False, jobs: int = 1,
            progress: Callable[[int, int, int], None] | None = None,
            pipeline: Pipeline | None = None) -> ReindexReport:
    """Bring ``index_dir`` in step with ``corpus_dir``; see the module doc.

    Raises `ReindexBusy` when another reindex runs, `archive.corpus.CorpusError`
    when the corpus directory is missing. Pages that fail are listed in
    ``report.failed``; the others are indexed regardless.
    """
    from archive.corpus import discover

    started = time.monotonic()
    pipeline = pipeline or default_pipeline()
    sources = discover(corpus_dir)
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    store = IndexStore(index_dir)
    try:
        with store.lock():
            cleaned = store.remove_stale()
            incremental = not full and store.can_update(pipeline.schema_version)
            report = ReindexReport(mode="incremental" if incremental else "full", pages_seen=len(sources))
            run = Run(store, sources, os.path.abspath(corpus_dir), jobs, progress, pipeline, report)
            _incremental(run) if incremental else _full(run)
    finally:
        finish = getattr(progress, "finish", None)
        if callable(finish):
            finish()
    report.cleaned = cleaned + report.cleaned
    report.elapsed = time.monotonic() - started
    return report


# ---------------------------------------------------------------------- full
def _carry_ids(store: IndexStore, build: Build) -> None:
    """Write the build's table of former ids: the live table, plus where each live article's
    id leads in the build (`indexer.write.renames`)."""
    with build.ix.searcher() as s:
        current = set(s.reader().field_terms("id"))  # a fresh build: no deleted documents
    old = {}
    if store.readable():  # only the live articles whose id is not current (memory: what changed)
        with store.searcher() as s:
            old = page_articles(stored_records(s), skip=current)
    with build.ix.searcher() as s:
        new = page_articles(stored_records(s, list(old)))
    store.write_id_table(build.path, updated_table(store.id_table(), old, new))


def _full(run: Run) -> None:
    build = run.store.start_build(run.pipeline.schema())
    try:
        if run.jobs > 1 and len(run.sources) >= PARALLEL_MIN_PAGES:
            pages = _build_parallel(run, build)
        else:
            pages = _build_serial(run, build)
        _carry_ids(run.store, build)
    except BaseException:
        run.store.abandon(build)
        raise
    state = IndexState(run.report.mode, run.pipeline.schema_version, pages)
    run.report.cleaned += run.store.publish_build(build, state)
    run.report.pages_new = run.report.pages_read
    run.report.generation = build.number


def _build_serial(run: Run, build: Build) -> int:
    """One writer in this process (pages parsed here); returns pages with documents."""
    report = run.report
    writer = open_writer(build.ix)
    pages = 0
    try:
        for done, (src, docs, error) in enumerate(_parsed(run, run.sources, jobs=1), 1):
            if error is not None:
                report.failed.append((src.relpath, error))
            else:
                report.pages_read += 1
                report.articles_indexed += add_page(writer, docs)
                pages += bool(docs)
            if run.progress:
                run.progress(done, len(run.sources), report.articles_indexed)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return pages


def _build_parallel(run: Run, build: Build) -> int:
    """``jobs`` workers each write a segment (`indexer.write.parallel_build`); returns pages with documents."""
    report = run.report
    done = [0, 0]  # pages, articles

    def on_page(articles: int) -> None:
        done[0] += 1
        done[1] += articles
        if run.progress:
            run.progress(done[0], len(run.sources), done[1])

    results = build_segments(str(build.path), run.sources, run.corpus_root, run.jobs, run.pipeline, on_page)
    commit_segments(build.ix, [r.segment for r in results if r.segment is not None])
    order = {src.relpath: i for i, src in enumerate(run.sources)}
    report.failed += sorted((f for r in results for f in r.failed), key=lambda f: order.get(f[0], 0))
    report.pages_read += sum(r.pages_read for r in results)
    report.articles_indexed += sum(r.articles for r in results)
    return sum(r.pages_with_docs for r in results)


# --------------------------------------------------------------- incremental
def _incremental(run: Run) -> None:
    store, report = run.store, run.report
    report.generation = store.generation
    ix = store.live_index()
    with ix.searcher() as searcher:
        stored = stored_pages(searcher)

    todo = []
    present = set()
    for src in run.sources:
        present.add(src.relpath)
        try:
            fp = src.fingerprint()
        except PageError as err:
            report.failed.append((src.relpath, err.reason))
            continue
        old = stored.get(src.relpath)
        if old is not None and old[0] == fp:
            report.pages_unchanged += 1
        else:
            todo.append(src)
    gone = sorted(set(stored) - present)
    if not todo and not gone:
        report.nothing_to_do = True
        if store.unpublished_commit(ix):  # killed after its commit, before publishing it
            store.publish_update(ix, IndexState(report.mode, run.pipeline.schema_version, len(stored)))
        return

    pages = set(stored) - set(gone)
    with ix.searcher() as searcher:  # the replaced pages' articles, for the table of former ids
        old = page_articles(stored_records(searcher, [s.relpath for s in todo if s.relpath in stored] + gone))
    new = {}
    writer = open_writer(ix)
    try:
        for rel in gone:
            writer.delete_by_term("source", rel)
            report.articles_removed += stored[rel][1]
            report.pages_removed += 1
        for done, (src, docs, error) in enumerate(_parsed(run, todo, run.jobs), 1):
            if error is not None:  # a changed page that now fails keeps its previous version
                report.failed.append((src.relpath, error))
                old.pop(src.relpath, None)
            else:
                new[src.relpath] = page_articles(d["record"] for d in docs if "record" in d).get(src.relpath, {})
                report.pages_read += 1
                if src.relpath in stored:
                    writer.delete_by_term("source", src.relpath)
                new_articles = add_page(writer, docs)
                if src.relpath in stored:
                    report.pages_changed += 1
                    report.articles_updated += new_articles
                    report.articles_removed += max(0, stored[src.relpath][1] - new_articles)
                else:
                    report.pages_new += 1
                    report.articles_indexed += new_articles
                (pages.add if docs else pages.discard)(src.relpath)
            if run.progress:
                run.progress(done, len(todo), report.articles_indexed + report.articles_updated)
        table = store.id_table()
        store.write_id_table(store.path_of_live(), updated_table(table, old, new))
        try:
            writer.commit()
        except BaseException:
            store.write_id_table(store.path_of_live(), table)  # the commit did not happen
            raise
    except BaseException:
        writer.cancel()
        raise
    store.publish_update(ix, IndexState(report.mode, run.pipeline.schema_version, len(pages)))


# ------------------------------------------------------------------- parsing
_worker_pipeline: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _work_batch(batch: list, corpus_root: str) -> list[tuple[list[dict] | None, str | None]]:
    return [page_result(_worker_pipeline, src, corpus_root) for src in batch]


def _parsed(run: Run, sources: list, jobs: int) -> Iterator[tuple[object, list | None, str | None]]:
    """``(src, documents, None)`` or ``(src, None, reason)`` per source, in order."""
    if jobs <= 1 or len(sources) < 2:
        for src in sources:
            docs, error = page_result(run.pipeline, src, run.corpus_root)
            yield src, docs, error
        return
    yield from _parsed_in_pool(sources, run.corpus_root, jobs, run.pipeline)


def _parsed_in_pool(sources: list, root: str, jobs: int, pipeline: Pipeline):
    """Batches of pages go to ``jobs - 1`` worker processes (the main process, writing,
    is the ``jobs``-th); at most ``AHEAD`` batches per worker wait to be written, so
    memory stays bounded however slow the writer is."""
    workers = max(1, jobs - 1)
    size = max(1, min(BATCH_PAGES, len(sources) // (workers * 4)))
    batches = iter([sources[i:i + size] for i in range(0, len(sources), size)])
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(pipeline,))
    pending: deque = deque()
    try:
        for batch in islice(batches, workers * AHEAD):
            pending.append((batch, pool.submit(_work_batch, batch, root)))
        while pending:
            batch, future = pending.popleft()
            results = future.result()
            following = next(batches, None)
            if following is not None:
                pending.append((following, pool.submit(_work_batch, following, root)))
            for src, (docs, error) in zip(batch, results):
                yield src, docs, error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
