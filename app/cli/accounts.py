"""`flask staff …` (accounts for the staff pages) and `flask counters …` (provisioned counters)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .common import running_kiosk as _kiosk

staff_cli = AppGroup("staff", help="Staff accounts for the /staff pages.")


@staff_cli.command("add-user")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "editor", "translator"]),
    help="admin: accounts and everything; editor: all content; translator: the languages given.",
)
@click.option("--languages", default="", metavar="CODES", help="A translator's languages, comma-separated: ar,prs.")
def staff_add_user(username: str, role: str, languages: str):
    """Create a staff account (the password is stored only as a slow salted hash).

    The password is asked twice on a terminal; otherwise the first line of standard input is the
    password, so the first admin can be scripted: `printf '%s\\n' "$PW" | flask staff add-user …`.
    """
    from ..staff_accounts import AccountError, create_user
    from ..web.extensions import db

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(
            db.session,
            username,
            password,
            role=role,
            languages=languages.split(","),
            offered=set(_kiosk().languages.codes),
        )
        db.session.commit()
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Staff account {user.username!r} ({user.role}) created; sign in at /staff/login")


@staff_cli.command("remove-user")
@click.argument("username")
def staff_remove_user(username: str):
    """Delete a staff account; its open sessions end at their next page."""
    from ..staff_accounts import remove_user

    _remove(remove_user, username, "staff account")


counters_cli = AppGroup("counters", help="Provisioned counters: only their heartbeats count.")


@counters_cli.command("add")
@click.argument("name")
def counters_add(name: str):
    """Provision a counter (or give it a new key) and print its key, shown only this once."""
    from ..counter_keys import CounterError, provision_counter
    from ..web.extensions import db

    try:
        key = provision_counter(db.session, name)
        db.session.commit()
    except CounterError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Counter {name!r} provisioned. Its key, shown only now (put it in the counter's")
    click.echo("~/.config/kiosk-counter.env as KIOSK_COUNTER_KEY, see docs/counter-setup.md):")
    click.echo(key)


@counters_cli.command("remove")
@click.argument("name")
def counters_remove(name: str):
    """Forget a counter and its heartbeats; its key stops working."""
    from ..counter_keys import remove_counter

    _remove(remove_counter, name, "counter")


@counters_cli.command("list")
def counters_list():
    """The provisioned counters' names."""
    from ..counter_keys import counter_names
    from ..web.extensions import db

    for name in counter_names(db.session):
        click.echo(name)


def _remove(remove, name: str, noun: str) -> None:
    """Remove what ``name`` names with ``remove(session, name)``, or say there is none."""
    from ..web.extensions import db

    if not remove(db.session, name):
        raise click.ClickException(f"no {noun} named {name!r}")
    db.session.commit()
    click.echo(f"{noun.capitalize()} {name!r} removed")
