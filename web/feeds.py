"""``/search.atom``: any search as an Atom feed (RFC 4287), built with ElementTree."""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, request

from indexer.facets import UNKNOWN
from indexer.results import SearchResult
from web.links import url_with
from web.listing import run_search
from web.params import parse_search_request, request_args
from web.proxy import site_root

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry at all (ElementTree would write them unescaped).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _text(text)
    return el


def _stamp(date: str | None) -> str:
    """Atom needs a date-time for every entry; unknown dates use the epoch."""
    if date:
        return f"{date}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def build_feed(result: SearchResult, self_url: str, html_url: str, root: str) -> bytes:
    """The Atom document for ``result``; URLs are absolute."""
    ET.register_namespace("", ATOM_NS)
    req = result.request
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    title = f"检索：{req.q}" if req.q else "最新文章"
    if req.filters():
        title += "（" + "，".join(f"{k}={v}" for k, v in req.filters().items()) + "）"
    _sub(feed, "title", f"{title} — 地方报纸档案")
    _sub(feed, "id", self_url)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=html_url)
    dates = [h.date for h in result.hits if h.date]
    _sub(feed, "updated", _stamp(max(dates)) if dates else _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    author = _sub(feed, "author")
    _sub(author, "name", "地方报纸档案")
    _sub(feed, "generator", "newsarchive")
    for hit in result.hits:
        entry = _sub(feed, "entry")
        _sub(entry, "title", hit.display_title)
        link = f"{root}/article/{hit.id}"
        _sub(entry, "id", link)
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "updated", _stamp(hit.date))
        for name in hit.authors:
            _sub(_sub(entry, "author"), "name", name)
        if hit.county:
            _sub(entry, "category", term=hit.county, label=hit.county)
        meta = f"{hit.paper or UNKNOWN} · {hit.date or UNKNOWN} · 第{hit.page or UNKNOWN}版"
        _sub(entry, "summary", f"{meta}\n{hit.snippet.text}", type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/search.atom")
def search_feed():
    result = run_search(parse_search_request(request.args))
    args = request_args(result.request)
    root = site_root()
    body = build_feed(result, url_with(f"{root}/search.atom", args), url_with(f"{root}/search", args), root)
    return Response(body, mimetype="application/atom+xml", content_type="application/atom+xml; charset=utf-8")
