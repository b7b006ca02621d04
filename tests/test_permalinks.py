"""Permalinks that last: former article ids lead to the current article (301) or say
the text is gone (410), through corrections, a new parser version, parallel builds,
deleted pages and a killed rebuild (README "Article records and ids")."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

import archive.corpus
from archive.corpus import meta_from_path
from archive.models import Article, Block, ParsedPage
from indexer.storage.id_table import IdTable, read_table
from indexer.storage.store import IndexStore
from indexer.write.reindex import Pipeline, default_pipeline, reindex
from indexer.write.renames import page_articles, page_renames, updated_table
from indexing_helpers import kill_full_build_midway

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


# ------------------------------------------------------------------ mapping
def test_old_id_goes_to_the_new_article_holding_its_text():
    old = {"a": "河口镇新修的石桥今天通车，村民不再绕行十里山路。"}
    new = {"b": "河口镇新修的石桥今天通车，村民从此不再绕行十里山路。", "c": "县里举办秋季运动会。"}
    assert page_renames(old, new) == {"a": "b"}


def test_split_article_goes_to_the_part_with_most_of_its_text():
    old = {"a": "茶园今年增收三成。采茶工人每天清晨上山。合作社新建了两座烘焙车间和一个冷库。"}
    new = {"b": "茶园今年增收三成。", "c": "采茶工人每天清晨上山。合作社新建了两座烘焙车间和一个冷库。"}
    assert page_renames(old, new) == {"a": "c"}


def test_text_that_vanished_is_gone():
    old = {"a": "老街的照相馆歇业了。"}
    new = {"b": "水库完成除险加固工程验收。"}
    assert page_renames(old, new) == {"a": None}
    table = updated_table(IdTable(), {"p.txt": old}, {"p.txt": new})
    assert table.resolve("a") == ("gone", "p.txt")


def test_stored_records_are_matched_by_their_body_not_only_their_title():
    def rec(i, body):
        return {"id": i, "source": "p", "kind": "article", "title": "简讯", "blocks": [{"kind": "paragraph", "text": body}]}

    old = page_articles([rec("a", "图书馆延长了周末的开放时间。")])
    new = page_articles([rec("b", "公交公司新开两条线路。"), rec("c", "图书馆延长了周末开放时间。")])
    assert page_renames(old["p"], new["p"]) == {"a": "c"}


def test_unchanged_ids_are_not_remapped():
    assert page_renames({"a": "同一段文字"}, {"a": "同一段文字"}) == {}


def test_chains_resolve_and_never_loop():
    t = updated_table(IdTable(), {"p": {"a": "桥梁通车的消息"}}, {"p": {"b": "桥梁通车的消息。"}})
    t = updated_table(t, {"p": {"b": "桥梁通车的消息。"}}, {"p": {"c": "桥梁通车的好消息。"}})
    assert t.resolve("a") == ("moved", "c") and t.resolve("b") == ("moved", "c")
    t = updated_table(t, {"p": {"c": "桥梁通车的好消息。"}}, {"p": {"a": "桥梁通车的消息"}})  # reverted
    assert t.resolve("a") is None and t.resolve("b") == ("moved", "a") and t.resolve("c") == ("moved", "a")


def test_a_deleted_page_sends_its_ids_and_their_former_ids_to_gone():
    t = updated_table(IdTable(), {"p": {"a": "桥梁通车"}}, {"p": {"b": "桥梁通车。"}})
    t = updated_table(t, {"p": {"b": "桥梁通车。"}}, {})
    assert t.resolve("a") == ("gone", "p") and t.resolve("b") == ("gone", "p")


def test_a_damaged_table_reads_as_the_rows_it_still_holds(tmp_path):
    (tmp_path / "ids.json").write_text('{"moved": {"a": "b", "c": 5}, "gone": [1]}', "utf-8")
    assert read_table(tmp_path) == IdTable(moved={"a": "b"})
    (tmp_path / "ids.json").write_text("{not json", "utf-8")
    assert read_table(tmp_path) == IdTable()


# -------------------------------------------------------------- integration
def text_parse(src, corpus_root=None) -> ParsedPage:
    """Blocks "title\\nbody" separated by blank lines; the id hashes the parser version,
    path, position and text (as the real parser's ids change with the text)."""
    text = Path(src.path).read_text("utf-8")
    meta = meta_from_path(src.relpath)
    articles = []
    for seq, block in enumerate(b for b in text.split("\n\n") if b.strip()):
        title, *body = block.strip().splitlines()
        key = f"{archive.corpus.PARSER_VERSION}#{src.relpath}#{seq}#{block.strip()}"
        articles.append(Article(id=hashlib.sha1(key.encode()).hexdigest()[:16], source=src.relpath, seq=seq,
                                meta=meta, title=title, blocks=[Block("paragraph", "\n".join(body))]))
    return ParsedPage(source=src.relpath, meta=meta, fingerprint=src.fingerprint(), articles=articles, leftover=[])


def slow_text_parse(src, corpus_root=None) -> ParsedPage:
    time.sleep(0.02)
    return text_parse(src, corpus_root)


def pipeline(slow: bool = False) -> Pipeline:
    base = default_pipeline()
    return Pipeline(slow_text_parse if slow else text_parse, base.documents, base.schema, base.schema_version)


BRIDGE = "石桥通车\n河口镇新修的石桥今天通车，村民不再绕行十里山路。沿河两岸的集市也热闹起来。"
TEA = "茶园增收\n今年春茶产量比去年多了三成，合作社新建了两座烘焙车间。"
PAGE = "晚报/2024-03-01/1.txt"


def write(corpus: Path, rel: str, *blocks: str) -> None:
    path = corpus / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(blocks) + "\n", "utf-8")


