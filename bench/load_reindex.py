"""Load during an index switch (issue 6): ``newsarchive serve`` (waitress) on
127.0.0.1, 8 client threads sending a realistic mix (searches with and without
filters, county pages, article pages, API calls; stdlib ``urllib`` only)
against a synthetic corpus; first with no reindex (idle), then while
``newsarchive reindex --full`` runs and switches the live index, then after it.

    python -m bench.load_reindex [--articles 20000] [--seconds 60] [--threads 8]

``--seconds`` is the minimum load time: a third idle, the rest with the
reindex; if the reindex has not switched by then, the load goes on until it has
(at most ``--max-seconds``) and at least 15 s after. Bounds: zero failed
requests, zero 5xx, p95 during the reindex <= 3 × idle p95.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.common import (
    WORK_DIR,
    BenchError,
    finish,
    fmt_ms,
    newsarchive,
    percentiles,
    fmt_rss,
    rss_kb,
    rss_parts,
    server,
)

WORDS = ("发展", "企业", "项目", "工作", "锂电", "产业", "建设", "群众", "乡村振兴", "工会")
TIMEOUT = 30.0
AFTER_MIN_SECONDS = 15.0  # load kept on after the switch, to see whether latency recovers


def _sleep_sampling(seconds: float, pid: int, peak: int) -> int:
    """Sleep ``seconds``, sampling the RSS of ``pid`` each second; return the new peak (kB)."""
    end = time.perf_counter() + seconds
    while True:
        peak = max(peak, rss_kb(pid))
        left = end - time.perf_counter()
        if left <= 0:
            return peak
        time.sleep(min(1.0, left))


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, b""


def prepare_targets(base: str, articles: list[dict], rng: random.Random) -> dict:
    """Real counties, article ids and query words, read from the running server."""
    status, body = _get(base + "/api/counties")
    if status != 200:
        raise BenchError(f"/api/counties answered {status}")
    data = json.loads(body)
    items = data.get("counties", data) if isinstance(data, dict) else data
    counties = [c["name"] if isinstance(c, dict) else str(c) for c in items][:200]
    names = [n for a in rng.sample(articles, min(300, len(articles))) for n in a["names"]][:60]
    ids = []
    for q in WORDS[:5] + tuple(names[:5]):
        status, body = _get(f"{base}/api/search?{urlencode({'q': q, 'size': 50})}")
        if status == 200:
            ids += [h["id"] for h in json.loads(body).get("hits", [])]
    if not counties or not ids:
        raise BenchError("no counties or article ids to request; is the index empty?")
    return {"counties": counties, "ids": sorted(set(ids)), "words": list(WORDS) + names}


def request_mix(rng: random.Random, t: dict) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    word, county, aid = rng.choice(t["words"]), rng.choice(t["counties"]), rng.choice(t["ids"])
    r = rng.random()
    if r < 0.30:
        return "search", "/search?" + urlencode({"q": word})
    if r < 0.45:
        return "search+filter", "/search?" + urlencode({"q": word, "county": county, "sort": rng.choice(["relevance", "newest"])})
    if r < 0.55:
        return "api/search", "/api/search?" + urlencode({"q": word, "county": county, "page": rng.choice([1, 2])})
    if r < 0.65:
        return "county", "/county/" + quote(county, safe="")
    if r < 0.77:
        return "article", "/article/" + aid
    if r < 0.87:
        return "api/article", "/api/articles/" + aid
    if r < 0.92:
        return "api/counties", "/api/counties"
    if r < 0.96:
        return "atom", "/search.atom?" + urlencode({"q": word})
    return "search+date", "/search?" + urlencode({"q": word, "from": "2018-01-01", "to": "2020-12-31"})


class Load:
    """Client threads recording (phase, kind, status, ms) per request."""

    def __init__(self, base: str, targets: dict, threads: int, seed: int):
        self.base, self.targets = base, targets
        self.phase = "warmup"
        self.records: list[tuple[str, str, int, float]] = []
        self.errors: Counter = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(seed + i,), daemon=True) for i in range(threads)]

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self._stop.is_set():
            kind, path = request_mix(rng, self.targets)
            phase = self.phase
            t = time.perf_counter()
            try:
                status, _ = _get(self.base + path)
            except Exception as err:  # connection refused/reset, timeout: a failed request
                status = -1
                with self._lock:
                    self.errors[f"{type(err).__name__}: {err}"[:120]] += 1
            ms = (time.perf_counter() - t) * 1000
            with self._lock:
                self.records.append((phase, kind, status, ms))

    def start(self) -> None:
        for th in self._threads:
            th.start()

    def stop(self) -> None:
        self._stop.set()
        for th in self._threads:
            th.join(timeout=TIMEOUT + 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_reindex", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=60.0, help="minimum load time (default 60)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop even if the reindex has not finished")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--server-threads", type=int, default=8, help="waitress threads (default 8)")
    parser.add_argument("--jobs", type=int, default=1, help="jobs of the reindex run under load (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the initial index even if one exists")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)

    from bench.generate import ensure_corpus
    from indexer.storage.store import IndexStore

    corpus = args.workdir / f"corpus-{args.articles}-s{args.seed}"
    index = args.workdir / f"load-index-{args.articles}"
    articles = ensure_corpus(corpus, args.articles, args.seed)
    if args.rebuild or not IndexStore(index).exists():
        shutil.rmtree(index, ignore_errors=True)
        t = time.perf_counter()
        built = subprocess.run(newsarchive("reindex", "--full", "--jobs", "2", corpus=corpus, index=index), capture_output=True, text=True)
        if built.returncode != 0:
            raise BenchError(f"initial reindex failed: {built.stderr.strip()[-300:]}")
        print(f"initial index built in {time.perf_counter() - t:.1f} s", flush=True)

    rng = random.Random(args.seed)
    with server(corpus, index, threads=args.server_threads) as (base, proc):
        targets = prepare_targets(base, articles, rng)
        load = Load(base, targets, args.threads, args.seed)
        load.start()
        time.sleep(3)
        rss_start, parts_start = rss_kb(proc.pid), rss_parts(proc.pid)
        gen_start = IndexStore(index).generation
        load.phase = "idle"
        t_idle = time.perf_counter()
        rss_peak = _sleep_sampling(args.seconds / 3, proc.pid, rss_start)
        load.phase = "during"
        t_reindex = time.perf_counter()
        reindex = subprocess.Popen(newsarchive("reindex", "--full", "--jobs", str(args.jobs), corpus=corpus, index=index),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = t_idle + args.max_seconds
        while reindex.poll() is None and time.perf_counter() < deadline:
            rss_peak = _sleep_sampling(1.0, proc.pid, rss_peak)
        if reindex.poll() is None:
            reindex.kill()
        out, err = reindex.communicate()
        reindex_secs = time.perf_counter() - t_reindex
        load.phase = "after"
        remaining = max(AFTER_MIN_SECONDS, args.seconds - (time.perf_counter() - t_idle))
        rss_peak = _sleep_sampling(remaining, proc.pid, rss_peak)
        load.stop()
        total_secs = time.perf_counter() - t_idle
        parts_end = rss_parts(proc.pid)
        gen_end = IndexStore(index).generation

    recs = [r for r in load.records if r[0] != "warmup"]
    by_phase = {ph: [r for r in recs if r[0] == ph] for ph in ("idle", "during", "after")}
    statuses = Counter(r[2] for r in recs)
    failed = sum(n for s, n in statuses.items() if s == -1 or s >= 400)
    five = sum(n for s, n in statuses.items() if s >= 500)
    p = {ph: percentiles([r[3] for r in rs]) for ph, rs in by_phase.items()}
    ratio = p["during"]["p95"] / p["idle"]["p95"] if p["idle"]["p95"] else float("inf")
    kinds = Counter(r[1] for r in recs)
    ok = failed == 0 and five == 0 and ratio <= 3.0 and reindex.returncode == 0 and gen_end != gen_start
    out_lines = [
        f"{args.threads} client threads against `newsarchive serve --threads {args.server_threads}` on {args.articles:,} synthetic "
        f"articles, {total_secs:.0f} s of load; `reindex --full --jobs {args.jobs}` ran {reindex_secs:.0f} s of it "
        f"(exit {reindex.returncode}; live generation {gen_start} → {gen_end}).",
        "",
        f"- requests: {len(recs)} ({len(recs) / total_secs:.1f}/s); idle {len(by_phase['idle'])} "
        f"({len(by_phase['idle']) / max(0.1, t_reindex - t_idle):.1f}/s), during reindex {len(by_phase['during'])} "
        f"({len(by_phase['during']) / max(0.1, reindex_secs):.1f}/s), after {len(by_phase['after'])}",
        f"- statuses: {dict(sorted(statuses.items()))}; failed requests: {failed}; 5xx: {five}"
        + (f"; errors: {dict(load.errors.most_common(3))}" if load.errors else ""),
        f"- latency idle: {fmt_ms(p['idle'])}",
        f"- latency during reindex: {fmt_ms(p['during'])} → p95 ratio {ratio:.2f} (bound ≤ 3)",
        f"- latency after the switch: {fmt_ms(p['after'])}",
        f"- server RSS at start: {fmt_rss(parts_start)}; after the load run: {fmt_rss(parts_end)}; "
        f"peak VmRSS sampled each second: {rss_peak / 1024:.0f} MB",
        f"- request mix: {dict(kinds.most_common())}",
        f"- verdict: {'PASS' if ok else 'FAIL'}",
    ]
    return finish(f"load_reindex ({args.articles:,} articles)", out_lines, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
