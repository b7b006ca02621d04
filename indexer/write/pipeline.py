"""The steps every write path shares: parse a page, make its documents, write them.

A `Pipeline` names the functions a reindex composes (module-level functions,
so worker processes can pickle them); tests swap in a fake parser. `page_result`
turns one source page into documents or a failure reason; `add_page` writes one
page's documents; the serial and the incremental reindex (`indexer.write.reindex`)
and each worker of the parallel build (`indexer.write.parallel_build`) use both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from archive.errors import PageError
from indexer.storage.schema import KIND_LEFTOVER


@dataclass(frozen=True)
class Pipeline:
    """``parse(src, corpus_root) -> ParsedPage`` (raises `PageError`),
    ``documents(page) -> list[dict]``, ``schema() -> whoosh Schema`` and
    ``schema_version`` (bump → the next run rebuilds)."""

    parse: Callable
    documents: Callable
    schema: Callable
    schema_version: str


def default_pipeline() -> Pipeline:
    from archive.parser import parse_source
    from indexer.write.documents import page_documents
    from indexer.storage.schema import SCHEMA_VERSION, build_schema

    return Pipeline(parse_source, page_documents, build_schema, str(SCHEMA_VERSION))


def page_result(pipeline: Pipeline, src, corpus_root) -> tuple[list[dict] | None, str | None]:
    """``(documents, None)`` for a page that parses, ``(None, reason)`` for one that does not."""
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


def count_articles(docs: list[dict]) -> int:
    """Articles among a page's documents (its leftover text is not one)."""
    return sum(1 for d in docs if d.get("kind") != KIND_LEFTOVER)


def add_page(writer, docs: list[dict]) -> int:
    """Write one page's documents with ``writer``; returns its number of articles."""
    for doc in docs:
        writer.add_document(**doc)
    return count_articles(docs)
