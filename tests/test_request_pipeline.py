"""One request pipeline (app/web/hooks.py): every app-wide step is declared there, in order, and
a page from the cache passes the same guards, gets the same headers and is counted like a
rendered one."""

from __future__ import annotations

import pytest
from test_statistics import rows

from app.models import DailyPageView
from app.web import hooks

TOPIC = "/en/housing/"  # no form on it: answered with an ETag
HTTPS = "https://kiosk.example"
ONE_ENGINE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _ours(functions) -> list:
    """The hooks this project registers (Flask-WTF registers its own, switched off: see hooks.py)."""
    return [function for function in functions if function.__module__.startswith("app.")]


def test_the_pipeline_is_the_only_app_wide_hook(app):
    assert _ours(app.before_request_funcs[None]) == [hooks._before_view]
    assert _ours(app.after_request_funcs[None]) == [hooks._after_view]
    assert [step.__name__ for step in hooks.BEFORE_VIEW] == [
        "recognise_counter",
        "refuse_oversized_url",
        "refuse_unnamed_form_fields",
        "check_csrf",
        "limit_rate",
        "answer_from_cache",
    ]
    assert [step.__name__ for step in hooks.AFTER_VIEW] == [
        "cache_and_compress",
        "keep_page",
        "add_security_headers",
        "count",
    ]
    # The CSRF check runs in its place in the pipeline, not where Flask-WTF registered it.
    assert app.config["WTF_CSRF_CHECK_DEFAULT"] is False


def test_a_cached_page_is_answered_like_a_rendered_one(app, client):
    rendered = client.get(TOPIC, base_url=HTTPS)
    assert len(app.extensions["page_cache"]) == 1
    cached = client.get(TOPIC, base_url=HTTPS)
    assert rendered.status_code == cached.status_code == 200
    assert rendered.get_data() == cached.get_data()
    assert sorted(rendered.headers.items()) == sorted(cached.headers.items())
    for name in ("Content-Security-Policy", "X-Frame-Options", "Strict-Transport-Security", "ETag"):
        assert name in cached.headers
    # Security headers are given to every answer, never kept in the cache: also to a 304.
    again = client.get(TOPIC, base_url=HTTPS, headers={"If-None-Match": cached.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Strict-Transport-Security"] == cached.headers["Strict-Transport-Security"]
    assert again.headers["Content-Security-Policy"] == cached.headers["Content-Security-Policy"]
    # Over plain HTTP the same cached page has no HSTS.
    assert "Strict-Transport-Security" not in client.get(TOPIC).headers


def test_a_cached_search_page_is_limited_like_a_rendered_one(app, client):
    limiter = app.extensions["rate_limiter"]
    seen = []
    allow = limiter.allow
    limiter.allow = lambda limit, address: seen.append(limit) or allow(limit, address)
    for _ in range(3):
        assert client.get("/en/search?q=deposit", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 200
    assert len(seen) == 3  # the first page rendered, the next two from the cache


@ONE_ENGINE
def test_every_page_is_counted_once_and_a_304_not_at_all(db_app, database_url):
    client = db_app.test_client()
    first = client.get(TOPIC)  # rendered
    client.get(TOPIC)  # from the cache
    assert client.get(TOPIC, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert db_app.extensions["recorder"].flush()
    assert {(r.lang, r.topic, r.article): r.count for r in rows(database_url, DailyPageView)} == {
        ("en", "housing", ""): 2
    }
