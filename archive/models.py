"""Plain records that flow from `archive` to `indexer` and `web`.

These dataclasses are the contract between the layers: they know nothing of
Whoosh or Flask, and `to_dict()` gives the stable JSON shape printed by
`newsarchive parse --json` (documented in the README).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

#: How many characters of the body stand in for a missing title.
DISPLAY_WORDS = 20
UNTITLED_PREFIX = "（无题）"


@dataclass(frozen=True)
class PageMeta:
    """What is known about a printed page. ``None`` means unknown, never guessed."""

    paper: str | None = None
    date: _dt.date | None = None
    page: str | None = None  # page number or name, as printed ("3", "A04", "要闻")
    edition: str | None = None
    source_url: str | None = None

    def to_dict(self) -> dict:
        return {
            "paper": self.paper,
            "date": self.date.isoformat() if self.date else None,
            "page": self.page,
            "edition": self.edition,
            "source_url": self.source_url,
        }


@dataclass(frozen=True)
class Author:
    name: str
    role: str | None = None  # "记者", "通讯员", "摄影", … as printed; None when not given

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Place:
    """A county-level unit (county, county-level city, district, development zone)
    or, with ``level == "city"``, a prefecture-level city."""

    name: str  # full official name: "永新县", "宜春经开区", "吉安市"
    city: str | None  # prefecture-level city it belongs to (itself for a city)
    province: str | None
    level: str = "county"  # "county" | "zone" | "city"

    def to_dict(self) -> dict:
        return {"name": self.name, "city": self.city, "province": self.province, "level": self.level}


@dataclass(frozen=True)
class Block:
    """One unit of an article body, in reading order."""

    kind: str  # "lede" | "heading" | "paragraph"
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass
class Article:
    id: str  # stable while the page is unchanged; URL-safe
    source: str  # page path relative to the corpus root, with forward slashes
    seq: int  # position of the article on its page, from 0
    meta: PageMeta = field(default_factory=PageMeta)
    title: str | None = None
    subtitle: str | None = None
    authors: list[Author] = field(default_factory=list)
    dateline: str | None = None  # place as written in "本报泰和讯": "泰和"
    blocks: list[Block] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    # Byline, dateline and credit lines exactly as printed ("本报泰和讯(全媒体记者刘靖雯 通讯员韩玉群)",
    # "（吴 玲 王忠林）"): parsed into `authors`/`dateline`, kept verbatim so they stay searchable.
    credits: list[str] = field(default_factory=list)
    about: Place | None = None  # the county-level unit (or city) the article is about
    mentions: list[Place] = field(default_factory=list)
    # Why the parser decided what it did, in words a user can check: keys "title", "county",
    # "authors" (the line or evidence that decided), shown by `newsarchive parse`.
    evidence: dict[str, str] = field(default_factory=dict)

    # -- derived views -----------------------------------------------------
    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind != "heading"]

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "heading"]

    @property
    def body(self) -> str:
        """All body text (lede, headings, paragraphs) joined by newlines."""
        return "\n".join(b.text for b in self.blocks)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        text = "".join(self.paragraphs).strip()
        head = text[:DISPLAY_WORDS]
        return f"{UNTITLED_PREFIX}{head}{'…' if len(text) > DISPLAY_WORDS else ''}"

    @property
    def county(self) -> str | None:
        """Name of the county-level unit the article is about (None for a whole city)."""
        return self.about.name if self.about and self.about.level != "city" else None

    @property
    def city(self) -> str | None:
        return self.about.city if self.about else None

    @property
    def province(self) -> str | None:
        return self.about.province if self.about else None

    def to_dict(self) -> dict:
        """The stable JSON shape (README: "Article records")."""
        return {
            "id": self.id,
            "source": self.source,
            "seq": self.seq,
            **self.meta.to_dict(),
            "title": self.title,
            "display_title": self.display_title,
            "subtitle": self.subtitle,
            "authors": [a.to_dict() for a in self.authors],
            "dateline": self.dateline,
            "county": self.county,
            "city": self.city,
            "province": self.province,
            "about": self.about.to_dict() if self.about else None,
            "mentions": [p.to_dict() for p in self.mentions],
            "captions": list(self.captions),
            "credits": list(self.credits),
            "paragraphs": self.paragraphs,
            "blocks": [b.to_dict() for b in self.blocks],
            "length": sum(len(p) for p in self.paragraphs),
            "evidence": dict(self.evidence),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        """Inverse of `to_dict` (the indexer stores records in this shape)."""
        about = d.get("about")
        date = d.get("date")
        return cls(
            id=d["id"],
            source=d["source"],
            seq=d["seq"],
            meta=PageMeta(
                paper=d.get("paper"),
                date=_dt.date.fromisoformat(date) if date else None,
                page=d.get("page"),
                edition=d.get("edition"),
                source_url=d.get("source_url"),
            ),
            title=d.get("title"),
            subtitle=d.get("subtitle"),
            authors=[Author(a["name"], a.get("role")) for a in d.get("authors", [])],
            dateline=d.get("dateline"),
            blocks=[Block(b["kind"], b["text"]) for b in d.get("blocks", [])],
            captions=list(d.get("captions", [])),
            credits=list(d.get("credits", [])),
            about=Place(about["name"], about.get("city"), about.get("province"), about.get("level", "county"))
            if about
            else None,
            mentions=[
                Place(m["name"], m.get("city"), m.get("province"), m.get("level", "county"))
                for m in d.get("mentions", [])
            ],
            evidence=dict(d.get("evidence", {})),
        )


@dataclass
class ParsedPage:
    """Everything the parser found on one source file."""

    source: str  # path relative to the corpus root
    meta: PageMeta
    fingerprint: str  # changes whenever the file, its sidecar or the parser changes
    articles: list[Article] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # text not attributed to any article
    # The leftover lines recognised as page furniture (navigation, share links, notices …):
    # a subset of `leftover`, listed apart so a user can see them.
    furniture: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # warnings that did not stop parsing

    def to_dict(self) -> dict:
        return {
            "page": self.source,
            "meta": self.meta.to_dict(),
            "articles": [a.to_dict() for a in self.articles],
            "leftover": list(self.leftover),
            "furniture": list(self.furniture),
            "problems": list(self.problems),
        }
