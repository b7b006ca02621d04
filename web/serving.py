"""How ``newsarchive serve`` runs waitress: the settings that keep slow or idle
clients from locking readers out (README "Running in production").

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


def waitress_options(threads: int, connection_limit: int = CONNECTION_LIMIT,
                     channel_timeout: int = CHANNEL_TIMEOUT) -> dict:
    """Keyword arguments for ``waitress.serve``."""
    return {
        "threads": threads,
        "connection_limit": connection_limit,
        "channel_timeout": channel_timeout,
        "cleanup_interval": min(CLEANUP_INTERVAL, channel_timeout),
        "backlog": BACKLOG,
        "asyncore_use_poll": True,
        "max_request_header_size": MAX_HEADER_BYTES,
        "max_request_body_size": MAX_BODY_BYTES,
        "ident": "newsarchive",
    }
