"""Matching and scoring a parsed query with NumPy over whole posting lists.

Whoosh's matchers decide and score one document at a time in Python; over
100,000 articles a common word matches tens of thousands of them, and every
search must count all matches for its facets.  Here each term's posting list
is read whole (`indexer.storage.postings`) and combined with array operations:

* a word (unquoted) matches the documents holding every bigram of it in the
  title or the body (the recall contract: nothing visible is missed);
* a quoted phrase, an excluded word and the adjacency bonus also check that
  the bigrams follow each other: each posting's positions, shifted by the
  bigram's place in the phrase, must meet in the same document;
* scores are BM25 (Whoosh's defaults, B = 0.75, K1 = 1.2, idf = log(N/(df+1)) + 1)
  summed over the bigrams of every matching clause, title matches boosted
  (`indexer.query.TITLE_BOOST`), phrase occurrences counted as the frequency.

The query language, its parsing and the clause rules are `indexer.query`'s;
this module is only the evaluation.  A `Match` is a sorted array of document
numbers with their scores.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np

from indexer.analysis import Unit, author_key, gram_terms, jieba_words, normalize
from indexer.budget import UNLIMITED, Budget
from indexer.storage.postings import TermPostings, read_postings
from indexer.query import PHRASE_BOOST, TITLE_BOOST, Clause, ParsedQuery

B, K1 = 0.75, 1.2
GRAM_FIELDS = ("title_g", "text_g")
_SHIFT = 33  # phrase keys: document << _SHIFT | start position


@dataclass(frozen=True)
class Match:
    docs: np.ndarray  # int64, ascending, unique
    scores: np.ndarray  # float64, aligned with docs

    def __len__(self) -> int:
        return len(self.docs)


NOTHING = Match(np.zeros(0, np.int64), np.zeros(0, np.float64))


def both(a: Match, b: Match) -> Match:
    """Documents in ``a`` and ``b``, scores added."""
    docs, ia, ib = np.intersect1d(a.docs, b.docs, assume_unique=True, return_indices=True)
    return Match(docs, a.scores[ia] + b.scores[ib])


def either(matches: list[Match]) -> Match:
    """Documents in any of ``matches``, scores added."""
    matches = [m for m in matches if len(m)]
    if not matches:
        return NOTHING
    if len(matches) == 1:
        return matches[0]
    docs, inverse = np.unique(np.concatenate([m.docs for m in matches]), return_inverse=True)
    return Match(docs, np.bincount(inverse, weights=np.concatenate([m.scores for m in matches]), minlength=len(docs)))


def without(a: Match, b: Match) -> Match:
    keep = ~np.isin(a.docs, b.docs, assume_unique=True)
    return Match(a.docs[keep], a.scores[keep])


def plus(a: Match, b: Match) -> Match:
    """``a`` with ``b``'s scores added where ``b`` also matches (no new documents)."""
    if not len(a) or not len(b):
        return a
    _docs, ia, ib = np.intersect1d(a.docs, b.docs, assume_unique=True, return_indices=True)
    scores = a.scores.copy()
    scores[ia] += b.scores[ib]
    return Match(a.docs, scores)


def restrict(m: Match, mask: np.ndarray) -> Match:
    """The documents of ``m`` whose entry in the boolean ``mask`` is set."""
    keep = mask[m.docs]
    return Match(m.docs[keep], m.scores[keep])


