"""The parser entry point: pages and JSON Lines exports → ParsedPage with stable ids."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from archive.corpus import discover
from archive.errors import PageError
from archive.parser import parse_file, parse_source
from archive.report import format_page

SEEDS = Path(__file__).resolve().parent.parent / "corpus"
SEED_NAMES = ("000_b30d1262296ab6d1.txt", "004_8e0655b6816325c3.txt")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


@pytest.fixture(scope="module")
def seed_pages():
    return {name: parse_file(SEEDS / name, SEEDS) for name in SEED_NAMES}


def put(root, relpath, text):
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


# ------------------------------------------------------------------ seed pages
def test_seed_pages_give_articles_with_source_seq_and_url_safe_ids(seed_pages):
    all_ids = []
    for name, page in seed_pages.items():
        assert page.source == name
        assert page.articles, f"no articles found on {name}"
        assert [a.seq for a in page.articles] == list(range(len(page.articles)))
        for art in page.articles:
            assert art.source == name
            assert HEX16.match(art.id)
            assert art.meta == page.meta
        all_ids += [a.id for a in page.articles]
    assert len(all_ids) == len(set(all_ids))


def test_seed_page_metadata_stays_unknown(seed_pages):
    for page in seed_pages.values():
        assert page.meta.to_dict() == {"paper": None, "date": None, "page": None, "edition": None, "source_url": None}


def test_seed_articles_know_their_places(seed_pages):
    articles = [a for p in seed_pages.values() for a in p.articles]
    about = {a.about.name for a in articles if a.about}
    mentioned = {m.name for a in articles for m in a.mentions}
    assert "永新县" in about  # the feature on page 000
    assert "永新县" in mentioned


def test_seed_page_json_is_one_line_and_complete(seed_pages):
    for page in seed_pages.values():
        line = json.dumps(page.to_dict(), ensure_ascii=False)
        assert "\n" not in line
        back = json.loads(line)
        assert [a["id"] for a in back["articles"]] == [a.id for a in page.articles]


def test_ids_are_stable_across_parses_and_differ_between_pages(tmp_path, seed_pages):
    again = parse_file(SEEDS / SEED_NAMES[0], SEEDS)
    assert [a.id for a in again.articles] == [a.id for a in seed_pages[SEED_NAMES[0]].articles]
    assert again.fingerprint == seed_pages[SEED_NAMES[0]].fingerprint

    # the same bytes filed as another page of the corpus get other ids
    copy = tmp_path / "jagrb" / "2025-03-14" / "1.txt"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(SEEDS / SEED_NAMES[0], copy)
    other = parse_file(copy, tmp_path)
    assert len(other.articles) == len(again.articles)
    assert not {a.id for a in other.articles} & {a.id for a in again.articles}
    assert other.meta.paper == "jagrb" and other.meta.page == "1"
    assert all(a.meta.paper == "jagrb" for a in other.articles)


def test_editing_one_article_changes_its_id_only_if_its_text_changes(tmp_path):
    text = (SEEDS / SEED_NAMES[0]).read_text(encoding="utf-8")
    page = put(tmp_path, "p.txt", text)
    before = parse_file(page)
    edited = text.replace("251.08亿元", "251.09亿元", 1)
    assert edited != text
    page.write_text(edited, encoding="utf-8")
    after = parse_file(page)
    assert after.fingerprint != before.fingerprint
    changed = [b.id != a.id for b, a in zip(before.articles, after.articles)]
    assert any(changed) and not all(changed)


def test_parse_file_without_root_uses_the_file_name(tmp_path):
    page = put(tmp_path, "deep/dir/page.txt", "标题\n\n正文第一段。\n")
    parsed = parse_file(page)
    assert parsed.source == "page.txt"
    assert all(a.source == "page.txt" for a in parsed.articles)


def test_parse_source_from_discover_equals_parse_file(tmp_path):
    shutil.copyfile(SEEDS / SEED_NAMES[1], tmp_path / "x.txt")
    (src,) = discover(tmp_path)
    a, b = parse_source(src, tmp_path), parse_file(tmp_path / "x.txt", tmp_path)
    assert a.to_dict() == b.to_dict() and a.fingerprint == b.fingerprint == src.fingerprint()


def test_bad_file_and_broken_sidecar_raise_page_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(PageError) as exc:
        parse_file(bad)
    assert exc.value.path == str(bad)

    put(tmp_path, "ok.txt", "标题\n\n正文。\n")
    sidecar = put(tmp_path, "ok.toml", 'date = "soon"\n')
    with pytest.raises(PageError) as exc:
        parse_file(tmp_path / "ok.txt")
    assert exc.value.path == str(sidecar) and "date" in exc.value.reason


def test_unknown_sidecar_key_reaches_page_problems(tmp_path):
    put(tmp_path, "p.txt", "标题\n\n正文。\n")
    put(tmp_path, "p.toml", 'paper = "井冈山报"\ncolour = "red"\n')
    parsed = parse_file(tmp_path / "p.txt")
    assert parsed.meta.paper == "井冈山报"
    assert any("colour" in p for p in parsed.problems)


# ------------------------------------------------------------------ JSON Lines
def test_jsonl_import_with_a_bad_line(tmp_path):
    path = put(
        tmp_path,
        "cms/export.jsonl",
        jsonl(
            {"id": "a-1", "title": "永新工业园区产值创新高", "body": "第一段。\n\n第二段。", "date": "2025-03-14",
             "paper": "井冈山报", "page": 3, "authors": ["刘靖雯", {"name": "韩玉群", "role": "通讯员"}],
             "captions": ["▲永新工业园区全景。"], "url": "https://example.org/a-1"},
            "{this is not json",
            {"title": "没有正文"},
            ["not", "an", "object"],
            "",
            {"title": "", "body": ["泰和县召开会议。", "会议强调……"], "county": "泰和县"},
        ),
    )
    page = parse_file(path, tmp_path)
    assert page.source == "cms/export.jsonl"
    assert [a.seq for a in page.articles] == [0, 1]
    first, second = page.articles

    assert first.title == "永新工业园区产值创新高"
    assert first.paragraphs == ["第一段。", "第二段。"]
    assert [(a.name, a.role) for a in first.authors] == [("刘靖雯", None), ("韩玉群", "通讯员")]
    assert first.captions == ["▲永新工业园区全景。"]
    assert (first.meta.paper, str(first.meta.date), first.meta.page) == ("井冈山报", "2025-03-14", "3")
    assert first.meta.source_url == "https://example.org/a-1"
    assert first.about is not None and first.about.name == "永新县"  # from the title

    assert second.title is None and second.display_title.startswith("（无题）泰和县")
    assert second.about is not None and second.about.name == "泰和县"  # from "county"
    assert second.meta.paper is None  # nothing given, nothing guessed

    bad = [p for p in page.problems if "skipped" in p]
    assert [int(re.search(r"export\.jsonl:(\d+):", p).group(1)) for p in bad] == [2, 3, 4]
    assert "body" in bad[1]


def test_jsonl_ids_stable_and_unique(tmp_path):
    records = [
        {"id": "x1", "title": "甲", "body": "一"},
        {"title": "乙", "body": "二"},
        {"title": "丙", "body": "三"},
    ]
    a = parse_file(put(tmp_path, "a.jsonl", jsonl(*records)))
    assert all(HEX16.match(art.id) for art in a.articles)
    assert len({art.id for art in a.articles}) == 3
    again = parse_file(tmp_path / "a.jsonl")
    assert [x.id for x in again.articles] == [x.id for x in a.articles]
    # a record with its own id keeps its article id when the export is reordered
    reordered = parse_file(put(tmp_path, "a.jsonl", jsonl(records[2], records[0])))
    assert {x.title: x.id for x in reordered.articles}["甲"] == a.articles[0].id
    # another export holding the same records gets other ids
    b = parse_file(put(tmp_path, "b.jsonl", jsonl(*records)))
    assert not {x.id for x in b.articles} & {x.id for x in a.articles}


def test_jsonl_duplicate_id_is_reported_and_ids_stay_unique(tmp_path):
    page = parse_file(put(tmp_path, "d.jsonl", jsonl({"id": 7, "title": "甲", "body": "一"},
                                                     {"id": 7, "title": "乙", "body": "二"})))
    assert len({a.id for a in page.articles}) == 2
    assert any("duplicate id" in p and "d.jsonl:2" in p for p in page.problems)


def test_jsonl_bad_optional_field_keeps_the_line(tmp_path):
    page = parse_file(put(tmp_path, "e.jsonl", jsonl({"title": "甲", "body": "一", "date": "昨天", "extra": 1})))
    (art,) = page.articles
    assert art.meta.date is None
    assert any("e.jsonl:1" in p and "date" in p for p in page.problems)
    assert any("e.jsonl:1" in p and "extra" in p for p in page.problems)


def test_jsonl_sidecar_gives_defaults_that_lines_override(tmp_path):
    put(tmp_path, "f.toml", 'paper = "宜春日报"\ndate = 2025-01-01\n')
    page = parse_file(put(tmp_path, "f.jsonl", jsonl({"title": "甲", "body": "一"},
                                                     {"title": "乙", "body": "二", "date": "2025-02-02"})))
    assert [a.meta.paper for a in page.articles] == ["宜春日报", "宜春日报"]
    assert [str(a.meta.date) for a in page.articles] == ["2025-01-01", "2025-02-02"]


def test_jsonl_body_is_cleaned_like_pages(tmp_path):
    pytest.importorskip("archive.cleaning")
    page = parse_file(put(tmp_path, "g.jsonl", jsonl({"title": "宜丰 : 宣讲", "body": "也 大 幅 提 升 。\n于 2019 年 落 户"})))
    (art,) = page.articles
    assert "也大幅提升" in art.body
    assert "2019" in art.body and "落户" in art.body


# ---------------------------------------------------------------------- report
def test_report_shows_every_article_and_unknown_metadata(seed_pages):
    for page in seed_pages.values():
        out = format_page(page)
        assert page.source in out
        assert "未知" in out
        for art in page.articles:
            assert art.id in out
            assert art.display_title in out
            for author in art.authors:
                assert author.name in out


def test_report_shows_leftovers_problems_roles_and_places(tmp_path):
    put(tmp_path, "h.toml", 'paper = "井冈山报"\nedition = "A"\n')
    page = parse_file(put(tmp_path, "h.jsonl", jsonl(
        {"title": "永新工业园区产值创新高", "body": "永新县……泰和县……", "authors": [{"name": "韩玉群", "role": "通讯员"}],
         "captions": ["▲图一", "▲图二"]},
        "oops",
    )))
    page.leftover.append("一段没有归属的文字")
    out = format_page(page)
    assert "井冈山报" in out
    assert "韩玉群（通讯员）" in out
    assert "一段没有归属的文字" in out
    assert "h.jsonl:2" in out
    assert "永新县" in out and "泰和县" in out
    assert "图片说明：2 条" in out


def test_root_spelled_through_a_symlink_still_gives_relative_source(tmp_path):
    put(tmp_path, "real/paper/2025-03-14/2.txt", "标题\n\n正文。\n")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    parsed = parse_file((tmp_path / "link" / "paper" / "2025-03-14" / "2.txt").resolve(), tmp_path / "link")
    assert parsed.source == "paper/2025-03-14/2.txt"
    assert parsed.meta.paper == "paper"


@pytest.mark.parametrize("value, expected", [("2025-03-14", "2025-03-14"), ("2025-03-14T08:30:00+08:00", "2025-03-14"),
                                             ("20250314", "2025-03-14"), ("2025-03-14 garbage", None), (20250314, None)])
def test_jsonl_dates(tmp_path, value, expected):
    page = parse_file(put(tmp_path, "d.jsonl", jsonl({"title": "甲", "body": "一", "date": value})))
    assert str(page.articles[0].meta.date) == str(expected)


def test_jsonl_dateline_gives_place_and_authors_as_on_pages(tmp_path):
    page = parse_file(put(tmp_path, "t.jsonl", jsonl(
        {"title": "“入企听诉”助企发展", "body": "本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)近日，某公司负责人说。\n第二段。"},
        {"title": "另一篇", "body": "本报泰和讯(全媒体记者刘靖雯)近日。", "authors": ["李歆"]},
    )))
    first, second = page.articles
    assert first.dateline == "泰和"
    assert first.about is not None and first.about.name == "泰和县"
    assert [(a.name, a.role) for a in first.authors] == [("刘靖雯", "记者"), ("韩玉群", "通讯员")]
    assert first.paragraphs[0].startswith("近日")
    assert [a.name for a in second.authors] == ["李歆"]  # authors given by the export win


def test_jsonl_unknown_key_is_reported_once_per_file(tmp_path):
    records = [{"title": f"第{i}篇", "body": "正文", "cms_status": "published"} for i in range(50)]
    page = parse_file(put(tmp_path, "u.jsonl", jsonl(*records)))
    assert len(page.articles) == 50
    about_key = [p for p in page.problems if "cms_status" in p]
    assert len(about_key) == 1 and "u.jsonl:1" in about_key[0] and "49 more" in about_key[0]


def test_jsonl_dateline_and_credits_stay_searchable(tmp_path):
    """``本报某县讯(记者 X 通讯员 Y)`` opening an imported body goes into dateline and
    authors, and its printed text is still found by search."""
    from indexer.results import SearchRequest
    from indexer.search import search
    from indexing_helpers import build_index

    page = parse_file(put(tmp_path, "cms/export.jsonl", jsonl(
        {"title": "乡村书屋开到家门口", "body": "本报贵溪讯(记者钟小琛 通讯员封小懿)近日，十个乡村书屋同时开放。\n第二段。"},
    )))
    (art,) = page.articles
    assert art.dateline == "贵溪" and [a.name for a in art.authors] == ["钟小琛", "封小懿"]
    assert art.paragraphs[0] == "近日，十个乡村书屋同时开放。"
    assert art.credits == ["本报贵溪讯(记者钟小琛 通讯员封小懿)"]
    assert art.county == "贵溪市"
    (tmp_path / "ix").mkdir()
    store = build_index(tmp_path / "ix", [page])
    try:
        for fragment in ("钟小琛", "贵溪讯", "通讯员", "封小懿"):
            assert [h.id for h in search(store, SearchRequest(q=fragment)).hits] == [art.id], fragment
    finally:
        store.close()


def test_evidence_says_why_an_article_got_its_county_and_authors(tmp_path):
    page = parse_file(put(tmp_path, "p.txt", "\n\n".join([
        "婺源晒秋引来八方游客",
        "新华社南昌10月3日电（记者 郑小鸣）婺源县的篁岭村又到了晒秋的季节。",
        "婺源县的村民把辣椒、玉米摆上竹匾，婺源县的晒秋吸引了许多游客。",
    ])))
    (art,) = page.articles
    assert art.county == "婺源县"
    assert "婺源县" in art.evidence["county"] and "正文" in art.evidence["county"]
    assert "新华社南昌10月3日电（记者 郑小鸣）" in art.evidence["authors"]
    untold = parse_file(put(tmp_path, "q.txt", "一条没有地名的消息\n\n今天天气晴朗，大家出门散步。"))
    assert untold.articles[0].county is None and untold.articles[0].evidence["county"]
