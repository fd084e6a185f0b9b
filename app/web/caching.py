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

import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from flask import current_app, g
from werkzeug.wrappers import Response

from ..public_forms import FormTokens, fill_slots, fill_split, split_at_slots
from .ready_answer import ReadyAnswer

MAX_PAGES = 3000  # compressed pages are a few KiB each
# Pages with a form are kept uncompressed (filled anew for every answer): some 20 KiB each.
MAX_BYTES = 48 * 1024 * 1024
# Searches asked for once, remembered so that a second asking is kept (PageCache.asked_before):
# keys of 32 characters, about 1.5 MB at most.
ASKED_ONCE_REMEMBERED = 12_000
_NOT_CACHED = ("/api/", "/static/", "/staff", "/healthz", "/kiosk")
# Endpoints whose pages show what the search index holds: cached per index build.
_READS_INDEX = ("search.",)
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
    # The page gzipped, as nearly every browser asks for it; None for a page with form token
    # slots, which is filled and compressed anew for every answer, and for one not kept.
    compressed: bytes | None
    # The page as rendered, cut at its slots (public_forms.split_at_slots); () for a page
    # without slots, whose plain copy is made from ``compressed`` once a client asks for one.
    pieces: tuple[bytes, ...]
    etag: str
    headers: tuple[tuple[str, str], ...]  # the rendered answer's, without the _PER_ANSWER ones
    valid_for: tuple[float, float]
    # What the search view noted for the statistics (g.searched), given back on every answer.
    searched: tuple | None = None
    # Slots for single-use form tokens (public_forms.slot) → the form's address.
    slots: tuple[tuple[str, str], ...] = ()

    # A page answered once and not kept (see PageCache.asked_before): the body as rendered,
    # compressed only if its one client asks for gzip.
    uncompressed: bytes | None = None

    @classmethod
    def of(cls, body: bytes, headers, valid_for, searched, slots: dict[str, str], level: int | None = 6) -> CachedPage:
        """A rendered page: compressed once at zlib ``level``, or (with slots) cut at its slots once.

        ``level`` 1 for a page that will seldom be asked for again (a search's words): half the
        time of level 6 for a tenth more bytes. None for a page that is answered and not kept:
        nothing is compressed for a client that does not ask for it."""
        kept_compressed = not slots and level is not None
        return cls(
            compressed=_gzip(body, level) if kept_compressed else None,
            pieces=split_at_slots(body, slots) if slots else (),
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            headers=tuple((k, v) for k, v in headers if k.lower() not in _PER_ANSWER),
            valid_for=valid_for,
            searched=searched,
            slots=tuple(slots.items()),
            uncompressed=None if kept_compressed or slots else body,
        )

    @cached_property
    def plain(self) -> bytes:
        """The page uncompressed, for a client that takes no gzip (wrk, curl, some robots):
        decompressed once, when the first one asks, not on every answer."""
        if self.uncompressed is not None:
            return self.uncompressed
        return zlib.decompress(self.compressed, _GZIP)

    @property
    def gzipped(self) -> bytes:
        return self.compressed if self.compressed is not None else _gzip(self.uncompressed, 1)

    @cached_property
    def _slot_names(self) -> dict[str, str]:
        return dict(self.slots)

    def answer(self, environ, tokens: FormTokens) -> Response:
        """The answer to a request for this page, conditional on If-None-Match."""
        accepts_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        if self.slots:
            return self._answer_with_new_tokens(accepts_gzip, tokens)
        # A page with the visitor's typed words is not kept by the browser (shared counter).
        no_store = bool(environ.get("QUERY_STRING"))
        etag = f'"{self.etag}"'
        if etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            headers = self._headers_for(no_store, False)
            return ReadyAnswer(b"", [(k, v) for k, v in headers if k.lower() != "content-type"], 304)
        body = self.gzipped if accepts_gzip else self.plain
        return _response(body, self._headers_for(no_store, accepts_gzip))

    def _headers_for(self, no_store: bool, gzipped: bool) -> tuple[tuple[str, str], ...]:
        """The headers of an answer of this page (but its length), made once for each kind."""
        headers = self._headers.get((no_store, gzipped))
        if headers is None:
            headers = self._headers[no_store, gzipped] = (
                *self.headers,
                ("Vary", "Accept-Encoding, Cookie"),
                ("Cache-Control", "no-store" if no_store else "no-cache"),
                ("ETag", f'"{self.etag}"'),
                *((("Content-Encoding", "gzip"),) if gzipped else ()),
            )
        return headers

    @cached_property
    def _headers(self) -> dict:
        return {}

    def _answer_with_new_tokens(self, accepts_gzip: bool, tokens: FormTokens) -> Response:
        # Every answer has its own form tokens: no ETag (a 304 would keep a used token), and
        # the browser keeps no copy.
        body = fill_split(self.pieces, self._slot_names, tokens)
        headers = (*self.headers, ("Vary", "Accept-Encoding, Cookie"), ("Cache-Control", "no-store"))
        if accepts_gzip:
            body = _gzip(body, 1)
            headers = (*headers, ("Content-Encoding", "gzip"))
        return _response(body, headers)

    @property
    def size(self) -> int:
        """The bytes it holds (a plain copy made later for a client without gzip not counted)."""
        return len(self.compressed or self.uncompressed or b"") + sum(map(len, self.pieces))


