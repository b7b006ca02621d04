"""The synthetic corpus generator (`bench.generate`): deterministic, counts as
asked, clearly labelled synthetic, and readable by the archive layer."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bench import generate


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_same_seed_writes_the_same_bytes(tmp_path, fmt):
    generate.write_corpus(tmp_path / "a", 37, seed=7, fmt=fmt)
    generate.write_corpus(tmp_path / "b", 37, seed=7, fmt=fmt)
    generate.write_corpus(tmp_path / "c", 37, seed=8, fmt=fmt)
    a, b, c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert a == b
    assert a != c


def test_generated_articles_have_requested_count_and_shape():
    articles = generate.generate_articles(120, seed=3)
    assert len(articles) == 120
    assert [a["n"] for a in articles] == list(range(120))
    for a in articles:
        assert a["paragraphs"][0].startswith(a["dateline"])
        assert a["dateline"].startswith(f"本报{a['county_short']}讯(")
        assert 1 <= len(a["authors"]) <= 3
        assert all(a["dateline"].count(au["name"]) for au in a["authors"])
        assert "2015-01-01" <= a["date"] <= "2025-12-31"
        assert len(a["body"]) >= generate.MIN_CHARS
        assert a["title"] and not a["title"].endswith(("。", "，"))
    lengths = sorted(len(a["body"]) for a in articles)
    assert lengths[len(lengths) // 2] < generate.MAX_CHARS  # most are ordinary news items


def test_injected_names_are_unseen_by_jieba_and_present_in_text():
    articles = generate.generate_articles(200, seed=1)
    names = [(a, name) for a in articles for name in a["names"]]
    assert len(names) >= 100
    known = generate.dictionary_words()
    for a, name in names:
        assert 3 <= len(name) <= 4
        assert name not in known
        assert name in a["body"]
    assert len({name for _, name in names}) == len(names)  # each name points at one article


def test_txt_corpus_counts_and_synthetic_labels(tmp_path):
    articles = generate.write_corpus(tmp_path, 23, seed=2, articles_per_page=5)
    pages = sorted(tmp_path.rglob("*.txt"))
    assert len(articles) == 23
    assert len(pages) == 5  # ceil(23 / 5)
    for page in pages:
        sidecar = tomllib.loads(page.with_suffix(".toml").read_text(encoding="utf-8"))
        assert sidecar["paper"].startswith("合成测试")
        assert sidecar["source"].startswith("synthetic")
        assert str(sidecar["date"]) in page.as_posix()
    titles_on_disk = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert all(a["title"] in titles_on_disk for a in articles)
    manifest = generate.read_manifest(tmp_path)
    assert manifest["synthetic"] is True and manifest["articles"] == 23


def test_jsonl_corpus_has_one_record_per_article(tmp_path):
    generate.write_corpus(tmp_path, 31, seed=4, fmt="jsonl")
    records = [json.loads(line) for f in sorted(tmp_path.rglob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 31
    assert len({r["id"] for r in records}) == 31
    assert all(r["paper"].startswith("合成测试") for r in records)
    for f in tmp_path.rglob("*.jsonl"):
        assert tomllib.loads(f.with_suffix(".toml").read_text(encoding="utf-8"))["source"].startswith("synthetic")


def test_archive_reads_back_every_generated_article(tmp_path):
    from archive.corpus import discover
    from archive.parser import parse_source

    articles = generate.write_corpus(tmp_path, 15, seed=5, articles_per_page=5)
    parsed = [a for src in discover(tmp_path) for a in parse_source(src).articles]
    assert sorted(a.title for a in parsed) == sorted(a["title"] for a in articles)
    by_title = {a["title"]: a for a in articles}
    for art in parsed:
        expected = by_title[art.title]
        assert art.meta.paper == expected["paper"]
        assert art.meta.date.isoformat() == expected["date"]
        assert art.county == expected["county"]


def test_archive_reads_back_jsonl_export(tmp_path):
    from archive.corpus import discover
    from archive.parser import parse_source

    articles = generate.write_corpus(tmp_path, 12, seed=6, fmt="jsonl")
    parsed = [a for src in discover(tmp_path) for a in parse_source(src).articles]
    assert len(parsed) == 12
    assert {a.county for a in parsed} == {a["county"] for a in articles}


def test_cli_writes_corpus_and_rejects_a_file_as_outdir(tmp_path, capsys):
    assert generate.main([str(tmp_path / "out"), "--articles", "8", "--seed", "1"]) == 0
    assert "8 synthetic articles" in capsys.readouterr().out
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert generate.main([str(blocker), "--articles", "1"]) == 1
    assert str(blocker) in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_extras_give_subtitles_and_captions_the_parser_reads(tmp_path, fmt):
    from archive.parser import parse_file

    articles = generate.write_corpus(tmp_path, 30, seed=2, fmt=fmt, extras=True)
    assert any(a.get("subtitle") for a in articles) and any(a.get("captions") for a in articles)
    assert not any(a.get("subtitle") or a.get("captions") for a in generate.generate_articles(30, seed=2))
    pages = {}
    for a in articles:
        rel = a["page_path"] if fmt == "txt" else f"{a['paper']}/{a['date'][:4]}.jsonl"
        page = pages.setdefault(rel, parse_file(tmp_path / rel, tmp_path))
        (parsed,) = [p for p in page.articles if p.title == a["title"]]
        assert list(parsed.captions) == a.get("captions", [])
        assert (parsed.subtitle or "").lstrip("—") == a.get("subtitle", "").lstrip("—")
