"""Signing out ends the session: a copy of the cookie taken before stops working everywhere."""

from __future__ import annotations

import re

import pytest
from test_staff import add_user, csrf_token, sign_in

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
EXPORT = "/staff/feedback.csv?table=comments"


def copy_of_session(source, app):
    """Another browser holding a copy of ``source``'s staff cookie (stolen, or left behind)."""
    copy = app.test_client()
    copy.set_cookie("kiosk_staff", source.get_cookie("kiosk_staff", path="/staff").value, path="/staff")
    return copy


@ON_BOTH_ENGINES
def test_a_copied_cookie_stops_working_at_sign_out(db_app):
    assert add_user(db_app).exit_code == 0
    staff = db_app.test_client()
    assert sign_in(staff).status_code == 302
    copy = copy_of_session(staff, db_app)
    assert copy.get(EXPORT).status_code == 200
    page = staff.get("/staff/").get_data(as_text=True)
    assert staff.post("/staff/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    answer = copy.get(EXPORT)
    assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"]
    # The dead session is not renewed: its cookie is emptied, never signed again.
    assert re.search(r"kiosk_staff=;", answer.headers.get("Set-Cookie", "kiosk_staff=;"))
    assert copy.get("/staff/").status_code == 302
    # Signing in again opens a new session; the old copy stays dead.
    assert sign_in(staff).status_code == 302
    assert staff.get(EXPORT).status_code == 200
    assert copy_of_session(staff, db_app).get(EXPORT).status_code == 200
    assert copy.get(EXPORT).status_code == 302


@ON_BOTH_ENGINES
def test_a_session_from_before_generations_is_not_accepted(db_app):
    assert add_user(db_app).exit_code == 0
    staff = db_app.test_client()
    assert sign_in(staff).status_code == 302
    with staff.session_transaction("/staff/") as session:
        del session["generation"]  # as signed before this release, or forged without the key
    assert staff.get("/staff/").status_code == 302
