"""The project's Whoosh writers: one process, or one segment per worker merged by the main process.

* `open_writer`: a `SegmentWriter` with our codec (`indexer.storage.codec`),
  separate segment files and postings grouped by term as they arrive
  (`indexer.storage.posting_pool`);
* `shard_writer` / `finish_shard` / `commit_segments`: a full build on
  several cores (`indexer.write.parallel_build`). Each worker writes one
  segment into the half-built generation with a lock-free writer, as Whoosh's
  own `MpWriter` does, and hands back the segment descriptor; the main process
  then writes the table of contents naming all of them, with no merge.
"""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.storage import posting_pool
from indexer.storage.codec import writer_codec

#: Memory (MB) a writer may use for its buffers before flushing postings to disk.
WRITER_LIMIT_MB = 256


def writer_options(**extra) -> dict:
    """Keyword arguments for every Whoosh writer of the project."""
    return {"codec": writer_codec(), "compound": False, **extra}


def open_writer(ix, **extra) -> SegmentWriter:
    """The project's writer for ``ix`` (``limitmb`` defaults to `WRITER_LIMIT_MB`)."""
    writer = SegmentWriter(ix, **writer_options(**{"limitmb": WRITER_LIMIT_MB, **extra}))
    posting_pool.install(writer.pool)
    return writer


def shard_writer(path: str) -> SegmentWriter:
    """A writer of one segment of the half-built index at ``path``, taking no lock
    (the main process holds the reindex lock; `commit_segments` names the segment)."""
    return open_writer(whoosh_index.open_dir(path), _lk=False)


def finish_shard(writer: SegmentWriter):
    """Write the shard's segment files; its descriptor for `commit_segments`, None when empty."""
    if writer.doc_count() == 0:
        writer.cancel()
        return None
    return writer._finalize_segment()


def commit_segments(ix, segments: list) -> None:
    """Make ``segments`` (written by `shard_writer`s) the content of the fresh index ``ix``."""
    writer = open_writer(ix)
    try:
        # As Whoosh's MpWriter(multisegment=True) commits: no merge, the
        # writer's own (empty) segment is discarded, the TOC names the workers'.
        writer._close_segment()
        writer._commit_toc(segments)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
