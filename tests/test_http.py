"""Real HTTP against gunicorn started with the project's gunicorn.conf.py."""

from __future__ import annotations

import requests

PAGES = [
    "/",
    "/fr/",
    "/ar/",
    "/fr/housing/",
    "/ar/housing/rental-deposit",
    "/ti/health/finding-a-doctor",
    "/uk/search?q=%D0%B3%D0%B0%D1%80%D0%B0%D0%BD%D1%82%D1%96%D1%8F",
    "/api/search?q=deposit&lang=ar",
    "/healthz",
]


def test_every_page_answers_over_http(gunicorn_server):
    for path in PAGES:
        response = requests.get(gunicorn_server + path, timeout=10)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    results = requests.get(gunicorn_server + "/api/search?q=deposit&lang=ar", timeout=10).json()["results"]
    assert results[0]["url"] == "/ar/housing/rental-deposit" and results[0]["lang"] == "ar"


def test_unknown_paths_are_404_over_http(gunicorn_server):
    for path in ["/xx/", "/fr/nowhere/", "/fr/housing/nothing", "/%2e%2e/%2e%2e/etc/passwd", "/static/../wsgi.py"]:
        assert requests.get(gunicorn_server + path, timeout=10).status_code == 404, path


def test_the_server_built_the_missing_index_at_start(gunicorn_server):
    # The fixture's index folder was empty: gunicorn's on_starting hook built it.
    hits = requests.get(gunicorn_server + "/api/search?q=médecin&lang=fr", timeout=10).json()["results"]
    assert [hit["article"] for hit in hits] == ["finding-a-doctor"]


def test_raw_hostile_requests_over_http(gunicorn_server):
    """Paths a browser would normalise, sent as they are."""
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(gunicorn_server).netloc
    for path, allowed in [
        ("//evil.example/", {404}),
        ("/fr/housing", {308}),
        ("/../../etc/passwd", {404, 400}),
        ("/fr/" + "a" * 5000, {400, 414}),
    ]:
        connection = http.client.HTTPConnection(host, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status in allowed, (path, response.status)
        location = response.getheader("Location")
        if location:
            assert urlsplit(location).netloc in ("", host), location
        connection.close()
