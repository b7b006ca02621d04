"""The write wing: corpus pages → documents → a new or updated index state.

`reindex` (incremental or full), `parallel_build` (a full build on several
cores), `pipeline` (parse a page, make its documents, write them: the steps
every write path shares), `documents` (an `Article` as index documents) and
`progress` (the reindex progress bar). It writes only through
`indexer.storage`.
"""
