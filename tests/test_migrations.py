"""The migrations build the schema the models describe, on SQLite and PostgreSQL, both through
`flask --app wsgi db upgrade` (Flask-Migrate) and through gunicorn's start hook."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import close_database
from sqlalchemy import inspect, text

from app import create_app
from app.config import PROJECT_ROOT
from app.database import MIGRATIONS_DIR, SCHEMA_HEAD, make_engine, upgrade, upgrade_if_reachable
from app.models import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh' / 'kiosk.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


def test_flask_db_upgrade_builds_the_schema_of_the_models(indexed_config, empty_database):
    app = create_app(replace(indexed_config, database_url=empty_database))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    close_database(app)
    engine = make_engine(empty_database)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
        # Nothing in the models that the migrations lack (a forgotten `flask db migrate`).
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
    upgrade(empty_database)  # running again changes nothing


def test_a_database_that_is_down_is_reported_not_raised(caplog):
    assert upgrade_if_reachable("postgresql://nobody@127.0.0.1:9/none") is False
    assert "database not migrated" in caplog.text


def test_searches_that_found_nothing_move_into_daily_searches_and_back(empty_database):
    """The twin table zero_result_searches became a column; its counts survive the move both ways."""
    upgrade(empty_database, "c3e5a7b9d124")  # the schema before the move
    engine = make_engine(empty_database)
    day = date(2026, 11, 30)
    with engine.begin() as connection:
        for table, query, count in [
            ("daily_searches", "huurwaarborg", 5),
            ("daily_searches", "deposit", 2),
            ("zero_result_searches", "huurwaarborg", 3),
            ("zero_result_searches", "zzz", 1),  # no twin: kept as a search of its own
        ]:
            connection.execute(
                text(f"INSERT INTO {table} (day, lang, query, counter, count) VALUES (:d, 'nl', :q, 'web', :n)"),
                {"d": day, "q": query, "n": count},
            )
    upgrade(empty_database)
    searches = "SELECT query, count, nothing_found FROM daily_searches ORDER BY query"
    with engine.connect() as connection:
        assert [tuple(r) for r in connection.execute(text(searches))] == [
            ("deposit", 2, 0),
            ("huurwaarborg", 5, 3),
            ("zzz", 1, 1),
        ]
        assert "zero_result_searches" not in inspect(connection).get_table_names()
    with engine.begin() as connection:  # and back: the downgrade keeps the counts too
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.downgrade(config, "c3e5a7b9d124")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT query, count FROM zero_result_searches ORDER BY query"))
        assert [tuple(r) for r in rows] == [("huurwaarborg", 3), ("zzz", 1)]
    engine.dispose()


def test_accounts_made_before_roles_are_kept_as_admins(empty_database):
    """Whoever could sign in before roles existed could do everything: they stay admins, active."""
    upgrade(empty_database, "d5f7b9c1e246")  # the schema before roles
    engine = make_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO staff_users (username, password_hash, created_at) VALUES ('alice', 'x', :t)"),
            {"t": date(2026, 11, 30)},
        )
    upgrade(empty_database)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT username, role, languages, staff_language, active FROM staff_users"))
        assert [tuple(r) for r in row] == [("alice", "admin", "", None, True)]
    with engine.begin() as connection:  # a new account must state its role: no default is left
        with pytest.raises(Exception, match="(?i)not null|null value"):
            with connection.begin_nested():
                connection.execute(
                    text("INSERT INTO staff_users (username, password_hash, created_at) VALUES ('bob', 'x', :t)"),
                    {"t": date(2026, 11, 30)},
                )
    engine.dispose()


def test_the_schema_head_the_server_checks_is_alembics_head():
    # A new migration without SCHEMA_HEAD moved on would never run on an existing database.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_HEAD]


def test_a_database_at_the_newest_migration_is_not_migrated_again(empty_database, monkeypatch):
    upgrade(empty_database, "a8c0e2f4b579")  # the migration before the newest
    calls = []
    real_upgrade = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda *args: calls.append(args) or real_upgrade(*args))
    upgrade(empty_database)
    assert len(calls) == 1  # an older schema goes through Alembic
    engine = make_engine(empty_database)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    engine.dispose()
    upgrade(empty_database)
    assert len(calls) == 1  # at the newest migration: a look at alembic_version, no Alembic


@pytest.mark.slow  # two processes loading the shipped content
def test_a_server_does_not_import_alembic(tmp_path):
    # Flask-Migrate's `flask db` commands are set up when one runs (app/web/extensions.py): a
    # server migrates through app/database.py and carries no Alembic, Mako or Pygments.
    script = (  # as gunicorn starts: migrate (gunicorn.conf.py), then the app
        "import sys; from app.config import load_config; from app.database import upgrade_if_reachable; "
        "assert upgrade_if_reachable(load_config().database_url); from wsgi import app; "
        "print(sorted(m for m in ('alembic', 'flask_migrate', 'mako', 'pygments') if m in sys.modules))"
    )
    env = os.environ | {
        "KIOSK_INDEX_DIR": str(tmp_path / "index"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
        "KIOSK_CACHE_DIR": str(tmp_path / "cache"),
    }
    for run in range(2):  # a new database (migrated by Alembic, imported then), then one at the newest
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        imported = result.stdout.strip().splitlines()[-1]
        assert imported == ("['alembic', 'mako', 'pygments']" if run == 0 else "[]")
