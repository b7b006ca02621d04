"""Indexer benchmark: reindex throughput, index size, memory, query latency and
fragment recall, for our indexer and for the naive baseline (`bench.naive`),
on a generated synthetic corpus. Prints the figures and records them in
``bench/RESULTS.md``.

    python -m bench.indexer_bench [--articles 10000] [--seed 0] [--workdir var/bench]

Targets at 100,000 articles: search with facets p50 <= 25 ms and p95 <= 100 ms;
reindex >= 150 articles/s with 2 jobs; fragment recall 1.00.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    WORK_DIR,
    BenchError,
    command_line,
    dir_size,
    fmt_ms,
    newsarchive,
    percentiles,
    record_results,
    run_timed,
)

COMMON_WORDS = ("发展", "企业", "工作", "建设", "项目", "群众", "产业", "推进")
COMMON_PAIRS = ("发展 企业", "项目 建设", "工作 群众", "产业 推进")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
TARGET_P50_MS, TARGET_P95_MS, TARGET_RATE_2JOBS = 25.0, 100.0, 150.0


@dataclass(frozen=True)
class Query:
    kind: str  # common | pair | rare | phrase | name
    q: str
    county: str | None = None


# ------------------------------------------------------------------ corpus truth
def parsed_article(corpus_dir: Path, art: dict):
    """The `Article` the archive layer makes of generated article ``art`` (or None)."""
    from archive.parser import parse_file

    page = parse_file(corpus_dir / art["page_path"], corpus_dir)
    for a in page.articles:
        if a.title == art["title"]:
            return a
    return None


def query_mix(articles: list[dict], seed: int) -> list[Query]:
    """A fixed mix: common words, word pairs, rare words, quoted phrases and
    injected names, each once without and once with a county filter."""

    rng = random.Random(seed + 1)
    rare_words = _rare_words()
    sample = rng.sample(articles, min(400, len(articles)))
    rare: list[tuple[str, str]] = []
    for a in sample:
        for run in _CJK_RUN.findall(a["body"][len(a["dateline"]):]):
            for i in range(0, len(run) - 2, 5):
                for k in (3, 4):
                    if run[i:i + k] in rare_words and len(rare) < 8 and all(run[i:i + k] != r for r, _ in rare):
                        rare.append((run[i:i + k], a["county"]))
    phrases = []
    for a in sample[:8]:
        runs = [r for r in _CJK_RUN.findall(a["body"][len(a["dateline"]):]) if len(r) >= 6]
        run = rng.choice(runs)
        start = rng.randrange(len(run) - 5)
        phrases.append((f'"{run[start:start + rng.randint(4, 6)]}"', a["county"]))
    names = [(a["names"][0], a["county"]) for a in sample if a["names"]][:8]
    base: list[tuple[str, str, str]] = []
    base += [("common", w, sample[i]["county"]) for i, w in enumerate(COMMON_WORDS)]
    base += [("pair", w, sample[i + 10]["county"]) for i, w in enumerate(COMMON_PAIRS)]
    base += [("rare", w, c) for w, c in rare]
    base += [("phrase", w, c) for w, c in phrases]
    base += [("name", w, c) for w, c in names]
    return [Query(kind, q) for kind, q, _ in base] + [Query(kind + "+county", q, c) for kind, q, c in base]


def _rare_words() -> set[str]:
    import jieba

    out = set()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if 3 <= len(parts[0]) <= 4 and 3 <= int(parts[1]) <= 20:
                out.add(parts[0])
    return out


def recall_samples(corpus_dir: Path, articles: list[dict], n: int, seed: int) -> list[tuple[str, object]]:
    """``n`` (fragment, Article) pairs: a random 2–4 character CJK fragment of a
    random article's title or body, as the archive layer parsed it."""
    rng = random.Random(seed + 2)
    out = []
    for art in rng.sample(articles, min(n, len(articles))):
        parsed = parsed_article(corpus_dir, art)
        if parsed is None:
            continue
        runs = _CJK_RUN.findall(f"{parsed.title or ''}\n{parsed.body}")
        run = rng.choice(runs)
        k = min(len(run), rng.randint(2, 4))
        start = rng.randrange(len(run) - k + 1)
        out.append((run[start:start + k], parsed))
    return out


