"""Analysis: normalisation, unit bigrams and jieba words, offsets and positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase

from indexer.analysis import GramTokenizer, JiebaTokenizer, SECTION_BREAK, jieba_words, normalize, units


def test_traditional_fullwidth_and_case_fold_to_the_same_text():
    assert normalize("鋰電池") == normalize("锂电池") == "锂电池"
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("Lithium") == "lithium"


def test_cjk_punctuation_is_kept_in_place():
    text = "宜丰：“三色”宣讲，传播。"
    assert len(normalize(text)) == len(text)
    assert normalize(text)[3] == "“"
    assert normalize(text)[-1] == "。"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalize_keeps_length_and_is_idempotent(text):
    once = normalize(text)
    assert len(once) == len(text)
    assert normalize(once) == once


def test_spaces_between_characters_do_not_separate_units():
    assert [u.text for u in units("也 大 幅 提 升 。")] == [u.text for u in units("也大幅提升")]
    assert [u.text for u in units("于 2019 年")] == ["于", "2019", "年"]


def _tokens(tokenizer, text):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in tokenizer(text, positions=True, chars=True)]


def test_gram_tokens_have_ordinal_positions_and_exact_offsets():
    text = "永新 華昊鋰電 2025年"
    toks = _tokens(GramTokenizer(), text)
    for term, _pos, start, end in toks:
        # the original slice, normalised and without separators, is the term
        assert normalize(text[start:end]).replace(" ", "") == term.replace(" ", "")
    bigrams = [(term, pos) for term, pos, _s, _e in toks if len(term) > 1 and term != "2025"]
    assert [pos for _t, pos in bigrams] == list(range(len(bigrams)))
    assert "昊锂" in [t for t, _p in bigrams]


def test_no_bigram_spans_a_section_break():
    terms = [t[0] for t in _tokens(GramTokenizer(), f"工会{SECTION_BREAK}主席")]
    assert "会主" not in terms
    assert {"工会", "主席"} <= set(terms)


def test_jieba_tokens_are_ordinal_and_offsets_slice_the_original():
    text = "江西省允福亨新能源有限责任公司工會主席"
    toks = _tokens(JiebaTokenizer(), text)
    assert [pos for _t, pos, _s, _e in toks] == list(range(len(toks)))
    for word, _pos, start, end in toks:
        assert normalize(text[start:end]) == word
    # no overlapping sub-words (jieba's search mode would add 新能/能源 inside 新能源)
    spans = [(s, e) for _t, _p, s, e in toks]
    assert all(e1 <= s2 for (_s1, e1), (s2, _e2) in zip(spans, spans[1:]))


def test_phrase_query_works_on_the_jieba_field():
    schema = Schema(body=TEXT(analyzer=JiebaTokenizer(), phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(body="提升工人队伍技能")
        w.add_document(body="队伍里的工人")
    words = [w for w, _s, _e in jieba_words("工人队伍")]
    assert len(words) >= 2
    with ix.searcher() as s:
        assert [hit.docnum for hit in s.search(Phrase("body", words))] == [0]


def test_latin_words_and_single_digits_are_indexed_whole():
    terms = {t[0] for t in _tokens(GramTokenizer(), "USB 5 号")}
    assert {"usb", "5"} <= terms


def test_place_names_from_the_gazetteer_are_not_split():
    places = pytest.importorskip("archive.places")
    words = [w for w in places.default_gazetteer().dictionary_words() if len(w) >= 4][:20]
    if not words:
        pytest.skip("gazetteer has no long names")
    for name in words:
        assert normalize(name) in [w for w, _s, _e in jieba_words(f"记者来到{name}采访")]
