"""Heavy queries beside cheap ones (issue 13, points 1 and 2): ``newsarchive serve``
on 127.0.0.1 over a synthetic corpus.  First the most expensive queries the cost
budget (`indexer.budget`) still allows are found and timed alone; then one client
sends cheap queries (ordinary words, one at a time) for ``--seconds`` alone
(idle), and again while ``--heavy`` clients send the expensive ones without pause.

    python -m bench.heavy_load [--articles 20000] [--seconds 20] [--heavy 8]

Prints the cheap client's p95 under load against its idle p95 (bound: under 5×),
what became of the heavy requests (answered, refused as busy or too broad), the
slowest allowed query's time, and the server's memory before, at the peak of and
after the heavy phase (memory a query takes is given back).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench.common import WORK_DIR, BenchError, finish, fmt_ms, newsarchive, percentiles, rss_kb, server
from bench.indexer_bench import COMMON_PAIRS, COMMON_WORDS

BOUND = 5.0
TIMEOUT = 120.0
CHARS = "发展企业工作建设项目群众产业推进县市区乡镇村的"
#: Queries that read as much as a reader can make them: lone common characters,
#: long OR groups of common words, many lone characters at once.
CANDIDATES = (
    [c for c in CHARS[:6]]
    + [" OR ".join(CHARS[i:i + k]) for i, k in ((0, 8), (0, 16), (4, 12))]
    + [" ".join(CHARS[:16]), " ".join(CHARS[4:12])]
    + [" OR ".join(COMMON_WORDS), " OR ".join(COMMON_WORDS + tuple(w for p in COMMON_PAIRS for w in p.split()))]
)


def _get(url: str) -> tuple[int, dict, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:
            body = json.loads(resp.read())
            return resp.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, {}, time.perf_counter() - started
    except OSError:
        return -1, {}, time.perf_counter() - started


def _search(base: str, q: str) -> tuple[int, dict, float]:
    return _get(f"{base}/api/search?{urlencode({'q': q})}")


def heaviest_allowed(base: str) -> list[tuple[float, str, str]]:
    """(seconds, query, outcome) of every candidate, slowest first, each run alone."""
    out = []
    for q in CANDIDATES:
        status, body, secs = _search(base, q)
        outcome = body.get("refused") or (f"{body.get('total')} hits" if status == 200 else f"HTTP {status}")
        out.append((secs, q, outcome))
    return sorted(out, reverse=True)


class Clients:
    """Client threads that loop on their queries, recording (phase, status, refused, seconds)."""

    def __init__(self, base: str):
        self.base, self.phase = base, "warmup"
        self.records: dict[str, list] = {"cheap": [], "heavy": []}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, kind: str, queries: list[str], n: int = 1) -> None:
        for i in range(n):
            t = threading.Thread(target=self._loop, args=(kind, queries, i), daemon=True)
            t.start()
            self._threads.append(t)

    def _loop(self, kind: str, queries: list[str], offset: int) -> None:
        i = offset
        while not self._stop.is_set():
            status, body, secs = _search(self.base, queries[i % len(queries)])
            self.records[kind].append((self.phase, status, body.get("refused"), secs))
            i += 1

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(TIMEOUT + 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.heavy_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase (default 20)")
    parser.add_argument("--heavy", type=int, default=8, help="clients sending expensive queries (default 8)")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)

    from bench.generate import ensure_corpus
    from indexer.storage.store import IndexStore

    corpus = args.workdir / f"corpus-{args.articles}-s{args.seed}"
    index = args.workdir / f"load-index-{args.articles}"
    ensure_corpus(corpus, args.articles, args.seed)
    if not IndexStore(index).exists():
        shutil.rmtree(index, ignore_errors=True)
        built = subprocess.run(newsarchive("reindex", "--full", "--jobs", "2", corpus=corpus, index=index),
                               capture_output=True, text=True)
        if built.returncode != 0:
            raise BenchError(f"reindex failed: {built.stderr.strip()[-300:]}")

    cheap = list(COMMON_WORDS) + list(COMMON_PAIRS)
    with server(corpus, index, threads=args.server_threads) as (base, proc):
        for q in cheap:  # warm-up
            _search(base, q)
        rss_before = rss_kb(proc.pid)
        probed = heaviest_allowed(base)
        allowed = [(s, q) for s, q, outcome in probed if outcome.endswith("hits")]
        if not allowed:
            raise BenchError("no candidate heavy query is allowed; the budget is too tight for this bench")
        heavy = [q for _s, q in allowed[:4]]
        rss_probed = rss_kb(proc.pid)
        clients = Clients(base)
        clients.phase = "idle"
        clients.start("cheap", cheap)
        time.sleep(args.seconds)
        clients.phase = "heavy"
        clients.start("heavy", heavy, args.heavy)
        peak, end = rss_before, time.perf_counter() + args.seconds
        while time.perf_counter() < end:
            peak = max(peak, rss_kb(proc.pid))
            time.sleep(0.5)
        clients.phase = "done"
        clients.stop()
        time.sleep(2)
        rss_after = rss_kb(proc.pid)

    cheap_by = {ph: [r[3] * 1000 for r in clients.records["cheap"] if r[0] == ph and r[1] == 200] for ph in ("idle", "heavy")}
    p = {ph: percentiles(v) for ph, v in cheap_by.items()}
    ratio = p["heavy"]["p95"] / p["idle"]["p95"] if p["idle"]["p95"] else float("inf")
    heavy_recs = [r for r in clients.records["heavy"] if r[0] == "heavy"]
    outcomes = Counter(r[2] or ("answered" if r[1] == 200 else f"HTTP {r[1]}") for r in heavy_recs)
    answered = [r[3] * 1000 for r in heavy_recs if r[1] == 200 and not r[2]]
    cheap_failed = sum(1 for r in clients.records["cheap"] if r[1] != 200)
    ok = ratio < BOUND and cheap_failed == 0
    lines = [
        f"`newsarchive serve --threads {args.server_threads}` on {args.articles:,} synthetic articles; "
        f"{args.seconds:.0f} s per phase.",
        "",
        "Candidate heavy queries, each alone (slowest first):",
        "",
        "| query | time | outcome |",
        "|---|---|---|",
        *[f"| `{q}` | {s * 1000:.0f} ms | {outcome} |" for s, q, outcome in probed],
        "",
        f"- slowest allowed query alone: `{allowed[0][1]}` {allowed[0][0] * 1000:.0f} ms",
        f"- cheap client idle: {fmt_ms(p['idle'])}",
        f"- cheap client with {args.heavy} heavy clients: {fmt_ms(p['heavy'])}",
        f"- cheap p95 ratio: {ratio:.2f} (bound < {BOUND:.0f}); cheap requests failed: {cheap_failed}",
        f"- heavy requests: {dict(outcomes)}; answered ones: {fmt_ms(percentiles(answered))}",
        f"- server RSS: {rss_before / 1024:.0f} MB before, {rss_probed / 1024:.0f} MB after probing the candidates, "
        f"peak {peak / 1024:.0f} MB under load, {rss_after / 1024:.0f} MB after",
        f"- verdict: {'PASS' if ok else 'FAIL'}",
    ]
    return finish(f"heavy_load ({args.articles:,} articles)", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
