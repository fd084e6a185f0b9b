"""What every command needs: the running kiosk of the app the command runs in."""

from __future__ import annotations

import click


def running_kiosk():
    from flask import current_app

    return current_app.extensions["kiosk"]


def record_source_texts(content) -> None:
    """Keep the originals' texts at their current revisions; the database may be down."""
    from ..records import record_source_texts as record
    from ..web.extensions import db

    try:
        record(db.session, content)
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - the files are written; the database may be down
        db.session.rollback()
        click.echo(f"note: the source texts were not recorded in the database ({type(error).__name__})", err=True)
