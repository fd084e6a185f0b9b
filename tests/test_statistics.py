"""Recording on the real database (SQLite and PostgreSQL): counts, searches, feedback, notes,
heartbeats, and the privacy guarantees, each proved on what the database actually holds."""

from __future__ import annotations

import logging
import re
from datetime import date

from sqlalchemy import select

from app.database import make_engine
from app.models import (
    Base,
    CounterHeartbeat,
    DailyPageView,
    DailySearch,
    Feedback,
    MissingReport,
    SourceText,
)

PROBE_IP = "203.0.113.77"
PROBE_AGENT = "PrivacyProbe/9.9 (unique-agent-string)"
PROBE_COOKIE = "visitor-id-5f3a9c"
PHONE = "0470123456"


def everything_stored(database_url: str) -> str:
    """Every value of every row of every table, as one text to search in."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        values = [
            repr(value)
            for table in Base.metadata.sorted_tables
            for row in connection.execute(table.select())
            for value in row
        ]
    engine.dispose()
    return "\n".join(values)


def rows(database_url: str, model) -> list:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        result = list(connection.execute(select(model.__table__)))
    engine.dispose()
    return result


def visit(client, method, path, **kwargs):
    """A request that carries everything a tracker would want: address, agent, cookie."""
    client.set_cookie("visitor", PROBE_COOKIE)
    headers = {"User-Agent": PROBE_AGENT, "X-Forwarded-For": PROBE_IP, "X-Real-IP": PROBE_IP}
    return client.open(path, method=method, headers=headers, environ_base={"REMOTE_ADDR": PROBE_IP}, **kwargs)


def feedback_token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_views_and_searches_are_counted_per_day(db_app, database_url):
    client = db_app.test_client()
    for _ in range(3):
        assert client.get("/en/housing/rental-deposit").status_code == 200
    assert client.get("/fr/housing/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/en/search?q=Deposit").status_code == 200
    assert client.get("/en/search?q=deposit").status_code == 200
    assert client.get("/api/search?q=zzzqqq+0470&lang=en").status_code == 200
    assert client.get("/en/search?q=").status_code == 200  # an empty search is not a search
    assert db_app.extensions["recorder"].flush()

    views = {(r.lang, r.topic, r.article): r.count for r in rows(database_url, DailyPageView)}
    assert views == {("en", "housing", "rental-deposit"): 3, ("fr", "housing", ""): 1, ("en", "", ""): 1}
    assert {r.day for r in rows(database_url, DailyPageView)} == {date.today()}
    searches = {(r.lang, r.query): r.count for r in rows(database_url, DailySearch)}
    assert searches == {("en", "deposit"): 2, ("en", "zzzqqq #"): 1}
    nothing_found = {(r.lang, r.query): r.nothing_found for r in rows(database_url, DailySearch)}
    assert nothing_found == {("en", "deposit"): 0, ("en", "zzzqqq #"): 1}

    # A second flush adds to the same daily rows instead of making new ones.
    client.get("/en/housing/rental-deposit")
    assert db_app.extensions["recorder"].flush()
    views = {(r.lang, r.topic, r.article): r.count for r in rows(database_url, DailyPageView)}
    assert views[("en", "housing", "rental-deposit")] == 4
    assert len(rows(database_url, DailyPageView)) == 3
    # The originals' texts were kept for the translation status.
    assert {r.article for r in rows(database_url, SourceText)} == {"housing/rental-deposit", "health/finding-a-doctor"}


def test_nothing_about_the_visitor_is_stored_or_logged(db_app, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    client = db_app.test_client()
    responses = [
        visit(client, "GET", "/"),
        visit(client, "GET", "/en/"),
        visit(client, "GET", "/en/housing/rental-deposit"),
        visit(client, "GET", f"/en/search?q=deposit+{PHONE}"),
        visit(client, "GET", f"/en/search?q=nothinghere+{PHONE}"),
    ]
    token = feedback_token(client, "/en/housing/rental-deposit")
    responses.append(
        visit(
            client,
            "POST",
            "/en/housing/rental-deposit/feedback",
            data={"token": token, "helpful": "no", "comment": f"call me on {PHONE} or a@b.be"},
        )
    )
    token = feedback_token(client, "/en/search?q=nothinghere")
    responses.append(
        visit(client, "POST", "/en/search/missing", data={"token": token, "q": f"visa {PHONE}", "message": PHONE})
    )
    assert [r.status_code for r in responses] == [200] * 5 + [303, 303]
    assert db_app.extensions["recorder"].flush()

    stored = everything_stored(database_url)
    for secret in (PROBE_IP, PROBE_AGENT, "unique-agent-string", PROBE_COOKIE, PHONE, "a@b.be", "0470"):
        assert secret not in stored
    assert "deposit #" in stored and "nothinghere #" in stored and "call me on # or [email]" in stored
    # No column could hold such a thing.
    columns = {column.name for table in Base.metadata.sorted_tables for column in table.columns}
    assert not {c for c in columns if re.search(r"ip|addr|agent|cookie|visitor|session|user_id|host", c)}
    # Nor does any log line of those requests.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (PROBE_IP, PROBE_AGENT, PROBE_COOKIE, PHONE):
        assert secret not in logged


def test_public_pages_set_no_cookie(db_app):
    client = db_app.test_client()
    paths = ["/", "/en/", "/en/housing/", "/en/housing/rental-deposit", "/en/search?q=deposit", "/en/search?q=zzzz"]
    for path in paths:
        assert "Set-Cookie" not in client.get(path).headers, path
    token = feedback_token(client, "/en/housing/rental-deposit")
    answer = client.post("/en/housing/rental-deposit/feedback", data={"token": token, "helpful": "yes"})
    assert answer.status_code == 303 and "Set-Cookie" not in answer.headers
    assert "Set-Cookie" not in client.get(answer.headers["Location"]).headers
    # The browser was given no cookie at all.
    assert not list(client._cookies.values())


def test_feedback_is_recorded_and_thanked(db_app, database_url):
    client = db_app.test_client()
    token = feedback_token(client, "/fr/housing/rental-deposit")
    answer = client.post(
        "/fr/housing/rental-deposit/feedback", data={"token": token, "helpful": "no", "comment": "Trop long"}
    )
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/fr/housing/rental-deposit?feedback=sent#feedback")
    thanked = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'class="feedback-thanks"' in thanked and 'name="helpful"' not in thanked
    assert db_app.extensions["recorder"].flush()
    [row] = rows(database_url, Feedback)
    assert (row.lang, row.topic, row.article, row.helpful, row.comment, row.day) == (
        "fr",
        "housing",
        "rental-deposit",
        False,
        "Trop long",
        date.today(),
    )


def test_public_forms_refuse_missing_forged_and_misplaced_tokens(db_app, database_url):
    client = db_app.test_client()
    token = feedback_token(client, "/en/housing/rental-deposit")
    target = "/en/housing/rental-deposit/feedback"
    assert client.post(target, data={"helpful": "yes"}).status_code == 400
    assert client.post(target, data={"token": token + "x", "helpful": "yes"}).status_code == 400
    # A token for one article's form does not work on another's, nor on the search form.
    other = "/en/health/finding-a-doctor/feedback"
    assert client.post(other, data={"token": token, "helpful": "yes"}).status_code == 400
    assert client.post("/en/search/missing", data={"token": token, "q": "x"}).status_code == 400
    assert client.post(target, data={"token": token, "helpful": "maybe"}).status_code == 400
    missing = "/en/housing/no-such-article/feedback"
    assert client.post(missing, data={"token": token, "helpful": "yes"}).status_code == 404
    # An expired token is refused.
    tokens = db_app.extensions["form_tokens"]
    tokens.max_age = -1
    assert client.post(target, data={"token": token, "helpful": "yes"}).status_code == 400
    assert db_app.extensions["recorder"].flush()
    assert rows(database_url, Feedback) == []


def test_what_was_missing_after_a_search_that_found_nothing(db_app, database_url):
    client = db_app.test_client()
    page = client.get("/en/search?q=bicycle+repair").get_data(as_text=True)
    assert 'id="missing"' in page and 'name="q" value="bicycle repair"' in page
    # A search that found something offers no such form.
    assert 'id="missing"' not in client.get("/en/search?q=deposit").get_data(as_text=True)
    token = feedback_token(client, "/en/search?q=bicycle+repair")
    answer = client.post(
        "/en/search/missing", data={"token": token, "q": "bicycle repair", "message": "Where to fix a bike"}
    )
    assert answer.status_code == 303
    assert 'class="feedback-thanks"' in client.get(answer.headers["Location"]).get_data(as_text=True)
    assert db_app.extensions["recorder"].flush()
    [note] = rows(database_url, MissingReport)
    assert (note.lang, note.query, note.message) == ("en", "bicycle repair", "Where to fix a bike")


def test_counter_heartbeats(db_app, database_url):
    client = db_app.test_client()
    key = db_app.test_cli_runner().invoke(args=["counters", "add", "bapa-1"]).output.split()[-1]
    beat = {"counter": "bapa-1", "software_version": "1.4.0", "content_revision": "abc123", "key": key}
    answer = client.post("/api/heartbeat", json=beat)
    assert answer.status_code == 200 and answer.json["recorded"] is True
    assert "Set-Cookie" not in answer.headers
    client.post("/api/heartbeat", json=beat | {"software_version": "1.5.0"})
    assert db_app.extensions["recorder"].flush()  # heartbeats are written by the recorder
    [row] = rows(database_url, CounterHeartbeat)
    assert (row.counter, row.software_version, row.content_revision) == ("bapa-1", "1.5.0", "abc123")
    assert row.last_seen >= row.first_seen
    assert client.post("/api/heartbeat", json={"counter": "<b>"}).status_code == 400
    assert client.post("/api/heartbeat", json={"counter": "x1", "software_version": "a b"}).status_code == 400
    assert client.post("/api/heartbeat", data="not json", content_type="application/json").status_code == 400


def test_views_are_counted_per_counter(indexed_config, database_url, monkeypatch, request):
    from dataclasses import replace

    from conftest import close_database

    from app import create_app

    app = create_app(replace(indexed_config, database_url=database_url, counter_id="bon-2"))
    request.addfinalizer(lambda: close_database(app))
    app.test_client().get("/en/housing/rental-deposit")
    assert app.extensions["recorder"].flush()
    assert [r.counter for r in rows(database_url, DailyPageView)] == ["bon-2"]
    # A visitor cannot claim to be a counter unless a proxy is trusted to set the header.
    app.test_client().get("/en/", headers={"X-Kiosk-Counter": "fake"})
    assert app.extensions["recorder"].flush()
    assert {r.counter for r in rows(database_url, DailyPageView)} == {"bon-2"}


def test_heartbeat_accepts_json_only(client):
    # A form post could come from any site; JSON needs this site's consent (CORS preflight).
    answer = client.post("/api/heartbeat", data={"counter": "bapa-1", "software_version": "1", "content_revision": "r"})
    assert answer.status_code == 415
