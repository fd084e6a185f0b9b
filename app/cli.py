"""Flask commands for staff and deployment; they call the same domain functions as the views."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from .search import IndexBusy, build_index, is_stale

content_cli = AppGroup("content", help="Check the content files.")
index_cli = AppGroup("index", help="Build the search index.")


def _kiosk():
    from flask import current_app

    return current_app.extensions["kiosk"]


@content_cli.command("check")
def content_check():
    """Validate every content file; print path:line: message per problem; exit 1 if any."""
    kiosk = _kiosk()
    content = kiosk.load_content()
    for problem in content.problems:
        click.echo(problem.format(kiosk.config.content_dir))
    versions = sum(len(a.versions) for a in content.articles.values())
    summary = f"{len(content.topics)} topics, {len(content.articles)} articles, {versions} files read"
    if content.problems:
        click.echo(f"{len(content.problems)} problem(s) found; {summary}", err=True)
        sys.exit(1)
    click.echo(f"No problems; {summary}", err=True)


@index_cli.command("build")
@click.option("--if-stale", is_flag=True, help="Only build when the index is missing or older than the content.")
@click.option("--wait", is_flag=True, help="Wait for a build that is already running instead of stopping.")
def index_build(if_stale: bool, wait: bool):
    """Build the search index into a new folder and swap it in atomically."""
    kiosk = _kiosk()
    content = kiosk.load_content()
    if if_stale and not is_stale(kiosk.config.index_dir, content.fingerprint):
        click.echo("The index is up to date.", err=True)
        return
    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done == total or done % 50 == 0):
            click.echo(f"\rindexing {done}/{total}", err=True, nl=done == total)

    try:
        result = build_index(content, kiosk.config.index_dir, wait=wait, progress=progress)
    except IndexBusy as error:
        click.echo(str(error), err=True)
        sys.exit(75)  # EX_TEMPFAIL: try again later
    rate = result.documents / result.seconds if result.seconds else 0
    click.echo(
        f"Indexed {result.documents} documents in {result.seconds:.1f} s ({rate:.0f} documents/s) "
        f"into {result.path}",
        err=True,
    )


def register_commands(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(index_cli)
