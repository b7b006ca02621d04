"""The Whoosh schema: one place for every indexed field.

Each indexed document is one article (``kind == "article"``) or the text of a
page that the parser could not attribute to an article (``kind == "leftover"``).

Text is indexed twice:

* ``title`` — jieba words (`indexer.analysis.JiebaTokenizer`), used for
  ranking (word matches in the title score extra).  The body is not indexed by
  jieba: it halved indexing speed (86 → 53 articles per CPU-second) and the
  bigram field already ranks body matches;
* ``title_g``/``text_g`` — unit bigrams (`indexer.analysis.gram_positions`,
  field type `indexer.storage.gram_field.GramText`), which decide what matches: any fragment of two or more characters is a
  phrase of bigrams there.  ``text_g`` holds subtitle, body and captions as
  separate sections, so no phrase spans two of them.

Facet and filter fields are sortable columns.  Unknown values (no date, no
county, …) are simply absent: such documents are not counted under any facet
value and sort last by date.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from indexer.analysis import jieba_analyzer
from indexer.storage.gram_field import GramText

#: Bump when the schema, the analysis or the module of a class pickled into the
#: index (field types, codec) changes, so indexes get rebuilt.
SCHEMA_VERSION = 5

KIND_ARTICLE = "article"
KIND_LEFTOVER = "leftover"

#: Fields whose matches are scored with BM25 (their lengths are cached, `indexer.storage.columns`).
SCORED_FIELDS = ("title", "title_g", "text_g", "authors")
#: Columns read into `indexer.storage.columns.Columns` (values are exact strings):
#: facets and filters, the kind of document, and the page it came from (counted by stats and reindex).
COLUMN_FIELDS = ("paper", "county", "city", "province", "year", "date", "kind", "source")


def build_schema() -> Schema:
    return Schema(
        # identity and bookkeeping (used by indexer.write.reindex); the record holds id, source and kind too
        id=ID(unique=True),
        source=ID(sortable=True),  # page path relative to the corpus root
        page_fp=ID(stored=True),  # page fingerprint
        kind=ID(sortable=True),
        # filters and facets
        paper=ID(sortable=True),
        date=ID(sortable=True),  # ISO "YYYY-MM-DD"; absent when unknown
        year=ID(sortable=True),  # "2025"
        county=ID(sortable=True),  # county-level unit the article is about
        city=ID(sortable=True),
        province=ID(sortable=True),
        authors=KEYWORD(commas=True, scorable=True),  # normalised names, no spaces
        # text: jieba words (ranking)
        title=TEXT(analyzer=jieba_analyzer(), phrase=True),
        # text: unit bigrams (matching)
        title_g=GramText(),
        text_g=GramText(),
        # what the web shows: Article.to_dict() (+ "kind"), as JSON
        record=STORED(),
    )
