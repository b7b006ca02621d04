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

Only one reindex runs at a time (`indexer.storage.lock.reindex_lock`). With ``jobs > 1``
pages are parsed and turned into documents in worker processes (each loads
jieba once) while the main process writes: the single Whoosh writer.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from archive.errors import PageError
from indexer.storage.codec import open_writer
from indexer.storage.lock import ReindexBusy, reindex_lock
from indexer.storage.store import (
    building_dirs,
    gen_name,
    gen_number,
    generation_dirs,
    next_generation,
    read_manifest,
    read_pointer,
    write_manifest,
    write_pointer,
)

__all__ = ["ReindexBusy", "ReindexReport", "Pipeline", "reindex", "default_pipeline"]

#: Memory (MB) the Whoosh writer may use for its buffers before flushing a segment.
WRITER_LIMIT_MB = 256

KIND_LEFTOVER = "leftover"
#: A full build with --jobs N > 1 writes N segments in N processes when there are at least this many pages.
PARALLEL_MIN_PAGES = 8
#: Pages per task sent to a worker process, and tasks queued per worker.
BATCH_PAGES = 8
AHEAD = 3


# ------------------------------------------------------------------ pipeline
@dataclass(frozen=True)
class Pipeline:
    """The functions a reindex composes; module-level functions so worker processes can pickle them.

    ``parse(src, corpus_root) -> ParsedPage`` (raises `PageError`),
    ``documents(page) -> list[dict]``, ``schema() -> whoosh Schema``,
    ``schema_version`` (bump → next run rebuilds), ``warm_up()`` run once per worker.
    """

    parse: Callable
    documents: Callable
    schema: Callable
    schema_version: str
    warm_up: Callable[[], object] | None = None


def default_pipeline() -> Pipeline:
    from archive.parser import parse_source
    from indexer.build.documents import page_documents
    from indexer.storage.schema import SCHEMA_VERSION, build_schema

    # No warm-up: parsing and building documents need no jieba (Whoosh analyses in
    # the writer, in the main process); anything a worker loads lazily (the
    # gazetteer, jieba if it ever were needed) stays loaded for its lifetime.
    return Pipeline(parse_source, page_documents, build_schema, str(SCHEMA_VERSION))


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
    index_dir = Path(index_dir)
    sources = discover(corpus_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with reindex_lock(index_dir):
            cleaned = _remove_stale(index_dir)
            if full or not _can_update(index_dir, pipeline):
                report = _full(sources, corpus_dir, index_dir, jobs, progress, pipeline)
            else:
                report = _incremental(sources, corpus_dir, index_dir, jobs, progress, pipeline)
    finally:
        finish = getattr(progress, "finish", None)
        if callable(finish):
            finish()
    report.cleaned = cleaned + report.cleaned
    report.elapsed = time.monotonic() - started
    return report


# ---------------------------------------------------------------------- full
def _full(sources, corpus_dir, index_dir: Path, jobs, progress, pipeline: Pipeline) -> ReindexReport:
    from whoosh import index as whoosh_index

    report = ReindexReport(mode="full", pages_seen=len(sources))
    previous = read_pointer(index_dir)
    n = next_generation(index_dir)
    building = index_dir / f"{gen_name(n)}.building"
    building.mkdir()
    ix = whoosh_index.create_in(str(building), pipeline.schema())
    try:
        if jobs > 1 and len(sources) >= PARALLEL_MIN_PAGES:
            pages = _build_parallel(ix, building, sources, corpus_dir, jobs, progress, pipeline, report)
        else:
            pages = _build_serial(ix, sources, corpus_dir, progress, pipeline, report)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)  # the next run would remove it anyway
        raise
    ix = whoosh_index.open_dir(str(building))
    documents, commit = ix.doc_count(), ix.latest_generation()
    final = index_dir / gen_name(n)
    os.rename(building, final)
    _switch(index_dir, n, gen_number(previous) if previous else None, pipeline,
            pages=pages, documents=documents, commit=commit, report=report)
    report.pages_new = report.pages_read
    report.generation = n
    # keep the generation just replaced (other processes may still be opening it)
    keep = {n, gen_number(previous) if previous else None}
    report.cleaned += _remove_generations(index_dir, keep)
    return report


