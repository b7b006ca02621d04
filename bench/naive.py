"""The naive baseline the indexer benchmark compares against.

What a first attempt looks like: jieba's own ``ChineseAnalyzer`` (from
``jieba.analyse``) on a default Whoosh schema (``TEXT`` title and body, no
character bigrams, county as a plain ``ID``), Whoosh's ``MultifieldParser``
for queries and ``groupedby="county"`` for the county facet. The articles are
the same `Article` records our indexer gets (parsed by `archive.parser`).

    python -m bench.naive build CORPUS_DIR INDEX_DIR [--procs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

NAIVE_FIELDS = ("title", "body")


def naive_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    analyzer = ChineseAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer),
        county=ID(stored=True),
    )


def build(corpus_dir: str | os.PathLike, index_dir: str | os.PathLike, *, procs: int = 1) -> tuple[int, int]:
    """Index every article of ``corpus_dir`` into a fresh ``index_dir``; return (articles, failed files)."""
    from whoosh import index as whoosh_index

    from archive.corpus import discover
    from archive.errors import ArchiveError
    from archive.parser import parse_source

    index_dir = Path(index_dir)
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index_dir), naive_schema())
    writer = ix.writer(procs=procs, limitmb=256) if procs > 1 else ix.writer(limitmb=256)
    articles = failed = 0
    for src in discover(corpus_dir):
        try:
            page = parse_source(src)
        except ArchiveError:
            failed += 1
            continue
        for art in page.articles:
            writer.add_document(id=art.id, title=art.title or "", body=art.body, county=art.county or "")
            articles += 1
    writer.commit()
    return articles, failed


class NaiveSearcher:
    """Query the naive index: parse with Whoosh's parser, facet by ``groupedby``."""

    def __init__(self, index_dir: str | os.PathLike):
        from whoosh import index as whoosh_index
        from whoosh.qparser import MultifieldParser

        self.ix = whoosh_index.open_dir(str(index_dir))
        self.parser = MultifieldParser(list(NAIVE_FIELDS), self.ix.schema)
        self.searcher = self.ix.searcher()

    def search(self, q: str, county: str | None = None, limit: int = 20) -> tuple[int, dict[str, int]]:
        """(total hits, county facet counts) for ``q``, optionally only in ``county``."""
        from whoosh.query import Term

        query = self.parser.parse(q)
        flt = Term("county", county) if county else None
        results = self.searcher.search(query, limit=limit, filter=flt, groupedby="county")
        groups = results.groups("county")
        return len(results), {k: len(v) if isinstance(v, list) else v for k, v in groups.items()}

    def matches(self, q: str, article_id: str) -> bool:
        """Whether ``q`` matches the article ``article_id`` at all."""
        from whoosh.query import Term

        results = self.searcher.search(self.parser.parse(q), limit=1, filter=Term("id", article_id))
        return len(results) > 0

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="index a corpus the naive way")
    b.add_argument("corpus")
    b.add_argument("index")
    b.add_argument("--procs", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles, failed = build(args.corpus, args.index, procs=args.procs)
    print(f"naive index: {articles} articles, {failed} files failed, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
