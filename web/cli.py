"""The `newsarchive` command: a thin shell over the functions the web app uses.

This module is the composition root: it may import archive, indexer and web.
Exit codes: 0 ok, 1 some input failed (a page, the corpus or the index),
2 usage error (bad flags or arguments).
"""

from __future__ import annotations

import json
import logging
import os
import sys

import click

from archive.safe_paths import ENV_ALLOW_OUTSIDE
from indexer.limits import DEFAULT_SORT, MAX_PAGE, MAX_PAGE_SIZE, SORTS
from web.serving import CHANNEL_TIMEOUT, CONNECTION_LIMIT, waitress_options
from web.settings import ENV_CORPUS, ENV_INDEX, Settings

log = logging.getLogger("newsarchive")

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _version() -> str:
    from importlib import metadata  # only for --version: reading the metadata takes a while

    try:
        return metadata.version("newsarchive")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"newsarchive, version {_version()}")
        ctx.exit()


class Fail(click.ClickException):
    """An input problem reported as one line on stderr, exit status 1."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"newsarchive: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("--corpus", "corpus", type=click.Path(file_okay=False), default=None,
              help=f"Corpus directory (else ${ENV_CORPUS}, else ./corpus).")
@click.option("--index", "index", type=click.Path(file_okay=False), default=None,
              help=f"Index directory (else ${ENV_INDEX}, else ./var/index).")
@click.option("--allow-outside", "allow_outside", multiple=True, type=click.Path(file_okay=False),
              help=f"A directory outside the corpus that symlinks in the corpus may point into (repeatable; "
                   f"else ${ENV_ALLOW_OUTSIDE}).")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, corpus: str | None, index: str | None, allow_outside: tuple[str, ...], verbose: int) -> None:
    """Searchable archive of Chinese regional newspapers.

    Index a corpus of page files, search it, and serve the search site.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if allow_outside:  # the environment carries it to reindex workers and the web app alike
        os.environ[ENV_ALLOW_OUTSIDE] = os.pathsep.join(allow_outside)
    ctx.obj = Settings.resolve(corpus, index)


def _settings(ctx: click.Context, corpus: str | None = None, index: str | None = None) -> Settings:
    """Subcommands accept --corpus/--index too (after the subcommand name)."""
    base: Settings = ctx.obj or Settings.resolve()
    if corpus or index:
        over = Settings.resolve(corpus or base.corpus_dir, index or base.index_dir)
        return over
    return base


def path_options(func):
    func = click.option("--index", "index", type=click.Path(file_okay=False), default=None,
                        help="Index directory (overrides the global option).")(func)
    func = click.option("--corpus", "corpus", type=click.Path(file_okay=False), default=None,
                        help="Corpus directory (overrides the global option).")(func)
    return func


