"""The database broken from inside while serving: a SQLite file read-only for a while, deleted,
replaced, or locked, and a worker killed. The kiosk recovers by itself, never waits long inside
a request, and never thanks a visitor for an answer it has not stored."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT, close_database
from sqlalchemy import text
from test_recorder_faults import stored
from test_staff import add_user, sign_in

from app import create_app
from app.database import make_engine, upgrade
from app.models import DailyPageView, Feedback
from app.web.extensions import db

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
ARTICLE = "/en/housing/rental-deposit"


def post_feedback(client, comment: str):
    page = client.get(ARTICLE).get_data(as_text=True)
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    return client.post(ARTICLE + "/feedback", data={"token": token, "helpful": "no", "comment": comment})


def sqlite_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


@pytest.fixture
def sqlite_app(indexed_config, tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    upgrade(f"sqlite:///{path}")
    app = create_app(replace(indexed_config, database_url=f"sqlite:///{path}"))
    app.config.update(TESTING=True)
    app.db_path = path
    yield app
    close_database(app)


def test_writes_resume_after_the_sqlite_file_was_read_only(indexed_config, tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    subprocess.run(["chattr", "+i", str(path)], check=True)  # read-only even for root
    try:
        # A worker (re)started while the file is read-only: its first connections are read-only.
        app = create_app(replace(indexed_config, database_url=url))
        app.config.update(TESTING=True)
        client = app.test_client()
        assert post_feedback(client, "while read-only").status_code == 303  # kept on disk
        assert sign_in(client).status_code == 503  # the login cannot be counted: a clear 503
        assert app.extensions["recorder"].flush() is False
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    # Writable again: everything is written, logins work, nothing was lost.
    assert app.extensions["recorder"].flush() is True
    assert [row.comment for row in stored(url, Feedback)] == ["while read-only"]
    assert [row.count for row in stored(url, DailyPageView)] == [1]
    assert add_user(app).exit_code == 0
    assert sign_in(client).status_code == 302
    close_database(app)


def test_a_deleted_sqlite_file_is_made_again_and_written(sqlite_app, caplog):
    client = sqlite_app.test_client()
    url = f"sqlite:///{sqlite_app.db_path}"
    assert post_feedback(client, "before").status_code == 303
    for path in sqlite_files(sqlite_app.db_path):
        path.unlink(missing_ok=True)
    assert post_feedback(client, "after the delete").status_code == 303
    assert sqlite_app.extensions["recorder"].flush() is True
    # What was acknowledged after the delete is in the file at the database's path.
    assert [row.comment for row in stored(url, Feedback)] == ["after the delete"]
    assert "the database had lost its tables: migrated again" in caplog.text


def test_a_replaced_sqlite_file_is_used_at_once(sqlite_app, tmp_path):
    client = sqlite_app.test_client()
    assert add_user(sqlite_app, "alice").exit_code == 0
    assert sign_in(client, "alice").status_code == 302
    # A backup with another account, restored over the live file while serving.
    backup = tmp_path / "backup.sqlite3"
    upgrade(f"sqlite:///{backup}")
    other = create_app(replace(sqlite_app.extensions["kiosk"].config, database_url=f"sqlite:///{backup}"))
    assert add_user(other, "bob").exit_code == 0
    close_database(other)
    for path in sqlite_files(sqlite_app.db_path)[1:]:
        path.unlink(missing_ok=True)
    os.replace(backup, sqlite_app.db_path)
    for _ in range(3):  # every time, never alternating
        assert sign_in(sqlite_app.test_client(), "bob").status_code == 302
        assert sign_in(sqlite_app.test_client(), "alice").status_code == 401
    assert post_feedback(client, "after the restore").status_code == 303
    assert sqlite_app.extensions["recorder"].flush()
    url = f"sqlite:///{sqlite_app.db_path}"
    assert [row.comment for row in stored(url, Feedback)] == ["after the restore"]


class Lock:
    """Another program holding the database (SQLite) or the tables (PostgreSQL) locked."""

    def __init__(self, database_url: str):
        self.engine = make_engine(database_url)
        self.connection = self.engine.connect()
        if self.engine.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            self.connection.execute(text("LOCK TABLE feedback, login_attempts IN ACCESS EXCLUSIVE MODE"))

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()


KILLED_WORKER = """
import os, sys
from app import create_app
from app.config import load_config
app = create_app(load_config(sys.argv[1]))
client = app.test_client()
page = client.get("/en/housing/rental-deposit").get_data(as_text=True)
token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
form = {"token": token, "helpful": "no", "comment": "thanked"}
answer = client.post("/en/housing/rental-deposit/feedback", data=form)
print(answer.status_code, flush=True)
os._exit(0)  # killed: no atexit, no last flush
"""


@pytest.mark.slow
@ON_BOTH_ENGINES
def test_a_locked_database_holds_no_request_and_loses_no_answer(indexed_config, database_url, tmp_path):
    app = create_app(replace(indexed_config, database_url=database_url))
    app.config.update(TESTING=True)
    assert add_user(app).exit_code == 0
    with app.app_context():  # requests wait for a lock briefly, never the 10 s of the recorder
        with db.engine.connect() as connection:
            if db.engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() <= 1000
            else:
                assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "1s"
    config_file = tmp_path / "killed.yaml"
    config = app.extensions["kiosk"].config
    raw = {
        "languages": list(config.languages),
        "default_language": config.default_language,
        "fallback_languages": list(config.fallback_languages),
        "content_dir": str(config.content_dir),
        "index_dir": str(config.index_dir),
        "database_url": database_url,
    }
    config_file.write_text(yaml.safe_dump(raw), "utf-8")
    lock = Lock(database_url)
    try:
        assert sign_in(app.test_client()).status_code == 503  # at once, not after 10 s
        # A worker thanks a visitor while the database is locked, then is killed.
        environ = os.environ | {"PYTHONPATH": str(PROJECT_ROOT)}
        worker = subprocess.run(
            [sys.executable, "-c", KILLED_WORKER, str(config_file)],
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
            env=environ,
            timeout=120,
        )
        assert worker.stdout.split()[-1] == "303", worker.stderr
    finally:
        lock.release()
    # Another worker writes what the killed one acknowledged.
    assert app.extensions["recorder"].flush()
    assert [row.comment for row in stored(database_url, Feedback)] == ["thanked"]
    assert sign_in(app.test_client()).status_code == 302
    close_database(app)


def test_an_answer_is_refused_when_it_cannot_be_kept_anywhere(indexed_config, tmp_path):
    # The database cannot be reached and the spool cannot be written: say so, never "thank you".
    (tmp_path / "spool").write_text("a file where the spool folder should be")
    url = "postgresql://nobody@127.0.0.1:9/none"
    app = create_app(replace(indexed_config, database_url=url))
    app.config.update(TESTING=True)
    answer = post_feedback(app.test_client(), "lost?")
    assert answer.status_code == 503
    close_database(app)


def test_the_spool_refuses_answers_past_its_size(tmp_path, caplog):
    from datetime import date

    from app.records import feedback_row
    from app.spool import Spool

    spool = Spool(tmp_path / "spool", max_bytes=2000)
    row = feedback_row(date.today(), "en", "housing", "rental-deposit", False, "x" * 100, once="n")
    kept = [spool.append_rows([row]) for _ in range(20)]
    assert kept[0] is True and kept[-1] is False and kept.count(True) < 20
    assert "the spool is full" in caplog.text
    [(path, rows)] = spool.take_rows()  # what was kept can be read back whole
    assert len(rows) == kept.count(True) and rows[0] == row
