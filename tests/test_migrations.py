"""The migrations build the schema the models describe, on SQLite and PostgreSQL, both through
`flask --app wsgi db upgrade` (Flask-Migrate) and through gunicorn's start hook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from conftest import close_database
from sqlalchemy import inspect, text

from app import create_app
from app.database import MIGRATIONS_DIR, make_engine, upgrade, upgrade_if_reachable
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
