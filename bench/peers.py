"""The archive beside what a reader would otherwise pick: tantivy (Rust, character
n-grams) and SQLite FTS5 (trigram), on the same generated articles, one system
after the other in one run.

    python -m bench.peers --articles 20000 [--format txt|jsonl] [--seed 0]

Each system indexes the same synthetic articles (ours from the corpus files, the
peers from the text a reader sees: title, subtitle, body with its printed dateline,
captions, credits), then answers the same queries: the query mix of
`bench.indexer_bench` with all four facets (county, city, paper, year) and the
10 best hits; the single common character ``的``; a 20-word OR query. Printed:
build articles per CPU-second, index size, latency, the totals that differ from
the exact (substring) count and why, and the recall of fragments sampled from
every part of an article a reader can see. tantivy comes with the ``bench``
extra (``pip install -e '.[bench]'``); without it its column says so.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    WORK_DIR,
    BenchError,
    command_line,
    dir_size,
    newsarchive,
    percentiles,
    record_results,
)

#: Facets every system counts for every query (the archive's `FACET_FIELDS`).
FACETS = ("county", "city", "paper", "year")
TOP = 10  # hits shown (with a snippet) per query
SINGLE_CHAR = "的"
#: 20 common two-character words, joined with OR (a reader pasting a word list).
OR_WORDS = ("发展", "企业", "工作", "建设", "项目", "群众", "产业", "推进", "经济", "社会",
            "服务", "管理", "文化", "安全", "生产", "技术", "市场", "农村", "教育", "环境")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_NOT_UNIT = re.compile(r"[\W_]+")


# ------------------------------------------------------------------ what a reader sees
def visible_sections(art: dict) -> list[tuple[str, str]]:
    """(part, text) of everything a reader sees of generated article ``art``:
    title, subtitle, the printed dateline, body, captions, credits."""
    out = [("title", art["title"])]
    if art.get("subtitle"):
        out.append(("subtitle", art["subtitle"]))
    out.append(("dateline", art["dateline"]))
    first = art["paragraphs"][0][len(art["dateline"]):]
    out += [("body", p) for p in [first, *art["paragraphs"][1:]] if p]
    out += [("caption", c) for c in art.get("captions", ())]
    out += [("credit", c) for c in art.get("credits", ())]
    return out


def body_text(art: dict) -> str:
    """Everything but the title, as the peers index it (one text field)."""
    parts = [art["subtitle"]] if art.get("subtitle") else []
    return "\n".join([*parts, *art["paragraphs"], *art.get("captions", ()), *art.get("credits", ())])


@dataclasses.dataclass(frozen=True)
class PeerQuery:
    """A query every system can run: words joined by AND (or OR), optionally one
    quoted phrase, optionally a county filter."""

    kind: str
    words: tuple[str, ...]
    op: str = "and"  # "and" | "or"
    phrase: bool = False
    county: str | None = None

    @property
    def text(self) -> str:
        """The archive's query syntax."""
        if self.phrase:
            return f'"{self.words[0]}"'
        return (" OR " if self.op == "or" else " ").join(self.words)

    @property
    def label(self) -> str:
        return self.text + (f" + 县 {self.county}" if self.county else "")


def peer_queries(articles: list[dict], seed: int) -> list[PeerQuery]:
    """The query mix of `bench.indexer_bench` (with and without a county filter)."""
    from bench.indexer_bench import query_mix

    out = []
    for q in query_mix(articles, seed):
        phrase = q.q.startswith('"')
        words = (q.q.strip('"'),) if phrase else tuple(q.q.split())
        out.append(PeerQuery(q.kind, words, phrase=phrase, county=q.county))
    return out


# ------------------------------------------------------------------ the exact count
class Oracle:
    """How many articles hold a query's words, counted four ways by plain string
    tests over what the peers index: literally; ignoring spaces and punctuation
    between characters (the archive's reading of a word); holding every character
    pair of each word somewhere (unordered); the same over the text without
    separators. A system whose total differs from the literal count is explained
    by the count it equals."""

    WAYS = {
        "literal": "exact substring",
        "packed": "the word with spaces/punctuation between its characters ignored",
        "pairs": "every character pair of the word somewhere in the article, in any order",
        "packed_pairs": "every character pair, spaces/punctuation ignored, in any order",
    }

    def __init__(self, articles: list[dict]):
        self.docs = []
        for a in articles:
            raw = a["title"] + "\n" + body_text(a)
            self.docs.append((a["county"], raw, _NOT_UNIT.sub("", raw)))

    @staticmethod
    def _holds(way: str, word: str, raw: str, packed: str) -> bool:
        if way == "literal":
            return word in raw
        if way == "packed":
            return _NOT_UNIT.sub("", word) in packed
        text = raw if way == "pairs" else packed
        w = word if way == "pairs" else _NOT_UNIT.sub("", word)
        return all(w[i:i + 2] in text for i in range(max(1, len(w) - 1)))

    def counts(self, q: PeerQuery) -> dict[str, int]:
        join = any if q.op == "or" else all
        out = {}
        for way in self.WAYS:
            out[way] = sum(1 for county, raw, packed in self.docs
                           if (q.county is None or county == q.county)
                           and join(self._holds(way, w, raw, packed) for w in q.words))
        return out


