"""The `newsarchive` command as a user runs it: help, version, exit codes, paths, JSON."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from web.cli import cli

SUBCOMMANDS = ["parse", "reindex", "search", "stats", "serve"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path, seed_corpus):
    dest = tmp_path / "corpus"
    shutil.copytree(seed_corpus, dest)
    return dest


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_every_subcommand_has_help(runner, sub):
    result = runner.invoke(cli, [sub, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and "--corpus" in result.output


def test_version_and_usage_errors(runner):
    version = runner.invoke(cli, ["--version"])
    assert version.exit_code == 0 and "newsarchive" in version.output
    assert runner.invoke(cli, ["search", "--sort", "sideways", "x"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-command"]).exit_code == 2


def test_reindex_search_stats_through_environment_variables(runner, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_CORPUS", str(corpus))
    monkeypatch.setenv("NEWSARCHIVE_INDEX", str(tmp_path / "ix"))
    first = runner.invoke(cli, ["reindex"])
    assert first.exit_code == 0, first.output
    assert "13 articles indexed" in first.output
    second = runner.invoke(cli, ["reindex"])
    assert second.exit_code == 0 and "nothing to do" in second.output

    found = runner.invoke(cli, ["search", "华昊锂电", "--json"])
    assert found.exit_code == 0
    result = json.loads(found.output)
    assert result["total"] == 1
    hit = result["hits"][0]
    assert {"id", "title", "display_title", "county", "city", "date", "authors", "snippet"} <= set(hit)
    assert hit["county"] == "永新县" and "<mark>" in hit["snippet"]
    assert result["facets"]["county"] == [{"value": "永新县", "count": 1, "city": "吉安市"}]
    assert {"county", "city", "paper", "year"} <= set(result["facets"]) and "elapsed_ms" in result

    text = runner.invoke(cli, ["search", "锂电", "--county", "永新县"])
    assert text.exit_code == 0 and "聚“链”成势" in text.output
    stats = runner.invoke(cli, ["stats"])
    assert stats.exit_code == 0 and "13" in stats.output and "永新县" in stats.output


def test_flags_after_the_subcommand_override_the_environment(runner, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_INDEX", str(tmp_path / "elsewhere"))
    result = runner.invoke(cli, ["reindex", "--corpus", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert (tmp_path / "ix" / "CURRENT").exists() and not (tmp_path / "elsewhere").exists()


def test_a_bad_page_is_named_and_exit_status_is_1_but_the_rest_is_indexed(runner, corpus, tmp_path):
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(cli, ["--corpus", str(corpus), "--index", str(tmp_path / "ix"), "reindex"])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "13 articles indexed" in result.output


def test_search_without_an_index_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["--index", str(tmp_path / "none"), "search", "锂电"])
    assert result.exit_code == 1
    assert "newsarchive reindex" in result.output


def test_an_index_from_an_older_version_is_named_and_rebuilt_by_reindex(runner, corpus, tmp_path):
    """After an upgrade that changes the index format, search says what to do
    (no traceback, no wrong results) and a plain `reindex` rebuilds it."""
    from indexer.storage.store import MANIFEST_NAME

    index = tmp_path / "index"
    args = ["--corpus", str(corpus), "--index", str(index)]
    assert runner.invoke(cli, [*args, "reindex"]).exit_code == 0
    manifest = json.loads((index / MANIFEST_NAME).read_text(encoding="utf-8"))
    (index / MANIFEST_NAME).write_text(json.dumps({**manifest, "schema_version": "3"}), encoding="utf-8")

    old = runner.invoke(cli, [*args, "search", "锂电"])
    assert old.exit_code == 1
    assert "index schema 3" in old.output and "newsarchive reindex" in old.output

    rebuilt = runner.invoke(cli, [*args, "reindex"])
    assert rebuilt.exit_code == 0 and "full reindex" in rebuilt.output, rebuilt.output
    found = runner.invoke(cli, [*args, "search", "锂电", "--json"])
    assert found.exit_code == 0 and json.loads(found.output)["total"] > 0


def test_parse_json_lines_one_object_per_page(runner, corpus):
    pages = sorted(str(p) for p in corpus.glob("*.txt"))
    result = runner.invoke(cli, ["--corpus", str(corpus), "parse", "--json", *pages])
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [len(o["articles"]) for o in objects] == [6, 7]
    article = objects[1]["articles"][3]
    assert article["title"] == "宜丰:“三色”宣讲传播党的好声音" and article["county"] == "宜丰县"
    assert article["authors"] == [{"name": "漆瑶", "role": None}]
    assert {"page", "articles", "leftover", "problems"} <= set(objects[0])


def test_parse_reports_an_unreadable_file_and_goes_on(runner, corpus, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["parse", str(empty), str(next(corpus.glob("000_*.txt")))])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "聚“链”成势" in result.output
