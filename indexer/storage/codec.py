"""The Whoosh codec our writers use, tuned for the bigram fields.

`FastCodec` is Whoosh's W3 codec (terms dictionary, stored fields, columns,
segments, deletions all unchanged) with its own posting lists:

* The recall fields give nearly every article hundreds of terms of its own,
  so most lists are one or two postings long.  Lists of fewer than
  ``INLINE_LIMIT`` postings are stored inside the term's entry (Whoosh's
  inlining; its own writer calls a misspelt ``set_inline``, so inlining never
  worked with it).  Measured on 500 synthetic articles, one process: Whoosh's
  default 59 documents/s, with inlining 89–91.
* Longer lists are one record each (`indexer.storage.posting_lists`) that NumPy
  decodes at once (`indexer.storage.postings`), instead of blocks of pickled tuples
  whose unpickling was 41 % of a two-word search.  Whoosh's own matchers
  (segment merging, the tests' oracle) get them as a `ListMatcher`.
* `FastFieldWriter` takes each term's postings whole from our pool
  (`indexer.storage.posting_pool`) and reads each field's length column once, where
  Whoosh asked the per-document reader for the length of every posting.

The codec is pickled into the index's table of contents with each segment, so
its classes must stay importable here; readers need no setting.

Segments are written as separate files, not as one compound file: a reader
of a compound segment copies every sub-file it opens into memory (whoosh's
`BufferFile` wraps the memory map in a `BytesIO`), so each pooled searcher of
the web server held a private copy of the postings and terms (measured:
~100 MB of heap per searcher on a 2,000-article index, 8 searchers).
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3FieldWriter, W3PostingsWriter, _lenfield
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length

from indexer.storage import posting_lists

INLINE_LIMIT = 8

_BYTE_TO_LENGTH = [byte_to_length(b) if b else 0 for b in range(256)]


def length_bytes(perdoc, fieldname: str) -> bytes | None:
    """The length byte of every document of a segment for ``fieldname`` (None: not scorable).

    Whoosh's ``load()`` of this one-byte column unpacks it document by document;
    here it is one read.  Decode a byte with `whoosh.util.numeric.byte_to_length`.
    """
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return None
    doccount = perdoc.doc_count_all()
    if getattr(column, "_fixedlen", None) != 1:  # not the one-byte column Whoosh 2.7 writes
        return bytes(column.load())
    written = min(column._count, doccount)
    return column._dbfile.get(column._basepos, written) + bytes(doccount - written)


def _length_table(perdoc, fieldname: str) -> list[int] | None:
    """Every document's length of ``fieldname`` in the segment being written (None: not scorable)."""
    raw = length_bytes(perdoc, fieldname)
    return None if raw is None else [_BYTE_TO_LENGTH[b] for b in raw]


class FastFieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        """Whoosh's `FieldWriter.add_postings` (sorted postings → terms), taking
        whole terms from our pool and reading each field's lengths once."""
        groups = items.groups() if hasattr(items, "groups") else _group(items)
        lastfn = None
        table = None
        for fieldname, btext, postings in groups:
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                table = _length_table(lengths, fieldname)
                lastfn = fieldname
            self.start_term(btext)
            self._postwriter.add_list(postings, table)
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


def _group(items):
    """(field, term, [(docnum, weight, value), ...]) from flat sorted postings."""
    key, postings = None, []
    for fieldname, btext, docnum, weight, value in items:
        if docnum == -1:  # Whoosh's marker for spelling words: none in our schema
            continue
        if (fieldname, btext) != key:
            if key is not None:
                yield key[0], key[1], postings
            key, postings = (fieldname, btext), []
        postings.append((docnum, weight, value))
    if key is not None:
        yield key[0], key[1], postings


class ListPostingsWriter(W3PostingsWriter):
    """Writes a term's postings inlined or as one `posting_lists` record.

    Unlike Whoosh's writer it keeps one value per posting, empty or not (the
    record stores their lengths), until it inlines a list.
    """

    def add_posting(self, id_, weight, vbytes, length=None):
        self._ids.append(id_)
        self._weights.append(weight)
        self._values.append(vbytes or b"")
        if weight > self._maxweight:
            self._maxweight = weight
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_list(self, postings, lengths: list[int] | None) -> None:
        """All of a term's ``(docnum, weight, value)`` postings at once (``lengths``: by docnum)."""
        ids, weights, values = zip(*postings)
        self._ids = array("I", ids)
        self._weights = array("f", weights)
        self._values = [v or b"" for v in values]
        self._maxweight = max(weights)
        if lengths is not None:
            ls = [lengths[d] for d in ids]
            self._minlength, self._maxlength = min(ls), max(ls)
            if not self._minlength:
                self._minlength = min((n for n in ls if n), default=None)

    def finish_postings(self):
        terminfo = self._terminfo
        terminfo.add_block(self)  # the whole list's statistics, as one block
        if len(self._ids) < self._inlinelimit:
            # Whoosh's inlined form keeps only non-empty values
            terminfo.set_inlined(self._ids, self._weights, [v for v in self._values if v])
        else:
            start = self._postfile.tell()
            self._postfile.write(posting_lists.encode(self._ids, self._weights, self._values))
            terminfo.set_extent(start, self._postfile.tell() - start)
        self._terminfo = None
        return terminfo


def read_list(postfile, terminfo) -> tuple:
    """Decode a term's on-disk posting list (see `indexer.storage.posting_lists`)."""
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the unpacked tuple
        length = length[0]
    return posting_lists.decode(postfile.get(offset, length))


class FastCodec(W3Codec):
    """`W3Codec` with posting lists in `indexer.storage.posting_lists`' layout and `FastFieldWriter`."""

    def field_writer(self, storage, segment):
        return FastFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return ListPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                  compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        ids, weights, lengths, values = read_list(dbfile, terminfo)
        return ListMatcher(ids.tolist(), weights.tolist(), posting_lists.split_values(lengths, values), format_,
                           scorer=scorer, term=term, terminfo=terminfo)


def writer_codec() -> FastCodec:
    return FastCodec(inlinelimit=INLINE_LIMIT)
