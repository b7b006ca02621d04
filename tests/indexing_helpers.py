"""Small helpers to build throwaway indexes for tests, without indexer.storage.store."""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager
from pathlib import Path

from whoosh.index import create_in

from archive.models import Article, Author, Block, PageMeta, ParsedPage, Place
from indexer.write.documents import page_documents
from indexer.storage.writing import open_writer
from indexer.storage.schema import build_schema


class DirStore:
    """The part of IndexStore that indexer.search needs, over one Whoosh index dir."""

    def __init__(self, ix):
        self.ix = ix
        self._searcher = None

    @contextmanager
    def searcher(self):
        if self._searcher is None:  # the test indexes do not change once built
            self._searcher = self.ix.searcher()
        yield self._searcher

    def close(self):
        if self._searcher is not None:
            self._searcher.close()


def build_index(path: Path, pages: list[ParsedPage]) -> DirStore:
    ix = create_in(str(path), build_schema())
    with open_writer(ix) as w:  # the writer reindex uses
        for page in pages:
            for doc in page_documents(page):
                w.add_document(**doc)
    return DirStore(ix)


def make_article(id: str, title: str | None = None, body: str = "", *, source: str = "p/page.txt", seq: int = 0,
                 paper: str | None = "井冈山报", date: _dt.date | None = _dt.date(2025, 5, 1),
                 county: str | None = None, city: str | None = None, province: str | None = "江西省",
                 captions: list[str] | None = None, subtitle: str | None = None,
                 authors: list[str] | None = None) -> Article:
    about = Place(county, city, province) if county else (Place(city, city, province, "city") if city else None)
    return Article(
        id=id, source=source, seq=seq, meta=PageMeta(paper=paper, date=date, page="1"),
        title=title, subtitle=subtitle, authors=[Author(a) for a in authors or []],
        blocks=[Block("paragraph", p) for p in body.split("\n") if p], captions=list(captions or []),
        about=about,
    )


def page_of(articles: list[Article], source: str = "p/page.txt", leftover: list[str] | None = None,
            fingerprint: str = "fp") -> ParsedPage:
    meta = articles[0].meta if articles else PageMeta()
    return ParsedPage(source=source, meta=meta, fingerprint=fingerprint, articles=articles,
                      leftover=list(leftover or []))


def kill_full_build_midway(script: str, index_dir: Path) -> None:
    """Run ``script`` (a ``reindex --full`` in a child Python) and SIGKILL it once it has
    started writing the new generation's segment, half a second later."""
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not list(index_dir.glob("gen-*.building/*.seg")) and not list(index_dir.glob("gen-*.building/_MAIN_*")):
            assert proc.poll() is None and time.monotonic() < deadline, "reindex did not start building"
            time.sleep(0.05)
        time.sleep(0.5)
        assert proc.poll() is None, "reindex finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
