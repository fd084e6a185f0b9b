"""Staff login limits against a guesser, without letting anyone lock a colleague out."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_staff import add_user, sign_in

from app.models import LoginAttempt
from app.web.extensions import db

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
WRONG = "not the password!"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@ON_BOTH_ENGINES
@pytest.mark.slow  # a slow password hash per attempt
def test_a_flood_of_made_up_names_stops_the_flooder_and_nobody_else(db_app):
    assert add_user(db_app).exit_code == 0
    flooder = client_at(db_app, "203.0.113.66")
    answers = [sign_in(flooder, name=f"user{n}", password=WRONG).status_code for n in range(100)]
    assert answers == [401] * 10 + [429] * 90
    assert sign_in(flooder).status_code == 429  # the flooder, even with the right password
    assert sign_in(client_at(db_app, "198.51.100.7")).status_code == 302  # everyone else signs in


@ON_BOTH_ENGINES
@pytest.mark.slow  # a slow password hash per attempt
def test_five_wrong_passwords_do_not_lock_the_account_for_others(db_app):
    assert add_user(db_app).exit_code == 0
    guesser = client_at(db_app, "203.0.113.66")
    assert [sign_in(guesser, password=WRONG).status_code for _ in range(6)] == [401] * 5 + [429]
    assert sign_in(guesser).status_code == 429
    assert sign_in(client_at(db_app, "198.51.100.7")).status_code == 302


@ON_BOTH_ENGINES
@pytest.mark.slow  # a slow password hash per attempt
def test_many_addresses_guessing_one_name_do_not_lock_out_its_usual_browser(db_app):
    assert add_user(db_app).exit_code == 0
    usual = client_at(db_app, "198.51.100.7")
    assert sign_in(usual).status_code == 302
    # Five addresses of an IPv6 network are one client: the sixth guess of the network is refused.
    network = [client_at(db_app, f"2001:db8:0:1::{n}") for n in range(1, 7)]
    assert [sign_in(c, password=WRONG).status_code for c in network] == [401] * 5 + [429]
    for n in range(4):  # 5 + 4 x 5 = 25 failures from many addresses on one name
        guesser = client_at(db_app, f"203.0.113.{n}")
        assert [sign_in(guesser, password=WRONG).status_code for _ in range(5)] == [401] * 5
    assert sign_in(client_at(db_app, "192.0.2.1")).status_code == 429  # a new browser waits
    assert sign_in(usual).status_code == 302  # the browser she signed in with before does not
    # A device mark is worth nothing for another name, or forged.
    assert sign_in(usual, name="bob", password=WRONG).status_code == 401
    forged = client_at(db_app, "192.0.2.2")
    forged.set_cookie("kiosk_staff_device", "alice.forged.token", path="/staff/login")
    assert sign_in(forged).status_code == 429
    # What was kept of the clients is a keyed hash, never an address.
    with db_app.app_context():
        clients = set(db.session.scalars(select(LoginAttempt.client)))
    assert clients and not any("." in c or ":" in c for c in clients)
    assert len(clients) == 6  # the IPv6 network, four addresses, and the usual browser (for bob)
