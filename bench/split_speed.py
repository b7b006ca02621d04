"""Page-splitting speed on the seed pages (issue 11: within 1.5x of before).

    python -m bench.split_speed [--repeat 60] [--baseline DIR] [--no-record]

Times `archive.segment.split_page` on each page of ``corpus/`` in CPU time
(the machine is shared: wall time mostly measures the neighbours) and prints
the median and the best run per page. ``--baseline DIR`` times the same pages
with the ``archive`` package of another checkout (e.g. ``/work/main``) in a
child process, run alternately with this one, and prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import finish

ROOT = Path(__file__).resolve().parent.parent
TIMER = """
import json, statistics, sys, time
from archive.reading import read_text
from archive.segment import split_page
out = {}
for path in sys.argv[2:]:
    text = read_text(path)
    for _ in range(3):
        split_page(text)
    runs = []
    for _ in range(int(sys.argv[1])):
        t0 = time.process_time()
        split_page(text)
        runs.append((time.process_time() - t0) * 1000)
    out[path] = [statistics.median(runs), min(runs)]
print(json.dumps(out))
"""


def time_pages(code_dir: Path, pages: list[str], repeat: int) -> dict[str, list[float]]:
    """{page: [median ms, best ms]} with the ``archive`` package found in ``code_dir``."""
    done = subprocess.run([sys.executable, "-c", TIMER, str(repeat), *pages], cwd=code_dir,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--baseline", type=Path, help="another checkout whose archive/ is timed too")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    pages = sorted(str(p) for p in (ROOT / "corpus").glob("*.txt"))
    ours: list[dict] = []
    base: list[dict] = []
    for _ in range(3):  # alternate, so both see the same load
        ours.append(time_pages(ROOT, pages, args.repeat // 3))
        if args.baseline:
            base.append(time_pages(args.baseline, pages, args.repeat // 3))
    lines = ["| page | bytes | median ms (CPU) | best ms |" + (" baseline median | ratio |" if base else ""),
             "|---|---|---|---|" + ("---|---|" if base else "")]
    for page in pages:
        med = statistics.median(r[page][0] for r in ours)
        best = min(r[page][1] for r in ours)
        row = f"| {Path(page).name} | {Path(page).stat().st_size} | {med:.1f} | {best:.1f} |"
        if base:
            bmed = statistics.median(r[page][0] for r in base)
            row += f" {bmed:.1f} | {med / bmed:.2f} |"
        lines.append(row)
    return finish("split_speed", lines, ok=True, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
