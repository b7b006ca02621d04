"""How much rendering a search page adds to the search itself.

    python -m bench.web_render [--rounds 5] [--no-record]

Indexes the bundled corpus (``corpus/``) into the work directory, then asks the
Flask test client for ``/search`` with a fixed query mix: each request's time
minus the search time the page reports ("用时 … 毫秒") is the rendering overhead.
Target: p50 under 10 ms.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bench.common import ROOT, WORK_DIR, finish, percentiles

QUERIES = ["锂电", "永新", "医保", "", "泰和 OR 安福", '"华昊锂电"', "工会 -宜春"]
BUDGET_MS = 10.0
_ELAPSED = re.compile(r"用时 ([\d.]+) 毫秒")


def measure_overheads(client, rounds: int) -> list[float]:
    """Full request time minus the search time the page reports, per request (ms)."""
    for q in QUERIES:  # warm up: jieba, column caches, templates
        client.get("/search", query_string={"q": q})
    overheads = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            resp = client.get("/search", query_string={"q": q})
            total_ms = (time.perf_counter() - started) * 1000
            overheads.append(total_ms - float(_ELAPSED.search(resp.get_data(as_text=True)).group(1)))
    return overheads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web_render", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix (default 5)")
    parser.add_argument("--workdir", type=Path, default=WORK_DIR, help=f"where the index goes (default {WORK_DIR})")
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)

    from indexer.write.reindex import reindex
    from web import create_app

    corpus, index_dir = ROOT / "corpus", args.workdir / "web_render-index"
    reindex(corpus, index_dir, full=True)
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CORPUS_DIR": corpus}).test_client()
    p = percentiles(measure_overheads(client, args.rounds))
    ok = p["p50"] < BUDGET_MS
    lines = [
        f"search page rendering overhead over the bundled corpus ({p['n']} requests, {len(QUERIES)} queries):"
        f" p50 {p['p50']:.2f} ms, p95 {p['p95']:.2f} ms, max {p['max']:.2f} ms",
        f"Target: p50 < {BUDGET_MS:.0f} ms: {'met' if ok else 'NOT met'}",
    ]
    return finish("web_render", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    raise SystemExit(main())
