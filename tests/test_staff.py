"""Staff pages on SQLite and PostgreSQL: accounts, sign-in, CSRF, login limit, timeouts,
every report and its CSV export, and the content stamp workflow."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.models import SourceText, StaffUser
from app.records import add_searches
from app.web.extensions import db

PASSWORD = "correct horse battery"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def add_user(app, name="alice", password=PASSWORD, role="admin"):
    return app.test_cli_runner().invoke(args=["staff", "add-user", name, "--role", role], input=f"{password}\n")


def sign_in(client, name="alice", password=PASSWORD, next_path=""):
    page = client.get("/staff/login" + next_path).get_data(as_text=True)
    return client.post(
        "/staff/login" + next_path, data={"csrf_token": csrf_token(page), "username": name, "password": password}
    )


@pytest.fixture
def staff(db_app):
    assert add_user(db_app).exit_code == 0
    client = db_app.test_client()
    assert sign_in(client).status_code == 302
    return client


@pytest.mark.real_password_cost
def test_add_user_stores_only_a_slow_hash(db_app):
    result = add_user(db_app, "Bob.Smith")
    assert result.exit_code == 0, result.output
    with db_app.app_context():
        user = db.session.scalar(select(StaffUser))
    assert user.username == "bob.smith"
    assert PASSWORD not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    # The production cost (the other tests lower it, tests/conftest.py).
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert "already" in add_user(db_app, "bob.smith").output
    assert "at least 12" in add_user(db_app, "carol", "short").output
    assert "username" in add_user(db_app, "no spaces allowed").output
    removed = db_app.test_cli_runner().invoke(args=["staff", "remove-user", "bob.smith"])
    assert removed.exit_code == 0 and "Staff account 'bob.smith' removed" in removed.output
    again = db_app.test_cli_runner().invoke(args=["staff", "remove-user", "bob.smith"])
    assert again.exit_code == 1 and "no staff account named 'bob.smith'" in again.output


def test_staff_pages_need_signing_in(db_app):
    client = db_app.test_client()
    for path in ["/staff/", "/staff/translations", "/staff/counters.csv?table=counters"]:
        answer = client.get(path)
        assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]


def test_sign_in_sets_a_staff_only_cookie_and_signs_out(db_app, staff):
    assert add_user(db_app, "bob").exit_code == 0
    client = db_app.test_client()
    answer = sign_in(client, "bob", next_path="?next=/staff/feedback")
    assert answer.status_code == 302 and answer.headers["Location"] == "/staff/feedback"
    cookie = answer.headers["Set-Cookie"]
    assert "Path=/staff" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # The cookie is never sent to the public pages, which set none of their own.
    public = client.get("/en/")
    assert "Set-Cookie" not in public.headers
    page = client.get("/staff/").get_data(as_text=True)
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.post("/staff/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert client.get("/staff/").status_code == 302
    # Never an open redirect after signing in.
    answer = sign_in(db_app.test_client(), "bob", next_path="?next=//evil.example/staff/")
    assert answer.headers["Location"] == "/staff/"


def test_every_form_needs_its_csrf_token(db_app, staff):
    client = db_app.test_client()
    answer = client.post("/staff/login", data={"username": "alice", "password": PASSWORD})
    assert answer.status_code == 400
    assert client.get("/staff/").status_code == 302  # not signed in
    assert staff.post("/staff/logout").status_code == 400
    assert staff.get("/staff/").status_code == 200  # still signed in


def test_wrong_passwords_lock_the_username(db_app):
    assert add_user(db_app).exit_code == 0
    client = db_app.test_client()
    assert [sign_in(client, password="wrong password!").status_code for _ in range(5)] == [401] * 5
    locked = sign_in(client)  # even the right password, now
    assert locked.status_code == 429 and "Too many failed attempts" in locked.get_data(as_text=True)
    assert sign_in(client, name="nobody").status_code == 401  # other names are not locked


def test_sessions_time_out(db_app, staff):
    from datetime import datetime

    with staff.session_transaction("/staff/") as session:
        session["since"] = (datetime.fromisoformat(session["since"]) - timedelta(hours=9)).isoformat()
    assert staff.get("/staff/").status_code == 302  # past the 8 hours, however active
    client = db_app.test_client()
    sign_in(client)
    assert client.get("/staff/").status_code == 200
    db_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)  # idle for longer than allowed
    assert client.get("/staff/").status_code == 302


def read_csv(answer) -> list[list[str]]:
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))


def test_reports_show_what_was_recorded_and_export_it(db_app, staff):
    public = db_app.test_client()
    for path in ["/en/housing/rental-deposit", "/ar/housing/rental-deposit", "/fr/health/", "/en/search?q=deposit"]:
        public.get(path)
    public.get("/en/search?q==cmd|calc+unfindable")
    page = public.get("/en/housing/rental-deposit").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    public.post("/en/housing/rental-deposit/feedback", data={"token": token, "helpful": "no", "comment": "Unclear"})
    key = db_app.test_cli_runner().invoke(args=["counters", "add", "bapa-1"]).output.split()[-1]
    beat = {"counter": "bapa-1", "software_version": "1.0", "content_revision": "r1", "key": key}
    assert public.post("/api/heartbeat", json=beat).status_code == 200
    assert db_app.extensions["recorder"].flush()
    # Searched at two counters as well: common searches, which staff see (test_search_privacy.py).
    with db_app.app_context():
        queries, today = ("deposit", "=cmd|calc unfindable"), date.today()
        add_searches(db.session, Counter({(today, "en", q, c): 1 for q in queries for c in ("b-1", "b-2")}), {})
        db.session.commit()

    searches = staff.get("/staff/searches?lang=en").get_data(as_text=True)
    assert "deposit" in searches and "=cmd|calc unfindable" in searches
    zero = read_csv(staff.get("/staff/searches.csv?lang=en&table=zero"))
    assert zero == [["language", "search (normalised)", "times"], ["en", "'=cmd|calc unfindable", "1"]]
    assert staff.get("/staff/searches?week=not-a-week").status_code == 400

    feedback = read_csv(staff.get("/staff/feedback.csv?table=answers"))
    assert feedback[1] == ["housing/rental-deposit", "en", "1", "0", "1", "0"]
    assert read_csv(staff.get("/staff/feedback.csv?table=comments"))[1][1:] == [
        "housing/rental-deposit",
        "en",
        "no",
        "Unclear",
    ]

    usage = staff.get("/staff/usage").get_data(as_text=True)
    assert usage.count('<svg class="chart"') == 3 and 'role="img"' in usage
    by_topic = read_csv(staff.get("/staff/usage.csv?table=usage"))
    assert by_topic[0][0] == "topic" and by_topic[1][0] == "housing" and by_topic[1][-1] == "3"

    counters = staff.get("/staff/counters").get_data(as_text=True)
    assert "bapa-1" in counters and "online" in counters
    assert read_csv(staff.get("/staff/counters.csv?table=counters"))[1][:2] == ["bapa-1", "online"]
    assert "Counters online: 1, offline: 0" in staff.get("/staff/").get_data(as_text=True)

    problems = read_csv(staff.get("/staff/content.csv?table=problems"))
    assert problems[0] == ["file", "line", "effect", "problem"]
    assert staff.get("/staff/content.csv?table=nope").status_code == 404


def test_offline_counters(db_app, staff):
    from app.records import record_heartbeat, utcnow

    for name in ("bon-old", "bon-new"):
        assert db_app.test_cli_runner().invoke(args=["counters", "add", name]).exit_code == 0
    with db_app.app_context():
        record_heartbeat(db.session, "bon-old", "0.9", "r0", now=utcnow() - timedelta(minutes=10))
        record_heartbeat(db.session, "bon-new", "1.0", "r1")
        db.session.commit()
    rows = read_csv(staff.get("/staff/counters.csv?table=counters"))
    assert [row[:2] for row in rows[1:]] == [["bon-old", "offline"], ["bon-new", "online"]]
    assert rows[1][3] == "10 min"


def test_translation_status_and_what_changed_in_the_source(db_app, staff, content_dir):
    page = staff.get("/staff/translations").get_data(as_text=True)
    # ar was translated from revision 1 of en, which is at revision 2 and was never recorded.
    status = read_csv(staff.get("/staff/translations.csv?table=status"))
    assert status[0][:4] == ["article", "fr", "nl", "en"]
    rental = next(row for row in status if row[0] == "housing/rental-deposit")
    assert dict(zip(status[0], rental, strict=True))["ar"] == "outdated"
    assert "was not recorded" in page
    assert read_csv(staff.get("/staff/translations.csv?table=outdated"))[1][:4] == [
        "housing/rental-deposit",
        "ar",
        "1",
        "2",
    ]

    # Looking at the page wrote nothing: source texts are kept when content is published.
    with db_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SourceText)) == 0
    runner = db_app.test_cli_runner()
    published = runner.invoke(args=["index", "build"])
    assert published.exit_code == 0, published.output
    with db_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SourceText)) == 2

    # A real change: the original gets a new revision, and the page shows what changed.
    original = content_dir / "housing" / "rental-deposit" / "en.md"
    original.write_text(original.read_text("utf-8").replace("Never pay", "Do not ever pay"), "utf-8")
    result = runner.invoke(args=["content", "stamp", "housing/rental-deposit", "--major"])
    assert result.exit_code == 0, result.output
    assert "revision: 3" in original.read_text("utf-8")
    page = staff.get("/staff/translations").get_data(as_text=True)
    assert "<del>- 2. Never pay the deposit in cash.</del>" in page
    assert "<ins>+ 2. Do not ever pay the deposit in cash.</ins>" in page
    outdated = {row[1] for row in read_csv(staff.get("/staff/translations.csv?table=outdated"))[1:]}
    assert outdated == {"fr", "ar", "uk"}

    # After review, fr is stamped current (and reviewed).
    result = runner.invoke(args=["content", "stamp", "housing/rental-deposit", "fr", "--reviewed"])
    assert result.exit_code == 0, result.output
    french = (content_dir / "housing" / "rental-deposit" / "fr.md").read_text("utf-8")
    assert "  revision: 3" in french and "  machine: false" in french
    status = read_csv(staff.get("/staff/translations.csv?table=status"))
    rental = dict(zip(status[0], next(row for row in status if row[0] == "housing/rental-deposit"), strict=True))
    assert (rental["fr"], rental["ar"], rental["en"]) == ("current", "outdated", "original")

    # A minor edit without a new revision is flagged, until stamped as minor.
    original.write_text(original.read_text("utf-8").replace("Open a blocked", "Open a bank-blocked"), "utf-8")
    edited = read_csv(staff.get("/staff/translations.csv?table=edited"))
    assert edited[1][:3] == ["housing/rental-deposit", "en", "3"]
    result = runner.invoke(args=["content", "stamp", "housing/rental-deposit", "--minor"])
    assert result.exit_code == 0, result.output
    assert read_csv(staff.get("/staff/translations.csv?table=edited")) == [
        ["article", "language", "revision", "revision recorded on"]
    ]
    bad = runner.invoke(args=["content", "stamp", "housing/rental-deposit", "en"])
    assert bad.exit_code != 0 and "no translation" in bad.output
    assert runner.invoke(args=["content", "stamp", "housing/nothing", "fr"]).exit_code != 0


def test_staff_pages_answer_503_when_the_database_is_down(indexed_config, tmp_path):
    from dataclasses import replace

    from conftest import close_database, free_port

    from app import create_app

    app = create_app(replace(indexed_config, database_url=f"postgresql://nobody@127.0.0.1:{free_port()}/kiosk"))
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    answer = client.post("/staff/login", data={"csrf_token": csrf_token(page), "username": "a", "password": "b"})
    assert answer.status_code == 503 and "cannot be reached" in answer.get_data(as_text=True)
    close_database(app)
