"""Citations (GB/T 7714-2015, APA 7, BibTeX, RIS) and result-list exports (CSV, RIS)."""

from __future__ import annotations

import csv
import datetime as _dt
import io

import pytest

from indexer.results import Excerpt, Hit
from web.citation import Reference, apa, bibtex, gbt7714, ris
from web.export import hits_csv, hits_ris

DAY = _dt.date(2024, 3, 8)
SEEN = _dt.date(2026, 12, 1)
URL = "https://archive.example/article/0123456789abcdef"


def ref(**fields) -> Reference:
    base = dict(title="春茶开采", authors=("张三",), paper="合成日报", date=DAY, page="3")
    return Reference(**{**base, **fields})


# ------------------------------------------------------------ GB/T 7714-2015
def test_gbt_full_newspaper_form():
    assert gbt7714(ref()) == "张三. 春茶开采[N]. 合成日报, 2024-03-08(3)."


def test_gbt_online_copy_adds_access_date_and_permalink():
    assert gbt7714(ref(url=URL), accessed=SEEN) == f"张三. 春茶开采[N/OL]. 合成日报, 2024-03-08(3)[2026-12-01]. {URL}."


def test_gbt_without_author_starts_with_title():
    assert gbt7714(ref(authors=())) == "春茶开采[N]. 合成日报, 2024-03-08(3)."


def test_gbt_without_date_keeps_paper_and_page():
    assert gbt7714(ref(date=None)) == "张三. 春茶开采[N]. 合成日报(3)."


def test_gbt_without_page_ends_at_date():
    assert gbt7714(ref(page=None)) == "张三. 春茶开采[N]. 合成日报, 2024-03-08."


def test_gbt_with_nothing_known_but_title_never_says_unknown():
    text = gbt7714(ref(authors=(), paper=None, date=None, page=None))
    assert text == "春茶开采[N]."
    assert "未知" not in text


def test_gbt_lists_three_authors_then_etal():
    text = gbt7714(ref(authors=("甲一", "乙二", "丙三", "丁四")))
    assert text.startswith("甲一, 乙二, 丙三, 等. 春茶开采[N].")


def test_gbt_page_names_as_printed():
    assert gbt7714(ref(page="A04")).endswith("2024-03-08(A04).")


# ------------------------------------------------------------ APA 7
def test_apa_newspaper_with_italic_paper():
    styled = apa(ref(authors=("张三", "李四"), url=URL))
    assert styled.text == f"张三, & 李四. (2024, March 8). 春茶开采. 合成日报, 3. {URL}"
    assert [p for p, italic in styled.pieces if italic] == ["合成日报"]


def test_apa_without_author_or_date():
    assert apa(ref(authors=(), date=None, page=None)).text == "春茶开采. (n.d.). 合成日报."


# ------------------------------------------------------------ BibTeX
def test_bibtex_escapes_latex_and_keeps_chinese_names_whole():
    entry = bibtex(ref(title="利润增长50% & 更多_{新}", authors=("张三", "李四"), id="00ff", url=URL), SEEN)
    assert entry.startswith("@article{newsarchive:00ff,\n")
    assert "author = {{张三} and {李四}}" in entry
    assert r"title = {利润增长50\% \& 更多\_\{新\}}" in entry
    assert "journal = {合成日报}" in entry and "date = {2024-03-08}" in entry
    assert "urldate = {2026-12-01}" in entry


def test_bibtex_leaves_unknown_fields_out():
    entry = bibtex(ref(authors=(), paper=None, date=None, page=None))
    for field in ("author", "journal", "date", "year", "pages", "url"):
        assert f"  {field} = " not in entry


# ------------------------------------------------------------ RIS
def test_ris_record_fields_and_line_ends():
    text = ris(ref(authors=("张三", "李四"), url=URL, id="00ff"), SEEN)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    assert "AU  - 张三" in lines and "AU  - 李四" in lines
    assert "T2  - 合成日报" in lines and "DA  - 2024/03/08" in lines and "SP  - 3" in lines
    assert "Y2  - 2026/12/01" in lines


def test_ris_value_never_breaks_a_record():
    text = ris(ref(title="第一行\n第二行\r\nER  - 假结束"))
    assert [line for line in text.split("\r\n") if line.startswith("ER  -")] == ["ER  - "]
    assert "TI  - 第一行 第二行 ER - 假结束" in text  # whitespace runs (line breaks too) become one space


# ------------------------------------------------------------ exports of a hit list
def hit(id_: str, title: str, **fields) -> Hit:
    base = dict(id=id_, title=title, display_title=title, paper="合成日报", date="2024-03-08", page="3",
                county="永新县", city="吉安市", province="江西省", authors=["张三"], title_spans=(),
                snippet=Excerpt("正文开头"), kind="article")
    return Hit(**{**base, **fields})


def test_csv_has_bom_and_round_trips_commas_quotes_newlines():
    hits = [hit("a1", '茶叶"出海",订单翻番', snippet=Excerpt("第一行\n第二行")), hit("a2", "无日期", date=None, paper=None)]
    data = hits_csv(hits, lambda h: f"https://x/article/{h.id}")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["题名"] == '茶叶"出海",订单翻番'
    assert rows[0]["摘要"] == "第一行\n第二行"
    assert rows[0]["链接"] == "https://x/article/a1"
    assert (rows[1]["日期"], rows[1]["报纸"]) == ("", "")  # unknown is empty, never 未知
    assert [r["序号"] for r in rows] == ["1", "2"]


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_never_start_a_formula(title):
    rows = list(csv.reader(io.StringIO(hits_csv([hit("a", title)], lambda h: "").decode("utf-8-sig"))))
    assert rows[1][2] == "'" + title


def test_ris_export_one_record_per_hit_in_order():
    text = hits_ris([hit("a1", "甲"), hit("a2", "乙")], lambda h: f"https://x/article/{h.id}")
    assert [line for line in text.split("\r\n") if line.startswith("TI")] == ["TI  - 甲", "TI  - 乙"]
    assert text.count("TY  - NEWS") == 2
