"""Reading the hand-kept and generated data files of ``archive/data`` (one place
for the format: UTF-8, ``#`` comment lines, tab-separated with a header row), and
the common words of jieba's dictionary that several rules use as a veto."""

from __future__ import annotations

import functools
from pathlib import Path

from archive.cache import cached, jieba_dictionary
from archive.errors import ArchiveError

DATA_DIR = Path(__file__).resolve().parent / "data"

#: jieba dictionary words at least this frequent count as common words.
COMMON_WORD_MIN_FREQ = 30


class DataFileError(ArchiveError):
    """A data file is missing or malformed; the message names the file."""


def read_tsv(path: Path, columns: tuple[str, ...], error: type[DataFileError] = DataFileError) -> list[dict[str, str]]:
    """Rows of a tab-separated data file whose header is exactly ``columns``; ``error``
    (a `DataFileError` subclass) names the file when it is missing or malformed."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [line.rstrip("\r\n") for line in fh if not line.startswith("#")]
    except OSError as err:
        raise error(f"{path}: cannot read data file ({err.strerror})") from err
    lines = [line for line in lines if line]
    header = tuple(lines[0].split("\t")) if lines else ()
    if header != columns:
        raise error(f"{path}: expected columns {columns}, found {list(header) or None}")
    rows = []
    for n, line in enumerate(lines[1:], start=1):
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise error(f"{path}: data row {n} has the wrong number of fields")
        rows.append(dict(zip(columns, fields)))
    return rows


def read_words(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a one-word-per-line data file."""
    try:
        with path.open(encoding="utf-8") as fh:
            return [w for w in (line.strip() for line in fh) if w and not w.startswith("#")]
    except OSError as err:
        raise DataFileError(f"{path}: cannot read data file ({err.strerror})") from err


@functools.lru_cache(maxsize=1)
def common_words() -> dict[str, str]:
    """Words of two or more characters from jieba's ``dict.txt`` with a frequency of at
    least `COMMON_WORD_MIN_FREQ`, with their part-of-speech tag (``nr`` for personal
    names). Read once, lazily, through `archive.cache` (reading the dictionary takes
    a third of a second); jieba itself is not imported; empty without jieba."""
    path = jieba_dictionary()
    if path is None:
        return {}
    return cached("common-words.marshal", [path, Path(__file__)], lambda: _read_common_words(path))


def _read_common_words(path: Path) -> dict[str, str]:
    words: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and len(parts[0]) >= 2 and int(parts[1]) >= COMMON_WORD_MIN_FREQ:
                    words[parts[0]] = parts[2] if len(parts) > 2 else ""
    except OSError:
        return {}
    return words
