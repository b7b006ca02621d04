"""The caches that let a fresh command start fast (`archive.cache`,
`indexer.analysis_cache`): a query segmented from the lexicon cache gets exactly
jieba's words, a fresh process does so without loading jieba's dictionary, and a
missing, stale, corrupt or unwritable cache only costs time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import cache
from indexer import analysis, analysis_cache

ROOT = Path(__file__).resolve().parents[1]

READER_QUERIES = [
    "华昊锂电", "永新工业园区", "泰和县工业园区管委会主任", "锂电 工会", "宜春经开区", "井冈山大学",
    "華昊鋰電池", "Micro LED 显示屏", "于2019年落户", "ＡＢＣ１２３产值", "吉安县", "崇义县 赣州市",
    "也 大 幅 提 升", "的", "产改赋能 匠心筑梦", "C++ 与 .NET 的 3.5% 增长",
]


@pytest.fixture
def lexicon(tmp_path, monkeypatch):
    """The lexicon cache written from this process's full jieba into a fresh cache directory."""
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "cache"))
    jieba = analysis.get_jieba()
    analysis_cache.save_lexicon(jieba.dt.FREQ, jieba.dt.total)
    lex = analysis_cache.open_lexicon()
    assert lex is not None
    return lex


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_words_from_the_lexicon_are_jiebas_words(lexicon, monkeypatch):
    texts = READER_QUERIES + _seed_lines()
    place_names = list(analysis._dictionary_words())[:300]  # the words added to jieba's dictionary
    texts += [f"记者来到{name}采访" for name in place_names]
    full = [analysis.jieba_words(t) for t in texts]
    monkeypatch.setattr(analysis, "_jieba", None)  # as in a process that never loaded the dictionary
    monkeypatch.setattr(analysis, "_lexicon", lexicon)
    from_cache = [analysis.jieba_words(t) for t in texts]
    assert analysis._jieba is None  # the dictionary was not loaded for them
    assert from_cache == full
    assert any(len(words) > 1 for words in from_cache)


def test_the_lexicon_looks_up_the_blocks_jieba_cuts():
    import jieba

    assert analysis_cache.JIEBA_BLOCK.pattern == jieba.re_han_default.pattern


def test_a_fresh_process_segments_a_query_without_loading_the_dictionary(lexicon, tmp_path):
    expected = analysis.jieba_words("泰和县工业园区管委会主任")
    script = (
        "import json, sys\n"
        "from indexer import analysis\n"
        "words = analysis.jieba_words('泰和县工业园区管委会主任')\n"
        "import jieba\n"
        "print(json.dumps({'words': words, 'loaded': analysis._jieba is not None,\n"
        "                  'entries': len(jieba.dt.FREQ), 'pkg_resources': 'pkg_resources' in sys.modules}))\n"
    )
    env = {**os.environ, cache.ENV_CACHE: os.environ[cache.ENV_CACHE], "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    seen = json.loads(out.stdout)
    assert [tuple(w) for w in seen["words"]] == expected
    assert seen == {**seen, "loaded": False, "entries": 0, "pkg_resources": False}


def test_without_a_lexicon_the_dictionary_is_loaded_and_the_cache_written(tmp_path):
    env = {**os.environ, cache.ENV_CACHE: str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    script = "from indexer import analysis; print(analysis.jieba_words('华昊锂电') and analysis._jieba is not None)"
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert first.stdout.strip() == "True"
    assert list((tmp_path / "cache").glob("*/lexicon.sqlite3")) and list((tmp_path / "cache").glob("*/normalize.marshal"))
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert second.stdout.strip() == "False"  # now answered from the cache


def test_cached_builds_once_and_again_when_a_source_changes_or_the_file_is_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_CACHE, str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("甲 乙", encoding="utf-8")
    builds = []

    def build():
        builds.append(1)
        return frozenset(source.read_text(encoding="utf-8").split())

    assert cache.cached("words.marshal", [source], build) == {"甲", "乙"}
    assert cache.cached("words.marshal", [source], build) == {"甲", "乙"}
    assert len(builds) == 1
    source.write_text("甲 乙 丙", encoding="utf-8")
    assert cache.cached("words.marshal", [source], build) == {"甲", "乙", "丙"}
    assert len(builds) == 2
    cache.cache_path("words.marshal", [source]).write_bytes(b"\x00not marshal")
    assert cache.cached("words.marshal", [source], build) == {"甲", "乙", "丙"}
    assert len(builds) == 3


def test_an_unwritable_cache_directory_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_CACHE, str(blocker))
    assert cache.cached("x.marshal", [blocker], lambda: {"k": 1}) == {"k": 1}
    assert analysis_cache.cached_table(lambda: {ord("乾"): "干"}) == {ord("乾"): "干"}
    analysis_cache.save_lexicon({"锂电": 3}, 3)  # logged, not raised
    assert analysis_cache.open_lexicon() is None
