"""Read any text file a user may hand us and return clean Unicode text.

Decoding is a strict, deterministic chain, never a statistical guess:

1. a byte-order mark: UTF-8 (``EF BB BF``), UTF-16 LE (``FF FE``) or UTF-16 BE (``FE FF``);
2. strict UTF-8;
3. strict GB18030 (a superset of GBK and GB2312).

A file that is none of these, or that looks binary, raises `PageError` naming
the file; so do an empty, oversized, unreadable or missing file, a directory
and a symlink loop. Newlines come back as ``\\n`` and any BOM is stripped.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from archive.errors import PageError
from archive.safe_paths import system_path

#: Largest file `read_text` accepts unless told otherwise (bytes).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Share of control characters (other than tab, newline, form feed) above which
#: decoded text is taken for a binary file.
MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Unicode category Cc minus tab, newline, vertical tab, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def read_bytes(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a regular file, after checking it is one and not too big.

    Raises `PageError` for a missing file, a directory, a symlink loop, a
    special file, a file larger than ``max_bytes``, and a permission problem.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as err:
        raise PageError(path, _os_reason(err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise PageError(path, "is a directory, not a page file")
    if system_path(path):
        raise PageError(path, system_path(path))
    if not stat.S_ISREG(info.st_mode):
        raise PageError(path, "is not a regular file")
    if info.st_size > max_bytes:
        raise PageError(path, f"file too large ({info.st_size} bytes; limit {max_bytes} bytes)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        raise PageError(path, _os_reason(err)) from None
    if len(data) > max_bytes:  # grew since stat
        raise PageError(path, f"file too large (more than {max_bytes} bytes)")
    return data


def decode_bytes(data: bytes, path: str | os.PathLike = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` by the strict chain; return ``(text, encoding)``.

    ``text`` has its BOM removed and newlines normalised to ``\\n``.
    ``path`` only names the source in error messages.
    """
    if not data:
        raise PageError(path, "file is empty")
    text, encoding = None, None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as err:
                raise PageError(path, f"starts with a {codec} byte-order mark but is not valid {codec} ({err.reason} at byte {err.start + len(bom)})") from None
            break
    if text is None:
        if b"\x00" in data:
            _refuse_nul_in_utf8(data, path)
            utf16 = _utf16_without_bom(data)
            if utf16:
                raise PageError(path, f"looks like {utf16} text without a byte-order mark; "
                                      "save it as UTF-8 (or UTF-16 with a BOM)")
            raise PageError(path, "looks like a binary file (contains NUL bytes), not text")
        for codec in ("utf-8", "gb18030"):
            try:
                text, encoding = data.decode(codec), codec
                break
            except UnicodeDecodeError:
                continue
        else:
            raise PageError(path, "cannot be decoded as UTF-8, UTF-16 (with BOM) or GB18030")
    text = normalise_newlines(text, separators=False)  # a JSON string may hold a raw U+2028
    if _looks_binary(text):
        raise PageError(path, "looks like a binary file (mostly control characters), not text")
    if not text.strip():
        raise PageError(path, "file is empty (only whitespace)")
    return text, encoding


def read_text(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the file at ``path``, decoded by the strict chain (see module doc)."""
    text, _ = decode_bytes(read_bytes(path, max_bytes=max_bytes), path)
    return text


def normalise_newlines(text: str, *, separators: bool = True) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; with ``separators`` (page text) so do
    the Unicode line and paragraph separators U+2028 and U+2029.

    The one newline normaliser of the archive: files are decoded with
    ``separators=False`` (a JSON Lines string may hold a raw U+2028), pages are
    split into lines with the default."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if separators:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return text


def _refuse_nul_in_utf8(data: bytes, path) -> None:
    """Raise when ``data`` is UTF-8 text holding a few NUL bytes (a NUL is no encoding's sign)."""
    nuls = data.count(b"\x00")
    if nuls * 10 > len(data):  # ASCII as UTF-16, and binary files, have NULs everywhere
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise PageError(path, f"valid UTF-8 text but contains {nuls} NUL byte(s) (first at byte {data.index(0)}); "
                          "remove them and read it again")


def _utf16_without_bom(data: bytes) -> str | None:
    """Name the UTF-16 variant ``data`` cleanly decodes as, to say so in the error.

    Only for the message: such a file is still refused, since without a BOM the
    byte order is a guess."""
    if len(data) % 2:
        return None
    for codec, label in (("utf-16-le", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and not _looks_binary(text):
            return label
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = len(text) - len(_CONTROLS.sub("", text))
    return controls > MAX_CONTROL_SHARE * len(text)


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if err.errno == errno.ENOENT:
        return "no such file (or a broken symlink)"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EISDIR:
        return "is a directory, not a page file"
    return f"cannot be read ({err.strerror or err})"
