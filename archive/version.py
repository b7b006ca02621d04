"""The version of the parse output."""

#: Bump whenever the parse output for unchanged input may change (segmentation,
#: cleaning, furniture, places, ids): it is part of every page's fingerprint
#: (`archive.corpus.SourceFile.fingerprint`), so a bump makes the next incremental
#: reindex re-parse every file.
PARSER_VERSION = "8"
