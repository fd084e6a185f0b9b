"""Flask extensions, created unbound here and bound in create_app with init_app."""

from __future__ import annotations

import click
from flask.sessions import SecureCookieSessionInterface
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from ..models import Base

# The tables are declared on our own Base (app/models.py), which domain code uses without Flask.
db = SQLAlchemy(metadata=Base.metadata)
# Checks the CSRF token of every POST, except the public forms (which have their own signed
# tokens, because public pages set no cookie) and the counters' heartbeat API.
csrf = CSRFProtect()


class MigrationCommands(click.Group):
    """``flask db …`` (Flask-Migrate's commands), set up when one of them runs.

    Flask-Migrate imports Alembic, Mako and Pygments: 12 MB in every worker and 0.2 s of each
    start, for commands a server never runs (it migrates at start through app/database.py, which
    looks at the schema's version first)."""

    def __init__(self, app):
        super().__init__("db", help="Perform database migrations (Flask-Migrate, Alembic).")
        self.app = app

    def _commands(self) -> click.Group:
        from flask_migrate import Migrate
        from flask_migrate.cli import db as commands

        from ..database import MIGRATIONS_DIR

        if "migrate" not in self.app.extensions:
            Migrate(self.app, db, directory=str(MIGRATIONS_DIR))
        return commands

    def parse_args(self, ctx, args):
        real = self._commands()  # its options (--directory, -x) and what it does with them
        self.params, self.callback = real.params, real.callback
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        from ..database import MIGRATING

        with MIGRATING:  # not while a recorder's thread migrates a recreated SQLite file
            return super().invoke(ctx)

    def list_commands(self, ctx):
        return self._commands().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._commands().get_command(ctx, name)


class StaffSessionInterface(SecureCookieSessionInterface):
    """The staff session cookie is Secure whenever the page was served over HTTPS, including
    HTTPS at a trusted proxy (trusted_proxies), not only when KIOSK_SECURE_COOKIES says so.

    Outside /staff there is no session at all: browsers send the cookie to /staff only
    (SESSION_COOKIE_PATH), and Flask's null session refuses to be written, so a public page can
    never set a cookie. It also spares every public request the cost of opening one."""

    def open_session(self, app, request):
        if not request.path.startswith(app.config["SESSION_COOKIE_PATH"]):
            return None  # Flask's null session
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        from flask import request

        return super().get_cookie_secure(app) or request.is_secure


def init_storage(app, config) -> None:
    """The database, migrations, CSRF, the recorder and the signing key, from KioskConfig."""
    from datetime import timedelta

    from ..database import engine_options, engine_url, prepare_engine
    from ..public_forms import FormTokens
    from ..recorder import Recorder
    from ..secret_key import load_secret_key

    app.config.update(
        SQLALCHEMY_DATABASE_URI=engine_url(config.database_url),
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(config.database_url),
        SECRET_KEY=load_secret_key(config.secret_key, config.index_dir.parent / "secret_key"),
        # The only cookie of the site: the staff session, sent to /staff and nowhere else.
        SESSION_COOKIE_NAME="kiosk_staff",
        SESSION_COOKIE_PATH="/staff",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        # Idle timeout: the signed session expires this long after the last staff page.
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=30),
        # A counter's server counts every view as its own (the embedded shape).
        KIOSK_COUNTER_ID=config.counter_id,
        # Only behind a proxy that sets (and strips from visitors) X-Kiosk-Counter.
        KIOSK_TRUST_COUNTER_HEADER=config.trust_counter_header,
    )
    app.session_interface = StaffSessionInterface()
    db.init_app(app)
    app.cli.add_command(MigrationCommands(app))

    csrf.init_app(app)
    with app.app_context():
        prepare_engine(db.engine)
    # Visitors' answers the database cannot take yet are kept on disk beside the index.
    spool_dir = config.index_dir.parent / "spool"
    app.extensions["recorder"] = Recorder(
        config.database_url, search_days_kept=config.search_days_kept, spool_dir=spool_dir
    )
    app.extensions["form_tokens"] = FormTokens(app.config["SECRET_KEY"])
