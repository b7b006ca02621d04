"""File handles are not leaked across index switches: one process holds an
`IndexStore`, runs N full reindexes of a small synthetic corpus (each switches
the live generation) and searches between them; ``/proc/self/fd`` is counted
before and after (issue 6).

    python -m bench.fd_switches [--switches 50] [--articles 40]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench.common import WORK_DIR, finish

#: Handles the count may grow by (a pooled searcher of the newest generation).
SLACK = 4


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def run(corpus: Path, index: Path, switches: int) -> dict:
    from indexer.write.reindex import reindex
    from indexer.results import SearchRequest
    from indexer.search import get_article, search
    from indexer.storage.store import IndexStore, generation_dirs

    reindex(corpus, index, full=True)
    store = IndexStore(index)
    first = search(store, SearchRequest(q="本报"))
    article_id = first.hits[0].id if first.hits else ""
    baseline = open_fds()
    counts, totals, gens = [], set(), []
    started = time.perf_counter()
    for _ in range(switches):
        report = reindex(corpus, index, full=True)
        result = search(store, SearchRequest(q="本报"))
        with store.searcher() as s:  # a searcher used across the next switch would be held here
            s.doc_count()
        get_article(store, article_id)
        totals.add(result.total)
        gens.append(report.generation)
        counts.append(open_fds())
    elapsed = time.perf_counter() - started
    store.close()
    return {"baseline": baseline, "after": counts[-1] if counts else baseline, "max": max(counts, default=baseline),
            "totals": sorted(totals), "generations": (gens[0], gens[-1]) if gens else None,
            "gen_dirs_left": len(generation_dirs(index)), "seconds": elapsed, "after_close": open_fds()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fd_switches", description=__doc__.split("\n\n")[0])
    parser.add_argument("--switches", type=int, default=50)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    from bench.generate import ensure_corpus

    corpus = args.workdir / f"corpus-{args.articles}-s0"
    index = args.workdir / "fd-index"
    ensure_corpus(corpus, args.articles)
    shutil.rmtree(index, ignore_errors=True)
    r = run(corpus, index, args.switches)
    ok = r["after"] <= r["baseline"] + SLACK and r["max"] <= r["baseline"] + SLACK and len(r["totals"]) == 1
    out = [
        f"{args.switches} full reindexes ({args.articles} articles) with one IndexStore searching between switches "
        f"({r['seconds']:.1f} s):",
        "",
        f"- open file descriptors: {r['baseline']} before, {r['after']} after, max {r['max']} during "
        f"(bound: at most +{SLACK}); {r['after_close']} after store.close()",
        f"- generations {r['generations'][0]} → {r['generations'][1]}; generation directories left on disk: {r['gen_dirs_left']}",
        f"- hit totals seen between switches: {r['totals']} (one value = every switch served the full index)",
        f"- verdict: {'PASS' if ok else 'FAIL'}",
    ]
    return finish("fd_switches", out, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
