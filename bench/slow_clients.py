"""Slow clients (issue 13, point 7): ``newsarchive serve`` on 127.0.0.1 over the
bundled corpus; ``--clients`` connections send a request header one byte every
``--trickle`` seconds and never finish it, while one normal reader asks for
``/api/search?q=锂电`` twice a second.  Run twice: with waitress's own defaults
(100 connections, 120 s) and with ours (`web.serving`).  Prints, for each, the
reader's failed requests and its longest wait.  Bound: with our settings no
reader request fails and none waits more than 3 s.

    python -m bench.slow_clients [--clients 120] [--seconds 20]
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.common import LOOPBACK, ROOT, WORK_DIR, finish, newsarchive, percentiles, run_timed, server

MAX_WAIT_S = 3.0
WAITRESS_DEFAULTS = ("--connection-limit", "100", "--channel-timeout", "120")


def _slow_client(port: int, stop: threading.Event, trickle: float, opened: list) -> None:
    try:
        sock = socket.create_connection((LOOPBACK, port), timeout=5)
    except OSError:
        return
    opened.append(1)
    header = b"GET /api/search?q=%E9%94%82%E7%94%B5 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
    try:
        sock.sendall(header[:40])
        for byte in header[40:]:
            if stop.wait(trickle):
                break
            sock.sendall(bytes([byte]))
    except OSError:
        pass
    finally:
        sock.close()


def _reader(base: str, stop: threading.Event, waits: list, failures: list) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/api/search?q=%E9%94%82%E7%94%B5", timeout=30) as resp:
                resp.read()
        except OSError as err:
            failures.append(type(err).__name__)
        waits.append(time.perf_counter() - started)
        stop.wait(0.5)


def run(index: Path, extra: tuple[str, ...], clients: int, seconds: float, trickle: float) -> dict:
    with server(ROOT / "corpus", index, extra=extra) as (base, _proc):
        port = int(base.rsplit(":", 1)[1])
        stop, opened, waits, failures = threading.Event(), [], [], []
        slow = [threading.Thread(target=_slow_client, args=(port, stop, trickle, opened), daemon=True)
                for _ in range(clients)]
        for t in slow:
            t.start()
        time.sleep(1.0)  # let them all connect
        reader = threading.Thread(target=_reader, args=(base, stop, waits, failures), daemon=True)
        reader.start()
        time.sleep(seconds)
        stop.set()
        reader.join(40)
        for t in slow:
            t.join(5)
    return {"opened": len(opened), "waits": waits, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slow_clients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--trickle", type=float, default=2.0, help="seconds between two bytes of a slow header")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    index = WORK_DIR / "slow-clients-index"
    proc, _secs, _kb = run_timed(newsarchive("reindex", "--full", corpus=ROOT / "corpus", index=index))
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    lines = [f"{args.clients} slow-header clients (one byte every {args.trickle:.0f} s), one reader polling "
             f"/api/search twice a second for {args.seconds:.0f} s:", "",
             "| settings | slow connections accepted | reader requests | failed | reader wait p50 / p95 / max |",
             "|---|---|---|---|---|"]
    ok = True
    for label, extra in (("waitress defaults (100 connections, 120 s)", WAITRESS_DEFAULTS), ("ours (`web.serving`)", ())):
        got = run(index, extra, args.clients, args.seconds, args.trickle)
        waits = got["waits"] or [float("nan")]
        p = percentiles([w * 1000 for w in waits])
        lines.append(f"| {label} | {got['opened']} | {len(got['waits'])} | {len(got['failures'])} | "
                     f"{p['p50']:.0f} / {p['p95']:.0f} / {p['max']:.0f} ms |")
        if not extra:
            ok = not got["failures"] and max(waits) <= MAX_WAIT_S
    lines += ["", f"bound (ours): no failed reader request, longest wait <= {MAX_WAIT_S:.0f} s: {'PASS' if ok else 'FAIL'}"]
    return finish("slow_clients", lines, ok, record=not args.no_record)


if __name__ == "__main__":
    sys.exit(main())
