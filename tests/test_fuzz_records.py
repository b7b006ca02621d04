"""Property: no JSON Lines file of arbitrary JSON objects makes a reindex fail, and
every valid line (an object whose ``title`` is a string or null and whose ``body`` is
a string or a list of strings) is searchable afterwards (issue 13, point 4)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bench.fuzzing import budget
from indexer.write.reindex import reindex
from indexer.results import SearchRequest
from indexer.search import search
from indexer.storage.store import IndexStore

# Text that is valid JSON but not valid Unicode text, and other awkward characters.
_AWKWARD = st.sampled_from(["\ud800", "\udfff", "\udbff\udbff", "\ufffe", "\uffff", "\U0010ffff", "\ufdd0",
                            "\u202e", "\x00", "\n", "\u2028", "锂电", "本报永新讯(记者 张三)"])
TEXT = st.lists(st.one_of(st.text(max_size=8), _AWKWARD), max_size=6).map("".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=12)
RECORD = st.fixed_dictionaries(
    {},
    optional={"title": st.one_of(TEXT, st.none(), JSON), "body": st.one_of(TEXT, st.lists(TEXT, max_size=3), JSON),
              "id": JSON, "paper": JSON, "authors": JSON, "date": JSON, "page": JSON, "edition": JSON, "url": JSON,
              "county": JSON, "captions": JSON, "subtitle": JSON},
).flatmap(lambda fixed: st.dictionaries(TEXT, JSON, max_size=2).map(lambda extra: {**extra, **fixed}))
LINE = st.one_of(RECORD, JSON)


def _valid(record) -> bool:
    if not isinstance(record, dict) or "title" not in record or "body" not in record:
        return False
    body = record["body"]
    return (record["title"] is None or isinstance(record["title"], str)) and (
        isinstance(body, str) or (isinstance(body, list) and all(isinstance(p, str) for p in body)))


def _marker(n: int) -> str:
    """A searchable word unique to line ``n`` (digits spelled in Chinese)."""
    return "核验" + "".join("零一二三四五六七八九"[int(d)] for d in f"{n:03d}") + "号"


@budget(default=25)
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_any_jsonl_file_reindexes_and_valid_lines_are_searchable(tmp_path_factory, lines):
    corpus = tmp_path_factory.mktemp("corpus")
    index_dir = tmp_path_factory.mktemp("index")
    out, markers = [], []
    for n, record in enumerate(lines):
        if _valid(record):
            marker = _marker(n)
            body = record["body"]
            record = {**record, "body": f"{body}\n{marker}" if isinstance(body, str) else [*body, marker]}
            markers.append(marker)
        out.append(json.dumps(record))  # ASCII escapes: lone surrogates stay as \ud800
    (corpus / "export.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    (corpus / "good.txt").write_text("好页标题\n本报讯 这一页完好无损，提到核验好页。\n", encoding="utf-8")
    report = reindex(corpus, index_dir, full=True)
    assert not report.failed, report.failed
    store = IndexStore(index_dir)
    assert search(store, SearchRequest(q="核验好页")).total >= 1
    for marker in markers:
        result = search(store, SearchRequest(q=f'"{marker}"'))
        assert result.total >= 1, marker
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