# ------------------------------------------------------------------ the systems
@dataclasses.dataclass
class Answer:
    total: int
    hits: list  # (key, title, snippet) of the best TOP
    facets: dict  # facet -> {value: count}


class Archive:
    """This archive: `newsarchive reindex --full` on the corpus files, `indexer.search`."""

    name = "this archive"

    def __init__(self, corpus: Path, index: Path):
        self.corpus, self.index, self.store = corpus, index, None

    def build(self, articles: list[dict]) -> float:
        shutil.rmtree(self.index, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(newsarchive("reindex", "--full", "--jobs", "1", corpus=self.corpus, index=self.index),
                              capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise BenchError(f"reindex exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
        from indexer.storage.store import IndexStore

        self.store = IndexStore(self.index)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def size(self) -> int:
        return dir_size(self.store.path_of_live())

    def search(self, q: PeerQuery, size: int = TOP, **filters) -> Answer:
        from indexer.results import SearchRequest
        from indexer.search import search

        r = search(self.store, SearchRequest(q=q.text, county=q.county, page_size=size, **filters))
        facets = {name: {v.value: v.count for v in r.facets[name]} for name in FACETS}
        return Answer(r.total, [(h.id, h.title, h.snippet) for h in r.hits], facets)

    def finds(self, fragment: str, art: dict) -> bool:
        import datetime as _dt

        from indexer.limits import MAX_PAGE_SIZE

        day = _dt.date.fromisoformat(art["date"])
        r = self.search(PeerQuery("recall", (fragment,)), MAX_PAGE_SIZE, paper=art["paper"], date_from=day, date_to=day)
        return any(title == art["title"] for _id, title, _s in r.hits)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


class Tantivy:
    """tantivy through its Python binding: title and text with character 1- and
    2-grams (``Tokenizer.ngram(1, 2)``, lowercased), facets as raw fast fields
    counted by a terms aggregation, snippets by its `SnippetGenerator`."""

    name = "tantivy"

    def __init__(self, path: Path):
        import tantivy

        self.t, self.path = tantivy, path

    def _open(self, create: bool):
        t = self.t
        sb = t.SchemaBuilder()
        sb.add_integer_field("n", stored=True, indexed=True, fast=True)
        sb.add_text_field("title", stored=True, tokenizer_name="cjk_grams")
        sb.add_text_field("text", stored=True, tokenizer_name="cjk_grams")
        for name in FACETS:
            sb.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
        self.schema = sb.build()
        if create:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.mkdir(parents=True)
        self.index = t.Index(self.schema, path=str(self.path))
        self.index.register_tokenizer("cjk_grams", t.TextAnalyzerBuilder(t.Tokenizer.ngram(1, 2)).filter(t.Filter.lowercase()).build())

    def build(self, articles: list[dict]) -> float:
        started = time.process_time()
        self._open(create=True)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for a in articles:
            writer.add_document(self.t.Document(n=a["n"], title=a["title"], text=body_text(a), county=a["county"],
                                                city=a["city"], paper=a["paper"], year=a["date"][:4]))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return time.process_time() - started

    def size(self) -> int:
        return dir_size(self.path)

    def _query(self, q: PeerQuery, n: int | None = None):
        t = self.t
        words = [f'"{w}"' for w in q.words]
        text = (" OR " if q.op == "or" else " AND ").join(words)
        query = self.index.parse_query(text, ["title", "text"], field_boosts={"title": 4.0})
        must = [(t.Occur.Must, query)]
        if q.county:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "county", q.county)))
        if n is not None:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "n", n)))
        return t.Query.boolean_query(must) if len(must) > 1 else query

    def search(self, q: PeerQuery, size: int = TOP) -> Answer:
        s, query = self.searcher, self._query(q)
        result = s.search(query, limit=size, count=True)
        aggs = s.aggregate(query, {f: {"terms": {"field": f, "size": 100000}} for f in FACETS})
        facets = {f: {b["key"]: b["doc_count"] for b in aggs[f]["buckets"]} for f in FACETS}
        snippets = self.t.SnippetGenerator.create(s, query, self.schema, "text")
        hits = []
        for _score, addr in result.hits:
            doc = s.doc(addr)
            hits.append((doc["n"][0], doc["title"][0], snippets.snippet_from_doc(doc).to_html()))
        return Answer(result.count, hits, facets)

    def finds(self, fragment: str, art: dict) -> bool:
        return self.searcher.search(self._query(PeerQuery("recall", (fragment,)), art["n"]), limit=1).count > 0

    def close(self) -> None:
        pass


