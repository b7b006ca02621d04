"""``newsarchive serve --workers N`` (`web.serving`): N processes answer on one
port, a dead worker is replaced, a reindex switch reaches every worker, and
stopping the server leaves no process behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from web import serving

ROOT = Path(__file__).resolve().parents[1]


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry))
    return out


def _wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.status == 200
        return json.loads(resp.read())


@pytest.fixture
def site(tmp_path, seed_corpus):
    """A copy of the seed corpus and its index, and a way to start `newsarchive serve` on them."""
    from indexer.write.reindex import reindex

    corpus = tmp_path / "corpus"
    shutil.copytree(seed_corpus, corpus)
    index = tmp_path / "index"
    reindex(corpus, index, full=True)
    procs = []

    def start(*args: str) -> tuple[subprocess.Popen, str]:
        port = _free_port()
        argv = [sys.executable, "-m", "web.cli", "--corpus", str(corpus), "--index", str(index), "serve",
                "--host", "127.0.0.1", "--port", str(port), *args]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"

        def ready():
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                return _get_json(base + "/api/counties") is not None
            except OSError:
                return False

        _wait_for(ready)
        return proc, base

    yield {"corpus": corpus, "index": index, "start": start}
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()  # the parent stops its workers
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_workers_serve_on_one_port_are_replaced_and_stop_together(site):
    proc, base = site["start"]("--workers", "2", "--threads", "2")
    workers = _wait_for(lambda: _children(proc.pid) if len(_children(proc.pid)) == 2 else None)
    for _ in range(6):
        assert _get_json(base + "/api/search?" + urlencode({"q": "锂电"}))["total"] > 0
    victim = sorted(workers)[0]
    os.kill(victim, signal.SIGKILL)
    replaced = _wait_for(lambda: _children(proc.pid) if len(_children(proc.pid) - {victim}) == 2 else None)
    assert victim not in replaced
    for _ in range(6):
        assert _get_json(base + "/api/search?" + urlencode({"q": "锂电"}))["total"] > 0
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                   for pid in replaced)


def test_workers_stop_when_the_parent_is_killed_outright(site):
    proc, _base = site["start"]("--workers", "2", "--threads", "2")
    workers = _wait_for(lambda: _children(proc.pid) if len(_children(proc.pid)) == 2 else None)
    proc.kill()
    proc.wait()
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), seconds=30)


def test_a_reindex_switch_reaches_every_worker(site):
    proc, base = site["start"]("--workers", "2", "--threads", "2")
    _wait_for(lambda: len(_children(proc.pid)) == 2)
    url = base + "/api/search?" + urlencode({"q": "垦山湖畔新添一座桥"})
    assert all(_get_json(url)["total"] == 0 for _ in range(4))
    page = site["corpus"] / "新页.txt"
    page.write_text("新桥通车\n\n本报讯 垦山湖畔新添一座桥，居民出行更方便。\n", encoding="utf-8")
    from indexer.write.reindex import reindex

    reindex(site["corpus"], site["index"])
    # new connections are spread over the workers by the kernel: every answer must see the switch
    assert all(_get_json(url)["total"] == 1 for _ in range(10))


def test_the_default_is_one_worker_per_core(site):
    proc, _base = site["start"]("--threads", "2")
    cores = os.cpu_count() or 1
    expected = cores if cores > 1 else 0  # one core: waitress runs in the process itself
    assert _wait_for(lambda: len(_children(proc.pid)) == expected or None)


def test_a_taken_port_is_a_one_line_error(site, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "web.cli", "--corpus", str(site["corpus"]), "--index", str(site["index"]),
                              "serve", "--host", "127.0.0.1", "--port", str(port)],
                             capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in out.stderr


def test_workers_that_die_at_once_stop_the_server():
    supervisor = serving.Supervisor(lambda: os._exit(3), workers=2)
    with pytest.raises(serving.ServingError, match="keep exiting"):
        supervisor.run()
    assert not supervisor.children
