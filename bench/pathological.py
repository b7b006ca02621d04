"""Pathological pages (issue 13, point 8): time and peak memory of
``newsarchive parse`` on hand-made worst cases of a given size, each in its own
process, at two sizes to show how they grow.

    python -m bench.pathological [--mb 0.5 2 20] [--timeout 180]

Shapes: one character per line, the same with a blank line after each (PDF
layout), one line without a break, CJK characters separated by spaces (PDF
justification), dateline/byline lines over and over, short title-like lines,
and ordinary synthetic articles repeated.  A page refused by a limit
(`archive.corpus.PAGE_MAX_BYTES`, `archive.parser.MAX_PAGE_LINES`) shows the
error instead.  Bound: every page, at every size, is parsed or refused with an
error naming the limit in under 60 s and 1 GB (a process start included).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from bench.common import WORK_DIR, finish, run_timed

MAX_SECONDS, MAX_MB = 60.0, 1024.0


def _ordinary(n: int, rng: random.Random) -> str:
    """Synthetic articles (`bench.generate`), one page's worth repeated up to ``n`` bytes."""
    from bench.generate import generate_articles, page_text

    page = page_text(generate_articles(40, seed=0, articles_per_page=40)) + "\n\n"
    return page * max(1, n // len(page.encode("utf-8")))


SHAPES = {
    "one character per line": lambda n, rng: "字\n" * (n // 4),
    "one character, blank line (PDF)": lambda n, rng: "字\n\n" * (n // 5),
    "one line, no break": lambda n, rng: "".join(rng.choice("锂电池产业发展项目建设，。") for _ in range(n // 3)),
    "spaced CJK (PDF justification)": lambda n, rng: " ".join(rng.choice("也大幅提升于年落户") for _ in range(n // 4)),
    "dateline lines": lambda n, rng: "本报永新讯(全媒体记者刘靖雯 通讯员韩玉群)\n" * (n // 62),
    "short title-like lines": lambda n, rng: "".join(f"宜丰县第{i}项工作会议召开\n" for i in range(n // 36)),
    "ordinary articles repeated": _ordinary,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pathological", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[0.5, 2.0, 20.0], help="page sizes in MB (UTF-8 bytes)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a parse is killed")
    parser.add_argument("--only", help="run only shapes whose name contains this")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    workdir = WORK_DIR / "pathological"
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    lines = ["| page | size | time | peak memory | outcome |", "|---|---|---|---|---|"]
    ok = True
    from bench.common import newsarchive

    for name, make in SHAPES.items():
        if args.only and args.only not in name:
            continue
        for mb in args.mb:
            text = make(int(mb * 1024 * 1024), rng)
            path = workdir / f"{name.split()[0]}-{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            argv_ = newsarchive("parse", str(path), corpus=workdir, index=workdir / "no-index")
            try:
                proc, secs, peak_kb = run_timed(argv_, timeout=args.timeout)
                outcome = "parsed" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1][:120]
            except Exception as err:  # a timeout: the page is too slow
                secs, peak_kb, outcome = args.timeout, 0, f"killed: {type(err).__name__}"
            path.unlink()
            ok &= secs < MAX_SECONDS and peak_kb / 1024 < MAX_MB and not outcome.startswith("killed")
            lines.append(f"| {name} | {size / 1e6:.1f} MB | {secs:.1f} s | {peak_kb / 1024:.0f} MB | {outcome} |")
            print(lines[-1], flush=True)
    lines += ["", f"bound: every page parsed or refused in under {MAX_SECONDS:.0f} s and {MAX_MB:.0f} MB: {'PASS' if ok else 'FAIL'}"]
    return finish("pathological", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
