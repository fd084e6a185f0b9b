"""Database connections and migrations for SQLite (one counter) and PostgreSQL (a region).

No Flask here: the recorder's thread, gunicorn's start hook and the tests use these directly.
The database is optional for the public pages, so every connection gives up quickly.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from .config import PROJECT_ROOT
from .process import process_id

log = logging.getLogger(__name__)
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
# The newest migration in migrations/versions/. A database already there is not migrated, and a
# server does not import Alembic to find that out: Alembic (with Mako and Pygments) is 12 MB in
# every worker and 0.2 s of each start. tests/test_migrations.py checks it is Alembic's head.
SCHEMA_HEAD = "b9d1f3a5c680"
# Seconds to wait for PostgreSQL to accept a connection before treating it as down.
CONNECT_TIMEOUT = 3
# A number for PostgreSQL's advisory lock, so only one of several starting servers migrates.
MIGRATION_LOCK = 0x6B696F736B  # "kiosk"


def engine_url(database_url: str) -> str:
    """The SQLAlchemy URL: plain ``postgresql://`` means the psycopg 3 driver we ship."""
    if database_url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + database_url.split("://", 1)[1]
    return database_url


# Seconds a request waits for a locked database before answering 503 (staff pages, logins,
# a heartbeat's key, a visitor's feedback, which is then kept on disk): a locked database
# never holds a page for long. The recorder's thread, off the request path, waits longer.
REQUEST_WAIT_SECONDS = 1.0
BACKGROUND_WAIT_SECONDS = 10.0


def engine_options(database_url: str, wait_seconds: float = REQUEST_WAIT_SECONDS) -> dict:
    """Options for create_engine (and Flask-SQLAlchemy's SQLALCHEMY_ENGINE_OPTIONS)."""
    if database_url.startswith("sqlite"):
        # Several gunicorn workers write to one file: wait for the lock, but not for long.
        # No pool: each use opens the file again, so a file that was read-only for a while,
        # deleted or replaced is found as it is now (a kept connection would stay read-only,
        # or write on into a deleted file). Opening a SQLite file takes microseconds.
        return {"connect_args": {"timeout": wait_seconds}, "poolclass": NullPool}
    # lock_timeout: a locked table fails the statement instead of holding the request.
    options = f"-c lock_timeout={int(wait_seconds * 1000)}"
    return {
        "connect_args": {"connect_timeout": CONNECT_TIMEOUT, "options": options},
        "pool_pre_ping": True,
        "pool_size": 5,
    }


def _sqlite_wal(dbapi_connection, _record) -> None:
    # WAL lets readers (staff pages) and the writer (the recorder) work at the same time.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error:
        pass  # a read-only or locked file: still readable; the next connection tries again
    finally:
        cursor.close()


def prepare_engine(engine: Engine) -> Engine:
    """Per-dialect settings every engine of ours gets, whoever created it."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if not event.contains(engine, "connect", _sqlite_wal):
            event.listen(engine, "connect", _sqlite_wal)
    return engine


def make_engine(database_url: str, wait_seconds: float = BACKGROUND_WAIT_SECONDS) -> Engine:
    return prepare_engine(create_engine(engine_url(database_url), **engine_options(database_url, wait_seconds)))


class ProcessSessions:
    """Sessions on an engine of this process's own, made on first use and made again in a forked
    child: a connection (and a pool) must never cross a fork, and gunicorn forks its workers
    after the app is made."""

    def __init__(self, database_url: str, wait_seconds: float = BACKGROUND_WAIT_SECONDS):
        self.database_url = database_url
        self.wait_seconds = wait_seconds
        self._made: tuple[int, sessionmaker] | None = None  # (process id, sessions)

    def __call__(self) -> Session:
        if self._made is None or self._made[0] != process_id():
            self._made = (process_id(), sessionmaker(make_engine(self.database_url, self.wait_seconds)))
        return self._made[1]()

    @property
    def open(self) -> bool:
        """Whether this process holds an engine (that close() would let go of)."""
        return self._made is not None and self._made[0] == process_id()

    def close(self) -> None:
        """Let go of this process's connections; an engine made before a fork is the parent's."""
        if self.open:
            self._made[1].kw["bind"].dispose()
        self._made = None


def is_missing_schema(error: Exception) -> bool:
    """Whether ``error`` says a table or column is missing: a SQLite file deleted (and made again,
    empty) or replaced by an older one."""
    message = str(getattr(error, "orig", error)).lower()
    missing = ("no such table", "no such column", "undefinedtable", "undefinedcolumn")
    return any(m in message for m in missing) or ("relation" in message and "does not exist" in message)


# Alembic's migration context is one module-level proxy per process: two migrations at once in
# one process (a recorder's thread migrating a recreated SQLite file, `flask db`) must take turns.
MIGRATING = threading.Lock()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema up to date (the same migrations as ``flask --app wsgi db upgrade``)."""
    engine = make_engine(database_url)
    try:
        if revision == "head" and _at_head(engine):
            return
        from alembic import command
        from alembic.config import Config

        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # Servers of a region start together: the first migrates, the others wait.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            with MIGRATING:
                command.upgrade(config, revision)
    finally:
        engine.dispose()


def _at_head(engine: Engine) -> bool:
    """Whether the database's schema is the newest migration's (False when it has none yet)."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError as error:
        if is_missing_schema(error):
            return False
        raise
    return versions == [SCHEMA_HEAD]


def upgrade_if_reachable(database_url: str) -> bool:
    """Migrate at start; a database that is down must not stop the kiosk from serving."""
    try:
        upgrade(database_url)
        return True
    except Exception as error:  # noqa: BLE001 - any database failure: serve without one
        log.warning("database not migrated (%s); pages are served, statistics wait", type(error).__name__)
        return False
