"""Helpers shared by the bench scripts: work directories, percentiles, memory
and size figures, the `newsarchive` CLI as a subprocess, a loopback server,
and the figures section of ``bench/RESULTS.md``."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_MD = Path(__file__).resolve().with_name("RESULTS.md")
#: Default work directory (corpora and indexes); ``var/`` is ignored by git.
WORK_DIR = ROOT / "var" / "bench"
#: The console script of the virtualenv running this script (falls back to `python -m web.cli`).
NEWSARCHIVE = [str(Path(sys.executable).with_name("newsarchive"))] if Path(sys.executable).with_name("newsarchive").exists() \
    else [sys.executable, "-m", "web.cli"]
LOOPBACK = "127.0.0.1"

# Subprocesses (`newsarchive …`, `python -m bench.…`) import this checkout's
# packages whatever their working directory: an editable install made while
# `web/` had no `__init__.py` maps it as a namespace package, and then
# `from web import create_app` fails outside the repository root.
if str(ROOT) not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


class BenchError(Exception):
    """A bench script could not run (server did not start, reindex failed …)."""


# ------------------------------------------------------------------ figures
def percentiles(values: list[float]) -> dict[str, float]:
    """``{"n", "p50", "p95", "p99", "max"}`` of ``values`` (inclusive method); zeros when empty."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    if len(values) == 1:
        v = values[0]
        return {"n": 1, "p50": v, "p95": v, "p99": v, "max": v}
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50": q[49], "p95": q[94], "p99": q[98], "max": max(values)}


def fmt_ms(p: dict[str, float]) -> str:
    return f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms, p99 {p['p99']:.1f} ms (n={p['n']})"


def dir_size(path: str | os.PathLike) -> int:
    """Total bytes of the regular files under ``path``."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def rss_kb(pid: int) -> int:
    """Resident set size of one process (``VmRSS`` of ``/proc/<pid>/status``), 0 when gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_kb(pid: int, table: str, keys: tuple[str, ...]) -> dict[str, int]:
    """The fields ``keys`` (values in kB) of ``/proc/<pid>/<table>``; {} when the process is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/{table}", encoding="ascii", errors="replace") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in keys:
                    out[key] = int(line.split()[1])
    except OSError:
        pass
    return out


def rss_parts(pid: int) -> dict[str, int]:
    """``VmRSS``, ``RssAnon`` (heap: the real cost) and ``RssFile`` (mapped files such
    as an mmapped index, reclaimable) of one process, in kB; {} when gone."""
    return proc_kb(pid, "status", ("VmRSS", "RssAnon", "RssFile", "RssShmem"))


def fmt_rss(parts: dict[str, int]) -> str:
    if not parts:
        return "n/a"
    return (f"{parts.get('VmRSS', 0) / 1024:.0f} MB (anonymous {parts.get('RssAnon', 0) / 1024:.0f} MB, "
            f"mapped files {parts.get('RssFile', 0) / 1024:.0f} MB)")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from the parent ids in ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class TreeMemory:
    """Samples the summed RSS of a process and its descendants in a thread;
    ``peak_kb`` is the largest sum seen."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(rss_kb(p) for p in descendants(self.pid)))
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.1f} MB"


# ------------------------------------------------------------------ CLI
def newsarchive(*args: str, corpus: str | os.PathLike, index: str | os.PathLike) -> list[str]:
    """The argv of ``newsarchive --corpus C --index I ARGS…``."""
    return [*NEWSARCHIVE, "--corpus", str(corpus), "--index", str(index), *args]


def run_timed(argv: list[str], *, timeout: float = 3600) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run ``argv``; return (completed process, wall seconds, peak RSS of its process tree in kB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as mem:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise BenchError(f"{shlex.join(argv)}: timed out after {timeout:.0f} s") from None
    elapsed = time.perf_counter() - started
    return subprocess.CompletedProcess(argv, proc.returncode, out, err), elapsed, mem.peak_kb


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(corpus: str | os.PathLike, index: str | os.PathLike, *, threads: int = 8, workers: int = 1,
           ready_timeout: float = 60, extra: tuple[str, ...] = ()):
    """``newsarchive serve`` (``workers`` processes) on 127.0.0.1 and a free port (``extra``: more
    ``serve`` options); yields ``(base_url, process)``.

    Stopped with SIGTERM (then SIGKILL) on exit; only this process is signalled.
    """
    port = free_port()
    argv = newsarchive("serve", "--host", LOOPBACK, "--port", str(port), "--threads", str(threads),
                       "--workers", str(workers), *extra, corpus=corpus, index=index)
    log = open(Path(index).parent / f"serve-{port}.log", "w", encoding="utf-8")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise BenchError(f"server exited with code {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(base + "/api/counties", timeout=5) as resp:
                    resp.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(f"server on {base} not ready after {ready_timeout:.0f} s; see {log.name}") from None
                time.sleep(0.3)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


# ------------------------------------------------------------------ RESULTS.md
def record_results(name: str, command: str, body: str, path: Path = RESULTS_MD) -> None:
    """Replace (or append) the section ``name`` of RESULTS.md with ``body``,
    headed by the exact command and today's date."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    section = (f"{begin}\n## {name}\n\nCommand: `{command}`  \nDate: {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}"
               f" · host: {os.cpu_count()} CPUs (shared)\n\n{body.rstrip()}\n{end}")
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\nFigures written by the scripts of `bench/` (see `bench/README.md`). Each section is replaced when its script runs again.\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def finish(name: str, lines: list[str], ok: bool, record: bool = True) -> int:
    """Print a script's figures, record them as section ``name`` of RESULTS.md
    (unless ``record`` is false: ``--no-record``) and return its exit status."""
    body = "\n".join(lines)
    print(body)
    if record:
        record_results(name, command_line(), body)
    return 0 if ok else 1


def command_line() -> str:
    """How this script was started, for RESULTS.md."""
    module = sys.modules["__main__"].__spec__
    prog = f"python -m {module.name}" if module else shlex.join([sys.executable, sys.argv[0]])
    return " ".join([".venv/bin/" + prog if not prog.startswith("/") else prog, *map(shlex.quote, sys.argv[1:])])
