"""The table of every id an article has had (``ids.json`` inside each generation).

An article's id changes when its page's text or the parser changes; the table
keeps the old ids working: ``moved`` maps an old id to the id that holds its
text now, ``gone`` maps an old id whose text left the archive to the source path
of the page it was on. It lives in the generation directory, so a full build
writes its own beside the new index (published with it by the switch of
``CURRENT``), and an incremental update rewrites the live one atomically before
its commit. `indexer.write.renames` computes the rows; `IndexStore.id_table`
reads the live table.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

TABLE_NAME = "ids.json"


@dataclass
class IdTable:
    moved: dict[str, str] = field(default_factory=dict)  # old id -> current id
    gone: dict[str, str] = field(default_factory=dict)  # old id -> source path of its page

    def resolve(self, article_id: str) -> tuple[str, str] | None:
        """``("moved", current id)``, ``("gone", source path)`` or None (never had another id)."""
        if article_id in self.moved:
            return "moved", self.moved[article_id]
        if article_id in self.gone:
            return "gone", self.gone[article_id]
        return None


def read_table(gen_path: str | os.PathLike) -> IdTable:
    """The table of a generation directory (empty when it has none or it cannot be read)."""
    try:
        data = json.loads((Path(gen_path) / TABLE_NAME).read_text("utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError, UnicodeDecodeError):
        return IdTable()
    if not isinstance(data, dict):
        return IdTable()
    return IdTable(_strings(data.get("moved")), _strings(data.get("gone")))


def _strings(rows) -> dict[str, str]:
    """The rows of a table part that are text to text (a damaged file yields fewer rows, never an error)."""
    if not isinstance(rows, dict):
        return {}
    return {k: v for k, v in rows.items() if isinstance(k, str) and isinstance(v, str)}


def table_json(table: IdTable) -> str:
    """The file's text (`IndexStore.write_id_table` writes it atomically)."""
    return json.dumps({"moved": table.moved, "gone": table.gone}, ensure_ascii=False, separators=(",", ":"))
