"""Rendering a search page adds at most 10 ms (median) to the search itself."""

from __future__ import annotations

import re
import statistics
import time

QUERIES = ["锂电", "永新", "医保", "", "泰和 OR 安福", '"华昊锂电"', "工会 -宜春"]
BUDGET_MS = 10.0


def measure_overheads(client, rounds: int = 5) -> list[float]:
    """Full request time minus the search time the page reports, per request (ms)."""
    for q in QUERIES:  # warm up: jieba, column caches, templates
        client.get("/search", query_string={"q": q})
    overheads = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            resp = client.get("/search", query_string={"q": q})
            total_ms = (time.perf_counter() - started) * 1000
            search_ms = float(re.search(r"用时 ([\d.]+) 毫秒", resp.get_data(as_text=True)).group(1))
            overheads.append(total_ms - search_ms)
    return overheads


def test_rendering_overhead_p50_under_budget(client):
    overheads = measure_overheads(client)
    p50 = statistics.median(overheads)
    print(f"\nsearch page rendering overhead: p50 {p50:.2f} ms, max {max(overheads):.2f} ms over {len(overheads)} requests")
    assert p50 < BUDGET_MS
