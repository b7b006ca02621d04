"""The reader's query language, parsed by hand into a small tree of clauses
(evaluated by `indexer.execute`).

Syntax (README "Query syntax"):

* ``锂电 工会`` — every word must match (a word matches as a fragment: any run
  of characters, ignoring spaces and punctuation inside it);
* ``"宜春 经开区"`` — exact phrase (spaces inside are ignored for Chinese);
* ``-宜丰`` — exclude;  ``锂电 OR 工会`` — either (OR binds two neighbours);
* ``title:工会`` ``author:刘靖雯`` ``county:永新`` — restrict to the title,
  an author name, the county (or city) the article is about; Chinese aliases
  ``标题:`` ``作者:`` ``县:``.

Malformed input never raises: `parse` falls back to a plain search of every
word and sets `ParsedQuery.notice`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from indexer.analysis import Unit, units
from indexer.limits import MAX_CLAUSES, NOTICE_TOO_MANY, clip_query

TITLE_BOOST = 4.0
PHRASE_BOOST = 2.0

FIELDS = {"title": "title", "标题": "title", "author": "author", "作者": "author", "county": "county", "县": "county"}
FIELD_LABELS = {"title": "标题", "author": "作者", "county": "县区"}

NOTICE_SYNTAX = "查询语法有误，已按普通检索处理"
NOTICE_NOTHING = "查询中没有可检索的文字，已列出全部文章"

_FIELD_RE = re.compile(r"^([A-Za-z\u4e00-\u9fff]+):(.*)$", re.S)


_OPERATORS = ("OR", "AND")


class QuerySyntaxError(ValueError):
    """Raised inside the parser; `parse` turns it into a notice."""


@dataclass(frozen=True)
class Clause:
    text: str  # as typed (width-folded, not case-folded)
    field: str | None = None  # None | "title" | "author" | "county"
    phrase: bool = False  # was quoted
    negated: bool = False

    @property
    def units(self) -> list[Unit]:
        return units(self.text)

    def source(self) -> str:
        """The clause in the query language (`parse` reads it back as this clause)."""
        body = f'"{self.text}"' if self.phrase or " " in self.text.strip() else self.text
        return ("-" if self.negated else "") + (f"{self.field}:" if self.field else "") + body

    def render(self) -> str:
        body = f"“{self.text}”" if self.phrase or " " in self.text.strip() else self.text
        if self.field:
            body = f"{FIELD_LABELS[self.field]}:{body}"
        return f"不含 {body}" if self.negated else body


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of groups; a group is an OR of clauses
    notice: str | None = None

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def positive(self) -> list[Clause]:
        return [c for g in self.groups for c in g if not c.negated]

    def terms(self) -> list[str]:
        """Text fragments to highlight (plain and title clauses that are not excluded)."""
        out = []
        for c in self.positive:
            if c.field in (None, "title") and c.text.strip() and c.text not in out:
                out.append(c.text)
        return out

    def source(self) -> str:
        """The query in the query language (`parse` reads it back as these groups)."""
        return " ".join(" OR ".join(c.source() for c in g) for g in self.groups)

    def render(self) -> str:
        parts = []
        for g in self.groups:
            if len(g) == 1:
                parts.append(g[0].render())
            else:
                parts.append("（" + " 或 ".join(c.render() for c in g) + "）")
        return " 并且 ".join(parts) if parts else "全部文章"


# -- parsing ----------------------------------------------------------------------------


def _clean(q: str) -> str:
    """Width-fold (so ＂：－ work), drop control characters."""
    out = []
    for ch in q:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(" ")
        else:
            out.append(ch)
    text = "".join(out)
    # width folding only (keep case for the OR operator)
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else (" " if c == "\u3000" else c) for c in text)


def _lex(q: str) -> list[tuple[str, str]]:
    """Split into ("word" | "phrase", text) tokens; raise on an unbalanced quote."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        # a word, which may contain a quoted part: -"a b", title:"a b"
        j = i
        buf = []
        kind = "word"
        while j < n and not q[j].isspace():
            if q[j] == '"':
                end = q.find('"', j + 1)
                if end < 0:
                    raise QuerySyntaxError("unbalanced quote")
                buf.append(q[j : end + 1])
                kind = "phrase"
                j = end + 1
            else:
                buf.append(q[j])
                j += 1
        tokens.append((kind, "".join(buf)))
        i = j
    return tokens


def _clause(kind: str, text: str) -> Clause | None:
    negated = False
    if text.startswith("-"):
        negated = True
        text = text[1:]
        if not text:
            raise QuerySyntaxError("lone minus")
    fld = None
    m = _FIELD_RE.match(text)
    if m and m.group(1).lower() in FIELDS:
        fld = FIELDS[m.group(1).lower()]
        text = m.group(2)
        if not text:
            raise QuerySyntaxError("empty field value")
    phrase = kind == "phrase"
    if phrase:
        if not (text.startswith('"') and text.endswith('"')) or len(text) < 2:
            raise QuerySyntaxError("quote inside a word")
        text = text[1:-1]
        if '"' in text:
            raise QuerySyntaxError("quote inside a phrase")
    if not units(text):
        return None  # punctuation only: nothing to search, silently dropped
    return Clause(text=text, field=fld, phrase=phrase, negated=negated)


def _parse_strict(q: str) -> list[list[Clause]]:
    tokens = _lex(q)
    groups: list[list[Clause]] = []
    pending_or = False
    for kind, text in tokens:
        if kind == "word" and text in ("OR", "|", "||"):
            if not groups or pending_or:
                raise QuerySyntaxError("OR without a left operand")
            pending_or = True
            continue
        if kind == "word" and text in ("AND", "&", "&&"):
            if not groups or pending_or:
                raise QuerySyntaxError("AND without a left operand")
            continue
        clause = _clause(kind, text)
        if clause is None:
            continue
        if pending_or:
            if clause.negated or groups[-1][0].negated:
                raise QuerySyntaxError("OR with an excluded word")
            groups[-1].append(clause)
            pending_or = False
        else:
            groups.append([clause])
    if pending_or:
        raise QuerySyntaxError("OR without a right operand")
    return groups


def _parse_plain(q: str) -> list[list[Clause]]:
    """Every whitespace-separated chunk as a plain word; syntax characters are text."""
    chunks = [c for c in q.replace('"', " ").split() if units(c)]
    words = [c for c in chunks if c not in _OPERATORS]
    return [[Clause(text=c)] for c in (words or chunks)]


def parse(q: str | None) -> ParsedQuery:
    """Parse the reader's query; never raises."""
    q, notice = clip_query(q or "")
    q = _clean(q)  # one character for one: cutting first cuts the same place
    if not q.strip():
        return ParsedQuery([], notice)
    try:
        groups = _parse_strict(q)
    except QuerySyntaxError:
        groups = _parse_plain(q)
        notice = notice or NOTICE_SYNTAX
    if len(groups) > MAX_CLAUSES:
        groups = groups[:MAX_CLAUSES]
        notice = notice or NOTICE_TOO_MANY
    if not groups:
        notice = notice or NOTICE_NOTHING
    return ParsedQuery(groups, notice)


# -- to Whoosh ------------------------------------------------------------------------------
