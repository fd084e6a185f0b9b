"""Heartbeats count only from provisioned counters, are rate-limited, and the staff page stays
small however many made-up counters were sent."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from test_recorder_faults import stored
from test_staff import add_user, sign_in

from app import counter_keys
from app.counter import COUNTER_COOKIE
from app.database import make_engine
from app.models import CounterHeartbeat
from app.records import utcnow

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
BEAT = {"counter": "bapa-1", "software_version": "1.4.0", "content_revision": "abc123"}


def provision(app, name: str) -> str:
    result = app.test_cli_runner().invoke(args=["counters", "add", name])
    assert result.exit_code == 0, result.output
    return result.output.split()[-1]


@ON_BOTH_ENGINES
def test_only_a_provisioned_counter_with_its_key_is_counted(db_app, database_url):
    client = db_app.test_client()
    recorder = db_app.extensions["recorder"]
    # Anyone posting a heartbeat: not counted, so a dead counter cannot be shown as online.
    assert client.post("/api/heartbeat", json=BEAT).status_code == 403
    key = provision(db_app, "bapa-1")
    assert client.post("/api/heartbeat", json=BEAT).status_code == 403  # still no key
    assert client.post("/api/heartbeat", json=BEAT | {"key": key + "x"}).status_code == 403
    assert client.post("/api/heartbeat", json=BEAT | {"counter": "bapa-2", "key": key}).status_code == 403
    assert recorder.flush() and stored(database_url, CounterHeartbeat) == []
    # A script sends the key in the JSON.
    assert client.post("/api/heartbeat", json=BEAT | {"key": key}).json["recorded"] is True
    assert recorder.flush()
    assert [row.counter for row in stored(database_url, CounterHeartbeat)] == ["bapa-1"]
    # A counter's browser is given its key once, by its first address, and sends it as a cookie.
    # It is on the office's network, not the server's own machine: only its key makes it a counter.
    browser = db_app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "192.0.2.40"
    assert browser.get(f"/api/counters/enrol?counter=bapa-1&key={key}x").status_code == 403
    assert browser.get_cookie("kiosk_counter_key", path="/api/heartbeat") is None
    assert browser.get(f"/kiosk/bapa-1?key={key}x").status_code == 303  # sent away, not marked
    assert browser.get_cookie(COUNTER_COOKIE, path="/") is None
    answer = browser.get(f"/api/counters/enrol?counter=bapa-1&key={key}")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/kiosk/bapa-1?key={key}"
    assert "HttpOnly" in answer.headers["Set-Cookie"] and "Path=/api/heartbeat" in answer.headers["Set-Cookie"]
    assert browser.get(answer.headers["Location"]).status_code == 200  # the attract screen
    assert browser.get_cookie(COUNTER_COOKIE, path="/") is not None  # marked as the counter
    assert browser.post("/api/heartbeat", json=BEAT | {"software_version": "1.5.0"}).status_code == 200
    assert recorder.flush()
    assert [row.software_version for row in stored(database_url, CounterHeartbeat)] == ["1.5.0"]
    # A new key replaces the old one; a removed counter's key and heartbeats are gone.
    new_key = provision(db_app, "bapa-1")
    assert client.post("/api/heartbeat", json=BEAT | {"key": key}).status_code == 403
    assert client.post("/api/heartbeat", json=BEAT | {"key": new_key}).status_code == 200
    removed = db_app.test_cli_runner().invoke(args=["counters", "remove", "bapa-1"])
    assert removed.exit_code == 0 and "Counter 'bapa-1' removed" in removed.output
    again = db_app.test_cli_runner().invoke(args=["counters", "remove", "bapa-1"])
    assert again.exit_code == 1 and "no counter named 'bapa-1'" in again.output
    assert client.post("/api/heartbeat", json=BEAT | {"key": new_key}).status_code == 403
    assert recorder.flush() and recorder.purge()
    assert stored(database_url, CounterHeartbeat) == []


def test_heartbeats_are_rate_limited_per_client(db_app):
    client = db_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    answers = [client.post("/api/heartbeat", json=BEAT | {"counter": f"fake-{n}"}).status_code for n in range(70)]
    assert answers == [403] * 60 + [429] * 10
    other = db_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.3"
    assert other.post("/api/heartbeat", json=BEAT).status_code == 403  # refused for its key, not limited


def test_the_number_of_counters_is_capped(db_app, monkeypatch):
    monkeypatch.setattr(counter_keys, "MAX_COUNTERS", 2)
    provision(db_app, "bapa-1")
    provision(db_app, "bapa-2")
    result = db_app.test_cli_runner().invoke(args=["counters", "add", "bapa-3"])
    assert result.exit_code != 0 and "already 2 counters" in result.output
    assert db_app.test_cli_runner().invoke(args=["counters", "list"]).output.split() == ["bapa-1", "bapa-2"]
    assert "lower-case" in db_app.test_cli_runner().invoke(args=["counters", "add", "Not A Name"]).output


@ON_BOTH_ENGINES
def test_made_up_counters_never_reach_the_staff_page(db_app, database_url):
    # 20,000 rows of made-up counters, as heartbeats from anyone left them before this release.
    now = utcnow()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            insert(CounterHeartbeat),
            [
                {"counter": f"fake-{n}", "first_seen": now, "last_seen": now, "software_version": "x" * 64}
                for n in range(20_000)
            ],
        )
    engine.dispose()
    for name in ("bapa-1", "bapa-2", "bapa-3"):
        provision(db_app, name)
    assert add_user(db_app).exit_code == 0
    staff = db_app.test_client()
    assert sign_in(staff).status_code == 302
    page = staff.get("/staff/counters")
    assert page.status_code == 200 and len(page.data) < 30_000
    assert "fake-" not in page.get_data(as_text=True) and "bapa-3" in page.get_data(as_text=True)
    csv = staff.get("/staff/counters.csv?table=counters").get_data(as_text=True)
    assert csv.count("\n") == 4 and "never" in csv  # a header and the three provisioned counters
    assert db_app.extensions["recorder"].purge()
    assert stored(database_url, CounterHeartbeat) == []
