"""Staff accounts in the browser and on the command line: roles on every account route (403 for
the wrong role), CSRF, passwords shown once, deactivation, resets, one's own password and the
staff pages in the account's language."""

from __future__ import annotations

import logging

import pytest
from conftest import migrated
from sqlalchemy import select
from test_staff import PASSWORD, csrf_token, sign_in

from app.models import StaffUser
from app.web.extensions import db

ADMIN_ONLY = [
    ("get", "/staff/accounts", None),
    ("post", "/staff/accounts", {"username": "newbie", "role": "editor"}),
    ("post", "/staff/accounts/target/password", {}),
    ("post", "/staff/accounts/target/deactivate", {}),
    ("post", "/staff/accounts/target/activate", {}),
]
EVERY_ROLE = [
    ("get", "/staff/account", None),
    ("post", "/staff/account/language", {"staff_language": "nl"}),
    ("post", "/staff/account/password", {"current": PASSWORD, "new": PASSWORD + "!", "again": PASSWORD + "!"}),
]


def client_of(app, name: str):
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


def send(client, method: str, path: str, data: dict | None):
    if method == "get":
        return client.get(path)
    token = csrf_token(client.get("/staff/account").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


# The accounts of `people`: an admin, an editor, a translator for Arabic and Pashto, and an
# account to act on.
ACCOUNTS = (("root", "admin", ""), ("eddie", "editor", ""), ("tara", "translator", "ar,ps"), ("target", "editor", ""))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each engine in turn, migrated; for the tests of `people`, with its ACCOUNTS in (on SQLite
    a copy of a database made once)."""
    accounts = ACCOUNTS if "people" in request.fixturenames else ()
    if request.param == "sqlite":
        return request.getfixturevalue("prepared").database(tmp_path / "kiosk.sqlite3", accounts, PASSWORD)
    return migrated(request.getfixturevalue("postgres").new_database(), accounts, PASSWORD)


@pytest.fixture
def people(db_app):
    """The ACCOUNTS that sign in, signed in (the account to act on stays out)."""
    return {role: client_of(db_app, name) for name, role, _languages in ACCOUNTS if name != "target"}


@pytest.mark.slow  # every route × role: in make test; make test-fast stays under a minute
@pytest.mark.parametrize("method,path,data", ADMIN_ONLY)
def test_account_routes_are_for_admins_only(people, method, path, data):
    for role in ("editor", "translator"):
        assert send(people[role], method, path, data).status_code == 403, (role, path)
    assert send(people["admin"], method, path, data).status_code in (200, 201, 302)


@pytest.mark.parametrize("method,path,data", EVERY_ROLE)
def test_own_account_routes_are_for_every_role(people, db_app, method, path, data):
    for client in people.values():
        assert send(client, method, path, data).status_code in (200, 302)
    assert db_app.test_client().get("/staff/account").status_code == 302  # signed out: to the login


def test_every_account_form_needs_its_csrf_token(people):
    admin = people["admin"]
    for _method, path, data in [*ADMIN_ONLY[1:], *EVERY_ROLE[1:]]:
        assert admin.post(path, data=data).status_code == 400, path


def test_admin_creates_a_translator_whose_made_password_is_shown_once(people, db_app, caplog):
    admin = people["admin"]
    token = csrf_token(admin.get("/staff/accounts").get_data(as_text=True))
    with caplog.at_level(logging.DEBUG):
        answer = admin.post(
            "/staff/accounts",
            data={"csrf_token": token, "username": "Farida", "role": "translator", "languages": ["ar", "fr"]},
        )
    assert answer.status_code == 201
    page = answer.get_data(as_text=True)
    made = page.split('<code class="new-password">')[1].split("</code>")[0]
    assert len(made) == 16
    assert made not in caplog.text  # never logged
    assert made not in admin.get("/staff/accounts").get_data(as_text=True)  # shown once
    with db_app.app_context():
        farida = db.session.scalar(select(StaffUser).where(StaffUser.username == "farida"))
        assert (farida.role, farida.languages, farida.active) == ("translator", "ar,fr", True)
        assert made not in farida.password_hash
    assert sign_in(db_app.test_client(), "farida", made).status_code == 302
    # A translator needs a language, and only this kiosk's languages.
    for languages in ([], ["xx"]):
        data = {"csrf_token": token, "username": "omar", "role": "translator", "languages": languages}
        assert admin.post("/staff/accounts", data=data).status_code == 400


def test_deactivating_signs_out_and_refuses_sign_in_until_reactivated(people, db_app):
    admin, editor = people["admin"], people["editor"]
    token = csrf_token(admin.get("/staff/accounts").get_data(as_text=True))
    assert admin.post("/staff/accounts/eddie/deactivate", data={"csrf_token": token}).status_code == 302
    assert editor.get("/staff/").status_code == 302  # the open session ended
    assert sign_in(db_app.test_client(), "eddie").status_code == 401  # told nothing more than "wrong"
    assert admin.post("/staff/accounts/root/deactivate", data={"csrf_token": token}).status_code == 400
    assert admin.post("/staff/accounts/eddie/activate", data={"csrf_token": token}).status_code == 302
    assert sign_in(db_app.test_client(), "eddie").status_code == 302
    assert admin.post("/staff/accounts/nobody/activate", data={"csrf_token": token}).status_code == 404


def test_reset_by_an_admin_ends_sessions_and_replaces_the_password(people, db_app):
    admin, editor = people["admin"], people["editor"]
    token = csrf_token(admin.get("/staff/accounts").get_data(as_text=True))
    chosen = "a password the admin chose"
    answer = admin.post("/staff/accounts/eddie/password", data={"csrf_token": token, "password": chosen})
    assert answer.status_code == 200 and chosen not in answer.get_data(as_text=True)
    assert editor.get("/staff/").status_code == 302
    assert sign_in(db_app.test_client(), "eddie").status_code == 401
    assert sign_in(db_app.test_client(), "eddie", chosen).status_code == 302
    short = admin.post("/staff/accounts/eddie/password", data={"csrf_token": token, "password": "short"})
    assert short.status_code == 400


def test_changing_ones_own_password_needs_the_current_one(people, db_app):
    tara = people["translator"]
    elsewhere = db_app.test_client()
    assert sign_in(elsewhere, "tara").status_code == 302
    token = csrf_token(tara.get("/staff/account").get_data(as_text=True))
    new = "my own new password"
    wrong = tara.post(
        "/staff/account/password", data={"csrf_token": token, "current": "guess", "new": new, "again": new}
    )
    assert wrong.status_code == 400
    assert sign_in(db_app.test_client(), "tara").status_code == 302  # unchanged
    data = {"csrf_token": token, "current": PASSWORD, "new": new, "again": new}
    assert tara.post("/staff/account/password", data=data).status_code == 200
    assert tara.get("/staff/").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/staff/").status_code == 302  # others are signed out
    assert sign_in(db_app.test_client(), "tara", new).status_code == 302


def test_staff_pages_in_the_accounts_language_else_the_browsers(people, db_app):
    tara = people["translator"]
    assert 'lang="en"' in tara.get("/staff/").get_data(as_text=True)
    token = csrf_token(tara.get("/staff/account").get_data(as_text=True))
    assert tara.post("/staff/account/language", data={"csrf_token": token, "staff_language": "fr"}).status_code == 302
    page = tara.get("/staff/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert 'lang="fr"' in page and "Pages du personnel" in page and "Se déconnecter" in page
    assert "Mon compte" in page
    # Before signing in, the browser's preferred staff language.
    login = db_app.test_client().get("/staff/login", headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert "Aanmelden voor medewerkers" in login.get_data(as_text=True)


def test_staff_pages_in_arabic_run_right_to_left(people):
    tara = people["translator"]
    token = csrf_token(tara.get("/staff/account").get_data(as_text=True))
    assert tara.post("/staff/account/language", data={"csrf_token": token, "staff_language": "ar"}).status_code == 302
    page = tara.get("/staff/account").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page
    assert "حسابي" in page and "تغيير كلمة المرور" in page and "My account" not in page


def test_cli_add_user_takes_a_role_languages_and_a_password_from_stdin(db_app):
    runner = db_app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "add-user", "amina", "--role", "translator", "--languages", "ar,ps"], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    with db_app.app_context():
        amina = db.session.scalar(select(StaffUser).where(StaffUser.username == "amina"))
        assert (amina.role, amina.languages) == ("translator", "ar,ps")
    assert (
        "at least one language"
        in runner.invoke(args=["staff", "add-user", "omar", "--role", "translator"], input=f"{PASSWORD}\n").output
    )
    assert (
        "not a language"
        in runner.invoke(
            args=["staff", "add-user", "omar", "--role", "translator", "--languages", "xx"], input=f"{PASSWORD}\n"
        ).output
    )
    assert runner.invoke(args=["staff", "add-user", "omar"], input=f"{PASSWORD}\n").exit_code != 0  # no role


def test_guessing_the_current_password_is_stopped_like_a_sign_in(people):
    tara = people["translator"]
    token = csrf_token(tara.get("/staff/account").get_data(as_text=True))
    new = "my own new password"
    answers = [
        tara.post(
            "/staff/account/password", data={"csrf_token": token, "current": f"guess {n}", "new": new, "again": new}
        )
        for n in range(6)
    ]
    assert [a.status_code for a in answers] == [400] * 5 + [429]
    right = {"csrf_token": token, "current": PASSWORD, "new": new, "again": new}
    assert tara.post("/staff/account/password", data=right).status_code == 429  # even the right one, for now


def test_account_errors_are_said_in_the_admins_language(people):
    admin = people["admin"]
    token = csrf_token(admin.get("/staff/account").get_data(as_text=True))
    assert admin.post("/staff/account/language", data={"csrf_token": token, "staff_language": "fr"}).status_code == 302
    taken = admin.post("/staff/accounts", data={"csrf_token": token, "username": "eddie", "role": "editor"})
    assert taken.status_code == 400 and "Il existe déjà un compte nommé eddie." in taken.get_data(as_text=True)
    data = {"csrf_token": token, "password": "short"}
    short = admin.post("/staff/accounts/eddie/password", data=data).get_data(as_text=True)
    assert "Un mot de passe doit compter au moins 12 caractères." in short
