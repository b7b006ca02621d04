"""Progress of a reindex: a terminal progress bar.

`indexer.write.reindex.reindex` calls ``progress(pages_done, pages_total, articles)``
after each page (and once with ``pages_done == 0`` at the start), then
``progress.finish()`` if the object has that method. Any callable works.
"""

from __future__ import annotations

import time
from typing import Callable, TextIO


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def render_bar(pages_done: int, pages_total: int, articles: int, elapsed: float, width: int = 24) -> str:
    """One status line: bar, pages, articles, rate and ETA (no trailing newline)."""
    frac = pages_done / pages_total if pages_total else 1.0
    filled = int(frac * width)
    bar = "#" * filled + "-" * (width - filled)
    rate = pages_done / elapsed if elapsed > 0 else 0.0
    if pages_done >= pages_total:
        eta = f"done in {format_duration(elapsed)}"
    elif rate > 0:
        eta = f"ETA {format_duration((pages_total - pages_done) / rate)}"
    else:
        eta = "ETA --:--"
    return f"[{bar}] {pages_done}/{pages_total} pages  {articles} articles  {rate:.1f} pages/s  {eta}"


class TerminalProgress:
    """A one-line progress bar redrawn with ``\\r`` on ``stream`` (meant for a TTY stderr).

    Redraws at most every ``interval`` seconds, and always for the last page.
    """

    def __init__(self, stream: TextIO, interval: float = 0.1, clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.interval = interval
        self._clock = clock
        self._start: float | None = None
        self._last_draw = float("-inf")
        self._width = 0
        self._drawn = False

    def __call__(self, pages_done: int, pages_total: int, articles: int) -> None:
        now = self._clock()
        if self._start is None:
            self._start = now
        if pages_done < pages_total and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        line = render_bar(pages_done, pages_total, articles, now - self._start)
        pad = " " * max(0, self._width - len(line))
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self._width = len(line)
        self._drawn = True

    def finish(self) -> None:
        """End the bar's line so that what follows starts on a fresh line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
