"""Browsing by paper and issue: ``/papers``, ``/paper/<name>`` (a calendar of
issues), ``/paper/<name>/<date>`` (an issue's pages) and ``/page/<path>`` (a
page's articles in printed order, its neighbours and its raw text).

Each view builds one context; the page renders it and the JSON twin under
``/api/`` serialises the same context. Pages whose paper or date is unknown
are listed under `UNKNOWN_PAPER` / `UNDATED`, never hidden.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections import Counter

from flask import Blueprint, abort, request, url_for
from werkzeug.exceptions import NotFound

from indexer import browse
from web.corpus_files import page_text
from web.index_handle import get_store
from web.params import BadParameter
from web.twins import page_and_json, render

bp = Blueprint("browse", __name__)

#: How a page of unknown paper is listed (and its name in URLs).
UNKNOWN_PAPER = "出处未详"
#: How an issue of unknown date is listed (and its name in URLs).
UNDATED = "日期未详"
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


# ------------------------------------------------------------ names in URLs
def paper_name(paper: str | None) -> str:
    return paper or UNKNOWN_PAPER


def paper_from_url(name: str) -> str | None:
    return None if name == UNKNOWN_PAPER else name


def date_name(date: str | None) -> str:
    return date or UNDATED


def date_from_url(value: str) -> str | None:
    """An ISO date from a URL segment (`UNDATED` → None); anything else is a 404."""
    if value == UNDATED:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        abort(404, description=f"“{value[:30]}”不是日期，应为 YYYY-MM-DD。")


def paper_url(paper: str | None, **args) -> str:
    return url_for("browse.paper_page", name=paper_name(paper), **args)


def issue_url(paper: str | None, date: str | None) -> str:
    return url_for("browse.issue_page", name=paper_name(paper), date=date_name(date))


def page_url(source: str, article_id: str | None = None) -> str:
    return url_for("browse.page_page", source=source, article=article_id)


def row_json(row: browse.PageRow) -> dict:
    return {"source": row.source, "paper": row.paper, "date": row.date, "page": row.page,
            "articles": row.articles, "url": page_url(row.source)}


# ------------------------------------------------------------ /papers
@page_and_json(bp, "/papers", "/api/papers")
def papers_page():
    papers = browse.papers(get_store())
    return render("papers.html", {"papers": papers, "paper_url": paper_url}, papers_json)


def papers_json(ctx: dict) -> dict:
    return {"papers": [{"name": p.name, "label": paper_name(p.name), "first": p.first, "last": p.last,
                        "issues": p.issues, "pages": p.pages, "articles": p.articles, "url": paper_url(p.name)}
                       for p in ctx["papers"]]}


# ------------------------------------------------------------ /paper/<name>
def month_grid(year: int, month: int, issues: dict[str, browse.IssueSummary]) -> list[list[dict | None]]:
    """The weeks of a month (Monday first); each day ``{"day", "date", "issue"}``, None outside the month."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d.day, "date": d.isoformat(), "issue": issues.get(d.isoformat())}
                      if d.month == month else None for d in week])
    return weeks


def chosen_year(years: list[int]) -> int | None:
    """The ``year`` parameter (one of ``years``), else the latest year."""
    raw = (request.args.get("year") or "").strip()
    if not raw:
        return years[-1] if years else None
    if not raw.isdigit() or int(raw) not in years:
        raise BadParameter("year", raw, "这份报纸没有这一年的期次，可选 " + "、".join(map(str, years)))
    return int(raw)


@page_and_json(bp, "/paper/<name>", "/api/papers/<name>")
def paper_page(name: str):
    paper = paper_from_url(name)
    found = browse.issues(get_store(), paper)
    if found is None:
        abort(404, description=f"档案中没有报纸“{name[:50]}”。")
    dated = {i.date: i for i in found if i.date}
    per_year = Counter(int(d[:4]) for d in dated)
    years = sorted(per_year)
    year = chosen_year(years)
    months = []
    if year is not None:
        for m in range(1, 13):
            count = sum(1 for d in dated if d.startswith(f"{year:04d}-{m:02d}"))
            months.append({"month": m, "issues": count, "weeks": month_grid(year, m, dated) if count else []})
    ctx = {
        "paper": paper, "label": paper_name(paper), "issues": found,
        "years": [{"year": y, "issues": per_year[y], "url": paper_url(paper, year=y), "selected": y == year} for y in years],
        "year": year, "months": months, "weekdays": WEEKDAYS,
        "undated": next((i for i in found if i.date is None), None),
        "issue_url": lambda date: issue_url(paper, date),
    }
    return render("paper.html", ctx, paper_json)