class Fts5:
    """SQLite FTS5 with the trigram tokenizer (comes with Python's sqlite3): one
    table of title and text, a plain table of facet values; words of three or
    more characters go through MATCH, shorter ones through LIKE (the trigram
    index cannot answer them: a scan); matches are collected once in a temporary
    table for the facet counts; ranked by bm25 (title weight 4)."""

    name = "SQLite FTS5 trigram"

    def __init__(self, path: Path):
        self.path = path

    def build(self, articles: list[dict]) -> float:
        started = time.process_time()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, tokenize='trigram')")
        db.execute(f"CREATE TABLE meta(n INTEGER PRIMARY KEY, {', '.join(FACETS)})")
        with db:
            db.executemany("INSERT INTO docs(rowid, title, text) VALUES (?, ?, ?)",
                           ((a["n"], a["title"], body_text(a)) for a in articles))
            db.executemany(f"INSERT INTO meta VALUES (?, {', '.join('?' * len(FACETS))})",
                           ((a["n"], a["county"], a["city"], a["paper"], a["date"][:4]) for a in articles))
            db.execute("CREATE INDEX meta_county ON meta(county)")
            db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.execute("VACUUM")
        db.execute("CREATE TEMP TABLE m(n INTEGER PRIMARY KEY, score REAL)")
        self.db = db
        return time.process_time() - started

    def size(self) -> int:
        return self.path.stat().st_size

    @staticmethod
    def _where(q: PeerQuery) -> tuple[str, list, bool]:
        """(WHERE clause over ``docs``, its parameters, whether it ranks with bm25)."""
        long = [w for w in q.words if len(w) >= 3]
        short = [w for w in q.words if len(w) < 3]
        like = "(title LIKE ? OR text LIKE ?)"
        if q.op == "and" or not short:
            conds, params = [], []
            if long:
                conds.append("docs MATCH ?")
                params.append((" OR " if q.op == "or" else " AND ").join('"' + w.replace('"', '""') + '"' for w in long))
            for w in short:
                conds.append(like)
                params += [f"%{w}%", f"%{w}%"]
            return " AND ".join(conds), params, bool(long)
        conds = [like] * len(short)
        params = [p for w in short for p in (f"%{w}%", f"%{w}%")]
        if long:
            conds.append("rowid IN (SELECT rowid FROM docs WHERE docs MATCH ?)")
            params.append(" OR ".join('"' + w + '"' for w in long))
        return "(" + " OR ".join(conds) + ")", params, False

    def search(self, q: PeerQuery, size: int = TOP) -> Answer:
        where, params, ranked = self._where(q)
        if q.county:
            where += " AND rowid IN (SELECT n FROM meta WHERE county = ?)"
            params.append(q.county)
        db = self.db
        db.execute("DELETE FROM m")
        db.execute(f"INSERT INTO m SELECT rowid, {'bm25(docs, 4.0, 1.0)' if ranked else '0'} FROM docs WHERE {where}", params)
        total = db.execute("SELECT count(*) FROM m").fetchone()[0]
        facets = {f: dict(db.execute(f"SELECT meta.{f}, count(*) FROM m JOIN meta USING(n) GROUP BY 1"))
                  for f in FACETS}
        hits = db.execute("SELECT m.n, docs.title, substr(docs.text, 1, 120) FROM m JOIN docs ON docs.rowid = m.n "
                          "ORDER BY m.score, m.n LIMIT ?", (size,)).fetchall()
        return Answer(total, hits, facets)

    def finds(self, fragment: str, art: dict) -> bool:
        where, params, _ = self._where(PeerQuery("recall", (fragment,)))
        return self.db.execute(f"SELECT 1 FROM docs WHERE rowid = ? AND {where}", [art["n"], *params]).fetchone() is not None

    def close(self) -> None:
        self.db.close()


# ------------------------------------------------------------------ measuring
def timed(system, q: PeerQuery, repeat: int) -> tuple[list[float], Answer]:
    times, answer = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        answer = system.search(q)
        times.append((time.perf_counter() - t) * 1000)
    return times, answer


