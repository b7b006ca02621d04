"""The query language: what a reader types and how it is understood."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from indexer.limits import MAX_QUERY_CHARS, NOTICE_TOO_LONG
from indexer.query import NOTICE_NOTHING, NOTICE_SYNTAX, parse


def shape(text):
    return [[(c.text, c.field, c.phrase, c.negated) for c in g] for g in parse(text).groups]


def test_words_phrases_exclusions_and_fields():
    assert shape('锂电 "宜春 经开区" -宜丰 title:工会 作者:刘靖雯 county:"永新"') == [
        [("锂电", None, False, False)],
        [("宜春 经开区", None, True, False)],
        [("宜丰", None, False, True)],
        [("工会", "title", False, False)],
        [("刘靖雯", "author", False, False)],
        [("永新", "county", True, False)],
    ]


def test_or_joins_its_two_neighbours():
    assert shape("锂电 工会 OR 工匠 园区") == [
        [("锂电", None, False, False)],
        [("工会", None, False, False), ("工匠", None, False, False)],
        [("园区", None, False, False)],
    ]


def test_full_width_syntax_characters_work():
    assert shape("＂宜春　经开区＂ －宜丰") == [[("宜春 经开区", None, True, False)], [("宜丰", None, False, True)]]


def test_understood_reads_back_the_query_in_chinese():
    assert parse('锂电 OR 工会 -"宜丰 县"').render() == "（锂电 或 工会） 并且 不含 “宜丰 县”"
    assert parse("").render() == "全部文章"


def test_malformed_queries_degrade_to_plain_words_with_a_notice():
    for bad in ['"宜春 经开区', "AND OR", "-", "锂电 OR", "OR 锂电", "title:"]:
        pq = parse(bad)
        assert pq.notice == NOTICE_SYNTAX, bad
    assert shape('"宜春 经开区') == [[("宜春", None, False, False)], [("经开区", None, False, False)]]
    assert shape("锂电 OR") == [[("锂电", None, False, False)]]


def test_unknown_prefixes_and_html_are_plain_text():
    assert shape("http://x.cn") == [[("http://x.cn", None, False, False)]]
    assert [c.text for g in parse("<b>锂电</b>").groups for c in g] == ["<b>锂电</b>"]


def test_long_and_empty_queries():
    pq = parse("锂" * 5000)
    assert pq.notice == NOTICE_TOO_LONG and len(pq.groups[0][0].text) == MAX_QUERY_CHARS
    assert parse("！！，。").notice == NOTICE_NOTHING
    assert parse("   ").empty and parse("   ").notice is None


def test_terms_to_highlight_leave_out_exclusions_and_authors():
    assert parse("锂电 -宜丰 author:刘靖雯 title:工会").terms() == ["锂电", "工会"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_parse_never_raises(text):
    pq = parse(text)
    assert isinstance(pq.render(), str)
    for g in pq.groups:
        assert g and all(c.units for c in g)
