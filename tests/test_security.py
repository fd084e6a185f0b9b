"""Security headers on every page (a crawler visits the whole real site), limits on input,
and error pages that give nothing away."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from app import create_app
from app.config import load_config
from app.content import load_content
from app.search import build_index
from app.web.security import CONTENT_SECURITY_POLICY


@pytest.fixture(scope="module")
def real_client(tmp_path_factory):
    config = load_config(environ={"KIOSK_INDEX_DIR": str(tmp_path_factory.mktemp("security-index"))})
    build_index(load_content(config.content_dir, config.languages), config.index_dir, languages=config.languages)
    app = create_app(config)
    # The crawler fetches every page, audio and QR code from the test client's loopback address:
    # a counter's own browser, which the rate limits leave alone (tests/test_proxy.py).
    app.config["KIOSK_COUNTER_ID"] = "crawler"
    return app.test_client()


def check_headers(response, path):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp, (path, directive)
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "no-referrer", path
    assert "camera=()" in headers["Permissions-Policy"], path
    assert "Set-Cookie" not in headers, path
    assert "Strict-Transport-Security" not in headers, path  # plain HTTP here


@pytest.mark.slow
def test_crawl_the_whole_site(real_client):
    seen, queue, pages = set(), ["/"], 0
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = real_client.get(path)
        assert response.status_code == 200, path
        check_headers(response, path)
        pages += 1
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        response.close()
        if html is None:
            continue
        assert "style=" not in re.sub(r"<svg.*?</svg>", "", html, flags=re.S), path  # no inline styles
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path  # no inline scripts
        for link in re.findall(r'(?:href|src)="([^"#]+)"', html):
            target = urljoin(path, link)
            parts = urlsplit(target)
            if parts.scheme in ("", "http") and not parts.netloc and target not in seen:
                queue.append(target)
    # Every language's topics, topic pages and articles, plus static files.
    assert pages > 21 * 50, pages


def test_hsts_over_https(client):
    response = client.get("/fr/", base_url="https://kiosk.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    "path, status",
    [
        ("/xx/", 404),
        ("/fr/../../etc/passwd", 404),
        ("/fr/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/static/..%2f..%2fwsgi.py", 404),
        ("/static/../app/__init__.py", 404),
        ("/fr/housing/..%00", 404),
        ("/fr/search?q=" + "a" * 5000, 400),
        ("/" + "a" * 5000, 400),
    ],
)
def test_hostile_paths(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    check_headers(response, path)
    body = response.get_data(as_text=True)
    for leak in ("Traceback", "werkzeug", "Werkzeug", "flask", "/work/", "site-packages", "whoosh"):
        assert leak not in body, leak


def test_no_open_redirect(client):
    for path in ["/fr/housing", "/fr/housing?next=https://evil.example/", "/fr/search/?q=x"]:
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            assert urlsplit(response.headers["Location"]).netloc in ("", "localhost"), path


def test_an_unexpected_error_shows_a_plain_page_in_the_visitor_language(client, monkeypatch):
    kiosk = client.application.extensions["kiosk"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail /work/main")

    monkeypatch.setattr(kiosk.searcher, "search", broken)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/ar/search?q=x")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "secret internal detail" not in html and "RuntimeError" not in html and "Traceback" not in html
    check_headers(response, "/ar/search")


def test_csp_is_what_the_pages_need():
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
