"""The page cache's answers (app/web/ready_answer.py) reach the client exactly as Werkzeug would
send them: the same status, headers and body for GET, HEAD and 304, with the pipeline's after-view
steps (security headers, statistics) applied to them."""

from __future__ import annotations

import pytest
from flask import Response
from werkzeug.test import EnvironBuilder

from app.web.ready_answer import ReadyAnswer

TOPIC = "/en/housing/"  # no form on it: answered with an ETag
ARTICLE = "/en/housing/rental-deposit"  # a form: a new token in every answer
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept-Encoding, Cookie"), ("ETag", '"abc"')]


def _sent(response, method: str = "GET") -> tuple:
    """What a WSGI server gets from ``response``: status, headers, body."""
    builder = EnvironBuilder(path="/", method=method)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    started = []
    iterable = response(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
    body = b"".join(iterable)
    if hasattr(iterable, "close"):
        iterable.close()  # as a WSGI server does
    return (*started[0], body)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(("status", "body"), [(200, b"<p>page</p>"), (304, b"")])
def test_a_ready_answer_is_sent_as_werkzeug_sends_the_same_response(method, status, body):
    ready = _sent(ReadyAnswer(body, HEADERS, status), method)
    werkzeug = _sent(Response(body, status, HEADERS), method)
    assert ready == werkzeug
    if status == 304:  # no body, no length, no entity headers
        assert not {"content-length", "content-type"} & {name.lower() for name, _ in ready[1]}
    else:
        assert dict(ready[1])["Content-Length"] == str(len(body))
    assert ready[2] == (body if (status, method) == (200, "GET") else b"")


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_ready_answer_calls_its_closing_functions(method):
    answer, closed = ReadyAnswer(b"<p>page</p>", HEADERS), []
    answer.call_on_close(lambda: closed.append(True))
    assert _sent(answer, method)[2] == (b"<p>page</p>" if method == "GET" else b"")
    assert closed == [True]


def test_a_ready_answer_changed_after_it_was_made_is_sent_as_changed():
    answer = ReadyAnswer(b"<p>page</p>", HEADERS)
    answer.set_data(b"<p>longer page</p>")
    answer.headers["X-Step"] = "added"
    status, headers, body = _sent(answer)
    assert body == b"<p>longer page</p>"
    assert dict(headers)["Content-Length"] == str(len(body))
    assert dict(headers)["X-Step"] == "added"
    answer.status_code = 404
    assert _sent(answer)[0] == "404 NOT FOUND"


@pytest.mark.parametrize("page", [TOPIC, ARTICLE])
def test_a_cached_page_has_its_length_its_security_headers_and_no_body_for_head(app, client, page):
    rendered = client.get(page)
    cached = client.get(page)
    head = client.head(page)
    for answer in (rendered, cached, head):
        assert answer.status_code == 200
        assert answer.headers["Content-Length"] == str(len(rendered.get_data()))
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert "Set-Cookie" not in answer.headers
    assert len(cached.get_data()) == len(rendered.get_data())
    assert head.get_data() == b""


def test_a_cached_page_not_modified_has_no_body_no_length_and_its_security_headers(client):
    etag = client.get(TOPIC).headers["ETag"]
    again = client.get(TOPIC, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert "Content-Length" not in again.headers and "Content-Type" not in again.headers
    assert again.headers["ETag"] == etag
    assert again.headers["X-Content-Type-Options"] == "nosniff"
