"""The kiosk's Flask application class: Flask's, with three answers remembered, URL builders
compiled once per process, and its Jinja environment (app/web/template_globals.py).

Each is worked out again on every request by Flask and Werkzeug, and each is the same every
time for the same question; on a page from the cache they cost some 12 µs of about 70.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.ctx import RequestContext
from werkzeug.routing import Map, MapAdapter, Rule

from .template_globals import KioskEnvironment

# Plain functions remembered: every hook, view, error handler and teardown function many times
# over. Functions made anew for each request (after_this_request) would fill it: it is then
# emptied and starts again.
REMEMBERED_FUNCTIONS = 2000
# Addresses whose route (and router bound to it) is remembered: every page in every language
# (some 3,000) and more; any address can match a route with a variable part (a slug), so each
# is emptied when full. A longer address is matched each time: it would hold memory for nothing.
REMEMBERED_ROUTES = 5000
REMEMBERED_ADDRESS_LENGTH = 300
# URL builders kept per process: every rule of every app made (the tests make hundreds).
REMEMBERED_BUILDERS = 5000
_builders: dict[tuple, Callable] = {}
# What Werkzeug's Map.bind_to_environ reads of a request (werkzeug/routing/map.py, and get_host),
# but the query string: the address of a request, to the router.
_ADDRESS = (
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "HTTP_CONNECTION",
    "HTTP_UPGRADE",
    "SCRIPT_NAME",
    "PATH_INFO",
    "REQUEST_METHOD",
)


def _address(environ) -> tuple | None:
    """The key both memories below use; None for an address too long to be worth keeping."""
    if not isinstance(environ, dict) or len(environ.get("PATH_INFO", "")) > REMEMBERED_ADDRESS_LENGTH:
        return None
    return tuple(map(environ.get, _ADDRESS))


def _remember(memory: dict, key: tuple, value):
    if len(memory) >= REMEMBERED_ROUTES:
        memory.clear()
    memory[key] = value
    return value


class _RememberingMap(Map):
    """Werkzeug's URL map, whose router for a request (a MapAdapter: the host, mount point,
    address, method and scheme, read from the request's environ and decoded, some 4 µs) is made
    once for all requests that read the same there. A MapAdapter is never changed once made
    (matching and building only read it). Not for an address with a query (the adapter keeps
    the query for redirects; a search's words are seldom asked again), nor when Flask gives a
    server name of its own (SERVER_NAME set): then Werkzeug may warn about the request's host,
    each time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._adapters: dict[tuple, MapAdapter] = {}

    def bind_to_environ(self, environ, server_name=None, subdomain=None) -> MapAdapter:
        address = _address(environ)
        if server_name is not None or address is None or environ.get("QUERY_STRING"):
            return super().bind_to_environ(environ, server_name, subdomain)
        adapter = self._adapters.get((subdomain, address))
        if adapter is None:
            adapter = _remember(self._adapters, (subdomain, address), super().bind_to_environ(environ, None, subdomain))
        return adapter


class _KioskRule(Rule):
    """Werkzeug's rule, whose two URL builders are compiled once per process for each rule text.

    Werkzeug writes each builder as Python source (an AST) and compiles it, for every rule of
    every app: some 40 of the 45 ms of making the kiosk's app, which every test does. A builder
    is a plain function of the rule's parts (the rule itself comes as its first argument), so one
    compiled for the same rule, defaults and converters' output serves every app."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable:
        defaults = self.defaults or {}
        # What the builder's code is made of (werkzeug/routing/rules.py, _compile_builder).
        key = (
            append_unknown,
            self.rule,
            tuple(self._trace),
            tuple(
                (name, self._converters[name].to_url(value) if name in self._converters else None)
                for name, value in defaults.items()
            ),
        )
        builder = _builders.get(key)
        if builder is None:
            if len(_builders) >= REMEMBERED_BUILDERS:
                _builders.clear()
            builder = _builders[key] = super()._compile_builder(append_unknown)
        return builder


class KioskFlask(Flask):
    url_map_class = _RememberingMap
    url_rule_class = _KioskRule
    jinja_environment = KioskEnvironment  # each template's globals one plain dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_functions: set[Callable] = set()
        self._routes: dict[tuple, tuple] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        """Flask asks whether each hook, view and teardown function is a coroutine function on
        every request (inspect.iscoroutinefunction, 4 to 6 times). A function's kind never
        changes: a plain one, once asked about, is known. A coroutine function is not
        remembered: Flask wraps it anew on each call, as before."""
        try:
            if func in self._plain_functions:
                return func
        except TypeError:  # a callable that cannot be in a set: asked each time
            return super().ensure_sync(func)
        sync = super().ensure_sync(func)
        if sync is func:
            if len(self._plain_functions) >= REMEMBERED_FUNCTIONS:
                self._plain_functions.clear()
            self._plain_functions.add(func)
        return sync

    def request_context(self, environ) -> RequestContext:
        return _RequestContext(self, environ)


class _RequestContext(RequestContext):
    """Werkzeug's router tries the rules one by one for every request (a tenth of a cached
    page's time). Flask refuses new rules once it has answered a request, so an address
    (with its host, mount point, method and scheme) is matched to the same rule and values each
    time: the match is kept per app. Only a match is kept; a 404, 405 or redirect is found
    again each time, and each request gets its own copy of the values (views take some out)."""

    def match_request(self) -> None:
        # The adapter was bound from these same values of the request (whether or not it was
        # remembered), so they name the match; the query takes no part in matching.
        key, routes = _address(self.request.environ), self.app._routes
        known = routes.get(key) if key is not None else None
        if known is not None:
            self.request.url_rule, self.request.view_args = known[0], dict(known[1])
            return
        super().match_request()
        if key is not None and self.request.routing_exception is None:
            _remember(routes, key, (self.request.url_rule, dict(self.request.view_args)))
