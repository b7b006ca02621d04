"""Hostile pages: the page splitter and the file parser accept any text or
bytes; the only error they raise is `PageError`, which names the file."""

from __future__ import annotations

import pytest
from hypothesis import given

from archive.errors import PageError
from archive.parser import parse_file
from archive.segment import split_page
from bench.fuzzing import PAGE_BYTES, PAGE_TEXT, budget


@budget()
@given(text=PAGE_TEXT)
def test_split_page_never_raises(text):
    split = split_page(text)
    for art in split.articles:
        assert art.display_title  # every article can be listed
        assert all(isinstance(b.text, str) for b in art.blocks)


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-pages")


def parse_bytes(path, data: bytes):
    """Parse ``data`` written to ``path``; None when a `PageError` names the file (the only allowed failure)."""
    path.write_bytes(data)
    try:
        return parse_file(path, path.parent)
    except PageError as err:
        assert str(path) in str(err)
        return None


@budget()
@given(data=PAGE_BYTES)
def test_parse_file_reads_or_names_the_file(page_dir, data):
    page = parse_bytes(page_dir / "page.txt", data)
    if page is not None:
        assert page.source == "page.txt"
        for art in page.articles:
            art.to_dict()


@budget()
@given(data=PAGE_BYTES)
def test_parse_jsonl_reads_or_names_the_file(page_dir, data):
    page = parse_bytes(page_dir / "export.jsonl", data)
    if page is not None:
        assert all(art.id for art in page.articles)