# --------------------------------------------------------------------- parse
@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per page (JSON Lines).")
@path_options
@click.pass_context
def parse(ctx, pages, as_json, corpus, index):
    """Show what the parser finds on PAGE files: articles, leftovers, problems."""
    from archive.errors import PageError
    from archive.parser import parse_file
    from archive.report import format_page

    settings = _settings(ctx, corpus, index)
    failed = 0
    for path in pages:
        try:
            root = settings.corpus_dir if _is_under(path, settings.corpus_dir) else None
            page = parse_file(path, root)
        except PageError as err:
            failed += 1
            click.echo(f"newsarchive: {err}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(page.to_dict(), ensure_ascii=False))
        else:
            click.echo(format_page(page))
    ctx.exit(EXIT_INPUT if failed else EXIT_OK)


def _is_under(path, root) -> bool:
    from pathlib import Path

    try:
        Path(path).resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


# ------------------------------------------------------------------- reindex
@cli.command()
@click.option("--full", is_flag=True, help="Build a fresh index beside the live one and switch atomically.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that parse and analyse pages.")
@path_options
@click.pass_context
def reindex(ctx, full, jobs, corpus, index):
    """Bring the index in step with the corpus (incremental unless --full)."""
    from archive.errors import ArchiveError
    from indexer.write.reindex import ReindexBusy, reindex as run_reindex
    from indexer.write.progress import TerminalProgress

    settings = _settings(ctx, corpus, index)
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = run_reindex(settings.corpus_dir, settings.index_dir, full=full, jobs=jobs, progress=progress)
    except ReindexBusy as err:
        raise Fail(str(err)) from None
    except ArchiveError as err:
        raise Fail(str(err)) from None
    for relpath, reason in report.failed:
        click.echo(f"newsarchive: failed: {relpath}: {reason}", err=True)
    click.echo(report.summary_line())
    ctx.exit(report.exit_code)


# -------------------------------------------------------------------- search
@cli.command()
@click.argument("query", nargs=-1)
@click.option("--county", help="Only articles about this county-level unit.")
@click.option("--city", help="Only articles in this prefecture-level city.")
@click.option("--paper", help="Only articles of this newspaper.")
@click.option("--author", help="Only articles by this author.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Earliest issue date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Latest issue date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORTS), default=DEFAULT_SORT, show_default=True)
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True)
@click.option("--size", "page_size", type=click.IntRange(1, MAX_PAGE_SIZE), default=10, show_default=True, help="Hits per page.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object (the result fields of /api/search).")
@path_options
@click.pass_context
def search(ctx, query, county, city, paper, author, date_from, date_to, sort, page, page_size, as_json, corpus, index):
    """Search the index: QUERY uses the syntax of the help page."""
    from indexer.results import SearchRequest
    from indexer.search import search as run_search
    from web.cli_format import format_result
    from web.markup import result_json

    store = _open_store(_settings(ctx, corpus, index))
    request = SearchRequest(
        q=" ".join(query), county=county, city=city, paper=paper, author=author,
        date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
        sort=sort, page=page, page_size=page_size,
    )
    result = run_search(store, request)
    if as_json:
        click.echo(json.dumps(result_json(result), ensure_ascii=False))
    else:
        click.echo(format_result(result))
    ctx.exit(EXIT_INPUT if result.refused else EXIT_OK)


def _open_store(settings: Settings):
    from indexer.storage.store import IndexMissing, IndexStore

    store = IndexStore(settings.index_dir)
    if not store.exists():
        raise Fail(str(IndexMissing(settings.index_dir)))
    outdated = store.outdated_schema()
    if outdated:
        raise Fail(str(IndexMissing(settings.index_dir, outdated)))
    return store


# --------------------------------------------------------------------- stats
@cli.command()
@path_options
@click.pass_context
def stats(ctx, corpus, index):
    """Counts by paper, county and year; index size; last reindex time."""
    from indexer.stats import format_stats, index_stats

    click.echo(format_stats(index_stats(_open_store(_settings(ctx, corpus, index)))))


# --------------------------------------------------------------------- serve
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), envvar="PORT", default=8000, show_default=True,
              help="TCP port (else $PORT).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the number of CPU cores).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True, help="Threads per worker.")
@click.option("--connection-limit", type=click.IntRange(1, 100_000), default=CONNECTION_LIMIT, show_default=True,
              help="Client connections open at once (per worker).")
@click.option("--channel-timeout", type=click.IntRange(1, 3600), default=CHANNEL_TIMEOUT, show_default=True,
              help="Seconds a silent connection is kept open.")
@path_options
@click.pass_context
def serve(ctx, host, port, workers, threads, connection_limit, channel_timeout, corpus, index):
    """Serve the search site with waitress (production server; never debug mode)."""
    from indexer.analysis import get_jieba, normalize
    from indexer.budget import Limits
    from web import create_app, serving
    from web.proxy import ProxySettingError

    settings = _settings(ctx, corpus, index)
    _open_store(settings).close()  # fail early when there is no index
    workers = workers or os.cpu_count() or 1
    get_jieba()  # loaded once, before the workers start: they share it
    normalize("")
    try:
        Limits.from_env()  # a bad NEWSARCHIVE_QUERY_* value stops the start, not every search
        app = create_app({"INDEX_DIR": str(settings.index_dir), "CORPUS_DIR": str(settings.corpus_dir), "DEBUG": False})
    except (ProxySettingError, ValueError) as err:
        raise Fail(str(err)) from None
    app.debug = False

    def warm() -> None:
        """In each worker: open the index and load its columns before the first request."""
        from indexer.search import warm_up
        from indexer.storage.store import IndexMissing
        from web.index_handle import get_store

        with app.app_context():
            try:
                warm_up(get_store())
            except IndexMissing:  # removed meanwhile: requests answer 503 until a reindex
                pass

    try:
        sock = serving.listen(host, port)
    except serving.ServingError as err:
        raise Fail(str(err)) from None
    bound_port = sock.getsockname()[1]
    click.echo(f"Serving {settings.index_dir} on http://{host}:{bound_port}/ with {workers} worker(s) × {threads} "
               "thread(s)  (Ctrl+C to stop)", err=True)
    click.echo(f"http://{host}:{bound_port}/")
    try:
        serving.serve(app, sock, workers=workers, threads=threads, warm=warm,
                      **waitress_options(connection_limit, channel_timeout))
    except serving.ServingError as err:
        raise Fail(str(err)) from None


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="newsarchive")


if __name__ == "__main__":  # pragma: no cover
    main()
