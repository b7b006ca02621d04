"""Property-based fuzzing with big budgets: the same properties as
``tests/test_fuzz_query.py``, ``tests/test_fuzz_parser.py``, ``tests/test_fuzz_web.py``
and ``tests/test_fuzz_records.py`` (hostile queries, pages, bytes, URL parameters
and JSON Lines records; no exception escapes, no 5xx), run with more examples each.

    python -m bench.fuzz [--examples 2000] [--only query|parser|web|records]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

from bench.common import ROOT, command_line, record_results
from bench.fuzzing import ENV_EXAMPLES

SUITES = {"query": "tests/test_fuzz_query.py", "parser": "tests/test_fuzz_parser.py", "web": "tests/test_fuzz_web.py",
          "records": "tests/test_fuzz_records.py"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property (default 2000)")
    parser.add_argument("--only", choices=sorted(SUITES), action="append", help="run only these suites")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    env = {**os.environ, ENV_EXAMPLES: str(args.examples)}
    rows, failures, ok = [], [], True
    for name in args.only or list(SUITES):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", SUITES[name], "-q", "-p", "no:cacheprovider",
                               "--hypothesis-show-statistics"], cwd=ROOT, env=env, capture_output=True, text=True)
        secs = time.perf_counter() - started
        summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
        # one "during generate phase" block per property; shrinking is not counted
        counts = [int(n) for n in re.findall(r"during generate phase[^\n]*\n(?:[^\n]*\n)*?\s*- (\d+) passing", proc.stdout)]
        passing, examples = len(counts), sum(counts)
        ok &= proc.returncode == 0
        rows.append(f"| {name} | `{SUITES[name]}` | {passing} properties, {examples} passing examples | {secs:.0f} s | {summary} |")
        print(rows[-1], flush=True)
        if proc.returncode != 0:
            print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n")
            for line in proc.stdout.splitlines():
                if line.startswith(("FAILED", "E       AssertionError")):
                    failures.append(f"- {name}: `{line.strip()[:220]}`")
    out = [f"Budget: {args.examples} examples per property.", "",
           "| suite | tests | examples | time | pytest |", "|---|---|---|---|---|", *rows, "", *failures, *([""] if failures else []),
           f"verdict: {'PASS' if ok else 'FAIL'}"]
    if not args.no_record:
        record_results("fuzz", command_line(), "\n".join(out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
