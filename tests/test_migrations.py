"""The migrations build the schema the models describe, on SQLite and PostgreSQL, both through
`flask --app wsgi db upgrade` (Flask-Migrate) and through gunicorn's start hook."""

from __future__ import annotations

from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import close_database
from sqlalchemy import inspect

from app import create_app
from app.database import make_engine, upgrade, upgrade_if_reachable
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
