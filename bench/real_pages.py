"""Score the parser on real pages against facts written down by hand (issue 11).

    python -m bench.real_pages DIR TRUTH [TRUTH ...] [--verbose] [--json] [--record]

``DIR`` holds the pages (any format ``newsarchive parse`` reads); each ``TRUTH``
is a JSON file of facts about them (format: ``bench/README.md``, "Real pages").
The pages themselves are other people's writing: keep them outside the
repository. Every page is parsed with `archive.parser.parse_file`, the same
function ``newsarchive parse`` uses.

Each truth article is matched to the parsed article whose text (title,
subtitle, body, captions, dateline, credits; whitespace removed) contains the
article's first phrase; an article with no such match counts wrong on every
field. Printed: the share of articles whose title, county, city, province and
writers are right, of pages split into the right number of articles, and of
phrases found in their article's text, overall and by page shape and province.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.errors import ArchiveError
from archive.models import Article, ParsedPage
from archive.parser import parse_file

#: Rows of the table, in printed order: (key, label).
METRICS = (
    ("title", "title exactly right"),
    ("subtitle", "subtitle exactly right (articles whose truth gives one)"),
    ("county", "county (the unit the article is about) right"),
    ("city", "city right"),
    ("province", "province right"),
    ("writers", "all writers found, nothing else taken for a name"),
    ("split", "page split into the right number of articles (pages)"),
    ("phrases", "a phrase a reader can see finds its article (phrases)"),
)
#: The figure a missing value is shown as.
NONE = "—"

_WS = re.compile(r"\s+")


class TruthError(Exception):
    """A truth file is unreadable or not in the documented format; the message names it."""


def squash(text: str | None) -> str:
    """Whitespace removed: the form every comparison uses."""
    return _WS.sub("", text or "")


# ------------------------------------------------------------------ truth
@dataclass(frozen=True)
class TruthArticle:
    title: str | None
    county: str | None
    city: str | None
    province: str | None
    writers: tuple[str, ...]
    phrases: tuple[str, ...]
    subtitle: str | None = None
    has_subtitle: bool = False  # the truth says what the subtitle is (None: there is none)


@dataclass(frozen=True)
class TruthPage:
    file: str
    site: str | None
    shape: str
    province: str | None
    articles: tuple[TruthArticle, ...]
    source: str  # the truth file it came from


def load_truth(paths: Iterable[str | Path]) -> list[TruthPage]:
    """Read truth files (format in ``bench/README.md``); `TruthError` names the file
    and the entry that is wrong."""
    pages: list[TruthPage] = []
    for path in map(Path, paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise TruthError(f"{path}: cannot read truth file ({err.strerror})") from err
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise TruthError(f"{path}: not a JSON file ({err})") from err
        if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
            raise TruthError(f"{path}: expected an object with a list 'pages'")
        for n, page in enumerate(data["pages"], start=1):
            pages.append(_truth_page(page, f"{path}: page {n}", str(path)))
    return pages


def _opt_str(value, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise TruthError(f"{where}: '{key}' must be a string or null")


def _str_list(value, where: str, key: str, *, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TruthError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _truth_page(page, where: str, source: str) -> TruthPage:
    if not isinstance(page, dict) or not isinstance(page.get("file"), str) or not page["file"]:
        raise TruthError(f"{where}: needs a 'file' (path relative to the pages folder)")
    where = f"{where} ({page['file']})"
    if not isinstance(page.get("articles"), list):
        raise TruthError(f"{where}: 'articles' must be a list")
    articles = []
    for k, art in enumerate(page["articles"], start=1):
        at = f"{where}: article {k}"
        if not isinstance(art, dict):
            raise TruthError(f"{at}: expected an object")
        phrases = _str_list(art.get("phrases"), at, "phrases", required=True)
        if not phrases or not squash(phrases[0]):
            raise TruthError(f"{at}: 'phrases' needs at least one phrase (the first identifies the article)")
        articles.append(TruthArticle(
            title=_opt_str(art.get("title"), at, "title"),
            county=_opt_str(art.get("county"), at, "county"),
            city=_opt_str(art.get("city"), at, "city"),
            province=_opt_str(art.get("province", page.get("province")), at, "province"),
            writers=_str_list(art.get("writers"), at, "writers", required=False),
            phrases=phrases,
            subtitle=_opt_str(art.get("subtitle"), at, "subtitle"),
            has_subtitle="subtitle" in art,
        ))
    provinces = [a.province for a in articles if a.province]
    return TruthPage(
        file=page["file"],
        site=_opt_str(page.get("site"), where, "site"),
        shape=_opt_str(page.get("shape"), where, "shape") or "unknown",
        # a page without a province (a national site) is grouped by its articles' province
        province=_opt_str(page.get("province"), where, "province") or max(provinces, key=provinces.count, default=None),
        articles=tuple(articles),
        source=source,
    )


# ---------------------------------------------------------------- scoring
@dataclass
class Tally:
    """Right / total per metric."""

    right: dict[str, int] = field(default_factory=lambda: {k: 0 for k, _ in METRICS})
    total: dict[str, int] = field(default_factory=lambda: {k: 0 for k, _ in METRICS})

    def add(self, metric: str, ok: bool, n: int = 1) -> None:
        self.total[metric] += n
        self.right[metric] += n if ok else 0

    def share(self, metric: str) -> float | None:
        return self.right[metric] / self.total[metric] if self.total[metric] else None


@dataclass(frozen=True)
class Miss:
    file: str
    article: str  # the truth article's title (or first phrase)
    field: str
    expected: str
    got: str


@dataclass
class Score:
    pages: int = 0
    articles: int = 0
    sites: set[str] = field(default_factory=set)
    overall: Tally = field(default_factory=Tally)
    by_shape: dict[str, Tally] = field(default_factory=dict)
    by_province: dict[str, Tally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # pages that could not be read

    def to_dict(self) -> dict:
        def tally(t: Tally) -> dict:
            return {k: {"right": t.right[k], "total": t.total[k]} for k, _ in METRICS}

        return {
            "pages": self.pages,
            "sites": len(self.sites),
            "articles": self.articles,
            "overall": tally(self.overall),
            "by_shape": {k: tally(v) for k, v in sorted(self.by_shape.items())},
            "by_province": {k: tally(v) for k, v in sorted(self.by_province.items())},
            "misses": [asdict(m) for m in self.misses],
            "problems": list(self.problems),
        }


def article_text(art: Article) -> str:
    """What a reader can see of an article, whitespace removed."""
    return squash("".join(t for t in (art.title, art.subtitle, art.body, *art.captions, art.dateline, *art.credits) if t))


def match_articles(truths: tuple[TruthArticle, ...], parsed: list[Article]) -> list[Article | None]:
    """For each truth article, the parsed article containing its first phrase (None if
    none does). Among several, an article not yet matched that holds most of its
    phrases wins."""
    texts = [article_text(a) for a in parsed]
    used: set[int] = set()
    out: list[Article | None] = []
    for truth in truths:
        first = squash(truth.phrases[0])
        candidates = [i for i, t in enumerate(texts) if first in t]
        if not candidates:
            out.append(None)
            continue
        best = max(candidates, key=lambda i: (i not in used, sum(squash(p) in texts[i] for p in truth.phrases), -i))
        used.add(best)
        out.append(parsed[best])
    return out


def _show(value: str | None) -> str:
    return value if value else NONE


def score_pages(pages_dir: str | Path, truth: list[TruthPage]) -> Score:
    """Parse every page named in ``truth`` (relative to ``pages_dir``) and score it."""
    pages_dir = Path(pages_dir)
    score = Score()
    for page in truth:
        path = pages_dir / page.file
        parsed: ParsedPage | None = None
        if not path.is_file():
            score.problems.append(f"{path}: page named in {page.source} not found")
        else:
            try:
                parsed = parse_file(path, pages_dir)
            except ArchiveError as err:
                score.problems.append(f"{path}: not parsed: {err}")
        _score_page(score, page, parsed)
    return score


def _score_page(score: Score, page: TruthPage, parsed: ParsedPage | None) -> None:
    articles = parsed.articles if parsed else []
    score.pages += 1
    if page.site:
        score.sites.add(page.site)
    shape_tally = score.by_shape.setdefault(page.shape, Tally())
    page_tallies = [score.overall, shape_tally, score.by_province.setdefault(page.province or NONE, Tally())]

    def miss(art: str, what: str, expected: str, got: str) -> None:
        score.misses.append(Miss(page.file, art, what, expected, got))

    split_ok = parsed is not None and len(articles) == len(page.articles)
    for t in page_tallies:
        t.add("split", split_ok)
    if not split_ok:
        miss(NONE, "split", f"{len(page.articles)} articles",
             f"{len(articles)} articles: " + " | ".join(a.display_title for a in articles) if parsed else "page not parsed")

    leftover = squash("".join(parsed.leftover)) if parsed else ""
    for truth, got in zip(page.articles, match_articles(page.articles, articles)):
        score.articles += 1
        label = truth.title or truth.phrases[0]
        tallies = [score.overall, shape_tally, score.by_province.setdefault(truth.province or page.province or NONE, Tally())]

        def check(metric: str, expected: str | None, found: str | None) -> None:
            ok = got is not None and squash(expected) == squash(found)
            for t in tallies:
                t.add(metric, ok)
            if not ok:
                miss(label, metric, _show(expected), _show(found) if got is not None else "(no article holds the first phrase)")

        check("title", truth.title, got.title if got else None)
        if truth.has_subtitle:
            check("subtitle", truth.subtitle, got.subtitle if got else None)
        check("county", truth.county, got.county if got else None)
        check("city", truth.city, got.city if got else None)
        check("province", truth.province, got.province if got else None)
        want = sorted({squash(w) for w in truth.writers})
        have = sorted({squash(a.name) for a in got.authors}) if got else []
        check("writers", "、".join(want), "、".join(have))

        text = article_text(got) if got else ""
        for phrase in truth.phrases:
            found = squash(phrase) in text
            for t in tallies:
                t.add("phrases", found)
            if not found:
                where = "in the page's leftover text" if squash(phrase) in leftover else "not in the article"
                miss(label, "phrases", phrase, where)


# ----------------------------------------------------------------- output
def _cell(t: Tally, metric: str) -> str:
    share = t.share(metric)
    return NONE if share is None else f"{t.right[metric]}/{t.total[metric]} ({100 * share:.0f} %)"


def _pct(t: Tally, metric: str) -> str:
    share = t.share(metric)
    return NONE if share is None else f"{100 * share:.0f}"


def format_score(score: Score, *, verbose: bool = False) -> list[str]:
    lines = [f"{score.pages} pages from {len(score.sites)} sites, {len(score.by_province)} provinces, "
             f"{len(score.by_shape)} shapes; {score.articles} articles", "",
             "| measured | right |", "|---|---|"]
    lines += [f"| {label} | {_cell(score.overall, key)} |" for key, label in METRICS if score.overall.total[key]]
    for title, groups in (("shape", score.by_shape), ("province", score.by_province)):
        keys = [k for k, _ in METRICS]
        lines += ["", f"By {title} (% right; pages and articles):", "",
                  f"| {title} | pages | articles | " + " | ".join(keys) + " |",
                  "|---" * (len(keys) + 3) + "|"]
        for name, t in sorted(groups.items()):
            lines.append(f"| {name} | {t.total['split']} | {t.total['title']} | "
                         + " | ".join(_pct(t, k) for k in keys) + " |")
    if score.problems:
        lines += ["", "Problems:"] + [f"  ! {p}" for p in score.problems]
    if verbose:
        lines += ["", f"Misses ({len(score.misses)}):"]
        for m in score.misses:
            lines.append(f"  {m.file} · {m.article[:30]} · {m.field}: expected {m.expected!r}, got {m.got!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.real_pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="folder of pages (the truth's 'file' paths are relative to it)")
    parser.add_argument("truth", nargs="+", help="truth file(s), format in bench/README.md")
    parser.add_argument("--verbose", action="store_true", help="print every miss, expected vs got")
    parser.add_argument("--json", action="store_true", help="print the figures and misses as JSON")
    parser.add_argument("--record", action="store_true",
                        help="replace the 'real_pages' section of bench/RESULTS.md with the table")
    args = parser.parse_args(argv)
    if not Path(args.dir).is_dir():
        print(f"{args.dir}: not a folder", file=sys.stderr)
        return 2
    try:
        truth = load_truth(args.truth)
    except TruthError as err:
        print(err, file=sys.stderr)
        return 2
    score = score_pages(args.dir, truth)
    if args.json:
        print(json.dumps(score.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(format_score(score, verbose=args.verbose)))
    if args.record:
        from bench.common import command_line, record_results

        record_results("real_pages", command_line(), "\n".join(format_score(score)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