# ------------------------------------------------------------------ measuring
def reindex_figures(corpus_dir: Path, workdir: Path, n: int, jobs: int) -> dict:
    index_dir = workdir / f"index-{n}-j{jobs}"
    shutil.rmtree(index_dir, ignore_errors=True)
    proc, secs, peak_kb = run_timed(newsarchive("reindex", "--full", "--jobs", str(jobs), corpus=corpus_dir, index=index_dir))
    if proc.returncode != 0:
        raise BenchError(f"reindex --jobs {jobs} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    from indexer.storage.store import IndexStore

    size = dir_size(IndexStore(index_dir).path_of_live())
    return {"index": index_dir, "seconds": secs, "rate": n / secs, "bytes": size, "peak_kb": peak_kb,
            "summary": proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""}


def naive_figures(corpus_dir: Path, workdir: Path, n: int, procs: int) -> dict:
    index_dir = workdir / f"naive-{n}-p{procs}"
    proc, secs, peak_kb = run_timed([sys.executable, "-m", "bench.naive", "build", str(corpus_dir), str(index_dir), "--procs", str(procs)])
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return {"index": index_dir, "seconds": secs, "rate": n / secs, "bytes": dir_size(index_dir), "peak_kb": peak_kb}


def ours_latency(index_dir: Path, queries: list[Query], repeat: int) -> tuple[dict, dict, dict]:
    """(warm percentiles, cold percentiles, warm per kind) for our search with facets."""
    from indexer.results import SearchRequest
    from indexer.search import search
    from indexer.storage.store import IndexStore

    store = IndexStore(index_dir)
    for q in queries:  # warm-up: jieba, caches, page cache
        search(store, SearchRequest(q=q.q, county=q.county))
    warm, by_kind = [], {}
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            result = search(store, SearchRequest(q=q.q, county=q.county))
            ms = (time.perf_counter() - t) * 1000
            assert result.facets is not None
            warm.append(ms)
            by_kind.setdefault(q.kind, []).append(ms)
    store.close()
    cold = []
    for q in queries:
        t = time.perf_counter()
        fresh = IndexStore(index_dir)
        search(fresh, SearchRequest(q=q.q, county=q.county))
        cold.append((time.perf_counter() - t) * 1000)
        fresh.close()
    return percentiles(warm), percentiles(cold), {k: percentiles(v) for k, v in by_kind.items()}


def naive_latency(index_dir: Path, queries: list[Query], repeat: int) -> tuple[dict, dict, dict]:
    from bench.naive import NaiveSearcher

    ns = NaiveSearcher(index_dir)
    for q in queries:
        ns.search(q.q, q.county)
    warm, by_kind = [], {}
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            ns.search(q.q, q.county)
            ms = (time.perf_counter() - t) * 1000
            warm.append(ms)
            by_kind.setdefault(q.kind, []).append(ms)
    ns.close()
    cold = []
    for q in queries:
        t = time.perf_counter()
        fresh = NaiveSearcher(index_dir)
        fresh.search(q.q, q.county)
        cold.append((time.perf_counter() - t) * 1000)
        fresh.close()
    return percentiles(warm), percentiles(cold), {k: percentiles(v) for k, v in by_kind.items()}


def fresh_process(index_dir: Path, q: str, naive: bool) -> dict:
    """Open the index and run one query in a new interpreter: ms to open, ms for the first query."""
    argv = [sys.executable, "-m", "bench.indexer_bench", "--probe", str(index_dir), q] + (["--naive"] if naive else [])
    out = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise BenchError(f"probe failed: {out.stderr.strip()[-300:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _probe(index_dir: str, q: str, naive: bool) -> None:
    t0 = time.perf_counter()
    if naive:
        from bench.naive import NaiveSearcher

        ns = NaiveSearcher(index_dir)
        t1 = time.perf_counter()
        ns.search(q)
    else:
        from indexer.results import SearchRequest
        from indexer.search import search
        from indexer.storage.store import IndexStore

        store = IndexStore(index_dir)
        t1 = time.perf_counter()
        search(store, SearchRequest(q=q))
    t2 = time.perf_counter()
    print(json.dumps({"open_ms": (t1 - t0) * 1000, "first_query_ms": (t2 - t1) * 1000}))


def ours_recall(index_dir: Path, samples) -> float:
    from indexer.limits import MAX_PAGE_SIZE
    from indexer.results import SearchRequest
    from indexer.search import search
    from indexer.storage.store import IndexStore

    store = IndexStore(index_dir)
    found = 0
    for frag, art in samples:
        date = art.meta.date
        result = search(store, SearchRequest(q=frag, paper=art.meta.paper, date_from=date, date_to=date, page_size=MAX_PAGE_SIZE))
        found += any(h.id == art.id for h in result.hits)
    store.close()
    return found / max(1, len(samples))


def naive_recall(index_dir: Path, samples) -> float:
    from bench.naive import NaiveSearcher

    ns = NaiveSearcher(index_dir)
    found = sum(ns.matches(frag, art.id) for frag, art in samples)
    ns.close()
    return found / max(1, len(samples))


# ------------------------------------------------------------------ report
def ratio(ours: float, naive: float | None) -> str:
    return f"{ours / naive:.2f}×" if naive else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.indexer_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000, help="synthetic articles (default 10000; target run 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=WORK_DIR, help=f"corpora and indexes (default {WORK_DIR})")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes over the query mix (default 3)")
    parser.add_argument("--recall", type=int, default=200, help="random fragments for the recall check (default 200)")
    parser.add_argument("--jobs", default="1,2", help="reindex job counts to measure (default 1,2)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument("--probe", nargs=2, metavar=("INDEX", "QUERY"), help=argparse.SUPPRESS)
    parser.add_argument("--naive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        _probe(args.probe[0], args.probe[1], args.naive)
        return 0

    from bench.generate import ensure_corpus

    n = args.articles
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus_dir = args.workdir / f"corpus-{n}-s{args.seed}"
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    t = time.perf_counter()
    articles = ensure_corpus(corpus_dir, n, args.seed)
    print(f"corpus: {n} synthetic articles in {corpus_dir} ({time.perf_counter() - t:.1f} s)", flush=True)

    jobs_list = [int(j) for j in args.jobs.split(",") if j.strip()]
    ours = {j: reindex_figures(corpus_dir, args.workdir, n, j) for j in jobs_list}
    naive = {}
    if not args.no_naive:
        for p in jobs_list:
            naive[p] = naive_figures(corpus_dir, args.workdir, n, p)

    say(f"### {n:,} synthetic articles (seed {args.seed})")
    say()
    say("| figure | ours | naive | ours/naive |")
    say("|---|---|---|---|")
    for j in jobs_list:
        o, nv = ours[j], naive.get(j, {})
        say(f"| reindex, {j} job(s): articles/s | {o['rate']:.0f} ({o['seconds']:.1f} s) | "
            f"{nv.get('rate', 0):.0f} ({nv.get('seconds', 0):.1f} s){' ' + nv['error'] if 'error' in nv else ''} | {ratio(o['rate'], nv.get('rate'))} |")
        say(f"| peak memory (process tree RSS), {j} job(s) | {o['peak_kb'] / 1024:.0f} MB | {nv.get('peak_kb', 0) / 1024:.0f} MB | "
            f"{ratio(o['peak_kb'], nv.get('peak_kb'))} |")
    o, nv = ours[jobs_list[-1]], naive.get(jobs_list[-1], naive.get(1, {}))
    say(f"| index size | {o['bytes'] / 1e6:.1f} MB | {nv.get('bytes', 0) / 1e6:.1f} MB | {ratio(o['bytes'], nv.get('bytes'))} |")
    say(f"| index size per 1,000 articles | {o['bytes'] / 1e6 / n * 1000:.2f} MB | {nv.get('bytes', 0) / 1e6 / n * 1000:.2f} MB | |")

    queries = query_mix(articles, args.seed)
    ow, oc, ok = ours_latency(o["index"], queries, args.repeat)
    nw = nc = nk = None
    if nv.get("index"):
        nw, nc, nk = naive_latency(nv["index"], queries, args.repeat)
    for label, a, b in (("search+facets warm p50 (ms)", ow["p50"], nw and nw["p50"]),
                        ("search+facets warm p95 (ms)", ow["p95"], nw and nw["p95"]),
                        ("search+facets warm p99 (ms)", ow["p99"], nw and nw["p99"]),
                        ("cold (fresh IndexStore) p50 (ms)", oc["p50"], nc and nc["p50"]),
                        ("cold (fresh IndexStore) p95 (ms)", oc["p95"], nc and nc["p95"])):
        say(f"| {label} | {a:.1f} | {b if b is None else f'{b:.1f}'} | {ratio(a, b)} |")
    probe_q = COMMON_WORDS[0]
    po = fresh_process(o["index"], probe_q, naive=False)
    pn = fresh_process(nv["index"], probe_q, naive=True) if nv.get("index") else None
    say(f"| fresh process: open index (ms) | {po['open_ms']:.0f} | {pn and round(pn['open_ms'])} | {ratio(po['open_ms'], pn and pn['open_ms'])} |")
    say(f"| fresh process: first query `{probe_q}` incl. jieba load (ms) | {po['first_query_ms']:.0f} | "
        f"{pn and round(pn['first_query_ms'])} | {ratio(po['first_query_ms'], pn and pn['first_query_ms'])} |")

    samples = recall_samples(corpus_dir, articles, args.recall, args.seed)
    r_ours = ours_recall(o["index"], samples)
    r_naive = naive_recall(nv["index"], samples) if nv.get("index") else None
    say(f"| recall of {len(samples)} random 2–4 char fragments | {r_ours:.2f} | {r_naive if r_naive is None else f'{r_naive:.2f}'} | |")
    say()
    say(f"Warm latency by query kind (ours; {len(queries)} queries × {args.repeat} passes, default page size, all facets):")
    say()
    for kind, p in sorted(ok.items()):
        extra = f"; naive {fmt_ms(nk[kind])}" if nk and kind in nk else ""
        say(f"- {kind}: {fmt_ms(p)}{extra}")
    say()
    verdicts = [
        ("search p50 <= 25 ms", ow["p50"] <= TARGET_P50_MS),
        ("search p95 <= 100 ms", ow["p95"] <= TARGET_P95_MS),
        ("recall 1.00", r_ours >= 1.0),
    ]
    if 2 in ours:
        verdicts.append(("reindex >= 150 articles/s with 2 jobs", ours[2]["rate"] >= TARGET_RATE_2JOBS))
    say(f"Targets (stated for 100,000 articles; measured here at {n:,}): "
        + "; ".join(f"{name}: {'met' if ok_ else 'NOT met'}" for name, ok_ in verdicts))
    if not args.no_record:
        record_results(f"indexer_bench ({n:,} articles)", command_line(), "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
