"""Alembic environment for both ways of migrating: ``flask --app wsgi db upgrade`` (Flask-Migrate,
inside an app context) and ``app.database.upgrade`` (gunicorn's start hook, tests), which hands
over an open connection."""

from alembic import context

from app.models import Base

config = context.config


def run_on(connection) -> None:
    # Batch mode lets later migrations alter tables on SQLite, which has few ALTER TABLE forms.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    from flask import current_app

    context.configure(url=str(current_app.extensions["migrate"].db.engine.url), target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    from flask import current_app
    from sqlalchemy import text

    from app.database import MIGRATION_LOCK

    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
        run_on(connection)


if context.is_offline_mode():
    run_offline()
else:
    run_online()
