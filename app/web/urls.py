"""Addresses in templates: Flask's url_for, remembered.

A page builds a dozen or more addresses (header, language links, every result card), and building
one walks werkzeug's routing rules: about a tenth of an uncached search page's time. The address
of an endpoint with given values is the same for every request of one language under one mount
point, so it is kept. A static file's address carries its fingerprint (?v=), which follows the
file: it is kept per modification time of the file, as the fingerprint itself is. That time is
looked at again at most once a second per file, not for every link of every page (a system call
each, some 5 µs in this VM). Not kept: external addresses and anything with an anchor or method.
"""

from __future__ import annotations

import os
import time

from flask import Flask, g, has_request_context, request

# Addresses kept per app: enough for every page's links in every language many times over; the
# values of a search (the words typed) make new ones, so the store is emptied when full.
REMEMBERED_URLS = 20_000
# A changed static file (a deploy, an edit while developing) gets its new address within this.
STATIC_CHECK_SECONDS = 1.0


def install(app: Flask) -> None:
    """Templates' url_for becomes the remembering one (views keep Flask's)."""
    remembered: dict[tuple, str] = {}
    modified = _ModificationTimes()
    build = app.url_for

    def url_for(endpoint: str, **values) -> str:
        if not has_request_context() or any(name.startswith("_") for name in values):
            return build(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        # A static file's modification time: its fingerprint changes with it (static_files.py).
        version = modified(app.static_folder, values.get("filename")) if endpoint == "static" else None
        try:
            key = (endpoint, blueprint, getattr(g, "lang", None), request.script_root, version, *sorted(values.items()))
            address = remembered.get(key)
        except TypeError:  # a value that cannot be a key (a list): built each time
            return build(endpoint, **values)
        if address is None:
            if len(remembered) >= REMEMBERED_URLS:
                remembered.clear()
            address = remembered[key] = build(endpoint, **values)
        return address

    app.jinja_env.globals["url_for"] = url_for


class _ModificationTimes:
    """A file's modification time, looked at again only once STATIC_CHECK_SECONDS have passed."""

    def __init__(self):
        self._seen: dict[str, tuple[float, float | None]] = {}  # path → (looked at, time)

    def __call__(self, folder: str | None, filename) -> float | None:
        path = os.path.join(folder or "", str(filename))
        now = time.monotonic()
        seen = self._seen.get(path)
        if seen is not None and now - seen[0] < STATIC_CHECK_SECONDS:
            return seen[1]
        try:
            mtime = os.stat(path).st_mtime
        except (OSError, ValueError):
            mtime = None
        if len(self._seen) >= REMEMBERED_URLS:
            self._seen.clear()
        self._seen[path] = (now, mtime)
        return mtime