def _response(body: bytes, headers: tuple[tuple[str, str], ...]) -> Response:
    """A 200 answer with ``headers`` and the body's length. The headers are the page's own, as
    Werkzeug checked them when the page was rendered, and fixed ones: not checked again, here
    or when the answer is sent (ready_answer.py)."""
    return ReadyAnswer(body, headers)


def _gzip(body: bytes, level: int) -> bytes:
    """``body`` as a gzip stream, made by zlib in one call (gzip.compress writes the gzip
    header and trailer in Python: some 40 % of its time for a page of 10 KB)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, _GZIP)
    return compressor.compress(body) + compressor.flush()


class PageCache:
    def __init__(self, size: int = MAX_PAGES, max_bytes: int = MAX_BYTES):
        self.size = size
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # Keys of pages seldom asked for again (searches) that were asked for once, oldest first.
        self._asked_once: OrderedDict[str, None] = OrderedDict()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            valid_from, valid_until = page.valid_for
            if not valid_from <= time.time() < valid_until:
                self._drop(key)  # it showed "open now" for another minute
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += page.size
            while len(self._pages) > self.size or (self._bytes > self.max_bytes and len(self._pages) > 1):
                self._drop(next(iter(self._pages)))  # the page asked for least recently

    def asked_before(self, key: str) -> bool:
        """Whether a page seldom asked for again (a search) was asked for once already.

        Such a page is kept from its second asking on: most searches are asked once, and keeping
        each one would push out the pages people come back to (the topics, a popular search),
        and compress every one of them for nothing. Remembers a bounded number of keys."""
        with self._lock:
            if key in self._asked_once:
                del self._asked_once[key]
                return True
            self._asked_once[key] = None
            if len(self._asked_once) > ASKED_ONCE_REMEMBERED:
                self._asked_once.popitem(last=False)
            return False

    def _drop(self, key: str) -> None:
        self._bytes -= self._pages.pop(key).size

    def __len__(self) -> int:
        return len(self._pages)


def page_key(environ, state, endpoint: str | None) -> str | None:
    """The cache key of a request: None for one that is never cached."""
    path = environ.get("PATH_INFO", "")
    if environ.get("REQUEST_METHOD") != "GET" or path.startswith(_NOT_CACHED):
        return None
    parts = [
        path,
        environ.get("QUERY_STRING", ""),
        state.content.fingerprint,
        # Only the search views read the index: other pages do not wait for its link to be read.
        (state.searcher.revision or "") if (endpoint or "").startswith(_READS_INDEX) else "",
        environ.get("HTTP_COOKIE", ""),
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    ]
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def answer_from_cache(request, app, g) -> Response | None:
    """Before the view: the page if the cache holds it (the view then does not run)."""
    environ, extensions = request.environ, app.extensions
    # Computed once, with the content revision and index build of this moment: a page rendered
    # now is stored under the key it was looked up by.
    key = g.page_key = page_key(environ, extensions["kiosk"], request.endpoint)
    page = extensions["page_cache"].get(key) if key is not None else None
    if page is None:
        return None
    g.cached_page = True
    if page.searched is not None:
        g.searched = page.searched  # counted as the rendered page was
    return page.answer(environ, extensions["form_tokens"])


def keep_page(response: Response, request, app, g) -> Response:
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
    cache = app.extensions["page_cache"]
    # A search page is kept from its second asking on; every other page from its first.
    seldom_asked_again = "searched" in g
    kept = not seldom_asked_again or cache.asked_before(key)
    page = CachedPage.of(
        response.get_data(),
        response.headers.items(),
        # Pages that show the time of day ("open now") said for how long they are right.
        valid_for=g.get("page_valid_for", _ALWAYS),
        searched=g.get("searched"),
        slots=g.get("form_token_slots", {}),
        level=None if not kept else 1 if seldom_asked_again else 6,
    )
    if kept:
        cache.put(key, page)
    return page.answer(request.environ, app.extensions["form_tokens"])


def _with_new_tokens(response: Response) -> Response:
    """A page that is not cached: its form token slots filled all the same."""
    slots = g.get("form_token_slots")
    if slots and not response.direct_passthrough:
        response.set_data(fill_slots(response.get_data(), slots, current_app.extensions["form_tokens"]))
    return response
