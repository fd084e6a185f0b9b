"""Flask commands for staff and deployment; they call the same domain functions as the views.

One module per group: content (check, status, stamp, readability, readme; publish, rollback and
sync in publishing.py), index (build), accounts (staff accounts and provisioned counters)."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from . import accounts, content, index, publishing  # noqa: F401 - publishing adds to content_cli

    app.cli.add_command(content.content_cli)
    app.cli.add_command(index.index_cli)
    app.cli.add_command(accounts.staff_cli)
    app.cli.add_command(accounts.counters_cli)
