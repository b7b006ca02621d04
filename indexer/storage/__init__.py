"""The index on disk: the one room that knows Whoosh beyond its public API.

Everything else in `indexer` (the executor, search, stats, reindex and the
parallel build) reaches the index through the interface below, or through
Whoosh's public API (searchers, readers, `stored_fields`, `delete_by_term`).
`tests/test_storage_boundary.py` lists every private Whoosh name used here and
fails when one appears outside this package.

Interface:

* open a generation: `store.IndexStore` owns the index directory (generations,
  ``CURRENT``, manifest, lock, schema check, build, publish, clean-up);
  ``IndexStore(dir).searcher()`` hands out a searcher on the live generation,
  ``start_build``/``publish_build`` and ``live_index``/``publish_update`` serve
  a full and an incremental reindex, `store.stored_pages` lists the pages an
  index holds;
* read a term's postings and positions: `postings.read_postings`;
* lengths, column codes and the live documents: `columns.columns_for` (the
  executor, search and stats all count over these arrays);
* stored records: ``searcher.stored_fields(docnum)["record"]`` (public Whoosh);
* write a segment: `writing.open_writer` (one process), `writing.shard_writer`
  and `writing.finish_shard` (one worker of a parallel build);
* merge: `writing.commit_segments` (the workers' segments become one index state);
* delete: ``writer.delete_by_term`` (public Whoosh).

What it holds: `schema` (every field), `gram_field` (the recall fields' type
and position storage), `codec` with `posting_lists` (the on-disk layout of a
long posting list) and `posting_pool` (the writer's postings grouped by term),
`writing` (the project's writers), `lock` (one reindex at a time).
"""