def ids_by_title(index_dir: Path) -> dict[str, str]:
    import json

    store = IndexStore(index_dir)
    with store.searcher() as s:
        records = [json.loads(f["record"]) for f in s.all_stored_fields()]
    return {r["title"]: r["id"] for r in records}


@pytest.fixture
def site(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write(corpus, PAGE, BRIDGE, TEA)
    write(corpus, "晚报/2024-03-02/1.txt", "运动会\n县里举办秋季运动会，十二支代表队参赛。")
    reindex(corpus, index_dir, pipeline=pipeline())
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": corpus})
    return corpus, index_dir, app.test_client()


def assert_moves(client, old: str, new: str) -> None:
    for url, target in ((f"/article/{old}", f"/article/{new}"), (f"/api/articles/{old}", f"/api/articles/{new}")):
        resp = client.get(url)
        assert resp.status_code == 301 and resp.headers["Location"].endswith(target), url
        assert client.get(target).status_code == 200


def test_corrected_sentence_keeps_the_old_link(site):
    corpus, index_dir, client = site
    before = ids_by_title(index_dir)
    write(corpus, PAGE, BRIDGE.replace("十里", "八里"), TEA)
    report = reindex(corpus, index_dir, pipeline=pipeline())
    assert report.mode == "incremental"
    after = ids_by_title(index_dir)
    assert after["石桥通车"] != before["石桥通车"]
    assert_moves(client, before["石桥通车"], after["石桥通车"])
    assert client.get(f"/article/{before['茶园增收']}").status_code == 200  # untouched article: itself
    assert client.get("/article/0123456789abcdef").status_code == 404  # never existed


def test_new_parser_version_then_parallel_build_keep_old_links(site, monkeypatch):
    corpus, index_dir, client = site
    first = ids_by_title(index_dir)
    monkeypatch.setattr(archive.corpus, "PARSER_VERSION", "permalinks-test")
    reindex(corpus, index_dir, pipeline=pipeline())  # every page re-parsed, every id new
    second = ids_by_title(index_dir)
    assert set(first.values()).isdisjoint(second.values())
    assert_moves(client, first["茶园增收"], second["茶园增收"])
    for i in range(10):  # enough pages for workers
        write(corpus, f"日报/2024-04-{i + 1:02d}/1.txt", f"简讯{i}\n第{i}条简讯的正文。")
    write(corpus, PAGE, BRIDGE.replace("热闹", "兴旺"), TEA)
    monkeypatch.undo()  # back to the first parser version (spawned workers see the module's own value)
    report = reindex(corpus, index_dir, full=True, jobs=2, pipeline=pipeline())
    assert report.mode == "full" and report.exit_code == 0
    third = ids_by_title(index_dir)
    assert_moves(client, first["石桥通车"], third["石桥通车"])  # a chain over two reindexes
    assert_moves(client, second["石桥通车"], third["石桥通车"])
    assert third["茶园增收"] == first["茶园增收"]  # same text, same parser version: the first id again
    assert client.get(f"/article/{first['茶园增收']}").status_code == 200
    assert_moves(client, second["茶园增收"], first["茶园增收"])


def test_vanished_text_answers_410_with_its_page_and_a_search_box(site):
    corpus, index_dir, client = site
    before = ids_by_title(index_dir)
    write(corpus, PAGE, BRIDGE, "广告\n招商热线，欢迎来电咨询合作事宜。")  # the tea article is replaced
    reindex(corpus, index_dir, pipeline=pipeline())
    resp = client.get(f"/article/{before['茶园增收']}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 410 and "不在档案中" in html
    assert "/page/" in html and 'name="q"' in html
    resp = client.get(f"/api/articles/{before['茶园增收']}")
    assert resp.status_code == 410 and resp.get_json()["status"] == 410 and "/page/" in resp.get_json()["page_url"]


def test_deleted_page_answers_410_without_a_page_link(site):
    corpus, index_dir, client = site
    before = ids_by_title(index_dir)
    (corpus / "晚报/2024-03-02/1.txt").unlink()
    reindex(corpus, index_dir, pipeline=pipeline())
    resp = client.get(f"/api/articles/{before['运动会']}")
    assert resp.status_code == 410 and "page_url" not in resp.get_json()
    assert client.get(f"/article/{before['运动会']}").status_code == 410


_KILL_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
import archive.corpus
archive.corpus.PARSER_VERSION = "killed-run"
import test_permalinks as t
from indexer.write.reindex import reindex
reindex({corpus!r}, {index!r}, full=True, pipeline=t.pipeline(slow=True))
"""


def test_killed_full_reindex_leaves_the_live_table_unchanged(site):
    corpus, index_dir, client = site
    first = ids_by_title(index_dir)
    write(corpus, PAGE, BRIDGE.replace("集市", "夜市"), TEA)
    reindex(corpus, index_dir, pipeline=pipeline())
    store = IndexStore(index_dir)
    live = store.path_of_live()
    table_before = read_table(live)
    assert table_before.moved
    for i in range(300):  # a few seconds of slow parsing
        write(corpus, f"大/2024-01-01/{i}.txt", f"标题{i}\n正文{i}")
    script = _KILL_SCRIPT.format(root=str(ROOT), tests=str(TESTS), corpus=str(corpus), index=str(index_dir))
    kill_full_build_midway(script, index_dir)
    assert store.path_of_live() == live and read_table(live) == table_before
    current = ids_by_title(index_dir)
    assert all(new in current.values() for new in table_before.moved.values())  # consistent with the index
    assert_moves(client, first["石桥通车"], current["石桥通车"])


def test_real_pages_through_the_cli(tmp_path, seed_corpus):
    """The real parser via ``newsarchive reindex``: a corrected sentence moves the article's
    link to its new id; deleting the page makes it 410."""
    import json
    import shutil

    from click.testing import CliRunner

    from web import create_app
    from web.cli import cli

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_corpus, corpus)
    run = ["--corpus", str(corpus), "--index", str(index_dir), "reindex"]
    runner = CliRunner()
    assert runner.invoke(cli, run).exit_code == 0
    with IndexStore(index_dir).searcher() as s:
        records = [json.loads(f["record"]) for f in s.all_stored_fields()]
    page = corpus / records[0]["source"]
    text = page.read_text("utf-8")
    article = max((r for r in records if r["source"] == records[0]["source"] and r.get("kind") != "leftover"),
                  key=lambda r: sum(len(b["text"]) for b in r["blocks"]))
    sentence = next(b["text"][:12] for b in article["blocks"] if len(b["text"]) >= 12 and b["text"][:12] in text)
    page.write_text(text.replace(sentence, sentence[:6] + "更正" + sentence[8:], 1), "utf-8")
    assert runner.invoke(cli, run).exit_code == 0

    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": corpus}).test_client()
    resp = client.get(f"/api/articles/{article['id']}")
    assert resp.status_code == 301
    moved = client.get(resp.headers["Location"]).get_json()
    assert moved["id"] != article["id"] and moved["display_title"] == article["display_title"]
    assert "更正" in "".join(moved["paragraphs"])

    page.unlink()
    assert runner.invoke(cli, run).exit_code == 0
    assert client.get(f"/article/{article['id']}").status_code == 410
    assert client.get(f"/api/articles/{moved['id']}").status_code == 410


def test_a_failed_commit_leaves_the_table_as_it_was(site, monkeypatch):
    import indexer.write.reindex as reindex_mod

    corpus, index_dir, client = site
    before = ids_by_title(index_dir)
    store = IndexStore(index_dir)
    table = read_table(store.path_of_live())
    real_open = reindex_mod.open_writer

    def failing_writer(ix):
        writer = real_open(ix)

        def commit(*args, **kwargs):
            raise OSError("disk full")

        writer.commit = commit
        return writer

    monkeypatch.setattr(reindex_mod, "open_writer", failing_writer)
    write(corpus, PAGE, BRIDGE.replace("十里", "八里"), TEA)
    with pytest.raises(OSError):
        reindex(corpus, index_dir, pipeline=pipeline())
    assert read_table(store.path_of_live()) == table
    assert client.get(f"/article/{before['石桥通车']}").status_code == 200  # still the live article


def test_a_table_write_cut_short_is_cleaned_by_the_next_run(site):
    corpus, index_dir, _ = site
    stale = IndexStore(index_dir).path_of_live() / ".ids.json.99999.tmp"
    stale.write_text('{"moved": {', "utf-8")
    report = reindex(corpus, index_dir, pipeline=pipeline())
    assert not stale.exists() and stale.name in report.cleaned
