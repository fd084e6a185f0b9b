"""`flask content publish`, `content rollback` and `content sync`: the same domain calls as the
studio's Publish button (app/web/publishing.py) and the followers' timer."""

from __future__ import annotations

import logging
import sys
import time
from datetime import date

import click

from .. import __version__
from ..content import load_content
from ..content.history import Author, HistoryError
from ..publishing import (
    Follower,
    NeedsConfirmation,
    NothingToRollBack,
    Publisher,
    PublishRefused,
    SigningError,
    SyncBusy,
    counts_sent_from,
    local_counts,
    report,
)
from .common import running_kiosk as _kiosk
from .content import content_cli

log = logging.getLogger(__name__)
COMMAND_LINE = Author("command-line", "Command line")


def content_loader(kiosk):
    """Load any content folder as the kiosk loads its own (its languages and pictograms)."""
    return lambda root: load_content(root, kiosk.languages.codes, kiosk.pictograms.exists)


def publisher_of(kiosk) -> Publisher:
    return Publisher.from_config(kiosk.config, content_loader(kiosk))


def record_publication(publication, published_by: str) -> None:
    """Keep it in the database for the Counters page; the database may be down (it is in git)."""
    from ..records import record_publication as record
    from ..web.extensions import db

    try:
        record(db.session, publication, published_by)
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - published all the same; the page shows it later
        db.session.rollback()
        log.warning("publication %d not recorded in the database (%s)", publication.number, type(error).__name__)


@content_cli.command("publish")
@click.option("--confirm", is_flag=True, help="Publish even if pages visitors see today would go or change language.")
def content_publish(confirm: bool):
    """Check, build the index and swap, then sign the publication for followers.

    Refused when the content has errors (printed as path:line: message), and, without
    --confirm, when a page visitors see today would disappear or fall back to another language."""
    try:
        publication = publisher_of(_kiosk()).publish(COMMAND_LINE, confirm=confirm)
    except PublishRefused as refused:
        for problem in refused.problems:
            click.echo(problem)
        raise click.ClickException(str(refused)) from None
    except NeedsConfirmation as asked:
        for risk in asked.risks:
            click.echo(risk.describe())
        raise click.ClickException(f"{asked}; publish with --confirm if that is what you want") from None
    except (SigningError, HistoryError) as error:
        raise click.ClickException(str(error)) from None
    record_publication(publication, COMMAND_LINE.username)
    click.echo(
        f"Publication {publication.number} published ({publication.source[:10]}); followers take it at their next sync"
    )


@content_cli.command("rollback")
def content_rollback():
    """Go back to the previous publication: its content is published again as a new publication."""
    try:
        publication = publisher_of(_kiosk()).rollback(COMMAND_LINE)
    except (NothingToRollBack, SigningError, HistoryError) as error:
        raise click.ClickException(str(error)) from None
    except PublishRefused as refused:
        for problem in refused.problems:
            click.echo(problem)
        raise click.ClickException(str(refused)) from None
    record_publication(publication, COMMAND_LINE.username)
    click.echo(f"Publication {publication.number} brings back publication {publication.restores}")


@content_cli.command("sync")
@click.option("--from", "server", metavar="URL", help="The server to follow (default: the sync_from setting).")
@click.option("--repeat", is_flag=True, help="Sync again every sync_seconds, until stopped (for a container).")
def content_sync(server: str | None, repeat: bool):
    """Take the publishing server's newest signed publication: check, build, swap, all or nothing.

    A failure keeps the last good content served and says why (here, in the log, and in the
    heartbeat this command sends when sync_name and sync_key are set)."""
    kiosk = _kiosk()
    server = (server or kiosk.config.sync_from).rstrip("/")
    if not server:
        raise click.ClickException("give --from URL or set sync_from (KIOSK_SYNC_FROM)")
    try:
        follower = Follower.from_config(kiosk.config, content_loader(kiosk))
    except SigningError as error:
        raise click.ClickException(str(error)) from None
    while True:
        ok = _sync_once(kiosk, follower, server)
        if not repeat:
            sys.exit(0 if ok else 1)
        time.sleep(kiosk.config.sync_seconds)


def _sync_once(kiosk, follower: Follower, server: str) -> bool:
    try:
        outcome = follower.sync(server)
    except SyncBusy as busy:
        click.echo(str(busy), err=True)
        return True
    state = outcome.state
    if outcome.taken is not None:
        click.echo(f"Publication {outcome.taken.number} is served now", err=True)
    elif outcome.ok:
        click.echo(f"Up to date: publication {state.publication}", err=True)
    else:
        click.echo(f"Sync failed, the last good content is still served: {state.problem}", err=True)
    _send_heartbeat(kiosk.config, follower, server, state)
    return outcome.ok


def _send_heartbeat(config, follower: Follower, server: str, state) -> None:
    """Report to the server followed; a counter with its own server sends its counts too."""
    if not (config.sync_name and config.sync_key and server.startswith(("http://", "https://"))):
        return
    counts = None
    if config.counter_id:
        from ..web.extensions import db

        try:
            counts = local_counts(db.session, config.counter_id, counts_sent_from(follower.sync_dir))
        except Exception as error:  # noqa: BLE001 - no counts this time; they are sent later
            log.warning("counts not read from the local database (%s)", type(error).__name__)
        finally:
            db.session.close()
    report(server, config.sync_name, config.sync_key, __version__, state, follower.sync_dir, counts, date.today())
