"""Where the corpus and the index live: one place for the CLI and the web app.

Resolution order for each path: explicit value (a CLI flag or app config) →
environment variable → default relative to the current directory, which
works from the repository root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_CORPUS = "NEWSARCHIVE_CORPUS"
ENV_INDEX = "NEWSARCHIVE_INDEX"
#: A line shown on top of every page (``make demo`` says the articles are synthetic).
ENV_NOTICE = "NEWSARCHIVE_NOTICE"
DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("var") / "index"


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    index_dir: Path

    @classmethod
    def resolve(cls, corpus: str | os.PathLike | None = None, index: str | os.PathLike | None = None) -> "Settings":
        corpus_dir = Path(corpus or os.environ.get(ENV_CORPUS) or DEFAULT_CORPUS)
        index_dir = Path(index or os.environ.get(ENV_INDEX) or DEFAULT_INDEX)
        return cls(corpus_dir=corpus_dir.expanduser().resolve(), index_dir=index_dir.expanduser().resolve())
