"""The bench query mix (`bench.indexer_bench.query_mix`) on an existing index,
with this checkout's code and with another checkout's (``--before DIR``, e.g. the
main branch), in alternating processes, so that a change's cost on ordinary
queries is measured on the same machine at the same time.

    python -m bench.query_mix --articles 20000 --before /work/main [--rounds 3]

Prints warm p50/p95 per checkout and their ratio.  Bound: no slower than 10 %.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.common import ROOT, WORK_DIR, finish, percentiles

BOUND = 1.10
_PROBE = """
import json, sys, time
from bench.generate import ensure_corpus
from bench.indexer_bench import query_mix
from indexer.results import SearchRequest
from indexer.search import search
try:
    from indexer.storage.store import IndexStore
except ImportError:
    from indexer.store import IndexStore
corpus, index, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
queries = query_mix(ensure_corpus(corpus, int(sys.argv[4]), 0), 0)
store = IndexStore(index)
for q in queries:
    search(store, SearchRequest(q=q.q, county=q.county))
times = []
for _ in range(repeat):
    for q in queries:
        t = time.perf_counter()
        search(store, SearchRequest(q=q.q, county=q.county))
        times.append((time.perf_counter() - t) * 1000)
print(json.dumps(times))
"""


def _run(code_dir: Path, corpus: Path, index: Path, repeat: int, n: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(corpus), str(index), str(repeat), str(n)],
                         cwd=code_dir, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_mix", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--before", type=Path, required=True, help="checkout holding the code to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternating process pairs (default 3)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the mix per process (default 3)")
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    corpus = args.workdir / f"corpus-{args.articles}-s0"
    index = args.workdir / f"load-index-{args.articles}"
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        times["before"] += _run(args.before.resolve(), corpus, index, args.repeat, args.articles)
        times["after"] += _run(ROOT, corpus, index, args.repeat, args.articles)
    p = {k: percentiles(v) for k, v in times.items()}
    r50, r95 = p["after"]["p50"] / p["before"]["p50"], p["after"]["p95"] / p["before"]["p95"]
    ok = r50 <= BOUND and r95 <= BOUND
    lines = [f"Bench query mix on {args.articles:,} synthetic articles (index `{index.name}`), warm, "
             f"{args.rounds} alternating process pairs × {args.repeat} passes:", "",
             "| code | p50 | p95 | n |", "|---|---|---|---|",
             *[f"| {k} | {p[k]['p50']:.1f} ms | {p[k]['p95']:.1f} ms | {p[k]['n']} |" for k in ("before", "after")],
             "", f"after/before: p50 {r50:.2f}, p95 {r95:.2f} (bound <= {BOUND:.2f}): {'PASS' if ok else 'FAIL'}"]
    return finish(f"query_mix ({args.articles:,} articles)", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