def recall_samples(articles: list[dict], n: int, seed: int) -> list[tuple[str, str, dict]]:
    """``n`` (part, fragment, article): a random 2–4 character CJK fragment of a
    random part (title, subtitle, dateline, body, caption, credit) of a random article."""
    rng = random.Random(seed + 3)
    out = []
    while len(out) < n and articles:
        art = rng.choice(articles)
        part, text = rng.choice(visible_sections(art))
        runs = _CJK_RUN.findall(text)
        if not runs:
            continue
        run = rng.choice(runs)
        k = min(len(run), rng.randint(2, 4))
        start = rng.randrange(len(run) - k + 1)
        out.append((part, run[start:start + k], art))
    return out


@dataclasses.dataclass
class Figures:
    name: str
    rate: float = 0.0  # articles per CPU-second
    mb_per_1000: float = 0.0
    mix: dict = dataclasses.field(default_factory=dict)  # percentiles of the query mix
    single_ms: float = 0.0
    or_ms: float = 0.0
    totals: dict = dataclasses.field(default_factory=dict)  # label -> total
    recall: dict = dataclasses.field(default_factory=dict)  # part -> (found, asked)
    error: str | None = None

    @property
    def recall_all(self) -> float:
        found = sum(f for f, _n in self.recall.values())
        asked = sum(n for _f, n in self.recall.values())
        return found / asked if asked else 0.0


def measure(system, articles: list[dict], queries: list[PeerQuery], samples, repeat: int, say) -> Figures:
    fig = Figures(system.name)
    n = len(articles)
    say(f"{system.name}: building …")
    cpu = system.build(articles)
    fig.rate = n / cpu if cpu > 0 else float("inf")
    fig.mb_per_1000 = system.size() / 1e6 / n * 1000
    for q in queries:  # warm-up: caches, page cache, dictionaries
        system.search(q)
    mix = []
    for _ in range(repeat):
        for q in queries:
            ms, answer = timed(system, q, 1)
            mix += ms
            fig.totals[q.label] = answer.total
    fig.mix = percentiles(mix)
    for attr, q in (("single_ms", PeerQuery("single", (SINGLE_CHAR,))), ("or_ms", PeerQuery("or20", OR_WORDS, op="or"))):
        ms, answer = timed(system, q, repeat)
        setattr(fig, attr, statistics.median(ms))
        fig.totals[q.label] = answer.total
    for part, fragment, art in samples:
        found, asked = fig.recall.get(part, (0, 0))
        fig.recall[part] = (found + system.finds(fragment, art), asked + 1)
    system.close()
    return fig


# ------------------------------------------------------------------ the table
def _ratio(ours: float, other: float | None, higher_is_better: bool) -> str:
    if not other or other != other or ours != ours:
        return "n/a"
    r = other / ours if higher_is_better else ours / other
    return f"{r:.1f}×"


def table(figs: list[Figures]) -> list[str]:
    """The comparison as Markdown rows; each "behind" column says how many times
    worse this archive does than that peer (above 1: behind, below 1: ahead)."""
    ours, peers = figs[0], figs[1:]
    head = "| figure | " + " | ".join(f.name for f in figs) + " | " + " | ".join(f"behind {p.name}" for p in peers) + " |"
    rows = [head, "|" + "---|" * (1 + len(figs) + len(peers))]

    def row(label: str, value, fmt: str, higher_is_better: bool) -> None:
        cells = [("n/a (" + f.error + ")") if f.error else format(value(f), fmt) for f in figs]
        ratios = [_ratio(value(ours), None if p.error else value(p), higher_is_better) for p in peers]
        rows.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")

    row("build, articles per CPU-second", lambda f: f.rate, ",.0f", True)
    row("index MB per 1,000 articles", lambda f: f.mb_per_1000, ".1f", False)
    row(f"search + {len(FACETS)} facets + {TOP} hits, p50 ms", lambda f: f.mix.get("p50", float("nan")), ".2f", False)
    row(f"search + {len(FACETS)} facets + {TOP} hits, p95 ms", lambda f: f.mix.get("p95", float("nan")), ".2f", False)
    row(f"single common character `{SINGLE_CHAR}`, ms", lambda f: f.single_ms, ".1f", False)
    row(f"{len(OR_WORDS)}-word OR query, ms", lambda f: f.or_ms, ".1f", False)
    row("recall of fragments of everything a reader sees", lambda f: f.recall_all, ".2f", True)
    return rows


