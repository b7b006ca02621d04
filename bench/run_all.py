"""``make bench``: every bench script with modest sizes, one after another,
each recording its figures in ``bench/RESULTS.md``. Exit 1 if any bound fails.

    python -m bench.run_all [--quick]

``--quick`` shrinks every size (a smoke run of a few minutes); the default
sizes take roughly 30–40 minutes on 2 cores (the 20,000-article load run alone
~15 min, and its server reached 13 GB RSS here). The 100,000-article target
run is separate: ``python -m bench.indexer_bench --articles 100000``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

STEPS = {
    # name: (default argv, quick argv)
    "indexer_bench": (["--articles", "10000"], ["--articles", "1000", "--recall", "50", "--repeat", "1"]),
    "load_reindex": (["--articles", "20000", "--seconds", "60"], ["--articles", "1000", "--seconds", "15"]),
    "crash_reindex": (["--kills", "20", "--articles", "1000"], ["--kills", "3", "--articles", "200"]),
    "fd_switches": (["--switches", "50"], ["--switches", "5"]),
    "bad_files": ([], []),
    "web_render": (["--rounds", "5"], ["--rounds", "2"]),
    "fuzz": (["--examples", "1000"], ["--examples", "100"]),
    "heavy_load": (["--articles", "20000", "--seconds", "20"], ["--articles", "1000", "--seconds", "5"]),
    "slow_clients": ([], ["--seconds", "8"]),
    "pathological": ([], ["--mb", "0.5", "2"]),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", choices=sorted(STEPS), action="append")
    args = parser.parse_args(argv)
    results = []
    for name in args.only or list(STEPS):
        argv_ = STEPS[name][1 if args.quick else 0]
        if args.quick:
            argv_ = [*argv_, "--no-record"]
        print(f"\n=== bench.{name} {' '.join(argv_)}", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", f"bench.{name}", *argv_]).returncode
        results.append((name, code, time.perf_counter() - started))
    print("\n=== summary")
    for name, code, secs in results:
        print(f"bench.{name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {secs:.0f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
