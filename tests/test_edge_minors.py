"""Minor weaknesses found by attacking the kiosk: a QR code maker for any address, a CR/LF in the
login's next address, and spreadsheet formulas hidden behind invisible characters."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from conftest import close_database
from test_staff import PASSWORD, add_user, csrf_token

from app import create_app
from app.database import upgrade
from app.reports import Table, to_csv


def _qr(client, url: str) -> int:
    return client.get("/qr.svg?url=" + quote(url, safe="")).status_code


def test_qr_codes_only_of_addresses_the_site_links_to(client):
    # Linked from the test content: the article's source and a link in its body.
    assert _qr(client, "https://www.belgium.be/") == 200
    assert _qr(client, "https://logement.brussels/some/page?x=1") == 200
    assert _qr(client, "http://kiosk.example/en/") == 200  # the public site itself
    for outside in (
        "https://evil.example/phish",
        "https://logement.brussels.evil.example/",
        "https://user@evil.example/",
        "http://[::1",
    ):
        assert _qr(client, outside) == 400, outside


@pytest.fixture
def staff_app(indexed_config):
    """The app with a migrated SQLite database (the login's redirect does not depend on the engine)."""
    upgrade(indexed_config.database_url)
    app = create_app(indexed_config)
    app.config.update(TESTING=True)
    yield app
    close_database(app)


def test_a_line_break_in_the_login_next_address_is_no_500(staff_app):
    assert add_user(staff_app).exit_code == 0
    client = staff_app.test_client()
    for target in ("/staff/feedback\r\nSet-Cookie: x=1", "/staff/\nfeedback", "/staff/\x00"):
        path = "/staff/login?next=" + quote(target, safe="")
        token = csrf_token(client.get(path).get_data(as_text=True))
        response = client.post(path, data={"csrf_token": token, "username": "alice", "password": PASSWORD})
        assert response.status_code == 302, target
        assert response.headers["Location"] == "/staff/" and "Set-Cookie: x" not in str(response.headers)
        client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/").get_data(as_text=True))})


INVISIBLE = ["\u200b", "\ufeff", "\u200e", "\u200f", "\u2066", "\u00a0", " ", "\u3000", "\u200b\u200e "]


@pytest.mark.parametrize("prefix", INVISIBLE)
def test_a_formula_behind_invisible_characters_is_neutralised(prefix):
    formula = prefix + '=HYPERLINK("https://evil.example","click")'
    rows = list(csv.reader(io.StringIO(to_csv(Table("t", "T", ("a",), [(formula,), (prefix + "+1",)])))))
    assert rows[1] == ["'" + formula] and rows[2] == ["'" + prefix + "+1"]


def test_full_width_formula_signs_and_ordinary_text():
    rows = list(csv.reader(io.StringIO(to_csv(Table("t", "T", ("a",), [("＝1+1",), ("\u200bbonjour",), ("a=b",)])))))
    assert rows[1:] == [["'＝1+1"], ["\u200bbonjour"], ["a=b"]]
