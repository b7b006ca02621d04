"""One reindex at a time: an exclusive `fcntl.flock` on ``<index_dir>/reindex.lock``.

The kernel releases a flock when the holding process dies (even by ``kill -9``),
so a crashed reindex never leaves a stale lock behind; the lock file itself may
stay and is simply reused.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "reindex.lock"


class ReindexBusy(Exception):
    """Another reindex holds the lock of this index directory."""

    def __init__(self, index_dir: str | os.PathLike, holder: str | None = None):
        self.index_dir = str(index_dir)
        self.holder = holder
        who = f" (process {holder})" if holder else ""
        super().__init__(f"{self.index_dir}: another reindex is already running{who}; try again when it has finished")


@contextmanager
def reindex_lock(index_dir: str | os.PathLike):
    """Hold the reindex lock of ``index_dir`` for the ``with`` block; raise `ReindexBusy` at once if taken."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or None
            raise ReindexBusy(index_dir, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
