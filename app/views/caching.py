"""Rendered pages kept in memory, compressed, keyed by everything that can change them.

A page depends on its address, the content revision, the index revision (search pages) and the
request's cookies (a counter's marker may change the page). Nothing else: no sessions, no
visitor data. Answers carry an ETag, so a browser that has the page gets a 304.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict

from flask import Flask, g, request
from werkzeug.wrappers import Response

from . import kiosk

MAX_PAGES = 3000  # compressed pages are a few KiB each
_NOT_CACHED = ("/api/", "/static/", "/staff", "/healthz", "/kiosk")
# What a view leaves in `g` for the after-request hooks (statistics), replayed on a cache hit.
_REPLAYED = ("searched",)


def keep_page_for(start: float, end: float) -> None:
    """The page being rendered is right only from ``start`` to ``end`` (epoch seconds)."""
    valid_from, valid_until = getattr(g, "page_valid_for", (float("-inf"), float("inf")))
    g.page_valid_for = (max(valid_from, start), min(valid_until, end))


class PageCache:
    def __init__(self, size: int = MAX_PAGES):
        self.size = size
        self._pages: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            valid_from, valid_until = page[4]
            if not valid_from <= time.time() < valid_until:
                del self._pages[key]  # it showed "open now" for another minute
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def _cache_key() -> str | None:
    if request.method != "GET" or request.path.startswith(_NOT_CACHED):
        return None
    state = kiosk()
    parts = [
        request.full_path,
        state.content.fingerprint,
        state.searcher.revision or "",
        request.headers.get("Cookie", ""),
        request.headers.get("Accept-Language", ""),
    ]
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _respond(page, status: int = 200) -> Response:
    compressed, mimetype, etag, cache_control, _, _ = page
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    body = compressed if accepts_gzip else gzip.decompress(compressed)
    response = Response(body, status=status, mimetype=mimetype)
    if accepts_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding, Cookie"
    response.headers["Cache-Control"] = cache_control
    response.set_etag(etag)
    return response.make_conditional(request)


def register(app: Flask) -> None:
    cache = PageCache()
    app.extensions["page_cache"] = cache

    @app.before_request
    def serve_from_cache():
        key = _cache_key()
        g.page_cache_key = key
        if key is not None:
            page = cache.get(key)
            if page is not None:
                g.page_cache_key = None  # already cached: do not store again
                for name, value in page[5].items():
                    setattr(g, name, value)
                return _respond(page)
        return None

    @app.after_request
    def store_in_cache(response):
        key = getattr(g, "page_cache_key", None)
        if key is None or response.status_code != 200 or response.mimetype != "text/html":
            return response
        if "Set-Cookie" in response.headers or response.direct_passthrough:
            return response
        body = response.get_data()
        # A page with the visitor's typed words is not kept by the browser (shared counter).
        cache_control = "no-store" if request.args else "no-cache"
        # Pages that show the time of day ("open now") say for how long they are right.
        valid_for = getattr(g, "page_valid_for", (float("-inf"), float("inf")))
        page = (
            gzip.compress(body, 6),
            response.mimetype,
            hashlib.blake2b(body, digest_size=12).hexdigest(),
            cache_control,
            valid_for,
            {name: getattr(g, name) for name in _REPLAYED if name in g},
        )
        cache.put(key, page)
        fresh = _respond(page)
        for header, value in response.headers.items():
            if header not in fresh.headers:
                fresh.headers[header] = value
        return fresh
