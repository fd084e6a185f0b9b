"""`flask index build`: build the search index into a new folder and swap it in."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

from ..search import IndexBusy, build_index, is_stale
from .common import record_source_texts as _record_source_texts
from .common import running_kiosk as _kiosk

index_cli = AppGroup("index", help="Build the search index.")


@index_cli.command("build")
@click.option("--if-stale", is_flag=True, help="Only build when the index is missing or older than the content.")
@click.option("--wait", is_flag=True, help="Wait for a build that is already running instead of stopping.")
@click.option(
    "--full",
    is_flag=True,
    help="Index every document anew (the nightly path), not only those changed since the live build.",
)
def index_build(if_stale: bool, wait: bool, full: bool):
    """Build the search index into a new folder and swap it in atomically."""
    kiosk = _kiosk()
    content = kiosk.content_on_disk()
    if if_stale and not is_stale(kiosk.config.index_dir, content.fingerprint):
        click.echo("The index is up to date.", err=True)
        return
    total = sum(len(article.versions) for article in content.articles.values())
    started = time.monotonic()
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(
            length=total,
            label="Indexing",
            file=sys.stderr,
            show_pos=True,
            show_eta=False,
            item_show_func=lambda _: (
                f"{bar.pos / max(time.monotonic() - started, 1e-6):.0f} documents/s" if bar else ""
            ),
        )
        bar.__enter__()

    def progress(done: int, _total: int) -> None:
        if bar is not None:
            bar.update(done - bar.pos, done)

    try:
        result = build_index(
            content,
            kiosk.config.index_dir,
            wait=wait,
            progress=progress,
            languages=kiosk.languages.codes,
            on_wait=lambda: click.echo("Another index build is running; waiting for it to finish.", err=True),
            full=full,
        )
    except IndexBusy as error:
        click.echo(str(error), err=True)
        sys.exit(75)  # EX_TEMPFAIL: try again later
    except OSError as error:
        # A full disk or a vanished folder: the live index was not touched.
        click.echo(f"index build failed: {error.strerror or error}; the live index is unchanged", err=True)
        sys.exit(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    # What is published now is what translations will be compared with later.
    _record_source_texts(content)
    if result.rewritten is not None:
        click.echo(
            f"Indexed {result.documents} documents in {result.seconds:.1f} s ({result.rewritten} changed since the "
            f"live build, written again on a copy of it) into {result.path}",
            err=True,
        )
        return
    rate = result.documents / result.seconds if result.seconds else 0
    click.echo(
        f"Indexed {result.documents} documents in {result.seconds:.1f} s ({rate:.0f} documents/s) into {result.path}",
        err=True,
    )
