"""Rendered pages kept in memory, compressed, keyed by everything that can change them.

A page depends on its address, the content revision, the index revision (search pages) and the
request's cookies (a counter's marker may change the page). Nothing else: no sessions, no
visitor data. Answers carry an ETag, so a browser that has the page gets a 304.

The cache is one step of the request pipeline (app/web/hooks.py): ``answer_from_cache``
answers a page it holds before any view runs, once the guards before it have let the request
through; ``keep_page`` stores a freshly rendered page and gives it the very answer a cached one
gets. Security headers and statistics come after both, in the pipeline, never from here.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, g, request
from werkzeug.wrappers import Response

from ..public_forms import FormTokens, fill_slots

MAX_PAGES = 3000  # compressed pages are a few KiB each
_NOT_CACHED = ("/api/", "/static/", "/staff", "/healthz", "/kiosk")
# Headers that depend on the answer (compressed or not, 200 or 304), set for each one.
_PER_ANSWER = {"content-length", "content-encoding", "vary", "cache-control", "etag"}
_ALWAYS = (float("-inf"), float("inf"))
_GZIP = 16 + zlib.MAX_WBITS  # zlib reads (and checks) the gzip wrapping itself, faster than gzip.decompress


def keep_page_for(start: float, end: float) -> None:
    """The page being rendered is right only from ``start`` to ``end`` (epoch seconds).

    Called by whatever reads the clock while a page is rendered ("open now", today's notices,
    an ageing form token): only that code knows the page shows the time, and for how long.
    """
    valid_from, valid_until = g.get("page_valid_for", _ALWAYS)
    g.page_valid_for = (max(valid_from, start), min(valid_until, end))


@dataclass(frozen=True)
class CachedPage:
    compressed: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]  # the rendered answer's, without the _PER_ANSWER ones
    valid_for: tuple[float, float]
    # What the search view noted for the statistics (g.searched), given back on every answer.
    searched: tuple | None = None
    # Slots for single-use form tokens (public_forms.slot) → the form's address.
    slots: tuple[tuple[str, str], ...] = ()

    def answer(self, environ, tokens: FormTokens) -> Response:
        """The answer to a request for this page, conditional on If-None-Match."""
        accepts_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        if self.slots:
            return self._answer_with_new_tokens(accepts_gzip, tokens)
        etag = f'"{self.etag}"'
        headers = [
            *self.headers,
            ("Vary", "Accept-Encoding, Cookie"),
            # A page with the visitor's typed words is not kept by the browser (shared counter).
            ("Cache-Control", "no-store" if environ.get("QUERY_STRING") else "no-cache"),
            ("ETag", etag),
        ]
        if etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            return Response(b"", 304, [(k, v) for k, v in headers if k.lower() != "content-type"])
        body = self.compressed if accepts_gzip else zlib.decompress(self.compressed, _GZIP)
        if accepts_gzip:
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return Response(body, 200, headers)

    def _answer_with_new_tokens(self, accepts_gzip: bool, tokens: FormTokens) -> Response:
        # Every answer has its own form tokens: no ETag (a 304 would keep a used token), and
        # the browser keeps no copy.
        body = fill_slots(zlib.decompress(self.compressed, _GZIP), dict(self.slots), tokens)
        headers = [*self.headers, ("Vary", "Accept-Encoding, Cookie"), ("Cache-Control", "no-store")]
        if accepts_gzip:
            body = gzip.compress(body, 1)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return Response(body, 200, headers)


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
    """The cache key of a request: None for one that is never cached."""
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


def answer_from_cache() -> Response | None:
    """Before the view: the page if the cache holds it (the view then does not run)."""
    environ, extensions = request.environ, current_app.extensions
    # Computed once, with the content revision and index build of this moment: a page rendered
    # now is stored under the key it was looked up by.
    key = g.page_key = page_key(environ, extensions["kiosk"])
    page = extensions["page_cache"].get(key) if key is not None else None
    if page is None:
        return None
    g.cached_page = True
    if page.searched is not None:
        g.searched = page.searched  # counted as the rendered page was
    return page.answer(environ, extensions["form_tokens"])


def keep_page(response: Response) -> Response:
    """After the view: a rendered page is stored, and answered as the cache answers it."""
    if g.get("cached_page"):
        return response
    key = g.get("page_key")
    if (
        key is None
        or response.status_code != 200
        or response.mimetype != "text/html"
        or "Set-Cookie" in response.headers
        or response.direct_passthrough
    ):
        return _with_new_tokens(response)
    body = response.get_data()
    page = CachedPage(
        compressed=gzip.compress(body, 6),
        etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
        headers=tuple((k, v) for k, v in response.headers.items() if k.lower() not in _PER_ANSWER),
        # Pages that show the time of day ("open now") said for how long they are right.
        valid_for=g.get("page_valid_for", _ALWAYS),
        searched=g.get("searched"),
        slots=tuple(g.get("form_token_slots", {}).items()),
    )
    current_app.extensions["page_cache"].put(key, page)
    return page.answer(request.environ, current_app.extensions["form_tokens"])


def _with_new_tokens(response: Response) -> Response:
    """A page that is not cached: its form token slots filled all the same."""
    slots = g.get("form_token_slots")
    if slots and not response.direct_passthrough:
        response.set_data(fill_slots(response.get_data(), slots, current_app.extensions["form_tokens"]))
    return response
