"""How ``newsarchive serve`` runs the app: waitress in each of ``workers``
processes, all accepting on one listening socket.

Python runs one thread at a time per process, so one process uses one core
however many threads it has. The parent binds the socket, loads what every
worker needs and never changes (jieba's dictionary, the normalisation table:
shared copy-on-write after the fork), then forks the workers. Each worker opens
the index itself (its own file handles; a reindex switch is seen by each on its
next request; no index: 503, as with one process) and runs waitress with
``threads`` threads. The kernel hands each new connection to one worker. The
parent only supervises: a worker that dies is replaced; SIGTERM or SIGINT stops
the workers (each finishes its requests in progress) and then the parent; a
worker whose parent is gone (killed outright) stops within a second.
With ``workers=1`` waitress runs in this process, as before.

Slow and idle clients: the waitress settings below keep them from locking
readers out (README "Running in production").

waitress reads a whole request before handing it to a worker thread, so a
client that sends its headers slowly holds a *connection*, not a thread.  Its
defaults allow 100 connections, each kept for 120 s of silence: 120 slow
clients were enough to lock every reader out.  Here connections are many
(`CONNECTION_LIMIT`, watched with ``poll()``, which has no 1,024-descriptor
limit), silent ones are dropped after `CHANNEL_TIMEOUT` seconds, checked every
`CLEANUP_INTERVAL`, and request headers and bodies are small (the site only
answers GET requests with short query strings).  ``bench/slow_clients.py``
measures it.  A reverse proxy in front (nginx) adds what waitress cannot:
per-client connection limits and a deadline for a whole request header.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import Callable

log = logging.getLogger("newsarchive.serving")

#: Open client connections at once (each costs a file descriptor and a few kB).
CONNECTION_LIMIT = 1000
#: Seconds a connection may stay silent before it is closed.
CHANNEL_TIMEOUT = 15
#: Seconds between checks for silent connections.
CLEANUP_INTERVAL = 5
#: Pending connections the kernel queues before waitress accepts them (capped by net.core.somaxconn).
BACKLOG = 2048
#: Largest request header (our longest URL is a few kB) and body (the site takes no uploads).
MAX_HEADER_BYTES = 32 * 1024
MAX_BODY_BYTES = 64 * 1024


def waitress_options(connection_limit: int = CONNECTION_LIMIT, channel_timeout: int = CHANNEL_TIMEOUT) -> dict:
    """Keyword arguments for ``waitress.serve`` (besides ``threads``)."""
    return {
        "connection_limit": connection_limit,
        "channel_timeout": channel_timeout,
        "cleanup_interval": min(CLEANUP_INTERVAL, channel_timeout),
        "backlog": BACKLOG,
        "asyncore_use_poll": True,
        "max_request_header_size": MAX_HEADER_BYTES,
        "max_request_body_size": MAX_BODY_BYTES,
        "ident": "newsarchive",
    }


#: A worker that dies sooner than this after its start counts as failing to start;
#: after `MAX_QUICK_DEATHS` of those in a row the server gives up.
QUICK_DEATH_SECONDS = 5.0
MAX_QUICK_DEATHS = 5
STOP_GRACE_SECONDS = 10.0
PARENT_CHECK_SECONDS = 1.0


class ServingError(Exception):
    """The server cannot run (the address is taken, workers keep dying …)."""


def listen(host: str, port: int, backlog: int = BACKLOG) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv4 or IPv6, as ``host`` resolves)."""
    try:
        family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                   flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError as err:
        raise ServingError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    return sock


def serve(app, sock: socket.socket, *, workers: int, threads: int, warm: Callable[[], None] | None = None,
          **waitress_options) -> None:
    """Serve WSGI ``app`` on the listening ``sock`` with ``workers`` processes of
    ``threads`` threads; ``warm`` runs in each worker before it serves."""
    import waitress

    options = {"threads": threads, "ident": "newsarchive", **waitress_options}
    if workers <= 1:
        if warm:
            warm()
        waitress.serve(app, sockets=[sock], **options)
        return
    Supervisor(lambda: _worker(app, sock, warm, options), workers).run()


def _worker(app, sock: socket.socket, warm, options: dict) -> None:
    """The body of a worker process (never returns)."""
    import waitress

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # waitress then finishes its requests
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    code = 0
    try:
        if warm:
            warm()
        waitress.serve(app, sockets=[sock], **options)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0
    except BaseException:
        log.exception("worker %d failed", os.getpid())
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_with_parent(parent: int) -> None:
    """Stop this worker once its parent is gone (a parent killed with SIGKILL cannot
    stop its workers; they must not go on serving the port unsupervised)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


class _Stop(Exception):
    pass


class Supervisor:
    """Forks ``workers`` processes running ``body`` and keeps that many alive until
    SIGTERM or SIGINT."""

    def __init__(self, body: Callable[[], None], workers: int):
        self.body, self.workers = body, workers
        self.children: dict[int, float] = {}  # pid -> start time
        self.quick_deaths = 0

    def _spawn(self) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            self.body()
            os._exit(0)  # pragma: no cover - body never returns
        self.children[pid] = time.monotonic()

    def _raise_stop(self, signum, _frame) -> None:
        raise _Stop(signum)

    def run(self) -> None:
        sys.stdout.flush()  # or the workers would print what the parent buffered again
        sys.stderr.flush()
        gc.collect()
        gc.freeze()  # what the parent loaded stays shared: the workers' collector never writes to it
        old = {s: signal.signal(s, self._raise_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            for _ in range(self.workers):
                self._spawn()
            while True:
                pid, status = os.wait()
                started = self.children.pop(pid, None)
                if started is None:
                    continue
                code = os.waitstatus_to_exitcode(status)
                log.warning("worker %d exited (%s); starting another", pid, code)
                self.quick_deaths = self.quick_deaths + 1 if time.monotonic() - started < QUICK_DEATH_SECONDS else 0
                if self.quick_deaths >= MAX_QUICK_DEATHS:
                    raise ServingError(f"workers keep exiting right after they start (last exit status {code})")
                self._spawn()
        except _Stop:
            pass
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
            self.stop()

    def stop(self) -> None:
        """SIGTERM every worker, wait for them (SIGKILL after `STOP_GRACE_SECONDS`)."""
        for pid in self.children:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while self.children:
            for pid in list(self.children):
                try:
                    done, _status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    self.children.pop(pid)
            if time.monotonic() > deadline:
                for pid in self.children:
                    _signal(pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.05)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
