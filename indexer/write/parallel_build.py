"""A full build on several cores: each worker parses, analyses and writes its own segment.

Whoosh's writer is pure Python and does most of the work of indexing (turning
tokens into postings), so parsing pages in other processes while one writer
indexes them scarcely helps (measured 1.3× with two processes). Here the
pages are split into ``jobs`` shards of about equal size; each worker process
writes one segment into the half-built generation
(`indexer.storage.writing.shard_writer`) and sends back the segment
descriptor; the main process then commits all the segments together, with
no merge (`indexer.storage.writing.commit_segments`). The generation is
switched only after that, so a killed build leaves nothing a reader can see;
a worker whose parent died stops.

Workers are started with ``spawn`` (they inherit neither the reindex lock's
file descriptor nor the threads of a web server) and report progress on a queue.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_mod
import traceback
from dataclasses import dataclass, field
from typing import Callable

from indexer.write.pipeline import add_page, page_result
from indexer.storage.writing import finish_shard, shard_writer

#: How long the main process waits for any message before checking on its workers.
POLL_SECONDS = 1.0


@dataclass
class ShardResult:
    segment: object | None  # the segment written (`finish_shard`), None when the shard wrote no document
    failed: list[tuple[str, str]] = field(default_factory=list)
    pages_read: int = 0
    pages_with_docs: int = 0
    articles: int = 0


def shards(sources: list, jobs: int) -> list[list]:
    """``jobs`` lists of sources of about equal total size (largest first, greedy)."""
    bins: list[list] = [[] for _ in range(max(1, min(jobs, len(sources))))]
    sizes = [0] * len(bins)

    def size_of(src) -> int:
        try:
            return os.path.getsize(src.path)
        except OSError:
            return 0

    for src in sorted(sources, key=size_of, reverse=True):
        i = sizes.index(min(sizes))
        bins[i].append(src)
        sizes[i] += size_of(src)
    return [b for b in bins if b]


def build_segments(building: str, sources: list, root: str, jobs: int, pipeline,
                   on_page: Callable[[int], None]) -> list[ShardResult]:
    """Run one worker per shard; ``on_page(articles)`` is called as each page is done."""
    ctx = multiprocessing.get_context("spawn")
    messages = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(str(building), shard, root, pipeline, messages, os.getpid()), daemon=True)
        for shard in shards(sources, jobs)
    ]
    for w in workers:
        w.start()
    results: list[ShardResult] = []
    try:
        while len(results) < len(workers):
            try:
                kind, payload = messages.get(timeout=POLL_SECONDS)
            except queue_mod.Empty:
                dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
                if dead and messages.empty():
                    raise RuntimeError(f"an indexing worker died (exit code {dead[0].exitcode})")
                continue
            if kind == "page":
                on_page(payload)
            elif kind == "done":
                results.append(payload)
            else:  # "error": a traceback from a worker
                raise RuntimeError(f"an indexing worker failed:\n{payload}")
    finally:
        for w in workers:
            if w.is_alive() and len(results) < len(workers):
                w.terminate()
            w.join()
    return results


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker as soon as the reindex that started it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the per-page parent check still applies
        pass


def _worker(building: str, shard: list, root: str, pipeline, messages, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # died before we asked
        os._exit(1)
    try:
        messages.put(("done", _build_shard(building, shard, root, pipeline, messages, parent)))
    except BaseException:  # report, never hang the parent
        messages.put(("error", traceback.format_exc()))


def _build_shard(building: str, shard: list, root: str, pipeline, messages, parent: int) -> ShardResult:
    writer = shard_writer(building)
    result = ShardResult(segment=None)
    try:
        for src in shard:
            if os.getppid() != parent:  # the reindex was killed: its build is garbage
                os._exit(1)
            docs, error = page_result(pipeline, src, root)
            articles = 0
            if error is not None:
                result.failed.append((src.relpath, error))
            else:
                result.pages_read += 1
                result.pages_with_docs += bool(docs)
                articles = add_page(writer, docs)
                result.articles += articles
            messages.put(("page", articles))
    except BaseException:
        writer.cancel()
        raise
    result.segment = finish_shard(writer)
    return result