class Executor:
    """Evaluates parsed queries against one reader state.

    ``lengths(field)`` gives every document's field length (an array indexed by
    document number), as `indexer.storage.columns.Columns.lengths` does.  ``budget``
    (`indexer.budget.Budget`) bounds the work; none means no bound.
    """

    def __init__(self, reader, lengths, budget: Budget | None = None):
        self.reader = reader
        self._lengths = lengths
        self.budget = budget or Budget(UNLIMITED)
        self._n = max(reader.doc_count_all(), 1)
        self._avg: dict[str, float] = {}
        self._memo: dict[tuple[str, str], TermPostings] = {}

    # -- terms ----------------------------------------------------------------------------

    def postings(self, field: str, text: str) -> TermPostings:
        """A term's postings, read once per query (with positions for the recall fields:
        reading them costs little more than the document numbers)."""
        key = (field, text)
        p = self._memo.get(key)
        if p is None:
            self.budget.read_term()
            p = self._memo[key] = read_postings(self.reader, field, text, field in GRAM_FIELDS, self.budget.charge)
        return p

    def _idf(self, df: int) -> float:
        return math.log(self._n / (df + 1)) + 1.0

    def _avg_length(self, field: str) -> float:
        if field not in self._avg:
            self._avg[field] = max(self.reader.field_length(field) / self._n, 1.0)
        return self._avg[field]

    def _bm25(self, field: str, docs: np.ndarray, tf: np.ndarray, idf: float) -> np.ndarray:
        dl = self._lengths(field)[docs]
        norm = K1 * ((1 - B) + B * dl / self._avg_length(field))
        return idf * (tf * (K1 + 1)) / (tf + norm)

    def term(self, field: str, text: str, boost: float = 1.0, scored: bool = True) -> Match:
        p = self.postings(field, text)
        if not len(p):
            return NOTHING
        if not scored:
            return Match(p.docs, np.full(len(p), boost))
        return Match(p.docs, boost * self._bm25(field, p.docs, p.freqs, self._idf(len(p))))

    def terms_any(self, field: str, texts: list[str], boost: float = 1.0, scored: bool = True) -> Match:
        return either([self.term(field, t, boost, scored) for t in texts])

    # -- fragments ------------------------------------------------------------------------

    def fragment(self, field: str, us: list[Unit], boost: float = 1.0, exact: bool = True,
                 within: np.ndarray | None = None) -> Match:
        """Documents whose gram ``field`` holds the units ``us`` (see module doc).

        ``within`` (sorted document numbers) limits the position check, and the
        result, to those documents.
        """
        if not us:
            return NOTHING
        if len(us) == 1:
            u = us[0]
            if not u.cjk:
                m = self.term(field, u.text, boost)
            else:  # a lone character starts a bigram, or ends its section: every such term
                texts = [t.decode("utf-8") if isinstance(t, bytes) else t  # one more than room: refused
                         for t in itertools.islice(self.reader.expand_prefix(field, u.text), self.budget.room() + 1)]
                self.budget.reserve(len(texts))
                m = self.terms_any(field, texts, boost)
            return m if within is None else both(m, Match(within, np.zeros(len(within))))
        grams = gram_terms(us)
        distinct = list(dict.fromkeys(grams))
        lists = {g: self.postings(field, g) for g in distinct}
        if any(not len(p) for p in lists.values()):
            return NOTHING
        # documents holding every bigram, rarest list first
        order = sorted(distinct, key=lambda g: len(lists[g]))
        docs = lists[order[0]].docs
        for g in order[1:]:
            docs = np.intersect1d(docs, lists[g].docs, assume_unique=True)
            if not len(docs):
                return NOTHING
        if within is not None:
            docs = np.intersect1d(docs, within, assume_unique=True)
        if exact and len(grams) > 1:
            docs, occurrences = self._phrase(grams, lists, docs)
            tf = {g: occurrences for g in distinct}
        else:
            tf = {}
            for g in distinct:
                p = lists[g]
                tf[g] = p.freqs[np.searchsorted(p.docs, docs)]
        if not len(docs):
            return NOTHING
        scores = np.zeros(len(docs))
        for g in distinct:
            scores += self._bm25(field, docs, tf[g], self._idf(len(lists[g])))
        return Match(docs, boost * scores)

    @staticmethod
    def _phrase(grams: list[str], lists: dict[str, TermPostings], docs: np.ndarray):
        """(documents where ``grams`` occur at consecutive positions, occurrences in each)."""
        starts = None
        for i, g in enumerate(grams):
            p = lists[g]
            keep = np.isin(p.docs, docs, assume_unique=True)
            pos_keep = np.repeat(keep, p.counts)
            owner = np.repeat(p.docs, p.counts)[pos_keep]
            keys = (owner << _SHIFT) + (p.positions[pos_keep].astype(np.int64) - i)
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
            if not len(starts):
                break
        found, counts = np.unique(starts >> _SHIFT, return_counts=True)
        return found, counts.astype(np.float64)

    # -- clauses --------------------------------------------------------------------------

    def clause(self, c: Clause) -> Match:
        """What one clause matches, scored (title matches boosted)."""
        us = c.units
        if c.field == "title":
            return self.fragment("title_g", us, exact=c.phrase)
        if c.field == "author":
            key = author_key(c.text)
            return self.terms_any("authors", self._lexicon("authors", key)) if key else NOTHING
        if c.field == "county":
            needle = "".join(normalize(c.text).split())
            return either([self.terms_any(f, self._lexicon(f, needle), scored=False) for f in ("county", "city")])
        return either([self.fragment("title_g", us, TITLE_BOOST, c.phrase), self.fragment("text_g", us, exact=c.phrase)])

    def _lexicon(self, field: str, needle: str) -> list[str]:
        if not needle or field not in self.reader.schema:
            return []
        out = []
        for term in self.reader.lexicon(field):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if needle in normalize(text):
                out.append(text)
        return out

    def title_words(self, pq: ParsedQuery) -> Match:
        """Score only: the jieba words of the plain words, found in titles."""
        words = []
        for c in pq.positive:
            if c.field is None:
                for w, _s, _e in jieba_words(c.text):
                    if w not in words:
                        words.append(w)
        return self.terms_any("title", words, TITLE_BOOST / 2)

    def adjacency(self, pq: ParsedQuery, within: np.ndarray) -> Match:
        """Score only: every plain word side by side (``锂电 新能源`` → 锂电新能源)."""
        plain = [c for c in pq.positive if c.field is None]
        joined = [u for c in plain for u in c.units]
        if len(plain) < 2 or len(joined) < 2 or not len(within):
            return NOTHING
        return either([self.fragment("title_g", joined, TITLE_BOOST * PHRASE_BOOST, within=within),
                       self.fragment("text_g", joined, PHRASE_BOOST, within=within)])

    def run(self, pq: ParsedQuery, all_docs: np.ndarray) -> Match:
        """Every document matching ``pq`` (``all_docs`` when it has no positive clause), scored
        (without the adjacency bonus: the caller adds `adjacency` once filters have narrowed the matches)."""
        required: list[Match] = []
        excluded: list[Match] = []
        for group in pq.groups:
            if len(group) == 1 and group[0].negated:
                # exclude only articles that really contain the text, so exact
                excluded.append(self.clause(dataclasses.replace(group[0], phrase=True)))
            elif len(group) == 1:
                required.append(self.clause(group[0]))
            else:
                required.append(either([self.clause(c) for c in group]))
        if required:
            required.sort(key=len)
            result = required[0]
            for m in required[1:]:
                result = both(result, m)
        else:
            result = Match(all_docs, np.zeros(len(all_docs)))
        if excluded:
            result = without(result, either(excluded))
        if required and len(result):
            result = plus(result, self.title_words(pq))
        return result
