"""Whoosh's own evaluation of the query language: the oracle for `indexer.execute`.

The same clause rules as the executor (a word matches every bigram of it in
the title or body, quotes and exclusions demand adjacency, ``title:``,
``author:``, ``county:``), expressed as Whoosh queries and matched by
Whoosh's matchers, document by document.  This was the search path before the
NumPy executor; the tests check that both find exactly the same documents.
"""

from __future__ import annotations

import dataclasses

from whoosh import query as wq

from indexer.analysis import Unit, gram_terms, normalize
from indexer.query import TITLE_BOOST, Clause, ParsedQuery


def fragment_query(fieldname: str, us: list[Unit], boost: float = 1.0, exact: bool = True) -> wq.Query:
    """Documents whose ``fieldname`` (a gram field) contains the unit sequence ``us``.

    ``exact=False`` (an unquoted word) asks only that every bigram of ``us``
    occurs, not that they are adjacent: a superset of the exact matches (so
    recall is kept) that is about five times cheaper to match than a phrase,
    whose positions Whoosh checks document by document in Python.
    """
    if not us:
        return wq.NullQuery
    if len(us) == 1:
        u = us[0]
        if u.cjk:  # every character starts a term: a bigram, or the section's last unit
            return wq.Prefix(fieldname, u.text, boost=boost)
        return wq.Term(fieldname, u.text, boost=boost)
    grams = gram_terms(us)
    if len(grams) == 1:
        return wq.Term(fieldname, grams[0], boost=boost)
    if not exact:
        return wq.And([wq.Term(fieldname, g) for g in dict.fromkeys(grams)], boost=boost)
    return wq.Phrase(fieldname, grams, boost=boost)


def _lexicon_matches(reader, fieldname: str, needle: str) -> list[str]:
    if fieldname not in reader.schema:
        return []
    out = []
    for term in reader.lexicon(fieldname):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if needle in normalize(text):
            out.append(text)
    return out


def clause_match(clause: Clause, reader) -> wq.Query:
    """What a clause matches (scored; boosts title over body)."""
    us = clause.units
    if clause.field == "title":
        return fragment_query("title_g", us, exact=clause.phrase)
    if clause.field == "author":
        from indexer.analysis import author_key

        key = author_key(clause.text)
        names = _lexicon_matches(reader, "authors", key) if key else []
        return wq.Or([wq.Term("authors", n) for n in names]) if names else wq.NullQuery
    if clause.field == "county":
        needle = "".join(normalize(clause.text).split())
        qs = [wq.Term("county", n) for n in _lexicon_matches(reader, "county", needle)]
        qs += [wq.Term("city", n) for n in _lexicon_matches(reader, "city", needle)]
        return wq.Or(qs) if qs else wq.NullQuery
    return wq.Or([fragment_query("title_g", us, TITLE_BOOST, clause.phrase), fragment_query("text_g", us, exact=clause.phrase)])


def to_whoosh(pq: ParsedQuery, reader) -> wq.Query:
    """The Whoosh query matching what ``pq`` matches (``Every()`` when it is empty)."""
    required: list[wq.Query] = []
    excluded: list[wq.Query] = []
    for group in pq.groups:
        if len(group) == 1 and group[0].negated:
            # exclude only articles that really contain the text, so exact
            excluded.append(clause_match(dataclasses.replace(group[0], phrase=True), reader))
        elif len(group) == 1:
            required.append(clause_match(group[0], reader))
        else:
            required.append(wq.Or([clause_match(c, reader) for c in group]))
    q: wq.Query = wq.And(required) if required else wq.Every()
    if excluded:
        q = wq.AndNot(q, wq.Or(excluded))
    return q  # (the executor's score-only extras never change which documents match)
