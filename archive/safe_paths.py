"""Which files the corpus may bring in: the corpus is the corpus.

* A symlink (to a file or a directory) whose target resolves outside the corpus
  root is skipped, unless the target lies in a directory named in
  ``NEWSARCHIVE_ALLOW_OUTSIDE`` (directories separated by ``os.pathsep``; the CLI's
  ``--allow-outside DIR`` sets it).
* Nothing under ``/proc``, ``/sys`` or ``/dev`` is ever read, and no device, FIFO or
  socket: the first are endless or change while read, the others block.
* A file name that is not valid UTF-8 cannot be stored or shown: skipped.
* A broken or looping symlink is left for reading to report (`archive.reading`); it
  never raises here.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

ENV_ALLOW_OUTSIDE = "NEWSARCHIVE_ALLOW_OUTSIDE"
#: Pseudo file systems and device nodes: never read, even when asked for by name.
SYSTEM_DIRS = ("/proc", "/sys", "/dev")


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def system_path(path: str | os.PathLike) -> str | None:
    """The reason ``path`` must never be read (it resolves under /proc, /sys or /dev), or None."""
    real = os.path.realpath(path)
    for directory in SYSTEM_DIRS:
        if _inside(real, directory):
            return f"resolves to {real}, under {directory}: never read"
    return None


def allowed_from_env() -> tuple[str, ...]:
    """The outside directories named in ``$NEWSARCHIVE_ALLOW_OUTSIDE``, resolved."""
    raw = os.environ.get(ENV_ALLOW_OUTSIDE, "")
    return tuple(os.path.realpath(os.path.expanduser(d)) for d in raw.split(os.pathsep) if d.strip())


@dataclass(frozen=True)
class CorpusPolicy:
    """Decides, for a path met under the corpus root, whether it may be read."""

    root: str  # resolved corpus root
    allowed: tuple[str, ...] = ()  # resolved outside directories that may be linked to

    @classmethod
    def for_root(cls, root: str | os.PathLike, allowed: tuple[str, ...] | None = None) -> "CorpusPolicy":
        return cls(os.path.realpath(root), allowed_from_env() if allowed is None else allowed)

    def refuse(self, path: str | os.PathLike, parent_checked: bool = False) -> str | None:
        """Why ``path`` (a file or a directory under the root) must be skipped, or None.

        ``parent_checked``: the directory holding ``path`` is known to be allowed, so a
        plain file or directory (not a symlink) needs no further look (discovery's case).
        """
        try:
            os.fspath(path).encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes in the name (os.fsdecode's surrogates)
            return "file name is not valid UTF-8: rename it"
        if parent_checked:
            try:
                own = os.lstat(path)
            except OSError:
                return None
            if stat.S_ISREG(own.st_mode) or stat.S_ISDIR(own.st_mode):
                return None
        try:
            info = os.stat(path)
        except OSError:
            return None  # missing, unreadable or a symlink loop: reading it reports that
        reason = system_path(path)
        if reason:
            return reason
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            return "is a device, FIFO or socket, not a file: never read"
        real = os.path.realpath(path)
        if _inside(real, self.root) or any(_inside(real, d) for d in self.allowed):
            return None
        return (f"symlink to {real}, outside the corpus: skipped "
                f"(allow a directory with --allow-outside DIR or ${ENV_ALLOW_OUTSIDE})")