def paper_json(ctx: dict) -> dict:
    return {
        "paper": ctx["paper"], "label": ctx["label"], "year": ctx["year"],
        "years": ctx["years"],
        "issues": [{"date": i.date, "pages": i.pages, "articles": i.articles, "url": ctx["issue_url"](i.date)}
                   for i in ctx["issues"]],
    }


# ------------------------------------------------------------ /paper/<name>/<date>
@page_and_json(bp, "/paper/<name>/<date>", "/api/papers/<name>/<date>")
def issue_page(name: str, date: str):
    paper, day = paper_from_url(name), date_from_url(date)
    store = get_store()
    rows = browse.issue_pages(store, paper, day)
    if not rows:
        abort(404, description=f"档案中没有《{name[:50]}》{date_name(day)}这一期。")
    before, after = browse.neighbour_issues(store, paper, day)
    pages = [{"row": row, "view": browse.page_view(store, row.source)} for row in rows]
    ctx = {
        "paper": paper, "label": paper_name(paper), "date": day, "date_label": date_name(day), "pages": pages,
        "paper_url": paper_url(paper, year=day[:4] if day else None),
        "prev_url": issue_url(paper, before) if before else None, "prev": before,
        "next_url": issue_url(paper, after) if after else None, "next": after,
    }
    return render("issue.html", ctx, issue_json)


def issue_json(ctx: dict) -> dict:
    return {
        "paper": ctx["paper"], "date": ctx["date"], "paper_url": ctx["paper_url"],
        "pages": [{**row_json(p["row"]),
                   "titles": [{"id": a.id, "display_title": a.display_title,
                               "url": url_for("articles.article_page", article_id=a.id)}
                              for a in (p["view"].articles if p["view"] else [])]}
                  for p in ctx["pages"]],
        "prev": ctx["prev_url"], "next": ctx["next_url"],
    }


# ------------------------------------------------------------ /page/<path>
def raw_page_text(source: str) -> str | None:
    """The page file's text as read from the corpus (None when it cannot be read any more)."""
    try:
        return page_text(source)
    except NotFound:  # the file is gone or unreadable since the last reindex
        return None


@page_and_json(bp, "/page/<path:source>", "/api/pages/<path:source>")
def page_page(source: str):
    view = browse.page_view(get_store(), source)
    if view is None:
        abort(404, description="档案中没有这个版面。")
    current = (request.args.get("article") or "").strip()[:64]
    row = view.row
    ctx = {
        "view": view, "row": row, "current": current,
        "paper_label": paper_name(row.paper), "date_label": date_name(row.date),
        "paper_url": paper_url(row.paper), "issue_url": issue_url(row.paper, row.date),
        "prev_url": page_url(view.prev.source) if view.prev else None,
        "next_url": page_url(view.next.source) if view.next else None,
        "text": raw_page_text(source),
        "source_url": url_for("articles.source_text", rel=source),
    }
    return render("page.html", ctx, page_json)


def page_json(ctx: dict) -> dict:
    view: browse.PageView = ctx["view"]
    return {
        **row_json(ctx["row"]),
        "paper_url": ctx["paper_url"], "issue_url": ctx["issue_url"],
        "items": [{"id": a.id, "seq": a.seq, "title": a.title, "display_title": a.display_title,
                   "authors": [x.name for x in a.authors], "current": a.id == ctx["current"],
                   "url": url_for("articles.article_page", article_id=a.id)} for a in view.articles],
        "leftover": view.leftover,
        "prev": ctx["prev_url"], "next": ctx["next_url"],
        "text": ctx["text"], "source_url": ctx["source_url"],
    }
