"""The corpus is the corpus (issue 13, point 5): symlinks leaving it, system
directories, device files, loops, and what ``/source/`` serves."""

from __future__ import annotations

import json
import logging
import os

import pytest
from click.testing import CliRunner

from archive.corpus import CorpusError, discover
from archive.errors import PageError
from archive.reading import read_bytes
from archive.safe_paths import ENV_ALLOW_OUTSIDE


def put(root, rel, text="本报讯 正文内容。"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    put(root, "inside/1.txt")
    put(tmp_path, "outside/secret.txt", "机密")
    return root


def test_symlinks_leaving_the_corpus_are_skipped_with_a_warning(corpus, tmp_path, caplog, monkeypatch):
    monkeypatch.delenv(ENV_ALLOW_OUTSIDE, raising=False)
    (corpus / "file-link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (corpus / "dir-link").symlink_to(tmp_path / "outside")
    (corpus / "inner-link.txt").symlink_to(corpus / "inside" / "1.txt")  # stays inside: kept
    with caplog.at_level(logging.WARNING):
        found = [s.relpath for s in discover(corpus)]
    assert found == ["inner-link.txt", "inside/1.txt"]
    warned = caplog.text
    assert "file-link.txt" in warned and "dir-link" in warned and "--allow-outside" in warned


def test_named_outside_directories_are_allowed(corpus, tmp_path, monkeypatch):
    (corpus / "dir-link").symlink_to(tmp_path / "outside")
    monkeypatch.setenv(ENV_ALLOW_OUTSIDE, str(tmp_path / "outside"))
    assert [s.relpath for s in discover(corpus)] == ["dir-link/secret.txt", "inside/1.txt"]


def test_system_directories_and_devices_are_never_read(corpus, caplog):
    (corpus / "proc").symlink_to("/proc")
    (corpus / "self.txt").symlink_to("/proc/self/environ")
    (corpus / "null.txt").symlink_to("/dev/null")
    os.mkfifo(corpus / "pipe.txt")
    with caplog.at_level(logging.WARNING):
        assert [s.relpath for s in discover(corpus)] == ["inside/1.txt"]
    for name in ("proc", "self.txt", "null.txt", "pipe.txt"):
        assert name in caplog.text
    with pytest.raises(PageError, match="never read"):
        read_bytes("/proc/self/status")
    with pytest.raises(CorpusError, match="never read"):
        discover("/proc/self")


def test_parse_reports_a_symlink_loop_and_goes_on(tmp_path, monkeypatch):
    from web.cli import cli

    put(tmp_path, "a.txt", "第一页标题\n本报讯 第一页正文。")
    put(tmp_path, "b.txt", "第二页标题\n本报讯 第二页正文乙丙。")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--corpus", str(tmp_path), "parse", "a.txt", "loop.txt", "b.txt"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "loop.txt: symlink loop" in result.output
    assert "第二页标题" in result.output


@pytest.fixture
def source_client(tmp_path):
    from indexer.write.reindex import reindex
    from web import create_app

    root = tmp_path / "src-corpus"
    put(root, "paper/page.txt", "标题甲\n本报讯 页面正文甲乙。")
    put(root, "paper/page.txt.bak", "备份")
    put(root, "paper/_meta.toml", 'note = "私人备注"')
    put(root, "paper/page.toml", 'source = "私人来源"')
    put(root, "paper/notes.txt.orig", "旧稿")
    reindex(root, tmp_path / "index", full=True)
    (root / "loop.txt").symlink_to(root / "loop.txt")
    put(root, "later.txt", "索引之后才加的页面")  # not in the index yet
    return create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index", "CORPUS_DIR": root}).test_client()


def test_source_serves_only_page_files_the_index_knows(source_client):
    assert source_client.get("/source/paper/page.txt").status_code == 200
    for rel in ("paper/page.txt.bak", "paper/_meta.toml", "paper/page.toml", "paper/notes.txt.orig", "later.txt",
                "loop.txt", "paper/" + "长" * 3000 + ".txt"):
        resp = source_client.get("/source/" + rel)
        assert resp.status_code == 404, rel
        assert "私人".encode() not in resp.data


def test_cli_allow_outside_lets_a_linked_directory_in(corpus, tmp_path, monkeypatch):
    from web.cli import cli

    monkeypatch.delenv(ENV_ALLOW_OUTSIDE, raising=False)
    (corpus / "dir-link").symlink_to(tmp_path / "outside")
    index = tmp_path / "index"
    runner = CliRunner()
    runner.invoke(cli, ["--corpus", str(corpus), "--index", str(index), "reindex"])
    total = lambda: json.loads(runner.invoke(cli, ["--index", str(index), "search", "机密", "--json"]).output)["total"]
    assert total() == 0
    monkeypatch.setenv(ENV_ALLOW_OUTSIDE, "")  # restored after the test; the option sets it
    result = runner.invoke(cli, ["--corpus", str(corpus), "--index", str(index), "--allow-outside",
                                 str(tmp_path / "outside"), "reindex"])
    assert result.exit_code == 0, result.output
    assert total() == 1


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(tmp_path, caplog):
    root = tmp_path / "c"
    put(root, "ok.txt")
    with open(os.path.join(os.fsencode(root), b"\xff\xfe.txt"), "wb") as fh:
        fh.write("标题\n本报讯 正文。".encode())
    with caplog.at_level(logging.WARNING):
        assert [s.relpath for s in discover(root)] == ["ok.txt"]
    assert "not valid UTF-8" in caplog.text
