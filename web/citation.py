"""How to cite an article: GB/T 7714-2015, APA 7, BibTeX and RIS.

Pure functions over a `Reference` (built from an `Article` or a search `Hit`):
no Flask, no index. A field that is not known is left out of every format,
never printed as 未知 and never guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

#: GB/T 7714-2015 §8.1.2: list at most three authors, then ", 等".
GBT_MAX_AUTHORS = 3
_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class Reference:
    """What a citation needs to know about one newspaper article."""

    title: str  # the printed title, or the display title of an untitled article
    authors: tuple[str, ...] = ()
    paper: str | None = None
    date: _dt.date | None = None
    page: str | None = None  # as printed: "3", "A04", "要闻"
    url: str | None = None  # the permalink of the online copy
    id: str | None = None  # the archive's article id


def _date(value) -> _dt.date | None:
    if isinstance(value, _dt.date) or value is None:
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def reference_from_article(article, url: str | None = None) -> Reference:
    """An `archive.models.Article` as a `Reference`."""
    return Reference(
        title=article.display_title,
        authors=tuple(a.name for a in article.authors),
        paper=article.meta.paper or None,
        date=article.meta.date,
        page=str(article.meta.page) if article.meta.page not in (None, "") else None,
        url=url,
        id=article.id,
    )


def reference_from_hit(hit, url: str | None = None) -> Reference:
    """A search `Hit` as a `Reference`."""
    return Reference(
        title=hit.display_title,
        authors=tuple(hit.authors),
        paper=hit.paper or None,
        date=_date(hit.date),
        page=str(hit.page) if hit.page not in (None, "") else None,
        url=url,
        id=hit.id,
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _end(text: str) -> str:
    """``text`` closed by a full stop unless it already ends in punctuation."""
    return text if re.search(r"[.。!?！？…]$", text) else text + "."


# ------------------------------------------------------------ GB/T 7714-2015
def gbt7714(ref: Reference, accessed: _dt.date | None = None) -> str:
    """GB/T 7714-2015 newspaper form (§4.4, 8.1–8.8):

        作者. 题名[N]. 报纸名, 出版日期(版次).

    With ``accessed`` and ``ref.url`` it cites the online copy:
    ``…[N/OL]. 报纸名, 出版日期(版次)[引用日期]. 永久链接.``
    """
    online = bool(ref.url and accessed)
    parts = []
    names = list(ref.authors)
    if names:
        shown = ", ".join(names[:GBT_MAX_AUTHORS]) + (", 等" if len(names) > GBT_MAX_AUTHORS else "")
        parts.append(_end(shown))
    parts.append(f"{_one_line(ref.title)}[{'N/OL' if online else 'N'}].")
    where = ", ".join(filter(None, [ref.paper, ref.date.isoformat() if ref.date else None]))
    if where and ref.page:
        where += f"({ref.page})"
    if online:
        where += f"[{accessed.isoformat()}]"
    if where:
        parts.append(where + ".")
    if online:
        parts.append(ref.url + ".")
    return " ".join(parts)


# ------------------------------------------------------------ APA 7
@dataclass(frozen=True)
class Styled:
    """Formatted text as pieces ``(text, italic)``; ``text`` is the plain form."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(p for p, _ in self.pieces)


def _apa_authors(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) <= 20:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return ", ".join(names[:19]) + ", . . . " + names[-1]  # APA 7 §9.8: first 19, ellipsis, last


def apa(ref: Reference) -> Styled:
    """APA 7 newspaper article (§10.2): ``作者. (2025, March 14). 题名. *报纸名*, 版次. 链接``.

    Without an author the title takes the author's place; an unknown date is
    APA's ``(n.d.)``; paper, page and link are left out when unknown."""
    title = _end(_one_line(ref.title))
    date = f"({ref.date.year}, {_MONTHS[ref.date.month - 1]} {ref.date.day})." if ref.date else "(n.d.)."
    pieces: list[tuple[str, bool]] = []
    if ref.authors:
        pieces.append((f"{_end(_apa_authors(list(ref.authors)))} {date} {title}", False))
    else:
        pieces.append((f"{title} {date}", False))
    if ref.paper:
        pieces += [(" ", False), (ref.paper, True), (f", {ref.page}." if ref.page else ".", False)]
    if ref.url:
        pieces.append((" " + ref.url, False))
    return Styled(tuple(pieces))


# ------------------------------------------------------------ BibTeX
_BIB_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIB_REPLACE = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def bib_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX value: LaTeX specials escaped, one line."""
    return _BIB_SPECIAL.sub(lambda m: _BIB_REPLACE.get(m[1], "\\" + m[1]), _one_line(text))


def bib_key(ref: Reference) -> str:
    return f"newsarchive:{ref.id}" if ref.id else "newsarchive"


def bibtex(ref: Reference, accessed: _dt.date | None = None) -> str:
    """A biblatex/BibTeX ``@article`` entry with ``entrysubtype = {newspaper}``.

    Each author is braced whole, so BibTeX never splits a Chinese name into
    first and last names."""
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join("{" + bib_escape(a) + "}" for a in ref.authors)))
    fields.append(("title", bib_escape(ref.title)))
    if ref.paper:
        fields.append(("journal", bib_escape(ref.paper)))
    if ref.date:
        fields += [("date", ref.date.isoformat()), ("year", str(ref.date.year)), ("month", str(ref.date.month))]
    if ref.page:
        fields.append(("pages", bib_escape(ref.page)))
    fields.append(("entrysubtype", "newspaper"))
    if ref.url:
        fields.append(("url", ref.url))
        if accessed:
            fields.append(("urldate", accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{bib_key(ref)},\n{body}\n}}\n"


# ------------------------------------------------------------ RIS
def ris(ref: Reference, accessed: _dt.date | None = None) -> str:
    """One RIS record (``TY  - NEWS`` … ``ER  -``), CRLF line ends as the format asks."""
    lines = [("TY", "NEWS")]
    lines += [("AU", _one_line(a)) for a in ref.authors]
    lines.append(("TI", _one_line(ref.title)))
    if ref.paper:
        lines.append(("T2", _one_line(ref.paper)))
    if ref.date:
        lines += [("PY", str(ref.date.year)), ("DA", ref.date.strftime("%Y/%m/%d"))]
    if ref.page:
        lines.append(("SP", _one_line(ref.page)))
    if ref.url:
        lines.append(("UR", ref.url))
        if accessed:
            lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    if ref.id:
        lines.append(("ID", ref.id))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
