"""The site header kept per language and kind of browser (app/web/site_header.py): the header
the template renders, the search words escaped into it, one per language, a bounded number."""

from __future__ import annotations

import re

import pytest

from app.web.site_header import SiteHeaders

HEADER = re.compile(r"<header class=\"site-header\">.*?</header>", re.S)
PAGES = [
    "/en/search?q=deposit",
    '/en/search?q="><script>alert(1)</script>',
    "/fr/search?q=garantie+%26+l%27eau",
    "/ar/housing/",
    "/uk/housing/rental-deposit",
    "/",  # no language yet: every word said in every language
    "/en/housing/no-such-article",  # not found: the header of its language
]


def _header(client, path: str, **kwargs) -> str:
    client.application.extensions["page_cache"].__init__()  # rendered, not answered from the cache
    headers = HEADER.findall(client.get(path, **kwargs).get_data(as_text=True))
    assert len(headers) == 1, path
    return headers[0]


@pytest.mark.parametrize("path", PAGES)
def test_the_kept_header_is_the_template_s(app, client, path):
    app.jinja_env.auto_reload = True  # as in development: rendered every time
    rendered = _header(client, path)
    app.jinja_env.auto_reload = False
    for other in PAGES:  # headers of other pages kept first, then this one's
        _header(client, other)
    assert _header(client, path) == _header(client, path) == rendered


def test_the_search_words_are_escaped_into_the_kept_header(client):
    for _ in range(2):
        header = _header(client, '/en/search?q="><script>alert(1)</script>')
        assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in header
        assert "<script>" not in header
    assert 'value=""' in _header(client, "/en/housing/")  # the words of one page are not kept


def test_each_language_and_counter_has_its_own_header(app, client):
    assert ">Search<" in _header(client, "/en/housing/")
    assert ">Rechercher<" in _header(client, "/fr/housing/")
    assert "data-my-pages" not in _header(client, "/fr/housing/")
    counter = app.test_client()
    counter.get("/kiosk/bapa-1")  # this browser is now a counter: "my pages" in its header
    assert "data-my-pages" in _header(counter, "/fr/housing/")
    assert "data-my-pages" not in _header(client, "/fr/housing/")


def test_a_bounded_number_of_headers_is_kept(app, client):
    app.extensions["site_headers"] = headers = SiteHeaders(size=2)
    for path in ("/en/housing/", "/fr/housing/", "/ar/housing/", "/uk/housing/", "/"):
        _header(client, path)
        assert 1 <= len(headers) <= 2
