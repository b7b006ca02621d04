"""Readers served at once: ``newsarchive serve`` on 127.0.0.1 with 1 and with N
worker processes, ``--clients`` client threads (keep-alive connections, stdlib
``http.client``) sending a mix of ``/search`` pages and ``/api/search`` calls
(the query mix of `bench.indexer_bench`, half with a county filter) for
``--seconds`` each; prints requests per second, p50/p95/p99 latency, failures
and each worker's memory.

    python -m bench.serve_load --articles 20000 [--clients 16] [--seconds 30] [--workers 1,2]

Target (issue 15): 16 clients on 20,000 articles, >= 180 requests/s with p95 <= 120 ms
and no failed request, with the default number of workers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.common import (
    LOOPBACK,
    WORK_DIR,
    BenchError,
    descendants,
    finish,
    fmt_ms,
    newsarchive,
    percentiles,
    proc_kb,
    run_timed,
    server,
)

TARGET_RATE, TARGET_P95_MS = 180.0, 120.0
TIMEOUT = 30.0


def request_paths(articles: list[dict], seed: int) -> list[str]:
    """Paths of the mix: each query of the bench mix as a page and as an API call."""
    from bench.indexer_bench import query_mix

    out = []
    for q in query_mix(articles, seed):
        params = {"q": q.q, **({"county": q.county} if q.county else {})}
        out += ["/search?" + urlencode(params), "/api/search?" + urlencode(params)]
    return out


class Clients:
    """``n`` threads, each with its own keep-alive connection, sending random paths
    until stopped; records (ms, status) per request and exceptions."""

    def __init__(self, base: str, paths: list[str], n: int, seed: int):
        url = urlsplit(base)
        self.host, self.port = url.hostname, url.port
        if self.host != LOOPBACK:  # never anything but this machine
            raise BenchError(f"{base}: the load goes to {LOOPBACK} only")
        self.paths, self.n, self.seed = paths, n, seed
        self.records: list[tuple[float, int]] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _run(self, k: int) -> None:
        rng = random.Random(self.seed * 1000 + k)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        local = []
        while not self._stop.is_set():
            path = rng.choice(self.paths)
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as err:
                conn.close()
                with self._lock:
                    self.errors.append(f"{type(err).__name__}: {err}")
                continue
            local.append(((time.perf_counter() - t) * 1000, status))
        conn.close()
        with self._lock:
            self.records += local

    def run(self, seconds: float) -> float:
        """Load for ``seconds``; return the measured wall time."""
        threads = [threading.Thread(target=self._run, args=(k,), daemon=True) for k in range(self.n)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(seconds)
        self._stop.set()
        for t in threads:
            t.join(TIMEOUT + 5)
        return time.perf_counter() - started


def pss_kb(pid: int) -> dict[str, int]:
    """``Rss`` and ``Pss`` (shared pages divided among the processes sharing them) of ``pid``, in kB."""
    return proc_kb(pid, "smaps_rollup", ("Rss", "Pss", "Pss_Anon", "Pss_File"))


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes ``pids`` (``/proc/<pid>/stat``)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def measure(corpus: Path, index: Path, paths: list[str], workers: int, threads: int, clients: int,
            seconds: float, seed: int) -> dict:
    with server(corpus, index, threads=threads, workers=workers) as (base, proc):
        warm = Clients(base, paths, clients, seed + 7)  # every worker warm, page cache filled
        warm.run(min(5.0, seconds / 3))
        load = Clients(base, paths, clients, seed)
        procs = descendants(proc.pid)
        cpu_before = cpu_seconds(procs)
        wall = load.run(seconds)
        cpu = cpu_seconds(procs) - cpu_before
        memory = {pid: pss_kb(pid) for pid in procs}
    times = [ms for ms, _status in load.records]
    failed = sum(1 for _ms, status in load.records if status != 200) + len(load.errors)
    return {"workers": workers, "threads": threads, "requests": len(times), "rate": len(times) / wall,
            "cores": cpu / wall, "per_cpu_second": len(times) / cpu if cpu else 0.0,
            "lat": percentiles(times), "failed": failed, "errors": load.errors[:3],
            "statuses": sorted({s for _ms, s in load.records}), "memory": memory, "parent": proc.pid}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles (default 2000; target run 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clients", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--seconds", type=float, default=30.0, help="load time per server setting (default 30)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}",
                        help="worker counts to measure, one after the other (default 1 and the number of cores)")
    parser.add_argument("--workdir", type=Path, default=WORK_DIR, help=f"corpora and indexes (default {WORK_DIR})")
    parser.add_argument("--index", type=Path, default=None,
                        help="index of this corpus to use (brought up to date first; default: WORKDIR/serve-index-N)")
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)

    from bench.generate import ensure_corpus

    n = args.articles
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.workdir / f"corpus-{n}-s{args.seed}"
    index = args.index or args.workdir / f"serve-index-{n}"
    articles = ensure_corpus(corpus, n, args.seed)
    proc, secs, _peak = run_timed(newsarchive("reindex", "--jobs", str(os.cpu_count() or 1), corpus=corpus, index=index))
    if proc.returncode != 0:
        raise BenchError(f"reindex exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    print(f"index: {proc.stdout.strip().splitlines()[-1]} ({secs:.0f} s)", flush=True)
    paths = request_paths(articles, args.seed)

    lines = [f"### {n:,} synthetic articles, {args.clients} clients, {args.seconds:.0f} s per setting, "
             f"{len(paths)} paths (`/search` and `/api/search`, half with a county filter)", "",
             "| workers × threads | requests/s | p50 ms | p95 ms | p99 ms | failed | server CPU: cores used; requests per CPU-second "
             "| memory per worker (PSS; RSS) |",
             "|---|---|---|---|---|---|---|---|"]
    results = []
    for w in [int(x) for x in args.workers.split(",") if x.strip()]:
        r = measure(corpus, index, paths, w, args.threads, args.clients, args.seconds, args.seed)
        results.append(r)
        mem = [m for pid, m in r["memory"].items() if pid != r["parent"] or w == 1]
        mem_text = ", ".join(f"{m.get('Pss', 0) / 1024:.0f} MB; {m.get('Rss', 0) / 1024:.0f} MB" for m in mem)
        lat = r["lat"]
        lines.append(f"| {w} × {r['threads']} | {r['rate']:.0f} | {lat['p50']:.1f} | {lat['p95']:.1f} | {lat['p99']:.1f} | "
                     f"{r['failed']} of {r['requests']} | {r['cores']:.2f}; {r['per_cpu_second']:.0f} | {mem_text} |")
        print(f"{w} worker(s): {r['rate']:.0f} req/s, {fmt_ms(lat)}, failed {r['failed']} {r['errors']}", flush=True)
    best = results[-1]
    ok = best["rate"] >= TARGET_RATE and best["lat"]["p95"] <= TARGET_P95_MS and best["failed"] == 0
    lines += ["", f"Target ({best['workers']} workers): >= {TARGET_RATE:.0f} requests/s, p95 <= {TARGET_P95_MS:.0f} ms, "
              f"no failed request: {'met' if ok else 'NOT met'}. The clients run on the same 2 cores as the server."]
    return finish(f"serve_load ({n:,} articles)", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    raise SystemExit(main())
