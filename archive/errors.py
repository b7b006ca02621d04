"""Exceptions raised by the archive layer. Each names the file and what is wrong."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class for errors of the archive layer."""


class PageError(ArchiveError):
    """A source file (page, sidecar or JSON Lines export) could not be read.

    ``str(err)`` is one line: ``<path>: <reason>``.
    """

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
