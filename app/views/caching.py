"""Rendered pages kept in memory, compressed, keyed by everything that can change them, and
answered in front of Flask.

A page depends on its address, the content revision, the index revision (search pages) and the
request's cookies (a counter's marker may change the page). Nothing else: no sessions, no
visitor data. Answers carry an ETag, so a browser that has the page gets a 304.

A page found in the cache is answered by a small WSGI layer before Flask is entered at all: the
page, its complete headers (security headers included) and what it counts in the statistics
were kept when it was rendered, so nothing is left for Flask's request machinery to do. That is
what makes a topic page as cheap to serve as a "hello world".
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, g, request
from werkzeug.wrappers import Response

from ..public_forms import fill_slots
from .limits import allowed, limit_for
from .recording import count_page, counter_of, what_was_seen
from .security import STRICT_TRANSPORT_SECURITY

MAX_PAGES = 3000  # compressed pages are a few KiB each
_NOT_CACHED = ("/api/", "/static/", "/staff", "/healthz", "/kiosk")
_KEY = "kiosk.page_key"  # in the WSGI environ
# Headers that depend on the answer (compressed or not, 200 or 304), set for each one.
_PER_ANSWER = {"content-length", "content-encoding", "vary", "cache-control", "etag", "strict-transport-security"}


def keep_page_for(start: float, end: float) -> None:
    """The page being rendered is right only from ``start`` to ``end`` (epoch seconds)."""
    valid_from, valid_until = getattr(g, "page_valid_for", (float("-inf"), float("inf")))
    g.page_valid_for = (max(valid_from, start), min(valid_until, end))


@dataclass(frozen=True)
class CachedPage:
    compressed: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]  # the rendered answer's, without the _PER_ANSWER ones
    valid_for: tuple[float, float]
    seen: tuple | None  # what the statistics count for it (recording.what_was_seen)
    limit: object | None  # the rate limit it is under (a search page with words)
    # Slots for single-use form tokens (public_forms.slot) → the form's address.
    slots: tuple[tuple[str, str], ...] = ()

    def answer(self, environ, tokens=None) -> tuple[str, list[tuple[str, str]], bytes]:
        """(status, headers, body) for a request, conditional on If-None-Match."""
        accepts_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        if self.slots:
            return self._answer_with_new_tokens(accepts_gzip, tokens)
        cache_control = "no-store" if environ.get("QUERY_STRING") else "no-cache"
        headers = [
            *self.headers,
            ("Vary", "Accept-Encoding, Cookie"),
            # A page with the visitor's typed words is not kept by the browser (shared counter).
            ("Cache-Control", cache_control),
            ("ETag", f'"{self.etag}"'),
        ]
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
        if f'"{self.etag}"' in environ.get("HTTP_IF_NONE_MATCH", ""):
            return "304 NOT MODIFIED", [(k, v) for k, v in headers if k.lower() != "content-type"], b""
        body = self.compressed if accepts_gzip else gzip.decompress(self.compressed)
        if accepts_gzip:
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return "200 OK", headers, body

    def _answer_with_new_tokens(self, accepts_gzip: bool, tokens) -> tuple[str, list[tuple[str, str]], bytes]:
        # Every answer has its own form tokens: no ETag (a 304 would keep a used token), and
        # the browser keeps no copy.
        body = fill_slots(gzip.decompress(self.compressed), dict(self.slots), tokens)
        headers = [*self.headers, ("Vary", "Accept-Encoding, Cookie"), ("Cache-Control", "no-store")]
        if accepts_gzip:
            body = gzip.compress(body, 1)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return "200 OK", headers, body


class PageCache:
    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            valid_from, valid_until = page.valid_for
            if not valid_from <= time.time() < valid_until:
                del self._pages[key]  # it showed "open now" for another minute
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def page_key(environ, state) -> str | None:
    """The cache key of a request, from the WSGI environ (the same before and inside Flask)."""
    path = environ.get("PATH_INFO", "")
    if environ.get("REQUEST_METHOD") != "GET" or path.startswith(_NOT_CACHED):
        return None
    parts = [
        path,
        environ.get("QUERY_STRING", ""),
        state.content.fingerprint,
        state.searcher.revision or "",
        environ.get("HTTP_COOKIE", ""),
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    ]
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class CachedPages:
    """WSGI layer in front of Flask: answers pages from the cache, counts them, limits searches."""

    def __init__(self, app: Flask, cache: PageCache):
        self.app = app
        self.cache = cache
        self.flask = app.wsgi_app

    def __call__(self, environ, start_response):
        state = self.app.extensions["kiosk"]
        key = page_key(environ, state)
        # Flask stores the page it renders under this same key (computed once, with the content
        # revision and index build of this moment).
        environ[_KEY] = key
        page = self.cache.get(key) if key is not None else None
        if page is None or (page.limit is not None and not allowed(self.app, page.limit, environ)):
            return self.flask(environ, start_response)  # Flask renders it (or says 429)
        status, headers, body = page.answer(environ, self.app.extensions["form_tokens"])
        if page.seen is not None and status.startswith("200"):
            counter = counter_of(self.app.config, environ.get("HTTP_X_KIOSK_COUNTER"))
            count_page(self.app.extensions["recorder"], page.seen, counter, state.content)
        start_response(status, headers)
        return [body]


def _store(key: str, response) -> CachedPage:
    body = response.get_data()
    return CachedPage(
        compressed=gzip.compress(body, 6),
        etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
        headers=tuple((k, v) for k, v in response.headers.items() if k.lower() not in _PER_ANSWER),
        # Pages that show the time of day ("open now") say for how long they are right.
        valid_for=getattr(g, "page_valid_for", (float("-inf"), float("inf"))),
        seen=what_was_seen(response),
        limit=limit_for(request.endpoint, request.args),
        slots=tuple(g.get("form_token_slots", {}).items()),
    )


def register(app: Flask) -> None:
    cache = PageCache()
    app.extensions["page_cache"] = cache
    app.wsgi_app = CachedPages(app, cache)

    @app.after_request
    def store_in_cache(response):
        key = request.environ.get(_KEY)  # set by CachedPages, which did not find the page
        if key is None or response.status_code != 200 or response.mimetype != "text/html":
            return _with_new_tokens(response)
        if "Set-Cookie" in response.headers or response.direct_passthrough:
            return _with_new_tokens(response)
        page = _store(key, response)
        cache.put(key, page)
        status, headers, body = page.answer(request.environ, app.extensions["form_tokens"])
        return Response(body, status=status, headers=headers)

    def _with_new_tokens(response):
        """A page that is not cached: its form token slots filled all the same."""
        slots = g.get("form_token_slots")
        if slots and not response.direct_passthrough:
            response.set_data(fill_slots(response.get_data(), slots, app.extensions["form_tokens"]))
        return response
