"""The kiosk's Flask class (app/web/application.py) remembers that a function is a plain one, and
treats every other function exactly as Flask does."""

from __future__ import annotations

import asyncio
import functools
import inspect

import flask.app
import pytest
from flask import Flask, g

from app.web import application
from app.web.application import KioskFlask


async def _coroutine_hook():
    return None


def _plain_hook():
    return None


def _flask_says(func):
    """What Flask's own ensure_sync does with ``func``: its answer, or the error it raises."""
    try:
        return Flask(__name__).ensure_sync(func)
    except RuntimeError as error:  # no asgiref installed: Flask refuses coroutine functions
        return str(error)


def _kiosk_says(app, func):
    try:
        return app.ensure_sync(func)
    except RuntimeError as error:
        return str(error)


def test_the_kiosk_app_is_the_kiosk_flask_class(app):
    assert isinstance(app, KioskFlask)


def test_a_plain_function_is_itself_and_asked_about_once(monkeypatch):
    asked = []

    def iscoroutinefunction(func):
        asked.append(func)
        return inspect.iscoroutinefunction(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", iscoroutinefunction)
    app = KioskFlask(__name__)
    assert [app.ensure_sync(_plain_hook) for _ in range(3)] == [_plain_hook] * 3
    assert asked == [_plain_hook]


def test_a_coroutine_function_is_treated_as_flask_treats_it_every_time():
    app = KioskFlask(__name__)
    expected = _flask_says(_coroutine_hook)  # the refusal, without asgiref; else a wrapper
    for _ in range(2):  # asked again: still Flask's answer, never remembered as a plain function
        said = _kiosk_says(app, _coroutine_hook)
        assert said is not _coroutine_hook
        assert said == expected if isinstance(expected, str) else callable(said)
    assert _coroutine_hook not in app._plain_functions


@pytest.mark.filterwarnings("ignore")
def test_a_coroutine_view_gets_the_answer_flask_gives(caplog):
    answers = []
    for each in (KioskFlask(__name__), Flask(__name__)):
        each.add_url_rule("/async-probe", "async_probe", _coroutine_hook)
        answers.append([each.test_client().get("/async-probe").status_code for _ in range(2)])
    assert answers[0] == answers[1]


def test_a_coroutine_view_runs_each_time_where_flask_can_run_it():
    """As with asgiref installed (Flask's "async" extra): a coroutine function is wrapped."""
    app = KioskFlask(__name__)
    app.async_to_sync = lambda func: lambda *args, **kwargs: asyncio.run(func(*args, **kwargs))

    async def view():
        return "ran"

    app.add_url_rule("/async-view", "async_view", view)
    client = app.test_client()
    assert [client.get("/async-view").get_data() for _ in range(2)] == [b"ran", b"ran"]


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(application, "REMEMBERED_FUNCTIONS", 3)
    app = KioskFlask(__name__)
    made = [functools.partial(_plain_hook) for _ in range(5)]  # as after_this_request makes them
    for func in made:
        assert app.ensure_sync(func) is func
    assert len(app._plain_functions) <= 3


def test_an_unhashable_callable_is_asked_about_each_time():
    class Unhashable:
        __hash__ = None

        def __call__(self):
            return None

    func = Unhashable()
    assert KioskFlask(__name__).ensure_sync(func) is func


def _routed_app() -> KioskFlask:
    app = KioskFlask(__name__)
    seen = []
    app.extensions["seen"] = seen

    @app.url_value_preprocessor
    def take_name(endpoint, values):  # as the language blueprints take the language out
        if values:
            g.name = values.pop("name", None)

    @app.get("/a/<name>")
    def named(**values):
        seen.append((g.name, values))
        return g.name

    app.add_url_rule("/folder/", "folder", lambda: "folder")
    app.add_url_rule("/form", "form", lambda: "posted", methods=["POST"])
    return app


def test_a_remembered_route_gives_each_request_its_own_values():
    app = _routed_app()
    client = app.test_client()
    answers = [client.get(path).get_data() for path in ("/a/x", "/a/x", "/a/y", "/a/x")]
    assert answers == [b"x", b"x", b"y", b"x"]
    assert app.extensions["seen"] == [(name, {}) for name in "xxyx"]
    assert len(app._routes) == 2


def test_only_a_match_is_remembered_and_each_method_is_matched_on_its_own():
    app = _routed_app()
    client = app.test_client()
    for _ in range(2):
        assert client.get("/folder").status_code == 308  # the redirect to /folder/, each time
        assert client.get("/nowhere").status_code == 404
        assert client.get("/form").status_code == 405
    assert app._routes == {}
    assert client.get("/a/x").status_code == 200
    assert client.post("/a/x").status_code == 405  # the GET's match is not the POST's
    assert client.head("/a/x").status_code == 200
    assert client.post("/form").get_data() == b"posted"


def test_the_remembered_routes_are_bounded(monkeypatch):
    monkeypatch.setattr(application, "REMEMBERED_ROUTES", 2)
    app = _routed_app()
    client = app.test_client()
    assert [client.get(f"/a/{n}").get_data() for n in range(5)] == [str(n).encode() for n in range(5)]
    assert len(app._routes) <= 2


def test_the_kiosk_app_remembers_its_pages_routes(app, client):
    for _ in range(2):
        assert client.get("/en/housing/").status_code == 200
        assert client.get("/fr/housing/").status_code == 200
        assert client.get("/xx/housing/").status_code == 404  # no such language
    assert len(app._routes) == 2
