"""The answer the page cache gives: a response whose headers are ready to send as they are.

Werkzeug, for every response, copies its headers into a new Headers object (checking each value
for newlines again) and looks them over for a Location, a length and entity headers, then
turns them into a list once more: on a cached page, as much time as the rest of the answer. A
cached page's headers were checked when the page was rendered; the fixed ones the cache and
the security step add are constants (checked once where they are written). So a 200 answer
of the cache is sent as it stands: its headers (with the after-view steps' additions), its
length, its body (none for a HEAD request, as Werkzeug does). Any other status, or a body set
again after it was made, goes Werkzeug's whole way, as a 304 does (Werkzeug drops its entity
headers).
"""

from __future__ import annotations

from flask import Response
from werkzeug.datastructures import Headers


class ReadyAnswer(Response):
    def __init__(self, body: bytes, headers: tuple[tuple[str, str], ...] | list[tuple[str, str]], status: int = 200):
        # Not Response.__init__: it would check every header again, look for a Content-Type
        # (the page's own is there) and set the length through Headers' checks.
        self.headers = Headers()
        self.headers._list = [*headers, ("Content-Length", str(len(body)))]
        if status == 200:  # as the status setter makes it, without its parsing
            self._status, self._status_code = "200 OK", 200
        else:
            self.status = status
        self.direct_passthrough = False
        self._on_close = []
        self.response = self._ready = [body]

    def get_wsgi_response(self, environ):
        if self._status_code != 200 or self.response is not self._ready:
            return super().get_wsgi_response(environ)
        body = () if environ["REQUEST_METHOD"] == "HEAD" else self._ready
        if self._on_close:  # closed as Werkzeug closes any answer
            body = super().get_app_iter(environ)
        return body, self._status, self.headers._list[:]
