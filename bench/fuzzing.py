"""Hypothesis strategies for hostile input, shared by ``tests/test_fuzz_*.py``
(small budgets, in the normal suite) and ``bench/fuzz.py`` (big budgets).

The budget comes from the environment so the same tests serve both:
``NEWSARCHIVE_FUZZ_EXAMPLES`` (default 100) examples per property.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ENV_EXAMPLES = "NEWSARCHIVE_FUZZ_EXAMPLES"
DEFAULT_EXAMPLES = 100
SEED_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def budget(default: int = DEFAULT_EXAMPLES) -> settings:
    """Hypothesis settings: examples from $NEWSARCHIVE_FUZZ_EXAMPLES, no deadline."""
    try:
        examples = int(os.environ.get(ENV_EXAMPLES, default))
    except ValueError:
        examples = default
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
        database=None,  # no .hypothesis/ directory left behind by bench runs
    )


# Characters that mean something to some layer: query syntax, Whoosh syntax,
# HTML, URLs, paths, datelines and credits, full-width forms, PDF spacing,
# private-use and control characters, combining marks, bidi overrides.
NASTY = list('"\'-+:()[]{}^~*?\\/|&!<>=%#;,.　 \t\u200b\u202e\u0301\ufeff\x00\x07\x1b\uffff\U000f0000')
NASTY += list("“”「」：（）—–…▲·、，。！？；０１２ＡＢ鋰電池锂电工会宜丰永新吉安本报讯记者通讯员")
NASTY += ["OR", "AND", "NOT", "title:", "author:", "county:", "标题:", "作者:", "县:", "OR OR", '""', "-", "--", "\n"]

QUERY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=20).map(" ".join),
    st.text(min_size=150, max_size=700),  # longer than every length limit
)


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEED_CORPUS.glob("*.txt")):
        try:
            lines += [ln for ln in path.read_text(encoding="utf-8-sig").split("\n") if ln.strip()]
        except (OSError, UnicodeDecodeError):
            continue
    return lines or ["本报永新讯(记者 张三)某某工作取得新进展。"]


_SEED_LINES = _seed_lines()
_LINE = st.one_of(
    st.sampled_from(_SEED_LINES),
    st.sampled_from(_SEED_LINES).map(lambda s: " ".join(s)),  # PDF spacing
    st.sampled_from(_SEED_LINES).map(lambda s: s[: len(s) // 2]),  # a line cut short
    st.builds(lambda p, w, n: f"本报{p}讯({w}{n})", st.sampled_from(["永新", "吉安", "宜丰", "", "X"]),
              st.sampled_from(["记者", "全媒体记者", "通讯员", ""]), st.text(max_size=6)),
    st.builds(lambda n: f"（{n}）", st.text(max_size=8)),
    st.text(max_size=3).map(lambda s: "▲" + s),
    st.just(""),
    st.just("——"),
    st.text(max_size=80),
)
#: Text shaped like a page: seed lines (whole, cut, spaced out), datelines,
#: credits, captions, blank lines and arbitrary lines, in any order.
PAGE_TEXT = st.one_of(
    st.lists(_LINE, max_size=40).map("\n".join),
    st.text(max_size=500),
    st.lists(_LINE, max_size=40).map("\r\n".join),
)

#: Bytes a page file may hold: encoded page text in several encodings, or anything.
PAGE_BYTES = st.one_of(
    st.binary(max_size=2000),
    PAGE_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
    PAGE_TEXT.map(lambda s: s.encode("gb18030", "replace")),
    PAGE_TEXT.map(lambda s: s.encode("utf-16")),
    PAGE_TEXT.map(lambda s: s.encode("utf-16-le")),
    st.tuples(PAGE_TEXT, st.integers(0, 50)).map(lambda t: t[0].encode("gb18030", "replace")[: -t[1] or None]),
)

PARAM_VALUE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1", "2", "99999999999999999999", "1e3", "NaN", "abc", "2024-13-40", "2024-02-30",
                     "2024-02-29", "0000-00-00", "9999-12-31", "1900-01-01", "relevance", "newest", "oldest", "sideways",
                     "永新县", "吉安市", "%00", "../../etc/passwd", "<script>alert(1)</script>"]),
    QUERY_TEXT,
)
#: Query-string parameters of the search-like views, any subset, any values.
PARAMS = st.dictionaries(
    st.sampled_from(["q", "page", "size", "from", "to", "county", "city", "paper", "author", "sort", "format", "x"]),
    PARAM_VALUE,
    max_size=8,
)


def url_segment(text: str) -> str:
    """``text`` percent-encoded as one URL path segment."""
    from urllib.parse import quote

    return quote(text, safe="")


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` without lone surrogates (which no HTTP client can send)."""
    return _SURROGATE.sub("", text)
