"""The corpus on disk: which files are pages, and what is known about each page.

A corpus is a directory holding page files (``*.txt``), web pages saved as
HTML (``*.html``, ``*.htm``) and JSON Lines exports (``*.jsonl``) at any depth. What is known about a page (`PageMeta`) comes from

1. its path, when it follows ``<paper>/<YYYY-MM-DD>/<page>.txt`` or
   ``<paper>/<YYYY>/<MM>/<DD>/<page>.txt`` (``YYYYMMDD`` works too) and the date
   is a real date;
2. TOML sidecars, which win over the path: ``_meta.toml`` in any directory
   applies to every file below it, ``<name>.toml`` beside ``<name>.txt`` (or
   ``<name>.jsonl``) to that file alone; the nearer sidecar wins key by key.

Anything not stated stays ``None``. See the README section "Corpus format".
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from archive.errors import ArchiveError, PageError
from archive.html_page import HTML_SUFFIXES
from archive.models import PageMeta
from archive.reading import DEFAULT_MAX_BYTES, read_bytes
from archive.safe_paths import CorpusPolicy, system_path
from archive.version import PARSER_VERSION

log = logging.getLogger(__name__)

#: Largest JSON Lines export read.
JSONL_MAX_BYTES = 200 * 1024 * 1024
#: Largest page file read: about a hundred times the largest real page (the seed pages
#: hold 17 and 21 kB), so that a pathological page parses in seconds (`bench/pathological.py`).
PAGE_MAX_BYTES = 2 * 1024 * 1024
#: Name of the sidecar that applies to a whole directory tree.
DIR_SIDECAR = "_meta.toml"
#: File suffix → SourceFile.kind.
KINDS = {".txt": "page", ".jsonl": "jsonl", **{suffix: "html" for suffix in HTML_SUFFIXES}}
#: Sidecar keys and what they hold. ``source`` and ``note`` are free text for
#: people (where the page came from); ``province`` is a hint for place lookup.
SIDECAR_KEYS = ("paper", "date", "page", "edition", "source_url", "province", "source", "note")

_ISO_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_YEAR, _MONTH_OR_DAY = re.compile(r"^\d{4}$"), re.compile(r"^\d{1,2}$")


class CorpusError(ArchiveError):
    """The corpus directory itself is missing or unusable."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class SourceFile:
    """One file of the corpus that holds articles."""

    path: Path  # absolute
    relpath: str  # relative to the corpus root, forward slashes
    kind: str  # "page" | "html" | "jsonl"
    root: Path | None = field(default=None, compare=False)  # corpus root (absolute); None: the file's directory

    def __post_init__(self) -> None:
        if self.root is None:
            object.__setattr__(self, "root", Path(self.path).parent)

    @classmethod
    def at(cls, path: str | os.PathLike, corpus_root: str | os.PathLike | None = None) -> "SourceFile":
        """The SourceFile for one path; ``corpus_root`` None means the file's own directory.

        A file outside ``corpus_root`` is treated as if the root were its directory.
        """
        path = Path(os.path.abspath(path))
        root = Path(os.path.abspath(corpus_root)) if corpus_root is not None else path.parent
        try:
            rel = path.relative_to(root)
        except ValueError:
            try:  # one of the two may be spelled through a symlink
                rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
            except ValueError:
                root, rel = path.parent, Path(path.name)
        kind = KINDS.get(path.suffix.lower(), "page")
        return cls(path=path, relpath=rel.as_posix(), kind=kind, root=root)

    @property
    def max_bytes(self) -> int:
        """Size limit for reading this file."""
        return JSONL_MAX_BYTES if self.kind == "jsonl" else PAGE_MAX_BYTES

    def sidecars(self) -> list[Path]:
        """Sidecar files that apply to this file, farthest first (existing ones only)."""
        out = []
        parts = PurePosixPath(self.relpath).parts[:-1]
        directory = self.root
        for part in (None, *parts):
            if part is not None:
                directory = directory / part
            candidate = directory / DIR_SIDECAR
            if candidate.is_file():
                out.append(candidate)
        own = self.path.with_suffix(".toml")
        if own.is_file() and own.name != DIR_SIDECAR:
            out.append(own)
        return out

    def fingerprint(self, data: bytes | None = None) -> str:
        """Hash of the file bytes, its relative path, every sidecar that applies and
        `archive.version.PARSER_VERSION`; changes whenever the parse output may change.

        Cheap: reads bytes, parses nothing. ``data`` are the file bytes when the
        caller has read them already. Raises `PageError` for an unreadable file.
        """
        if data is None:
            data = read_bytes(self.path, max_bytes=self.max_bytes)
        h = hashlib.blake2b(digest_size=16)
        for chunk in (PARSER_VERSION.encode(), self.relpath.encode(), data):
            h.update(len(chunk).to_bytes(8, "big"))
            h.update(chunk)
        for sidecar in self.sidecars():
            for chunk in (self._rel(sidecar).encode(), read_bytes(sidecar)):
                h.update(len(chunk).to_bytes(8, "big"))
                h.update(chunk)
        return h.hexdigest()

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def discover(corpus_dir: str | os.PathLike) -> list[SourceFile]:
    """Every page (``*.txt``, ``*.html``, ``*.htm``) and JSON Lines export (``*.jsonl``) under ``corpus_dir``,
    sorted by relative path.

    Hidden files and directories (name starting with ``.``) and sidecars are
    skipped. Symlinked directories are followed once; a directory already
    visited (a symlink loop) is not entered again. A symlink whose target is
    outside the corpus, and anything under /proc, /sys or /dev, is skipped with
    a logged warning (`archive.safe_paths`). A symlinked file is listed even
    when broken or looping, so that reading it reports the problem.
    """
    root = Path(os.path.abspath(corpus_dir))
    if not root.exists():
        raise CorpusError(root, "corpus directory does not exist")
    if not root.is_dir():
        raise CorpusError(root, "corpus path is not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        raise CorpusError(root, "corpus directory cannot be read (permission denied)")
    if system_path(root):
        raise CorpusError(root, system_path(root))

    found: list[SourceFile] = []
    seen: set[tuple[int, int]] = set()
    policy = CorpusPolicy.for_root(root)

    def allowed(path: str) -> bool:
        reason = policy.refuse(path, parent_checked=True)
        if reason:
            log.warning("%s: %s", os.path.relpath(path, root), reason)
        return not reason

    def onerror(err: OSError) -> None:  # an unreadable subdirectory: skip it, keep going
        return None

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            info = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and allowed(os.path.join(dirpath, d)))
        for name in filenames:
            if name.startswith("."):
                continue
            kind = KINDS.get(os.path.splitext(name)[1].lower())
            if kind is None or not allowed(os.path.join(dirpath, name)):
                continue
            path = Path(dirpath) / name
            found.append(SourceFile(path=path, relpath=path.relative_to(root).as_posix(), kind=kind, root=root))
    found.sort(key=lambda s: s.relpath)
    return found


