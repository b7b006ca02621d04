"""The query cost budget (issue 13, point 1): a query past the limits answers at once
with a notice, a flag and, where possible, a narrower query, never with a wrong count;
ordinary queries are untouched; heavy queries share few slots."""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner

from indexer.budget import UNLIMITED, Budget, Limits, _semaphore, narrower
from indexer.query import parse
from indexer.results import REFUSED_BUSY, REFUSED_TOO_BROAD, SearchRequest
from indexer.search import search
from indexer.storage.store import IndexStore
from web.pages import HELP_EXAMPLES


@pytest.fixture(scope="module")
def store(seed_index):
    return IndexStore(seed_index)


def test_help_examples_and_ordinary_queries_run_within_the_default_limits(store):
    for q in [q for q, _ in HELP_EXAMPLES] + ["锂电 新能源", '"宜春 经开区"', "县", "新 OR 县"]:
        limited, unlimited = search(store, SearchRequest(q=q)), search(store, SearchRequest(q=q), UNLIMITED)
        assert limited.refused is None, q
        assert (limited.total, [h.id for h in limited.hits]) == (unlimited.total, [h.id for h in unlimited.hits])
        assert limited.facets == unlimited.facets


def test_a_lone_character_is_refused_before_its_terms_are_read(store):
    result = search(store, SearchRequest(q="县"), Limits(max_terms=5))
    assert result.refused == REFUSED_TOO_BROAD
    assert result.total is None and result.hits == [] and result.facets == {}
    assert "查询过于宽泛" in result.notice
    assert result.suggestion is None  # nothing narrower to offer


def test_or_alternatives_count_towards_the_same_budget(store):
    q = " OR ".join(["锂电", "工会", "医保", "泰和", "安福", "宜丰", "永新", "吉安"])
    assert search(store, SearchRequest(q=q)).refused is None
    result = search(store, SearchRequest(q=q), Limits(max_terms=6))
    assert result.refused == REFUSED_TOO_BROAD
    assert result.suggestion == "锂电 OR 工会"


def test_decoded_entries_are_bounded(store):
    result = search(store, SearchRequest(q="锂电"), Limits(max_entries=3))
    assert result.refused == REFUSED_TOO_BROAD and result.total is None


def test_narrower_drops_lone_characters_and_cuts_or_groups():
    assert narrower(parse("锂电 县 -永新")) == "锂电 -永新"
    assert narrower(parse("甲乙 OR 丙丁 OR 戊己 title:工会")) == "甲乙 OR 丙丁 title:工会"
    assert narrower(parse("县 市")) is None
    assert narrower(parse("锂电 工会")) is None


def test_a_heavy_query_waits_for_a_slot_then_says_busy(store):
    limits = Limits(heavy_entries=0, slot_wait=0.05, heavy_slots=1)
    slot = _semaphore(1)
    assert slot.acquire(timeout=5)
    try:
        result = search(store, SearchRequest(q="锂电"), limits)
    finally:
        slot.release()
    assert result.refused == REFUSED_BUSY and result.total is None and "稍后再试" in result.notice
    done = search(store, SearchRequest(q="锂电"), limits)
    assert done.refused is None and done.total >= 1
    assert slot.acquire(blocking=False)  # given back after the query
    slot.release()


def test_heavy_slots_let_only_one_heavy_query_run_at_a_time():
    limits = Limits(heavy_entries=0, heavy_slots=1, slot_wait=5)
    inside, peak, lock = [0], [0], threading.Lock()

    def heavy():
        with Budget(limits) as budget:
            budget.charge(1)
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            threading.Event().wait(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=heavy) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1


def test_limits_from_the_environment_name_the_variable():
    assert Limits.from_env({"NEWSARCHIVE_QUERY_MAX_TERMS": "7"}).max_terms == 7
    with pytest.raises(ValueError, match="NEWSARCHIVE_QUERY_MAX_SECONDS"):
        Limits.from_env({"NEWSARCHIVE_QUERY_MAX_SECONDS": "soon"})


def test_web_and_cli_say_too_broad(client, seed_index, monkeypatch):
    from web.cli import cli

    monkeypatch.setenv("NEWSARCHIVE_QUERY_MAX_TERMS", "5")
    data = client.get("/api/search?q=锂电 县").get_json()
    assert data["refused"] == "too_broad" and data["total"] is None and data["suggestion"] == "锂电"
    assert not any(data["facets"].values()) and data["hits"] == []
    html = client.get("/search?q=锂电 县").get_data(as_text=True)
    assert "查询过于宽泛" in html and "q=%E9%94%82%E7%94%B5" in html  # a link to the narrower query
    out = CliRunner().invoke(cli, ["--index", str(seed_index), "search", "锂电", "县"])
    assert out.exit_code == 1 and "查询过于宽泛" in out.output and "锂电" in out.output
    assert json.loads(CliRunner().invoke(cli, ["--index", str(seed_index), "search", "县", "--json"]).output)["refused"]
