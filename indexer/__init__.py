"""Articles → Whoosh: analysis, the index on disk, reindexing, search and
statistics. Knows Whoosh and jieba, nothing of HTTP.

Three rooms, imports pointing one way (read and write wings stand on storage,
nothing climbs back up):

* `indexer.storage`: the index directory and every touch of Whoosh's internals;
* `indexer.write`: the write wing (reindex, parallel build, documents, progress);
* at the top, the read wing (`query` → `execute` → `search`, with `limits`
  (what a request may ask), `facets` (what is counted and filtered),
  `excerpts` (where the query matches: text plus offsets, no markup),
  `results` (the records returned), `stats`) and what both wings share
  (`analysis`).

Import the submodules you need; this package imports nothing itself so that
jieba loads only where it is used.
"""
