"""How a page names where an article was printed, in one place: the HTML pages
and the Atom feed alike. Unknown parts are left out; nothing known at all is
one 出处未详, never a row of 未知."""

from __future__ import annotations

import re

#: What is shown when neither paper, date nor page of an article is known.
SOURCE_UNKNOWN = "出处未详"


def page_label(value) -> str:
    """A page as readers say it: 第3版, 第A04版, 要闻版; 版次未详 when unknown."""
    if value in (None, ""):
        return "版次未详"
    value = str(value)
    if value.endswith("版"):
        return value
    return f"第{value}版" if re.fullmatch(r"[A-Za-z]?\d+", value) else f"{value}版"


def printed_at(paper: str | None, date: str | None, page) -> str:
    """``合成日报 · 2023-05-02 · 第1版`` with the unknown parts left out, or 出处未详."""
    parts = [paper, date, page_label(page) if page not in (None, "") else None]
    known = [str(p) for p in parts if p]
    return " · ".join(known) if known else SOURCE_UNKNOWN