def recall_rows(figs: list[Figures]) -> list[str]:
    parts = sorted({p for f in figs for p in f.recall})
    rows = ["| part sampled | " + " | ".join(f.name for f in figs if not f.error) + " |",
            "|" + "---|" * (1 + sum(1 for f in figs if not f.error))]
    for part in parts:
        cells = []
        for f in figs:
            if f.error:
                continue
            found, asked = f.recall.get(part, (0, 0))
            cells.append(f"{found}/{asked}")
        rows.append(f"| {part} | " + " | ".join(cells) + " |")
    return rows


def difference_rows(figs: list[Figures], queries: list[PeerQuery], oracle: Oracle) -> list[str]:
    """Queries whose totals differ between systems, with the exact counts and the way
    of counting each differing total equals (the reason)."""
    live = [f for f in figs if not f.error]
    rows = ["| query | " + " | ".join(f.name for f in live) + " | exact substring | why |",
            "|" + "---|" * (3 + len(live))]
    for q in queries:
        totals = [f.totals.get(q.label) for f in live]
        if len(set(totals)) <= 1:
            continue
        counts = oracle.counts(q)
        why = []
        for f, total in zip(live, totals):
            if total == counts["literal"]:
                continue
            ways = [Oracle.WAYS[w] for w in ("packed", "pairs", "packed_pairs") if counts[w] == total]
            why.append(f"{f.name}: " + (f"= {' or '.join(ways)}" if ways else f"{total - counts['literal']:+d} unexplained"))
        rows.append(f"| `{q.label}` | " + " | ".join(str(t) for t in totals) + f" | {counts['literal']} | {'; '.join(why)} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles (default 2000; target run 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt", help="how the archive gets the articles")
    parser.add_argument("--workdir", type=Path, default=WORK_DIR, help=f"corpora and indexes (default {WORK_DIR})")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the query mix (default 3)")
    parser.add_argument("--recall", type=int, default=300, help="fragments for the recall check (default 300)")
    parser.add_argument("--no-extras", action="store_true",
                        help="articles without subtitles and captions (the corpus of bench.indexer_bench)")
    parser.add_argument("--no-record", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    return run(args.articles, args.seed, args.format, args.workdir, args.repeat, args.recall,
               extras=not args.no_extras, record=not args.no_record)[0]


def run(n: int, seed: int, fmt: str, workdir: Path, repeat: int, n_recall: int, extras: bool = True,
        record: bool = True):
    """Measure every system; print and return ``(exit status, figures, lines)``."""
    from bench.generate import ensure_corpus

    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / (f"corpus-{n}-s{seed}" + ("" if fmt == "txt" else f"-{fmt}") + ("-extras" if extras else ""))
    articles = ensure_corpus(corpus, n, seed, fmt=fmt, extras=extras)
    queries = peer_queries(articles, seed)
    samples = recall_samples(articles, n_recall, seed)

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    systems = [lambda: Archive(corpus, workdir / f"peers-ours-{corpus.name}"),
               lambda: Tantivy(workdir / f"peers-tantivy-{n}"),
               lambda: Fts5(workdir / f"peers-fts5-{n}.sqlite3")]
    names = ["this archive", "tantivy", "SQLite FTS5 trigram"]
    figs = []
    for make, name in zip(systems, names):
        try:
            system = make()
        except ImportError as err:
            figs.append(Figures(name, error=f"not installed: {err.name}; pip install -e '.[bench]'"))
            continue
        figs.append(measure(system, articles, queries, samples, repeat, progress))
    every = queries + [PeerQuery("single", (SINGLE_CHAR,)), PeerQuery("or20", OR_WORDS, op="or")]
    kind = f"{fmt}{', some with subtitle and captions' if extras else ''}"
    lines = [f"### {n:,} synthetic articles (seed {seed}, {kind}), {len(queries)} queries × {repeat} passes", ""]
    lines += table(figs)
    lines += ["", "Recall by the part of the article the fragment was taken from (found/asked):", ""]
    lines += recall_rows(figs)
    lines += ["", "Totals that differ (exact substring = articles whose title or text contains every word as typed):", ""]
    lines += difference_rows(figs, every, Oracle(articles))
    lines += ["", "Build: ours is `newsarchive reindex --full --jobs 1` (parsing the page files included, CPU of the "
              "process); the peers index the exported text in this process (CPU of this process)."]
    body = "\n".join(lines)
    print(body)
    if record:
        record_results(f"peers ({n:,} articles, {fmt}{', extras' if extras else ''})", command_line(), body)
    return 0, figs, lines


if __name__ == "__main__":
    sys.exit(main())
