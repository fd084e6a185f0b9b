"""The kiosk's Flask application class: Flask's, with one answer remembered."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

# Plain functions remembered: every hook, view, error handler and teardown function many times
# over. Functions made anew for each request (after_this_request) would fill it: it is then
# emptied and starts again.
REMEMBERED_FUNCTIONS = 2000


class KioskFlask(Flask):
    """Flask asks whether each hook, view and teardown function is a coroutine function on
    every request (inspect.iscoroutinefunction, 4 to 6 times a request). A function's kind
    never changes, so a plain function, once asked about, is known as one. A coroutine function
    is not remembered: Flask wraps it anew on each call, as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_functions: set[Callable] = set()

    def ensure_sync(self, func: Callable) -> Callable:
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
