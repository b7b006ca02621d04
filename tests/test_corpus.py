"""Corpus discovery, the path convention, TOML sidecars and fingerprints."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from archive.corpus import CorpusError, SourceFile, discover, meta_from_path, resolve_meta
from archive.errors import ArchiveError, PageError


def put(root, relpath, text="正文"):
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ discovery
def test_discover_finds_pages_and_exports_at_any_depth_sorted(tmp_path):
    for rel in ["b/2025-01-02/1.txt", "a.txt", "b/2025/01/03/A04.TXT", "exports/cms.jsonl", "z/y/x/deep.txt"]:
        put(tmp_path, rel)
    found = discover(tmp_path)
    assert [s.relpath for s in found] == sorted(s.relpath for s in found)
    assert {s.relpath: s.kind for s in found} == {
        "a.txt": "page",
        "b/2025-01-02/1.txt": "page",
        "b/2025/01/03/A04.TXT": "page",
        "exports/cms.jsonl": "jsonl",
        "z/y/x/deep.txt": "page",
    }
    assert all(s.path.is_absolute() and s.path.is_file() for s in found)


def test_discover_skips_hidden_sidecars_and_other_files(tmp_path):
    put(tmp_path, "page.txt")
    put(tmp_path, "page.toml", 'paper = "井冈山报"')
    put(tmp_path, "_meta.toml", 'paper = "井冈山报"')
    put(tmp_path, ".hidden.txt")
    put(tmp_path, ".git/objects/x.txt")
    put(tmp_path, "scan.pdf")
    put(tmp_path, "notes.md")
    assert [s.relpath for s in discover(tmp_path)] == ["page.txt"]


def test_discover_survives_symlink_loops(tmp_path):
    put(tmp_path, "paper/1.txt")
    os.symlink(tmp_path, tmp_path / "paper" / "loop")  # a directory symlink back to the root
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")  # a file symlink to itself
    found = [s.relpath for s in discover(tmp_path)]
    # the looping directory is not entered again; the looping file is listed,
    # so that reading it reports the loop
    assert found == ["paper/1.txt", "self.txt"]


def test_discover_missing_corpus_names_the_directory(tmp_path):
    missing = tmp_path / "no-such-corpus"
    with pytest.raises(CorpusError) as exc:
        discover(missing)
    assert isinstance(exc.value, ArchiveError)
    assert "no-such-corpus" in str(exc.value)


def test_discover_corpus_that_is_a_file(tmp_path):
    path = put(tmp_path, "file.txt")
    with pytest.raises(CorpusError, match="not a directory"):
        discover(path)


# ------------------------------------------------------------ path convention
@pytest.mark.parametrize(
    "relpath, paper, date, page",
    [
        ("井冈山报/2025-03-14/3.txt", "井冈山报", dt.date(2025, 3, 14), "3"),
        ("宜春日报/20240229/A04.txt", "宜春日报", dt.date(2024, 2, 29), "A04"),
        ("jxrb/2025/03/14/要闻.txt", "jxrb", dt.date(2025, 3, 14), "要闻"),
        ("archive/jxrb/2025/3/4/01.txt", "jxrb", dt.date(2025, 3, 4), "01"),
        ("2025-03-14/3.txt", None, dt.date(2025, 3, 14), "3"),
    ],
)
def test_path_convention(relpath, paper, date, page):
    meta = meta_from_path(relpath)
    assert (meta.paper, meta.date, meta.page) == (paper, date, page)


@pytest.mark.parametrize(
    "relpath",
    [
        "000_b30d1262296ab6d1.txt",
        "井冈山报/2025-02-30/3.txt",  # no such day
        "井冈山报/2023/02/29/3.txt",  # not a leap year
        "井冈山报/2025/13/01/3.txt",
        "井冈山报/latest/3.txt",
        "井冈山报/3.txt",
    ],
)
def test_path_that_does_not_parse_leaves_everything_unknown(relpath):
    meta = meta_from_path(relpath)
    assert (meta.paper, meta.date, meta.page, meta.edition, meta.source_url) == (None,) * 5


# -------------------------------------------------------------------- sidecars
def test_sidecars_nearer_wins_and_sidecar_wins_over_path(tmp_path):
    put(tmp_path, "jagrb/2025-03-14/3.txt")
    put(tmp_path, "jagrb/2025-03-14/4.txt")
    put(tmp_path, "_meta.toml", 'paper = "某报"\nedition = "城市版"\n')
    put(tmp_path, "jagrb/_meta.toml", 'paper = "井冈山报"\nprovince = "江西省"\n')
    put(tmp_path, "jagrb/2025-03-14/3.toml", 'page = "要闻"\nsource_url = "https://example.org/3"\n')
    by_name = {s.relpath: resolve_meta(s) for s in discover(tmp_path)}

    three = by_name["jagrb/2025-03-14/3.txt"]
    assert three.meta.paper == "井冈山报"  # jagrb/_meta.toml beats root _meta.toml and the path
    assert three.meta.edition == "城市版"  # inherited from the root sidecar
    assert three.meta.page == "要闻"  # own sidecar beats the path
    assert three.meta.source_url == "https://example.org/3"
    assert three.meta.date == dt.date(2025, 3, 14)  # from the path
    assert three.province == "江西省"

    four = by_name["jagrb/2025-03-14/4.txt"]
    assert four.meta.page == "4" and four.meta.source_url is None  # 3.toml is not its sidecar


def test_sidecar_date_overrides_path_and_accepts_toml_dates_and_strings(tmp_path):
    put(tmp_path, "p/2025-03-14/1.txt")
    put(tmp_path, "p/2025-03-14/1.toml", "date = 2025-03-15\npage = 1\n")
    put(tmp_path, "q.txt")
    put(tmp_path, "q.toml", 'date = "2024-12-31"\n')
    metas = {s.relpath: resolve_meta(s).meta for s in discover(tmp_path)}
    assert metas["p/2025-03-14/1.txt"].date == dt.date(2025, 3, 15)
    assert metas["p/2025-03-14/1.txt"].page == "1"
    assert metas["q.txt"].date == dt.date(2024, 12, 31)


def test_unknown_sidecar_key_is_a_warning_naming_the_key(tmp_path):
    put(tmp_path, "p.txt")
    put(tmp_path, "p.toml", 'paper = "井冈山报"\npublisher = "x"\n')
    result = resolve_meta(discover(tmp_path)[0])
    assert result.meta.paper == "井冈山报"
    assert len(result.problems) == 1
    assert "publisher" in result.problems[0] and "p.toml" in result.problems[0]


@pytest.mark.parametrize(
    "toml, key",
    [
        ('date = "yesterday"', "date"),
        ("date = 2025-02-30", None),  # invalid TOML date: a TOML error
        ("paper = 42", "paper"),
        ('paper = ["a", "b"]', "paper"),
        ("paper = ", None),
    ],
)
def test_broken_sidecar_is_a_page_error_naming_sidecar_and_key(tmp_path, toml, key):
    put(tmp_path, "p.txt")
    sidecar = put(tmp_path, "p.toml", toml)
    with pytest.raises(PageError) as exc:
        resolve_meta(discover(tmp_path)[0])
    assert exc.value.path == str(sidecar)
    if key:
        assert f"'{key}'" in exc.value.reason


def test_seed_pages_have_sidecars_that_leave_metadata_unknown():
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    seeds = [s for s in discover(corpus) if s.relpath.startswith(("000_", "004_"))]
    assert len(seeds) == 2
    for src in seeds:
        assert len(src.sidecars()) >= 1
        result = resolve_meta(src)
        assert result.problems == ()
        assert result.meta.paper is None and result.meta.date is None and result.meta.page is None
        assert result.source  # says where the page came from


# ----------------------------------------------------------------- fingerprint
def test_fingerprint_changes_with_page_sidecar_and_parser_version(tmp_path, monkeypatch):
    page = put(tmp_path, "p/2025-03-14/1.txt", "第一版")
    src = discover(tmp_path)[0]
    first = src.fingerprint()
    assert first == discover(tmp_path)[0].fingerprint()  # stable

    page.write_text("第一版 更正", encoding="utf-8")
    second = src.fingerprint()
    assert second != first

    put(tmp_path, "p/_meta.toml", 'paper = "井冈山报"')  # a new sidecar higher up
    third = src.fingerprint()
    assert third != second
    put(tmp_path, "p/_meta.toml", 'paper = "吉安晚报"')  # an edited sidecar
    fourth = src.fingerprint()
    assert fourth != third
    put(tmp_path, "p/2025-03-14/1.toml", 'page = "A1"')  # the page's own sidecar
    fifth = src.fingerprint()
    assert fifth != fourth

    monkeypatch.setattr("archive.corpus.PARSER_VERSION", "test-bump")
    assert src.fingerprint() != fifth


def test_fingerprint_ignores_unrelated_files(tmp_path):
    put(tmp_path, "a/1.txt")
    src = discover(tmp_path)[0]
    before = src.fingerprint()
    put(tmp_path, "a/2.txt", "别的版面")
    put(tmp_path, "b/_meta.toml", 'paper = "别的报"')
    put(tmp_path, "a/2.toml", 'page = "2"')
    assert src.fingerprint() == before


def test_same_bytes_at_different_paths_have_different_fingerprints(tmp_path):
    put(tmp_path, "a.txt", "同样的内容")
    put(tmp_path, "b.txt", "同样的内容")
    a, b = discover(tmp_path)
    assert a.fingerprint() != b.fingerprint()


def test_fingerprint_of_unreadable_file_is_a_page_error(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    src = SourceFile.at(tmp_path / "broken.txt", tmp_path)
    with pytest.raises(PageError) as exc:
        src.fingerprint()
    assert "broken.txt" in str(exc.value)
