"""The index on disk: the one room that knows Whoosh beyond its public API.

Everything else in `indexer` (the executor, search, stats, reindex and the
parallel build) reaches the index through the interface below, or through
Whoosh's public API (searchers, readers, `stored_fields`, `delete_by_term`).

Interface:

* open a generation: ``store.IndexStore(dir).searcher()`` hands out a searcher
  on the live generation;
* read a term's postings and positions: `postings.read_postings`;
* lengths, column codes and the live documents: `columns.columns_for`;
* stored records: ``searcher.stored_fields(docnum)["record"]`` (public Whoosh);
* write a segment: `codec.open_writer`;
* delete: ``writer.delete_by_term`` (public Whoosh).

What it holds: `schema` (every field), `gram_field` (the recall fields' type
and position storage), `codec` with `posting_lists` (the on-disk layout of a
long posting list) and `posting_pool` (the writer's postings grouped by term),
`lock` (one reindex at a time).
"""