def _build_serial(ix, sources, corpus_dir, progress, pipeline: Pipeline, report: ReindexReport) -> int:
    """One writer in this process (pages parsed here); returns pages with documents."""
    writer = open_writer(ix, limitmb=WRITER_LIMIT_MB)
    pages = 0
    try:
        for done, (src, docs, error) in enumerate(_parsed(sources, corpus_dir, 1, pipeline), 1):
            if error is not None:
                report.failed.append((src.relpath, error))
            else:
                report.pages_read += 1
                report.articles_indexed += _count_articles(docs)
                pages += bool(docs)
                for doc in docs:
                    writer.add_document(**doc)
            if progress:
                progress(done, len(sources), report.articles_indexed)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return pages


def _build_parallel(ix, building: Path, sources, corpus_dir, jobs, progress, pipeline: Pipeline,
                    report: ReindexReport) -> int:
    """``jobs`` workers each write a segment (`indexer.build.parallel_build`); returns pages with documents."""
    from indexer.build.parallel_build import build_segments, commit_segments

    done = [0, 0]  # pages, articles

    def on_page(articles: int) -> None:
        done[0] += 1
        done[1] += articles
        if progress:
            progress(done[0], len(sources), done[1])

    results = build_segments(building, sources, os.path.abspath(corpus_dir), jobs, pipeline, on_page)
    commit_segments(ix, [r.segment for r in results if r.segment is not None])
    order = {src.relpath: i for i, src in enumerate(sources)}
    report.failed += sorted((f for r in results for f in r.failed), key=lambda f: order.get(f[0], 0))
    report.pages_read += sum(r.pages_read for r in results)
    report.articles_indexed += sum(r.articles for r in results)
    return sum(r.pages_with_docs for r in results)


def _switch(index_dir: Path, n: int, previous: int | None, pipeline: Pipeline, *, pages: int, documents: int,
            commit: int, report: ReindexReport) -> None:
    """Write the manifest, then make generation ``n`` live by replacing the pointer
    (also for an update in place: a new pointer file tells every `IndexStore` to reopen)."""
    write_manifest(index_dir, {
        "generation": n,
        "previous": previous,
        "last_reindex": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "mode": report.mode,
        "schema_version": pipeline.schema_version,
        "pages": pages,
        "documents": documents,
        "commit": commit,  # Whoosh TOC generation of that state
    })
    write_pointer(index_dir, gen_name(n))


# --------------------------------------------------------------- incremental
def _incremental(sources, corpus_dir, index_dir: Path, jobs, progress, pipeline: Pipeline) -> ReindexReport:
    from whoosh import index as whoosh_index

    live = read_pointer(index_dir)
    n = gen_number(live)
    report = ReindexReport(mode="incremental", pages_seen=len(sources), generation=n)
    ix = whoosh_index.open_dir(str(index_dir / live))
    with ix.searcher() as searcher:
        stored = stored_pages(searcher)

    todo = []
    present = set()
    for src in sources:
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
        manifest = read_manifest(index_dir)
        if manifest.get("commit") != ix.latest_generation():  # killed after its commit, before the switch
            _switch(index_dir, n, manifest.get("previous"), pipeline, pages=len(stored),
                    documents=ix.doc_count(), commit=ix.latest_generation(), report=report)
        return report

    pages = set(stored) - set(gone)
    writer = open_writer(ix, limitmb=WRITER_LIMIT_MB)
    try:
        for rel in gone:
            writer.delete_by_term("source", rel)
            report.articles_removed += stored[rel][1]
            report.pages_removed += 1
        for done, (src, docs, error) in enumerate(_parsed(todo, corpus_dir, jobs, pipeline), 1):
            if error is not None:  # a changed page that now fails keeps its previous version
                report.failed.append((src.relpath, error))
            else:
                report.pages_read += 1
                new_articles = _count_articles(docs)
                if src.relpath in stored:
                    writer.delete_by_term("source", src.relpath)
                    report.pages_changed += 1
                    report.articles_updated += new_articles
                    report.articles_removed += max(0, stored[src.relpath][1] - new_articles)
                else:
                    report.pages_new += 1
                    report.articles_indexed += new_articles
                for doc in docs:
                    writer.add_document(**doc)
                (pages.add if docs else pages.discard)(src.relpath)
            if progress:
                progress(done, len(todo), report.articles_indexed + report.articles_updated)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    _switch(index_dir, n, read_manifest(index_dir).get("previous"), pipeline,
            pages=len(pages), documents=ix.doc_count(), commit=ix.latest_generation(), report=report)
    return report


