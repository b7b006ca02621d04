"""Records that are valid JSON but not valid text never stop a reindex, and no page
answers 500 because of what was stored (issue 13, point 4); bidi controls and
NUL bytes (point 9)."""

from __future__ import annotations

import json

import pytest

from archive.errors import PageError
from archive.parser import parse_file
from archive.reading import decode_bytes
from archive.unsafe_chars import repair_text, strip_bidi
from indexer.write.reindex import reindex
from indexer.results import SearchRequest
from indexer.search import get_article, search
from indexer.storage.store import IndexStore


def test_repair_text_replaces_lone_surrogates_and_noncharacters():
    assert repair_text("报\ud800纸") == "报\ufffd纸"
    assert repair_text("a\udfffb\ufffec\U0010ffff") == "a\ufffdb\ufffdc\ufffd"
    assert repair_text("正常的文字😀") == "正常的文字😀"


def test_strip_bidi_removes_override_and_isolate_controls():
    assert strip_bidi("标\u202e题\u2066甲\u2069") == "标题甲"
    assert strip_bidi("عربي abc") == "عربي abc"  # right-to-left text itself stays


def _jsonl(path, *records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")  # ASCII escapes: \ud800
    return path


GOOD = {"title": "好的记录", "body": "第一条完好的记录正文，提到核验甲乙。"}


@pytest.mark.parametrize("field", ["paper", "id", "title", "edition", "url", "body", "subtitle"])
def test_lone_surrogate_in_any_field_is_repaired_and_named(tmp_path, field):
    bad = {"title": "坏记录", "body": "第二条记录正文，提到核验丙丁。", field: "报\ud800纸"}
    path = _jsonl(tmp_path / "export.jsonl", GOOD, bad)
    page = parse_file(path, tmp_path)
    assert len(page.articles) == 2
    warnings = [p for p in page.problems if "U+FFFD" in p]
    assert warnings and warnings[0].startswith("export.jsonl:2:") and f"'{field}'" in warnings[0]
    text = json.dumps([a.to_dict() for a in page.articles], ensure_ascii=False)
    text.encode("utf-8")  # nothing unencodable left


def test_lone_surrogate_in_author_name_is_named_with_its_place(tmp_path):
    bad = {**GOOD, "authors": [{"name": "张\udc00三", "role": "记者"}]}
    page = parse_file(_jsonl(tmp_path / "a.jsonl", bad), tmp_path)
    assert any("'authors[0].name'" in p for p in page.problems)
    assert page.articles[0].authors[0].name == "张\ufffd三"


def test_bidi_override_is_removed_from_titles_and_body(tmp_path):
    (tmp_path / "p.txt").write_text("标题\u202e甲乙\n本报讯 正文里\u2067有隔离符。\n", encoding="utf-8")
    page = parse_file(tmp_path / "p.txt", tmp_path)
    shown = json.dumps([a.to_dict() for a in page.articles], ensure_ascii=False) + "".join(page.leftover)
    assert "\u202e" not in shown and "\u2067" not in shown
    assert "甲乙" in shown


def test_deeply_nested_or_huge_number_line_is_skipped_not_fatal(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("[" * 5000 + "\n" + '{"title": "t", "body": "b", "id": ' + "9" * 5000 + "}\n"
                    + json.dumps(GOOD) + "\n", encoding="utf-8")
    page = parse_file(path, tmp_path)
    assert [a.title for a in page.articles] == ["好的记录"]
    assert any(p.startswith("x.jsonl:1: line skipped") for p in page.problems)
    assert any(p.startswith("x.jsonl:2: line skipped") for p in page.problems)


def test_reindex_with_bad_records_indexes_everything_and_pages_answer(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _jsonl(corpus / "a.jsonl", GOOD, {"title": "作者坏", "body": "核验戊己。", "paper": "报\ud800纸",
                                      "authors": ["李\ud800"]})
    _jsonl(corpus / "b.jsonl", {"id": "x\udbff", "title": "编号坏", "body": "核验庚辛。", "edition": "\ud800",
                                "url": "http://e.example/\udfff"})
    report = reindex(corpus, index_dir, full=True)
    assert not report.failed and report.articles_indexed == 3
    from web import create_app

    store = IndexStore(index_dir)
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": corpus}).test_client()
    for word in ("核验甲乙", "核验戊己", "核验庚辛"):
        result = search(store, SearchRequest(q=word))
        assert result.total == 1, word
        hit = result.hits[0]
        for url in (f"/article/{hit.id}", f"/api/articles/{hit.id}", f"/search?q={word}", f"/search.atom?q={word}",
                    f"/api/search?q={word}"):
            assert client.get(url).status_code == 200, url
    article = get_article(store, search(store, SearchRequest(q="核验戊己")).hits[0].id)
    assert article.meta.paper == "报\ufffd纸"


def test_nul_byte_in_utf8_text_is_not_called_utf16():
    data = "第一行正文。\n第二\x00行。\n".encode("utf-8")
    with pytest.raises(PageError) as err:
        decode_bytes(data, "p.txt")
    assert "UTF-16" not in str(err.value)
    assert "NUL" in str(err.value) and "UTF-8" in str(err.value)


def test_real_utf16_without_bom_is_still_named():
    with pytest.raises(PageError, match="UTF-16"):
        decode_bytes("这是一段没有字节序标记的文字。".encode("utf-16-le"), "p.txt")


def test_a_page_with_too_many_lines_is_refused_naming_the_file_and_the_limit(tmp_path):
    from archive.parser import MAX_PAGE_LINES

    path = tmp_path / "lines.txt"
    path.write_text("字\n" * MAX_PAGE_LINES, encoding="utf-8")  # one more line after the last break
    with pytest.raises(PageError) as err:
        parse_file(path, tmp_path)
    assert "lines.txt" in str(err.value) and f"{MAX_PAGE_LINES:,}" in str(err.value)
    path.write_text("标题\n" + "字\n" * 200, encoding="utf-8")
    assert parse_file(path, tmp_path).articles or parse_file(path, tmp_path).leftover


def test_a_page_over_the_size_limit_is_refused_but_a_jsonl_export_may_be_larger(tmp_path):
    from archive.corpus import PAGE_MAX_BYTES

    big = "字" * (PAGE_MAX_BYTES // 3 + 1)
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    with pytest.raises(PageError, match=f"limit {PAGE_MAX_BYTES} bytes"):
        parse_file(tmp_path / "big.txt", tmp_path)
    lines = [json.dumps({"title": f"第{i}条", "body": "正文" * 2000}) for i in range(200)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert (tmp_path / "big.jsonl").stat().st_size > PAGE_MAX_BYTES
    assert len(parse_file(tmp_path / "big.jsonl", tmp_path).articles) == 200


def test_an_overlong_jsonl_record_is_skipped_and_the_others_kept(tmp_path):
    from archive.parser import MAX_RECORD_CHARS

    path = _jsonl(tmp_path / "long.jsonl", {"title": "长", "body": "字" * (MAX_RECORD_CHARS // 6 + 1)}, GOOD)
    page = parse_file(path, tmp_path)
    assert [a.title for a in page.articles] == ["好的记录"]
    assert any(p.startswith("long.jsonl:1: line skipped: record too long") for p in page.problems)
