"""The search page reports the time its search took, for every shape of query
(`bench.web_render` measures the rendering overhead against that figure)."""

from __future__ import annotations

import re

import pytest

from bench.web_render import QUERIES


@pytest.mark.parametrize("q", QUERIES)
def test_search_page_reports_its_search_time(client, q):
    resp = client.get("/search", query_string={"q": q})
    assert resp.status_code == 200
    assert re.search(r"用时 \d+(\.\d+)? 毫秒", resp.get_data(as_text=True))
