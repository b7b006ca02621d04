"""Recall contract, checked against a brute-force oracle.

Any fragment a reader can see in an article's title, subtitle, body or
captions finds that article, whether typed quoted or not, with or without the
spaces of PDF text, in traditional characters or with full-width digits; a
quoted phrase finds only articles that contain it.  Fragments are cut at unit
boundaries: Latin words and numbers are searchable whole, not in parts.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from archive.models import Article, ParsedPage
from indexer.analysis import has_cjk, normalize, units
from indexer.write.documents import leftover_article
from indexer.limits import MAX_PAGE_SIZE
from indexer.results import SearchRequest
from indexer.search import search
from indexing_helpers import build_index, make_article, page_of

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_S2T = opencc.OpenCC("s2t")
_KEEP = re.compile(r"[^\W_]", re.U)


# -- oracle ---------------------------------------------------------------------------------


def sections(article: Article) -> list[str]:
    return [
        s for s in [article.title or "", article.subtitle or "", article.body, *article.captions, *article.credits] if s
    ]


def squash(text: str) -> str:
    """Oracle normalisation: normalised, only letters/digits/CJK kept."""
    return "".join(_KEEP.findall(normalize(text)))


def oracle_contains(articles: list[Article], phrase: str) -> set[str]:
    needle = squash(phrase)
    return {a.id for a in articles if any(needle in squash(s) for s in sections(a))}


# -- fragments --------------------------------------------------------------------------------


def fragments(text: str, rng: random.Random, n: int, max_units: int = 8) -> list[str]:
    """``n`` random visible fragments of ``text``, cut at unit boundaries, ≥ 2 characters."""
    us = units(text)
    out = []
    for _ in range(n * 3):
        if len(out) >= n or not us:
            break
        i = rng.randrange(len(us))
        j = min(len(us), i + rng.randint(1, max_units))
        frag = text[us[i].start : us[j - 1].end]
        if len(frag.strip()) >= 2:
            out.append(frag)
    return out


def typed_variants(frag: str) -> list[str]:
    """How a reader might type the fragment (all must find the article)."""
    plain = " ".join(chunk.lstrip("-") for chunk in frag.replace('"', " ").split() if chunk not in ("OR", "AND"))
    no_spaces = re.sub(r"(?<=\S)\s+(?=\S)", lambda m: "" if _cjk_around(frag, m) else m.group(), frag)
    variants = [plain, f'"{frag.replace(chr(34), " ")}"', f'"{no_spaces.replace(chr(34), " ")}"']
    trad = _S2T.convert(frag)
    if trad != frag:
        variants.append(f'"{trad.replace(chr(34), " ")}"')
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in frag)
    if wide != frag:
        variants.append(f'"{wide.replace(chr(34), " ")}"')
    return variants


def _cjk_around(text: str, m: re.Match) -> bool:
    return has_cjk(text[m.start() - 1]) or has_cjk(text[m.end()])


def found(store, query: str) -> tuple[set[str], int]:
    r = search(store, SearchRequest(q=query, page_size=MAX_PAGE_SIZE))
    return {h.id for h in r.hits}, r.total


def check_fragment(store, articles: list[Article], article: Article, frag: str) -> list[str]:
    failures = []
    for query in typed_variants(frag):
        hits, total = found(store, query)
        if article.id not in hits:
            failures.append(f"{query!r} misses {article.id}")
        if query.startswith('"'):
            expected = oracle_contains(articles, query.strip('"'))
            if not hits <= expected:
                failures.append(f"{query!r} returns articles without the phrase: {sorted(hits - expected)}")
            if not has_cjk_only(query) or expected <= hits:
                continue
            failures.append(f"{query!r} misses {sorted(expected - hits)}")
    return failures


def has_cjk_only(query: str) -> bool:
    return all(u.cjk for u in units(query))


# -- seed corpus ------------------------------------------------------------------------------


def seed_pages() -> list[ParsedPage]:
    """The seed pages through the real parser, exactly as reindex reads them."""
    from archive.parser import parse_file

    return [parse_file(p, CORPUS) for p in sorted(CORPUS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    pages = seed_pages()
    articles = [a for p in pages for a in p.articles]
    articles += [r for r in (leftover_article(p) for p in pages) if r is not None]
    store = build_index(tmp_path_factory.mktemp("seed"), pages)
    yield store, articles
    store.close()


def test_seed_random_fragments_find_their_article(seed):
    store, articles = seed
    rng = random.Random(20250501)
    per_article = max(1, 300 // len(articles))
    failures, checked = [], 0
    for art in articles:
        for section in sections(art):
            for frag in fragments(section, rng, max(1, per_article // len(sections(art)))):
                checked += 1
                failures += check_fragment(store, articles, art, frag)
    assert checked >= 150
    assert failures == [], f"{len(failures)} failures of {checked} fragments, e.g. {failures[:5]}"


def test_seed_every_title_bigram_finds_its_article(seed):
    store, articles = seed
    failures = []
    for art in articles:
        us = units(art.title or "")
        for a, b in zip(us, us[1:]):
            frag = (art.title or "")[a.start : b.end]
            hits, _total = found(store, frag)
            if art.id not in hits:
                failures.append(frag)
    assert failures == []


@pytest.mark.parametrize("query", ["华昊锂电", "金垦山", "鋰電池", "锂电", "“同心圆”", "于2019年落户", "也大幅提升", "也 大 幅 提 升", "２０１９年",
     # across a line break of the raw PDF page / a paragraph broken mid-sentence in the web page
     "落户宜春经开区", "主任刘年发介绍", "宜春时代新能源科技",
     # printed credit lines stay searchable
     "本报泰和讯", "吴 玲 王忠林"])
def test_seed_named_examples(seed, query):
    store, articles = seed
    expected = oracle_contains(articles, query)
    assert expected, f"{query} should occur in the seed corpus"
    hits, _ = found(store, query)
    assert expected <= hits


def test_single_character_search_finds_every_article_with_it(seed):
    store, articles = seed
    for ch in "锂镇宣":
        hits, _ = found(store, ch)
        assert oracle_contains(articles, ch) == hits


# -- generated articles ----------------------------------------------------------------------

_CJK = "锂电池工会宜春永新县產業鋰電華昊金垦山的了和是在一二三"
_chunks = st.one_of(
    st.text(alphabet=_CJK, min_size=1, max_size=6),
    st.sampled_from(["2019", "ABC", "usb", "５", "Ｇ", "3.5"]),
    st.sampled_from([" ", "，", "。", "“", "”", "\n", "、", "（", "）"]),
)
_texts = st.lists(_chunks, min_size=1, max_size=25).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bodies=st.lists(st.tuples(_texts, _texts), min_size=1, max_size=4), data=st.data())
def test_any_fragment_of_a_generated_article_finds_it(tmp_path_factory, bodies, data):
    articles = [make_article(f"g{i}", title, body, source=f"g{i}.txt") for i, (title, body) in enumerate(bodies)]
    store = build_index(tmp_path_factory.mktemp("gen"), [page_of([a], source=a.source) for a in articles])
    try:
        art = data.draw(st.sampled_from(articles))
        text = data.draw(st.sampled_from(sections(art)))
        us = units(text)
        if not us:
            return
        i = data.draw(st.integers(0, len(us) - 1))
        j = data.draw(st.integers(i + 1, min(len(us), i + 10)))
        frag = text[us[i].start : us[j - 1].end]
        assert check_fragment(store, articles, art, frag) == []
    finally:
        store.close()
