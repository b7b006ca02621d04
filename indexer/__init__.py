"""Articles → Whoosh: schema and analysis, the on-disk index store, reindexing,
search and statistics. Knows Whoosh and jieba, nothing of HTTP.

Import the submodules you need (`indexer.store`, `indexer.reindex`,
`indexer.stats`, `indexer.search`); this package imports nothing itself so
that jieba loads only where it is used.
"""
