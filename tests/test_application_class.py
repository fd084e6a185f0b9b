"""The kiosk's Flask class (app/web/application.py) remembers that a function is a plain one, and
treats every other function exactly as Flask does."""

from __future__ import annotations

import asyncio
import functools
import inspect

import flask.app
import pytest
from flask import Flask, g, url_for
from werkzeug.routing import Map
from werkzeug.test import EnvironBuilder

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


def _environ(path: str = "/a/x", **overrides) -> dict:
    builder = EnvironBuilder(path=path, **overrides)
    try:
        return builder.get_environ()
    finally:
        builder.close()


ADAPTER_FACTS = ("server_name", "script_name", "subdomain", "url_scheme", "path_info", "default_method", "query_args")


@pytest.mark.parametrize(
    "environ",
    [
        _environ(),
        _environ("/a/ü"),
        _environ("/a/ü", query_string="q=é+x"),
        _environ(base_url="https://kiosk.example:8443/mount"),
        _environ(method="POST"),
        _environ(headers={"Host": "other.example", "Connection": "Upgrade", "Upgrade": "websocket"}),
    ],
)
def test_a_remembered_router_is_the_one_werkzeug_makes(environ):
    remembering = KioskFlask(__name__).url_map
    made = [remembering.bind_to_environ(dict(environ), subdomain="") for _ in range(2)]
    fresh = Map().bind_to_environ(dict(environ), subdomain="")
    assert (made[0] is made[1]) == (not environ["QUERY_STRING"])  # a search's: made each time
    for fact in (*ADAPTER_FACTS, "websocket"):
        assert getattr(made[0], fact) == getattr(fresh, fact), fact


def test_each_address_host_mount_point_method_and_query_has_its_own_router():
    url_map = KioskFlask(__name__).url_map
    environs = [
        _environ(),
        _environ("/a/y"),
        _environ(method="HEAD"),
        _environ(base_url="http://other.example/"),
        _environ(base_url="http://localhost/mount"),
        _environ(base_url="https://localhost/"),
        _environ(base_url="http://localhost:8080/"),
        _environ(base_url="https://localhost:8080/"),  # only the scheme differs
        _environ(headers={"Host": "other.example"}),  # the same server, named otherwise
        _environ(headers={"Connection": "Upgrade"}),
        _environ(headers={"Connection": "Upgrade", "Upgrade": "websocket"}),
    ]
    adapters = [url_map.bind_to_environ(environ, subdomain="") for environ in environs]
    assert len({id(adapter) for adapter in adapters}) == len(environs)


@pytest.mark.parametrize(
    ("environ", "server_name"),
    [
        (_environ(), "localhost"),  # SERVER_NAME set: Werkzeug may warn about the host each time
        (_environ(query_string="q=words"), None),  # a search: seldom asked again
        (_environ("/a/" + "x" * 300), None),  # holds memory for nothing
    ],
)
def test_some_routers_are_made_each_time(environ, server_name):
    url_map = KioskFlask(__name__).url_map
    made = [url_map.bind_to_environ(environ, server_name=server_name, subdomain="") for _ in range(2)]
    assert made[0] is not made[1]
    assert url_map._adapters == {}


def test_a_long_address_s_route_is_matched_each_time():
    app = _routed_app()
    assert app.test_client().get("/a/" + "x" * 300).status_code == 200
    assert app._routes == {}


def test_the_remembered_routers_are_bounded(monkeypatch):
    monkeypatch.setattr(application, "REMEMBERED_ROUTES", 2)
    url_map = KioskFlask(__name__).url_map
    for n in range(5):
        url_map.bind_to_environ(_environ(f"/a/{n}"), subdomain="")
    assert len(url_map._adapters) <= 2


def test_addresses_are_built_for_each_request_s_own_host_and_mount_point():
    app = KioskFlask(__name__)
    app.add_url_rule("/a/<name>", "named", lambda name: url_for("named", name="z", _external=True))
    client = app.test_client()
    for _ in range(2):
        assert client.get("/a/x").get_data() == b"http://localhost/a/z"
        assert (
            client.get("/a/x", base_url="https://kiosk.example/mount").get_data() == b"https://kiosk.example/mount/a/z"
        )


def _sample_values(rule) -> dict:
    """A value each part of the rule takes: one of its choices (any(…)), else a word."""
    values = {}
    for number, name in enumerate(sorted(rule.arguments)):
        choices = getattr(rule._converters.get(name), "items", None)
        values[name] = sorted(choices)[0] if choices else f"v{number}é"
    return values


def test_every_rule_builds_the_addresses_werkzeug_builds(app, config):
    from werkzeug.routing import Rule

    from app import create_app

    other = create_app(config)
    rules = {rule.rule + rule.endpoint: rule for rule in other.url_map.iter_rules()}
    assert len(rules) > 50
    for rule in app.url_map.iter_rules():
        twin = rules[rule.rule + rule.endpoint]
        # One compiled builder for both apps' rules, each bound to its own rule.
        assert rule._build.__func__ is twin._build.__func__ and rule._build.__self__ is rule
        for append_unknown in (False, True):
            werkzeug_builds = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            values = _sample_values(rule)
            extra = {"q": "a b&c"} if append_unknown else {}
            built = (rule._build_unknown if append_unknown else rule._build)(**values, **extra)
            assert built == werkzeug_builds(**values, **extra)


def test_rules_alike_but_for_their_defaults_get_their_own_builders():
    app = KioskFlask(__name__)
    app.add_url_rule("/<lang>/page", "first", lambda lang: "", defaults={"lang": "fr"})
    app.add_url_rule("/<lang>/page", "second", lambda lang: "", defaults={"lang": "ar"})
    app.add_url_rule("/<lang>/page", "third", lambda lang: "")
    with app.test_request_context():
        assert url_for("first") == "/fr/page"
        assert url_for("second") == "/ar/page"
        assert url_for("third", lang="uk") == "/uk/page"
