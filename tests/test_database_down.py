"""The database is never in the way: with it down, every public page and search answers 200,
counts wait in memory, and they are written once it is back."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import requests
from conftest import Gunicorn, close_database, free_port, write_config_file
from postgres import PostgresServer

from app import create_app
from app.database import make_engine, upgrade
from app.models import DailyPageView, Feedback

PUBLIC_PATHS = [
    "/",
    "/en/",
    "/fr/housing/",
    "/en/housing/rental-deposit",
    "/ar/housing/rental-deposit",
    "/en/search?q=deposit",
    "/en/search?q=nothing+like+this",
    "/api/search?q=deposit&lang=en",
    "/api/suggest?q=dep&lang=en",
    "/healthz",
]


def post_feedback(get, post, base=""):
    page = get(base + "/en/housing/rental-deposit")
    text = page.text if hasattr(page, "text") else page.get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    return post(base + "/en/housing/rental-deposit/feedback", data={"token": token, "helpful": "yes"})


def test_pages_and_search_answer_when_nothing_listens(indexed_config):
    url = f"postgresql://kiosk@127.0.0.1:{free_port()}/kiosk"
    app = create_app(replace(indexed_config, database_url=url))
    client = app.test_client()
    for path in PUBLIC_PATHS:
        assert client.get(path).status_code == 200, path
    assert post_feedback(client.get, client.post).status_code == 303
    assert client.post("/api/heartbeat", json={"counter": "bapa-1", "key": "k" * 43}).status_code == 503
    recorder = app.extensions["recorder"]
    assert recorder.flush() is False  # kept for later, not lost
    assert recorder._pending() > 0
    close_database(app)


@pytest.mark.postgres  # its own PostgreSQL server, stopped and started again
def test_counts_made_while_postgresql_is_down_are_written_when_it_is_back(indexed_config):
    server = PostgresServer(free_port()).start()
    try:
        url = server.new_database()
        upgrade(url)
        app = create_app(replace(indexed_config, database_url=url))
        client = app.test_client()
        client.get("/en/housing/rental-deposit")
        assert app.extensions["recorder"].flush()

        server.stop_only()
        for path in PUBLIC_PATHS:
            assert client.get(path).status_code == 200, path
        assert post_feedback(client.get, client.post).status_code == 303
        assert app.extensions["recorder"].flush() is False

        server.start_again()
        assert app.extensions["recorder"].flush() is True
        engine = make_engine(url)
        with engine.connect() as connection:
            views = {r.lang + r.article: r.count for r in connection.execute(DailyPageView.__table__.select())}
            feedback = list(connection.execute(Feedback.__table__.select()))
        engine.dispose()
        assert views["enrental-deposit"] == 3  # one before, two while down (the page and the form's page)
        assert views["arrental-deposit"] == 1
        assert len(feedback) == 1
        close_database(app)
    finally:
        server.stop()


@pytest.fixture
def server_without_database(tmp_path, content_dir, monkeypatch):
    config_path = write_config_file(tmp_path, content_dir)
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        KIOSK_CONFIG=str(config_path),
        DATABASE_URL=f"postgresql://kiosk@127.0.0.1:{free_port()}/kiosk",
    )
    yield server.wait_until_ready()
    server.stop()


@pytest.mark.server
def test_gunicorn_starts_and_serves_with_the_database_down(server_without_database):
    base = server_without_database
    session = requests.Session()
    for path in PUBLIC_PATHS:
        assert session.get(base + path, timeout=30).status_code == 200, path
    assert post_feedback(session.get, session.post, base).status_code == 200  # after the redirect
    assert session.get(base + "/staff/login", timeout=30).status_code == 200
    assert not session.cookies.get_dict(path="/")
