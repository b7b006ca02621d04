"""Crash safety of ``newsarchive reindex --full``: SIGKILL it at random moments
(issue 6). After each kill, a long-lived `IndexStore` (what a running server
holds) and a fresh one must both answer from a complete index (same document
count and the same article ids as before), and the next reindex must complete
without manual clean-up. At the end a full reindex runs to completion and no
previously indexed article id may be missing.

    python -m bench.crash_reindex [--kills 20] [--articles 1000] [--jobs 1] [--seed 0]

Only the reindex process is signalled (like ``kill -9 <pid>``); with
``--jobs 2`` its worker processes are reported if they outlive it, then ended
by their process ids.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.common import WORK_DIR, BenchError, command_line, descendants, newsarchive, record_results


def index_ids(store) -> tuple[int, set[str]]:
    """(document count, ids of all documents) of the live generation."""
    with store.searcher() as s:
        ids = {json.loads(fields["record"])["id"] for fields in s.all_stored_fields()}
        return s.doc_count(), ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash_reindex", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill moments and of the corpus")
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)

    from bench.generate import ensure_corpus
    from indexer.storage.store import IndexStore, building_dirs, generation_dirs

    corpus = args.workdir / f"corpus-{args.articles}-s{args.seed}"
    index = args.workdir / f"crash-index-j{args.jobs}"
    ensure_corpus(corpus, args.articles, args.seed)
    shutil.rmtree(index, ignore_errors=True)
    full = newsarchive("reindex", "--full", "--jobs", str(args.jobs), corpus=corpus, index=index)

    t0 = time.perf_counter()
    first = subprocess.run(full, capture_output=True, text=True)
    full_secs = time.perf_counter() - t0
    if first.returncode != 0:
        raise BenchError(f"initial reindex failed ({first.returncode}): {first.stderr.strip()[-300:]}")
    server_store = IndexStore(index)  # held across all kills, like a running server
    count0, ids0 = index_ids(server_store)
    print(f"initial full reindex: {count0} documents in {full_secs:.1f} s; killing {args.kills} times", flush=True)

    rng = random.Random(args.seed)
    rows, failures = [], 0
    for k in range(1, args.kills + 1):
        delay = rng.uniform(0.05, full_secs * 1.05)
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        gen_before = server_store.generation
        time.sleep(delay)
        family = descendants(proc.pid)
        finished_first = proc.poll() is not None
        if not finished_first:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.3)
        orphans = [p for p in family if p != proc.pid and _alive(p)]
        # Does the next reindex work while any orphans still live? (incremental: quick when nothing changed)
        nxt = subprocess.run(newsarchive("reindex", corpus=corpus, index=index), capture_output=True, text=True)
        for p in orphans:  # clean up what we started, by id
            with _quiet():
                os.kill(p, signal.SIGKILL)
        n_live, ids_live = index_ids(server_store)
        fresh = IndexStore(index)
        n_fresh, ids_fresh = index_ids(fresh)
        fresh.close()
        ok = n_live == count0 and n_fresh == count0 and ids_live == ids0 and ids_fresh == ids0 and nxt.returncode == 0
        failures += not ok
        gen_after = server_store.generation
        rows.append(
            f"| {k} | {delay:.2f} s | {'finished before kill' if finished_first else 'SIGKILL'} | "
            f"{gen_before}→{gen_after} | {n_live} / {n_fresh} | {'same' if ids_fresh == ids0 else 'DIFFERENT'} | "
            f"{len(orphans)} | {nxt.returncode}: {_last_line(nxt)[:70]} | {'ok' if ok else 'FAIL'} |"
        )
        print(rows[-1], flush=True)

    final = subprocess.run(full, capture_output=True, text=True)
    fresh = IndexStore(index)
    n_final, ids_final = index_ids(fresh)
    fresh.close()
    missing = ids0 - ids_final
    leftovers = [p.name for p in building_dirs(index)]
    server_store.close()
    ok = failures == 0 and final.returncode == 0 and not missing and n_final == count0
    out = [
        f"{args.kills} SIGKILLs of `newsarchive reindex --full --jobs {args.jobs}` on {args.articles} synthetic articles "
        f"({count0} documents; an uninterrupted run takes {full_secs:.1f} s; kill moments uniform in 0.05–{full_secs * 1.05:.1f} s):",
        "",
        "| # | killed after | outcome | live generation | docs (held store / fresh store) | ids | orphan workers | next reindex exit | check |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"- final full reindex: exit {final.returncode}; {n_final} documents (before: {count0}); "
        f"article ids missing: {len(missing)}; half-built directories left: {leftovers or 'none'}; "
        f"generation directories on disk: {len(generation_dirs(index))}",
        f"- verdict: {'PASS' if ok else 'FAIL'} ({failures} failed checks of {args.kills})",
    ]
    print("\n".join(out[-2:]))
    if not args.no_record:
        record_results(f"crash_reindex (jobs {args.jobs})", command_line(), "\n".join(out))
    return 0 if ok else 1


def _last_line(proc: subprocess.CompletedProcess) -> str:
    text = (proc.stdout if proc.returncode == 0 else proc.stderr) or ""
    return (text.strip().splitlines() or [""])[-1].replace("|", "/")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class _quiet:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, OSError)


if __name__ == "__main__":
    sys.exit(main())
