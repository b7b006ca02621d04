"""A corpus of bad files beside good pages: each bad file must give one clear
error naming it, the good pages must be indexed, and ``newsarchive reindex``
must exit 1 (issue 6 §3).

    python -m bench.bad_files [--workdir var/bench] [--big-mb 50]

`make_bad_corpus` is also used by ``tests/test_bad_files.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.common import WORK_DIR, finish, newsarchive

SEED_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOOD_TEXT = "本报永新讯(记者 张三)永新县锂电产业持续壮大，华昊锂电新增生产线全线投产。\n"


@dataclass(frozen=True)
class BadFile:
    relpath: str  # the file a reader must see named in the error
    what: str  # what is wrong with it, for the report
    skipped: str | None = None  # why this case cannot be made here (e.g. running as root)


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def make_bad_corpus(root: str | os.PathLike, *, big_mb: int = 50, good_pages: int = 3) -> tuple[list[BadFile], list[str]]:
    """Write bad files and good pages under ``root``; return (bad files, good page relpaths).

    Good pages: the two seed pages and ``good_pages`` small synthetic pages.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    good: list[str] = []
    for seed in sorted(SEED_CORPUS.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
        if seed.with_suffix(".toml").exists():
            shutil.copy(seed.with_suffix(".toml"), root / seed.with_suffix(".toml").name)
        good.append(seed.name)
    for i in range(good_pages):
        (root / f"good_{i}.txt").write_text(f"合成测试新闻{i}\n\n" + GOOD_TEXT * (i + 1), encoding="utf-8")
        good.append(f"good_{i}.txt")

    bad: list[BadFile] = []

    def add(rel: str, what: str, data: bytes | None = None, skipped: str | None = None) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        bad.append(BadFile(rel, what, skipped))
        return path

    add("bad/binary.txt", "binary (PNG header and random bytes with NULs)", b"\x89PNG\r\n\x1a\n" + rng.randbytes(4096))
    gbk = ("本报宜丰讯(记者 李四)宜丰县举办宣讲活动。" * 20).encode("gbk")
    add("bad/truncated_gbk.txt", "GBK text cut in the middle of a character", gbk[:-1])
    add("bad/utf16_no_bom.txt", "UTF-16 LE without a byte-order mark", ("第1版\n" + GOOD_TEXT * 5).encode("utf-16-le"))
    add("bad/empty.txt", "0 bytes", b"")
    with open(add("bad/oversized.txt", f"{big_mb} MB of text"), "wb") as fh:
        chunk = (GOOD_TEXT * 1000).encode("utf-8")
        for _ in range(big_mb * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    (root / "bad" / "broken_sidecar.txt").write_text("合成测试标题\n\n" + GOOD_TEXT, encoding="utf-8")
    add("bad/broken_sidecar.toml", "sidecar with broken TOML (page bad/broken_sidecar.txt)",
        b'paper = "\xe5\x90\x88\xe6\x88\x90\nDATE = = 2020-13-01\n[[\n')
    bad[-1] = BadFile("bad/broken_sidecar.txt", bad[-1].what)  # the page is what fails; its sidecar is the cause
    unreadable = add("bad/no_permission.txt", "file without read permission", GOOD_TEXT.encode("utf-8"))
    os.chmod(unreadable, 0)
    if running_as_root():
        bad[-1] = BadFile(bad[-1].relpath, bad[-1].what, "running as root: chmod 000 does not stop root from reading")
    loop_a, loop_b = root / "bad" / "loop_a.txt", root / "bad" / "loop_b.txt"
    os.symlink(loop_b.name, loop_a)
    os.symlink(loop_a.name, loop_b)
    bad += [BadFile("bad/loop_a.txt", "symlink loop"), BadFile("bad/loop_b.txt", "symlink loop")]
    return bad, good


def check_reindex_output(stderr: str, bad: list[BadFile]) -> dict[str, list[str]]:
    """Lines of ``stderr`` naming each bad file (expected: exactly one per file that is not skipped)."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return {b.relpath: [ln for ln in lines if b.relpath in ln] for b in bad}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bad_files", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=WORK_DIR)
    parser.add_argument("--big-mb", type=int, default=50, help="size of the oversized file (default 50)")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    corpus = args.workdir / "bad-corpus"
    index = args.workdir / "bad-index"
    for d in (corpus, index):
        if d.exists():
            for p in d.rglob("*"):  # make the chmod-000 file removable
                if p.is_file() and not p.is_symlink():
                    os.chmod(p, 0o644)
            shutil.rmtree(d)
    bad, good = make_bad_corpus(corpus, big_mb=args.big_mb)
    proc = subprocess.run(newsarchive("reindex", "--full", corpus=corpus, index=index), capture_output=True, text=True)
    named = check_reindex_output(proc.stderr, bad)
    out = [f"`newsarchive reindex --full` on {len(good)} good pages + {len(bad)} bad files: exit code {proc.returncode} (want 1)", ""]
    out.append("| bad file | problem | error lines naming it | message |")
    out.append("|---|---|---|---|")
    ok = proc.returncode == 1
    for b in bad:
        lines = named[b.relpath]
        if b.skipped:
            verdict = f"skipped: {b.skipped}"
        else:
            verdict = str(len(lines))
            ok &= len(lines) == 1
        msg = lines[0].replace("|", "\\|")[:160] if lines else ""
        out.append(f"| `{b.relpath}` | {b.what} | {verdict} | {msg} |")
    out.append("")
    out.append(f"summary line: {proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else '(none)'}")
    from indexer.storage.store import IndexStore

    store = IndexStore(index)
    indexed = 0
    if store.exists():
        with store.searcher() as s:
            indexed = s.doc_count()
    out.append(f"documents in the index: {indexed} (from {len(good)} good pages)")
    ok &= indexed > 0
    out.append(f"verdict: {'PASS' if ok else 'FAIL'}")
    return finish("bad_files", out, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
