"""Static files: fingerprinted addresses cached for a year, text files sent compressed.

Every url_for("static", …) gets ?v=<hash of the file>, so a changed file has a new address
and browsers may keep the old one forever (immutable). CSS, JS and SVG are gzip-compressed once
per file version and kept in memory (fonts are woff2, compressed already). Both functions are
called by the request pipeline (app/web/hooks.py).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

from flask import current_app

_COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"}
YEAR = 365 * 24 * 3600
# A changed static file (a deploy, an edit while developing) gets its new version within this. A
# page links a handful of files; looking at each for every link was a system call each (some 5 µs
# in this VM), 5 per page.
CHECK_SECONDS = 1.0
# Files whose time is remembered: the static folder holds a few hundred.
REMEMBERED_FILES = 5_000
_looked_at: dict[str, tuple[float, float | None]] = {}  # path → (when looked at, modification time)
# Per file version (path, modification time), for the life of the process.
_versions: dict[tuple[str, float], str] = {}
_compressed: dict[tuple[str, float], bytes] = {}


def modification_time(path: str) -> float | None:
    """The file's modification time (None if there is no such file), looked at again only once
    CHECK_SECONDS have passed."""
    now = time.monotonic()
    seen = _looked_at.get(path)
    if seen is not None and now - seen[0] < CHECK_SECONDS:
        return seen[1]
    try:
        mtime = os.stat(path).st_mtime
    except (OSError, ValueError):
        mtime = None
    if len(_looked_at) >= REMEMBERED_FILES:
        _looked_at.clear()
    _looked_at[path] = (now, mtime)
    return mtime


def version_of(path: str) -> str | None:
    """A hash of the file's content, made once per file version; None if there is no such file."""
    mtime = modification_time(path)
    if mtime is None:
        return None
    key = (path, mtime)
    if key not in _versions:
        try:
            _versions[key] = hashlib.blake2b(Path(path).read_bytes(), digest_size=6).hexdigest()
        except OSError:
            return None
    return _versions[key]


def path_of(static_folder: str | None, filename) -> str:
    return os.path.join(static_folder or "", str(filename))


def fingerprint(endpoint, values) -> None:
    """URL defaults: a static file's address carries its version (?v=)."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = version_of(path_of(current_app.static_folder, values["filename"]))
        if version:
            values["v"] = version


def cache_and_compress(response, request, app, g):
    """After the view: a static file's cache headers, and its compressed body when accepted."""
    if request.endpoint != "static" or response.status_code != 200:
        return response
    path = path_of(app.static_folder, (request.view_args or {}).get("filename", ""))
    response.headers.pop("Content-Disposition", None)  # send_file's; a page's parts need none
    if request.args.get("v") and request.args["v"] == version_of(path):
        response.cache_control.no_cache = None  # send_file's default: it would undo "immutable"
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        # Never revalidated: its address changes with its content.
        response.headers.pop("ETag", None)
        response.headers.pop("Last-Modified", None)
    if response.mimetype in _COMPRESSIBLE and "gzip" in request.headers.get("Accept-Encoding", ""):
        key = (path, modification_time(path))
        if key not in _compressed:
            _compressed[key] = gzip.compress(Path(path).read_bytes(), 9)
        if hasattr(response.response, "close"):
            response.response.close()  # the file handle sent_file opened
        response.direct_passthrough = False
        response.set_data(_compressed[key])
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    return response
