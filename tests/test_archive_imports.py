"""The archive layer's modules import each other one way: no loops, not even
through imports written inside functions."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import archive

ARCHIVE = pathlib.Path(archive.__file__).parent
MODULES = sorted(f"archive.{p.stem}" for p in ARCHIVE.glob("*.py") if p.stem != "__init__")


def archive_imports(module: str) -> set[str]:
    """Every archive module ``module`` imports, at the top or inside a function."""
    tree = ast.parse((ARCHIVE / f"{module.split('.')[-1]}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("archive."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("archive."))
    return found


def test_archive_import_graph_has_no_cycle():
    graph = {m: archive_imports(m) for m in MODULES}
    state: dict[str, str] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = "open"
        for dep in sorted(graph.get(m, ())):
            assert state.get(dep) != "open", "import loop: " + " -> ".join([*path, dep])
            if dep not in state:
                visit(dep, [*path, dep])
        state[m] = "done"

    for m in MODULES:
        if m not in state:
            visit(m, [m])


def test_each_archive_module_imports_alone():
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    for m in MODULES:  # a fresh interpreter per module: nothing imported before it
        subprocess.run([sys.executable, "-c", code, m], check=True)
