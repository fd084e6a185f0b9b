"""The kiosk's Flask application class: Flask's, with two answers remembered.

Both are asked again on every request by Flask and Werkzeug, and both are the same every time
for the same question; on a page from the cache they cost some 10 µs of about 70.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.ctx import RequestContext

# Plain functions remembered: every hook, view, error handler and teardown function many times
# over. Functions made anew for each request (after_this_request) would fill it: it is then
# emptied and starts again.
REMEMBERED_FUNCTIONS = 2000
# Addresses whose route is remembered: every page in every language; any address can match a
# route with a variable part (a slug), so it is emptied when full.
REMEMBERED_ROUTES = 20_000


class KioskFlask(Flask):
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
        adapter, routes = self.url_adapter, self.app._routes
        key = (
            adapter.server_name,
            adapter.subdomain,
            adapter.script_name,
            adapter.path_info,
            adapter.default_method,
            adapter.url_scheme,
            adapter.websocket,
        )
        known = routes.get(key)
        if known is not None:
            self.request.url_rule, self.request.view_args = known[0], dict(known[1])
            return
        super().match_request()
        if self.request.routing_exception is None:
            if len(routes) >= REMEMBERED_ROUTES:
                routes.clear()
            routes[key] = (self.request.url_rule, dict(self.request.view_args))
