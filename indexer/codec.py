"""The Whoosh codec our writers use, tuned for the bigram fields.

The recall field gives nearly every article hundreds of terms of its own, so
most posting lists are one or two postings long. Whoosh's defaults write each
of them as its own zlib-compressed block in the postings file; compressing
thousands of tiny blocks was a third of indexing time. Instead we store lists
of fewer than ``INLINE_LIMIT`` postings inside the term's entry (Whoosh
supports this, but its writer calls a misspelt method, fixed below). Measured
on the same 500 synthetic articles in one process, in two runs on a shared
machine: default codec 59 documents/s and 31.8 MB; with inlining 89–91
documents/s and 29.5 MB. With inlining, turning compression off gained no more
speed and cost ~20% more disk, so longer lists stay compressed.

Readers need no setting: every block and term entry records how it was written.

Segments are written as separate files, not as one compound file: a reader
of a compound segment copies every sub-file it opens into memory (whoosh's
`BufferFile` wraps the memory map in a `BytesIO`), so each pooled searcher of
the web server held a private copy of the postings and terms (measured:
~100 MB of heap per searcher on a 2,000-article index, 8 searchers).
"""

from __future__ import annotations

INLINE_LIMIT = 8


def writer_options(**extra) -> dict:
    """Keyword arguments for every Whoosh writer of the project."""
    return {"codec": writer_codec(), "compound": False, **extra}


def writer_codec():
    from whoosh.codec import whoosh3

    # whoosh-reloaded 2.7.5 (pinned <2.8): the posting writer calls
    # `W3TermInfo.set_inline`, the term info defines `set_inlined` (and reads
    # inlined postings correctly), so inlining crashes without this alias.
    if not hasattr(whoosh3.W3TermInfo, "set_inline"):
        whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined
    return whoosh3.W3Codec(inlinelimit=INLINE_LIMIT)
