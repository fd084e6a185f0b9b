"""Forwarded headers are believed only from the proxies the configuration trusts: behind one,
rate limits count each visitor and HTTPS at the proxy gives HSTS; without one, nobody can claim
another address, and loopback is exempt only for a counter running its own server."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from conftest import Gunicorn, write_config_file

from app import create_app
from app.config import ConfigError, config_from_mapping
from app.ratelimit import SEARCH

PROXY = "10.0.0.2"  # the proxy's address, as the kiosk server sees it
VISITOR, OTHER = "203.0.113.7", "198.51.100.1"  # documentation addresses


def _app(indexed_config, **settings):
    app = create_app(replace(indexed_config, **settings))
    app.config.update(TESTING=True)
    return app


def _searches(client, n, **environ):
    headers = environ.pop("headers", {})
    return [
        client.get("/api/search?q=garantie&lang=fr", environ_base=environ, headers=headers).status_code
        for _ in range(n)
    ]


def test_the_setting_is_validated(tmp_path):
    base = {"languages": ["en"]}
    assert config_from_mapping(base, tmp_path).trusted_proxies == 0
    assert config_from_mapping(base, tmp_path, environ={"KIOSK_TRUSTED_PROXIES": "1"}).trusted_proxies == 1
    for bad in (-1, "many", True, 9):
        with pytest.raises(ConfigError, match="trusted_proxies"):
            config_from_mapping(base | {"trusted_proxies": bad}, tmp_path)


def test_behind_a_trusted_proxy_each_visitor_has_its_own_limit(indexed_config):
    client = _app(indexed_config, trusted_proxies=1).test_client()
    over = _searches(client, SEARCH.per_minute + 1, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": VISITOR})
    assert set(over[:-1]) == {200} and over[-1] == 429
    # Another visitor behind the same proxy is not punished for the first one's searches.
    assert _searches(client, 1, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": OTHER}) == [200]
    # Search pages answered from the page cache (in front of Flask) count the visitor too.
    pages = [
        client.get("/fr/search?q=garantie", environ_base={"REMOTE_ADDR": PROXY}, headers={"X-Forwarded-For": VISITOR})
        for _ in range(2)
    ]
    assert [page.status_code for page in pages] == [429, 429]


def test_a_visitor_cannot_claim_an_address_without_a_trusted_proxy(indexed_config):
    client = _app(indexed_config).test_client()
    statuses = [
        client.get(
            "/api/search?q=garantie&lang=fr",
            environ_base={"REMOTE_ADDR": VISITOR},
            headers={"X-Forwarded-For": f"192.0.2.{n % 250}"},
        ).status_code
        for n in range(SEARCH.per_minute + 1)
    ]
    assert statuses[-1] == 429


def test_loopback_is_limited_unless_this_server_is_a_counter(indexed_config):
    # A proxy on the same host connects from loopback: its visitors are limited like any others.
    client = _app(indexed_config).test_client()
    assert _searches(client, SEARCH.per_minute + 1, REMOTE_ADDR="127.0.0.1")[-1] == 429
    # A counter running its own server: its own browser is never limited…
    counter = _app(indexed_config)
    counter.config["KIOSK_COUNTER_ID"] = "bapa-1"
    assert set(_searches(counter.test_client(), SEARCH.per_minute + 5, REMOTE_ADDR="::1")) == {200}
    # …but a proxy on that machine (it says so with X-Forwarded-For) does not pass as the counter.
    proxied = _searches(
        counter.test_client(), SEARCH.per_minute + 1, REMOTE_ADDR="127.0.0.1", headers={"X-Forwarded-For": VISITOR}
    )
    assert proxied[-1] == 429


def test_https_at_a_trusted_proxy_gives_hsts(indexed_config):
    client = _app(indexed_config, trusted_proxies=1).test_client()
    headers = {"X-Forwarded-For": VISITOR, "X-Forwarded-Proto": "https"}
    for _ in range(2):  # rendered, then from the page cache
        page = client.get("/fr/", environ_base={"REMOTE_ADDR": PROXY}, headers=headers)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    # A visitor's own claim of HTTPS, with no trusted proxy, is not believed.
    plain = _app(indexed_config).test_client().get("/fr/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in plain.headers


def test_https_at_a_trusted_proxy_gives_a_secure_counter_cookie(indexed_config):
    key = "a-provisioned-counter-key"
    client = _app(indexed_config, trusted_proxies=1, counter_key=key).test_client()
    start = f"/kiosk/bapa-1?key={key}"
    over_https = client.get(start, environ_base={"REMOTE_ADDR": PROXY}, headers={"X-Forwarded-Proto": "https"})
    assert "; Secure" in over_https.headers["Set-Cookie"]
    over_http = client.get(start, environ_base={"REMOTE_ADDR": PROXY}, headers={"X-Forwarded-Proto": "http"})
    assert "; Secure" not in over_http.headers["Set-Cookie"]


@pytest.mark.server
@pytest.mark.slow
def test_gunicorn_believes_forwarded_headers_only_with_trusted_proxies(tmp_path, content_dir):
    config_path = write_config_file(tmp_path, content_dir)
    claim = {"X-Forwarded-Proto": "https", "X-Forwarded-For": VISITOR}
    # No proxy configured: gunicorn's own default would believe X-Forwarded-Proto from loopback.
    server = Gunicorn(tmp_path / "direct.log", KIOSK_CONFIG=str(config_path))
    try:
        base = server.wait_until_ready()
        assert "Strict-Transport-Security" not in requests.get(base + "/fr/", headers=claim, timeout=30).headers
    finally:
        server.stop()

    server = Gunicorn(tmp_path / "proxied.log", KIOSK_CONFIG=str(config_path), KIOSK_TRUSTED_PROXIES="1")
    try:
        base = server.wait_until_ready()
        with requests.Session() as session:
            assert requests.get(base + "/fr/", headers=claim, timeout=30).headers["Strict-Transport-Security"]
            statuses = [
                session.get(base + "/api/search?q=garantie&lang=fr", headers=claim, timeout=30).status_code
                for _ in range(SEARCH.per_minute + 1)
            ]
            assert set(statuses[:-1]) == {200} and statuses[-1] == 429
            # The next visitor behind the same proxy (loopback here) is answered.
            other = session.get(base + "/api/search?q=garantie&lang=fr", headers={"X-Forwarded-For": OTHER}, timeout=30)
            assert other.status_code == 200
    finally:
        server.stop()


def test_https_at_a_trusted_proxy_gives_a_secure_staff_cookie(indexed_config, database_url, request):
    from conftest import close_database
    from test_staff import add_user, sign_in

    app = _app(indexed_config, trusted_proxies=1, database_url=database_url)
    request.addfinalizer(lambda: close_database(app))
    assert add_user(app).exit_code == 0
    cookies = {}
    for scheme in ("https", "http"):
        client = app.test_client()
        # A browser sends its Referer; over HTTPS Flask-WTF checks that it is this site.
        referer = f"{scheme}://localhost/staff/login"
        client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO=scheme, HTTP_REFERER=referer)
        answer = sign_in(client)
        assert answer.status_code == 302
        cookies[scheme] = {c.split("=", 1)[0]: c for c in answer.headers.getlist("Set-Cookie")}
    # The session, and the cookie that remembers the browser for the login limits.
    assert set(cookies["https"]) == {"kiosk_staff", "kiosk_staff_device"}
    assert all("; Secure" in cookie for cookie in cookies["https"].values())
    assert not any("; Secure" in cookie for cookie in cookies["http"].values())  # a trial on plain http