# ------------------------------------------------------------------ metadata
@dataclass(frozen=True)
class MetaResult:
    """What is known about a source file, with where it came from."""

    meta: PageMeta
    province: str | None = None  # hint for place lookup (sidecar key ``province``)
    source: str | None = None  # free-text description (sidecar key ``source``)
    problems: tuple[str, ...] = ()


def meta_from_path(relpath: str) -> PageMeta:
    """`PageMeta` from the path convention; all ``None`` unless the date parts parse.

    ``<paper>/<YYYY-MM-DD>/<page>.txt``, ``<paper>/<YYYYMMDD>/<page>.txt`` and
    ``<paper>/<YYYY>/<MM>/<DD>/<page>.txt``; the paper part is optional (files
    directly in a date directory at the corpus root get a date and a page only).
    """
    parts = PurePosixPath(relpath).parts
    dirs, stem = parts[:-1], PurePosixPath(parts[-1]).stem
    date, paper_index = None, None
    if len(dirs) >= 3 and _YEAR.match(dirs[-3]) and _MONTH_OR_DAY.match(dirs[-2]) and _MONTH_OR_DAY.match(dirs[-1]):
        date = _make_date(int(dirs[-3]), int(dirs[-2]), int(dirs[-1]))
        paper_index = len(dirs) - 4
    if date is None and dirs:
        m = _ISO_DAY.match(dirs[-1])
        if m:
            date = _make_date(*map(int, m.groups()))
            paper_index = len(dirs) - 2
    if date is None:
        return PageMeta()
    paper = dirs[paper_index] if paper_index is not None and paper_index >= 0 else None
    return PageMeta(paper=paper, date=date, page=stem or None)


def read_sidecar(path: str | os.PathLike) -> tuple[dict, list[str]]:
    """The checked keys of one TOML sidecar, and warnings (unknown keys) without the file name.

    Raises `PageError` naming the sidecar (and key) for unreadable or invalid TOML
    and for a value of the wrong type.
    """
    path = Path(path)
    data = read_bytes(path, max_bytes=DEFAULT_MAX_BYTES)
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PageError(path, "sidecar is not UTF-8 (TOML files must be UTF-8)") from None
    except tomllib.TOMLDecodeError as err:
        raise PageError(path, f"invalid TOML: {err}") from None
    values, problems = {}, []
    for key, value in raw.items():
        if key not in SIDECAR_KEYS:
            problems.append(f"unknown key '{key}' ignored (known keys: {', '.join(SIDECAR_KEYS)})")
            continue
        values[key] = _check_value(path, key, value)
    return values, problems


def resolve_meta(src: SourceFile) -> MetaResult:
    """Path convention, overridden by ``_meta.toml`` files from the root down, then
    by the file's own sidecar (nearer wins, key by key)."""
    base = meta_from_path(src.relpath)
    merged: dict = {}
    problems: list[str] = []
    for sidecar in src.sidecars():
        values, warnings = read_sidecar(sidecar)
        merged.update(values)
        problems.extend(f"{src._rel(sidecar)}: {w}" for w in warnings)
    meta = PageMeta(
        paper=merged.get("paper", base.paper),
        date=merged.get("date", base.date),
        page=merged.get("page", base.page),
        edition=merged.get("edition", base.edition),
        source_url=merged.get("source_url", base.source_url),
    )
    return MetaResult(meta=meta, province=merged.get("province"), source=merged.get("source"), problems=tuple(problems))


def _check_value(path: Path, key: str, value):
    if key == "date":
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise PageError(path, f"key 'date' must be a date such as 2025-03-14, not {value!r}")
    if key == "page" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise PageError(path, f"key '{key}' must be a string, not {type(value).__name__} {value!r}")
    value = value.strip()
    return value or None


def _make_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None