def stored_pages(searcher) -> dict[str, tuple[str | None, int]]:
    """``{source: (page_fp, articles)}`` for every page with live documents in the index."""
    out = {}
    reader = searcher.reader()
    if "source" not in reader.indexed_field_names():
        return out
    kinds = reader.column_reader("kind", translate=True) if reader.has_column("kind") else None
    for term in reader.lexicon("source"):
        source = term.decode("utf-8") if isinstance(term, bytes) else term
        docnums = list(searcher.document_numbers(source=source))
        if not docnums:  # only deleted documents left for this term
            continue
        fp = searcher.stored_fields(docnums[0]).get("page_fp")
        if kinds is not None:
            articles = sum(1 for d in docnums if kinds[d] != KIND_LEFTOVER)
        else:
            articles = sum(1 for d in docnums if searcher.stored_fields(d).get("kind") != KIND_LEFTOVER)
        out[source] = (fp, articles)
    return out


def _can_update(index_dir: Path, pipeline: Pipeline) -> bool:
    """True when there is a live generation written with the current schema version."""
    from whoosh import index as whoosh_index

    live = read_pointer(index_dir)
    if live is None or not whoosh_index.exists_in(str(index_dir / live)):
        return False
    manifest = read_manifest(index_dir)
    return manifest.get("generation") == gen_number(live) and manifest.get("schema_version") == pipeline.schema_version


def _count_articles(docs: list[dict]) -> int:
    return sum(1 for d in docs if d.get("kind") != KIND_LEFTOVER)


# ------------------------------------------------------------------- cleanup
def _remove_stale(index_dir: Path) -> list[str]:
    """Remove what a killed run left: half-built generations, temp files, old generations."""
    removed = []
    for path in building_dirs(index_dir):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for entry in os.scandir(index_dir):
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            os.unlink(entry.path)
            removed.append(entry.name)
    live = read_pointer(index_dir)
    if live is not None:
        manifest = read_manifest(index_dir)
        keep = {gen_number(live)}
        if manifest.get("generation") == gen_number(live):
            keep.add(manifest.get("previous"))
        removed += _remove_generations(index_dir, keep)
    return removed


def _remove_generations(index_dir: Path, keep: set) -> list[str]:
    removed = []
    for n, path in sorted(generation_dirs(index_dir).items()):
        if n not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


# ------------------------------------------------------------------- parsing
_worker_pipeline: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline
    if pipeline.warm_up is not None:
        pipeline.warm_up()


def _work_batch(batch: list, corpus_root: str) -> list[tuple[list[dict] | None, str | None]]:
    return [_documents_for(_worker_pipeline, src, corpus_root) for src in batch]


def _documents_for(pipeline: Pipeline, src, corpus_root) -> tuple[list[dict] | None, str | None]:
    try:
        page = pipeline.parse(src, corpus_root)
        return pipeline.documents(page), None
    except PageError as err:
        if Path(err.path) != Path(src.path):  # a sidecar that applies to the page: name it
            try:
                where = Path(err.path).resolve().relative_to(Path(corpus_root).resolve()).as_posix()
            except ValueError:
                where = err.path
            return None, f"{where}: {err.reason}"
        return None, err.reason
    except Exception as err:  # a parser bug on one page must not stop the others
        return None, f"internal error: {type(err).__name__}: {err}"


def _parsed(sources: list, corpus_dir, jobs: int, pipeline: Pipeline) -> Iterator[tuple[object, list | None, str | None]]:
    """``(src, documents, None)`` or ``(src, None, reason)`` per source, in order."""
    root = os.path.abspath(corpus_dir)
    if jobs <= 1 or len(sources) < 2:
        for src in sources:
            docs, error = _documents_for(pipeline, src, root)
            yield src, docs, error
        return
    yield from _parsed_in_pool(sources, root, jobs, pipeline)


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
