"""Entry point of the archive layer: one source file → one `ParsedPage`.

``parse_file(path)`` / ``parse_source(src, root)`` read and decode the file
(`archive.reading`), work out its metadata (`archive.corpus`), split a page
into articles (`archive.segment.split_page`) or import a JSON Lines export,
then give every article its source, position, metadata, places
(`archive.places.default_gazetteer`) and a stable id.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import os

from archive.bylines import split_dateline
from archive.cleaning import clean_line
from archive.corpus import MetaResult, SourceFile, resolve_meta
from archive.errors import PageError
from archive.html_page import read_html
from archive.models import Article, Author, Block, PageMeta, ParsedPage
from archive.reading import decode_bytes, read_bytes
from archive.unsafe_chars import repair_value

#: Most lines one page may have: real pages have hundreds (the PDF seed page 772),
#: and parsing time grows with the number of lines (`bench/pathological.py`).
MAX_PAGE_LINES = 20_000
#: Longest JSON Lines record (a line) imported: as long as a page may be.
MAX_RECORD_CHARS = 2 * 1024 * 1024

#: Keys a JSON Lines record may carry; others give a warning.
JSONL_KEYS = ("id", "title", "subtitle", "body", "authors", "date", "paper", "page", "edition", "url", "county", "captions")


def parse_file(path: str | os.PathLike, corpus_root: str | os.PathLike | None = None) -> ParsedPage:
    """Parse the file at ``path``; ``corpus_root`` None means the file's own directory.

    Raises `PageError` for an unreadable or undecodable file or a broken sidecar.
    """
    return parse_source(SourceFile.at(path, corpus_root), corpus_root)


def parse_source(src: SourceFile, corpus_root: str | os.PathLike | None = None, *,
                 max_bytes: int | None = None) -> ParsedPage:
    """Parse one discovered source file (a page or a JSON Lines export).

    ``corpus_root`` None means ``src.root`` (set by `discover`); a different root
    re-bases the file on it. Ids and ``source`` use the relative path.
    ``max_bytes`` None means `SourceFile.max_bytes` (2 MB for a page, 200 MB
    for a JSON Lines export); a page of more than `MAX_PAGE_LINES` lines, or a
    JSON Lines record longer than `MAX_RECORD_CHARS`, is refused.
    """
    if corpus_root is not None and os.path.abspath(corpus_root) != str(src.root):
        src = SourceFile.at(src.path, corpus_root)
    data = read_bytes(src.path, max_bytes=max_bytes or src.max_bytes)
    text, _encoding = decode_bytes(data, src.path)
    meta = resolve_meta(src)
    fingerprint = src.fingerprint(data)
    furniture: list[str] = []
    lines = text.count("\n") + 1
    if src.kind != "jsonl" and lines > MAX_PAGE_LINES:
        raise PageError(src.path, f"too many lines for one page ({lines:,}; limit {MAX_PAGE_LINES:,}): split the file")
    if src.kind == "jsonl":
        articles, leftover, problems = _import_jsonl(text, src, meta)
    elif src.kind == "html":
        page = read_html(text, src.path)
        meta = _fill_meta(meta, page.date, None)
        meta, articles, leftover, furniture, problems = _split_text(page.text, src, meta)
        leftover += page.rest  # the page around the article: still searchable
        furniture += page.rest
        for art in articles:
            if page.title and art.title == page.title:
                art.evidence["title"] = f"「{art.title}」：网页标明的标题（<h1>、og:title 或 <title>）"
    else:
        meta, articles, leftover, furniture, problems = _split_text(text, src, meta)
    return ParsedPage(
        source=src.relpath,
        meta=meta.meta,
        fingerprint=fingerprint,
        articles=articles,
        leftover=leftover,
        furniture=furniture,
        problems=[*meta.problems, *problems],
    )


def article_id(relpath: str, seq: int, text: str) -> str:
    """16 lowercase hex chars: BLAKE2b over the source path, the position on the page
    and the article text. Same file bytes → same ids; different files → different ids."""
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{relpath}\x00{seq}\x00{text}".encode("utf-8"))
    return h.hexdigest()


def external_id(relpath: str, given: str) -> str:
    """Id of a JSON Lines record that carries its own ``id`` (stable while that id is)."""
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{relpath}\x00id\x00{given}".encode("utf-8"))
    return h.hexdigest()


# ---------------------------------------------------------------- pages
def _split_text(text: str, src: SourceFile, meta: MetaResult):
    """The page's articles; the date and paper printed on its source line fill in
    what the path and sidecars leave unknown."""
    from archive.segment import split_page

    split = split_page(text)
    meta = _fill_meta(meta, split.date, split.paper)
    gazetteer = _gazetteer()
    articles = []
    for seq, art in enumerate(split.articles):
        art = dataclasses.replace(art, source=src.relpath, seq=seq, meta=meta.meta)
        art = _place(art, gazetteer, meta.province)
        art.id = article_id(src.relpath, seq, _identity_text(art))
        articles.append(art)
    return meta, articles, list(split.leftover), list(split.furniture), list(split.problems)


def _fill_meta(meta: MetaResult, date: _dt.date | None, paper: str | None) -> MetaResult:
    """``meta`` with the date and paper printed on the page where it has none."""
    return dataclasses.replace(meta, meta=dataclasses.replace(
        meta.meta, date=meta.meta.date or date, paper=meta.meta.paper or paper))


def _place(art: Article, gazetteer, province: str | None, county: str | None = None) -> Article:
    """The place the article is about (with the reason in ``evidence['county']``),
    every county it mentions, and where its authors were read (``evidence['authors']``)."""
    from archive.bylines import dateline_is_wire

    about, why = None, ""
    if county:
        about = gazetteer.lookup(county, province_hint=province)
        why = f"记录的 county 字段“{county}”" if about else ""
    if about is None:
        paragraphs = art.paragraphs
        lede = next((b.text for b in art.blocks if b.kind == "lede"), None) or next(iter(paragraphs), "")
        rest = [p for p in paragraphs if p != lede] + [h for h in art.headings] + list(art.captions)
        about, why = gazetteer.decide_about(
            dateline=art.dateline, title=art.title, subtitle=art.subtitle, lede=lede, body="\n".join(rest),
            wire=any(dateline_is_wire(c) for c in art.credits), province_hint=province)
    text = "\n".join(t for t in (art.title, art.subtitle, art.body, *art.captions) if t)
    evidence = {**art.evidence, "county": why, "authors": _authors_evidence(art)}
    return dataclasses.replace(art, about=about, mentions=list(gazetteer.mentions(text, province_hint=province)),
                               evidence=evidence)


def _authors_evidence(art: Article) -> str:
    """Which printed lines gave the authors: bylines, datelines, credits, photo captions."""
    from archive.bylines import caption_photographers

    if not art.authors:
        return "没有署名行" if not art.credits else "署名行中没有人名：" + " | ".join(art.credits)
    lines = list(art.credits) + [c for c in art.captions if caption_photographers(c)]
    return "署名来自：" + " | ".join(lines) if lines else "署名来自导入记录"


def _identity_text(art: Article) -> str:
    return "\n".join(t for t in (art.title or "", art.subtitle or "", art.body, *art.captions))


def _gazetteer():
    from archive.places import default_gazetteer

    return default_gazetteer()


# ---------------------------------------------------------- JSON Lines
def _import_jsonl(text: str, src: SourceFile, meta: MetaResult) -> tuple[list[Article], list[str], list[str]]:
    """One article per JSON object line; a bad line is reported and skipped."""
    clean = _cleaner()
    gazetteer = _gazetteer()
    articles: list[Article] = []
    problems: list[str] = []
    seen_ids: set[str] = set()
    unknown: dict[str, list[int]] = {}  # key → line numbers; reported once per key
    # split on "\n" only: JSON strings may hold a raw U+2028, which str.splitlines would break
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{src.relpath}:{lineno}"
        if len(line) > MAX_RECORD_CHARS:
            problems.append(f"{where}: line skipped: record too long ({len(line):,} characters; limit {MAX_RECORD_CHARS:,})")
            continue
        try:
            record, repaired = repair_value(json.loads(line))
        except json.JSONDecodeError as err:
            problems.append(f"{where}: line skipped: not valid JSON ({err.msg} at column {err.colno})")
            continue
        except RecursionError:
            problems.append(f"{where}: line skipped: JSON nested too deeply")
            continue
        except ValueError as err:  # e.g. an integer of more digits than Python converts
            problems.append(f"{where}: line skipped: {err}")
            continue
        problems.extend(f"{where}: field '{name}': invalid characters (lone surrogate or noncharacter) "
                        "replaced with U+FFFD" for name in repaired)
        try:
            art, warnings = _record_to_article(record, meta.meta, clean)
        except _BadRecord as err:
            problems.append(f"{where}: line skipped: {err}")
            continue
        problems.extend(f"{where}: {w}" for w in warnings)
        for key in record:
            if key not in JSONL_KEYS:
                unknown.setdefault(key, []).append(lineno)
        seq = len(articles)
        art = dataclasses.replace(art, source=src.relpath, seq=seq)
        county = record.get("county") if isinstance(record.get("county"), str) else None
        art = _place(art, gazetteer, meta.province, county=clean(county) if county else None)
        if county and art.about is None:
            problems.append(f"{where}: county {county!r} not found in the gazetteer")
        given = record.get("id")
        given = str(given) if isinstance(given, (str, int)) and not isinstance(given, bool) and str(given).strip() else None
        if given is not None and given in seen_ids:
            problems.append(f"{where}: duplicate id {given!r}; this record gets an id from its text")
            given = None
        if given is not None:
            seen_ids.add(given)
            art.id = external_id(src.relpath, given)
        else:
            art.id = article_id(src.relpath, seq, _identity_text(art))
        articles.append(art)
    for key, lines in unknown.items():
        more = f" and {len(lines) - 1} more line(s)" if len(lines) > 1 else ""
        problems.append(f"{src.relpath}:{lines[0]}: unknown key '{key}' ignored (line {lines[0]}{more})")
    return articles, [], problems


class _BadRecord(ValueError):
    pass


def _record_to_article(record, file_meta: PageMeta, clean) -> tuple[Article, list[str]]:
    if not isinstance(record, dict):
        raise _BadRecord(f"expected a JSON object, got {type(record).__name__}")
    for key in ("title", "body"):
        if key not in record:
            raise _BadRecord(f"missing required key '{key}'")
    warnings: list[str] = []

    title = record["title"]
    if title is not None and not isinstance(title, str):
        raise _BadRecord("'title' must be a string")
    body = record["body"]
    if isinstance(body, str):
        raw_paragraphs = body.split("\n")
    elif isinstance(body, list) and all(isinstance(p, str) for p in body):
        raw_paragraphs = [line for p in body for line in p.split("\n")]
    else:
        raise _BadRecord("'body' must be a string or a list of strings")
    paragraphs = [p for p in (clean(p) for p in raw_paragraphs) if p]
    title = clean(title) if title else None

    def text_field(key: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "page":
            value = str(value)
        if not isinstance(value, str):
            warnings.append(f"'{key}' must be a string; ignored")
            return None
        return value.strip() or None

    subtitle = text_field("subtitle")
    subtitle = clean(subtitle) if subtitle else None
    if not title and not paragraphs:
        raise _BadRecord("both 'title' and 'body' are empty")

    authors: list[Author] = []
    raw_authors = record.get("authors") or []
    if isinstance(raw_authors, str):
        raw_authors = [raw_authors]
    if not isinstance(raw_authors, list):
        warnings.append("'authors' must be a list; ignored")
        raw_authors = []
    for entry in raw_authors:
        if isinstance(entry, str) and entry.strip():
            authors.append(Author(entry.strip()))
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip():
            role = entry.get("role")
            authors.append(Author(entry["name"].strip(), (role.strip() or None) if isinstance(role, str) else None))
        else:
            warnings.append(f"author {entry!r} ignored (need a name string or {{\"name\", \"role\"}})")

    captions_raw = record.get("captions") or []
    if isinstance(captions_raw, str):
        captions_raw = [captions_raw]
    if not isinstance(captions_raw, list) or not all(isinstance(c, str) for c in captions_raw):
        warnings.append("'captions' must be a list of strings; ignored")
        captions_raw = []
    captions = [c for c in (clean(c) for c in captions_raw) if c]

    date = file_meta.date
    if record.get("date") is not None:
        raw_date = record["date"]
        parsed = _iso_date(raw_date) if isinstance(raw_date, str) else None
        if parsed is None:
            warnings.append(f"'date' {raw_date!r} is not a date (YYYY-MM-DD); ignored")
        else:
            date = parsed

    meta = PageMeta(
        paper=text_field("paper") or file_meta.paper,
        date=date,
        page=text_field("page") or file_meta.page,
        edition=text_field("edition") or file_meta.edition,
        source_url=text_field("url") or file_meta.source_url,
    )
    dateline, credited, printed = _take_dateline(paragraphs, clean)
    if not authors:
        authors = credited
    article = Article(
        id="", source="", seq=0, meta=meta, title=title, subtitle=subtitle, authors=authors, dateline=dateline,
        blocks=[Block("paragraph", p) for p in paragraphs], captions=captions, credits=printed,
    )
    return article, warnings


def _take_dateline(paragraphs: list[str], clean) -> tuple[str | None, list[Author], list[str]]:
    """A first paragraph opening with ``本报泰和讯(记者…)`` gives the dateline place and
    authors, as on pages; the prefix leaves the paragraph (in place: ``paragraphs``) and
    is kept verbatim as a credit line, so it stays searchable."""
    if not paragraphs:
        return None, [], []
    place, authors, rest, prefix = split_dateline(paragraphs[0])
    if not prefix:
        return None, [], []
    rest = clean(rest)
    if rest:
        paragraphs[0] = rest
    else:
        del paragraphs[0]
    return place, authors, [prefix]


def _iso_date(value: str) -> _dt.date | None:
    """``2025-03-14`` or an ISO timestamp such as ``2025-03-14T08:00:00+08:00``."""
    value = value.strip()
    for parse in (_dt.date.fromisoformat, lambda v: _dt.datetime.fromisoformat(v).date()):
        try:
            return parse(value)
        except ValueError:
            continue
    return None


def _cleaner():
    """`archive.cleaning.clean_line`, then trimmed."""
    return lambda s: clean_line(s).strip()
