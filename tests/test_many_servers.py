"""A region: two gunicorn servers (two workers each) on different ports share one PostgreSQL.
What is recorded on one shows on the staff pages of the other; sign-in and the login limit
hold across servers and workers."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
import requests
from conftest import Gunicorn, write_config_file

from app.counter_keys import provision_counter
from app.database import make_engine, upgrade
from app.staff_accounts import create_user

PASSWORD = "a long staff password"


@pytest.fixture
def region(tmp_path, content_dir, postgres):
    url = postgres.new_database()
    upgrade(url)
    engine = make_engine(url)
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        create_user(session, "alice", PASSWORD)
        create_user(session, "bob", PASSWORD)
        keys = {name: provision_counter(session, name) for name in ("bapa-1", "bon-2")}
    engine.dispose()
    config_path = write_config_file(tmp_path, content_dir)
    servers = [
        Gunicorn(
            tmp_path / f"gunicorn-{name}.log",
            KIOSK_CONFIG=str(config_path),
            KIOSK_INDEX_DIR=str(tmp_path / f"index-{name}"),
            DATABASE_URL=url,
            KIOSK_SECRET_KEY="region-shared-secret-for-tests",
        )
        for name in ("a", "b")
    ]
    bases = [server.wait_until_ready() for server in servers]
    yield bases, keys
    for server in servers:
        server.stop()


def sign_in(base: str, name: str, password: str = PASSWORD, session=None) -> tuple[requests.Session, int]:
    session = session or requests.Session()
    page = session.get(base + "/staff/login", timeout=30).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = session.post(
        base + "/staff/login",
        data={"csrf_token": token, "username": name, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    return session, answer.status_code


def table(session: requests.Session, url: str) -> list[list[str]]:
    answer = session.get(url, timeout=30)
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))


def wait_for_rows(session, url, wanted: int, seconds: float = 30) -> list[list[str]]:
    """The recorder writes within seconds; wait for it, then fail with what is there."""
    deadline = time.monotonic() + seconds
    rows = table(session, url)
    while len(rows) - 1 < wanted and time.monotonic() < deadline:
        time.sleep(0.3)
        rows = table(session, url)
    return rows


@pytest.mark.server
def test_feedback_and_heartbeats_on_one_server_show_on_the_other(region):
    (a, b), keys = region
    visitor = requests.Session()
    page = visitor.get(a + "/en/housing/rental-deposit", timeout=30).text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    answer = visitor.post(
        a + "/en/housing/rental-deposit/feedback",
        data={"token": token, "helpful": "no", "comment": "Which bank?"},
        timeout=30,
    )
    assert answer.status_code == 200 and "feedback-thanks" in answer.text
    assert not visitor.cookies.get_dict()
    beat = {"software_version": "2.0.1", "content_revision": "abc"}
    for base, counter in ((a, "bapa-1"), (b, "bon-2")):
        beat_of = beat | {"counter": counter, "key": keys[counter]}
        assert requests.post(base + "/api/heartbeat", json=beat_of, timeout=30).status_code == 200

    staff_b, status = sign_in(b, "alice")
    assert status == 302
    comments = wait_for_rows(staff_b, b + "/staff/feedback.csv?table=comments", 1)
    assert comments[1][1:] == ["housing/rental-deposit", "en", "no", "Which bank?"]
    for base in (a, b):
        staff, _ = sign_in(base, "alice")
        # Heartbeats are written by each server's recorder within seconds.
        deadline, online = time.monotonic() + 30, set()
        while len(online) < 2 and time.monotonic() < deadline:
            counters = table(staff, base + "/staff/counters.csv?table=counters")
            online = {row[0] for row in counters[1:] if row[1] == "online"}
            time.sleep(0.3)
        assert online == {"bapa-1", "bon-2"}
    # The session signed in on B is valid on A too: a proxy may send each request anywhere.
    assert staff_b.get(a + "/staff/feedback", timeout=30, allow_redirects=False).status_code == 200


@pytest.mark.server
def test_the_login_limit_holds_across_servers_and_workers(region):
    (a, b), _ = region
    statuses = [sign_in((a, b)[n % 2], "bob", "wrong password, sorry")[1] for n in range(5)]
    assert statuses == [401] * 5
    assert sign_in(a, "bob")[1] == 429
    assert sign_in(b, "bob")[1] == 429
    assert sign_in(b, "alice")[1] == 302
