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
from pathlib import Path

from flask import current_app

_COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"}
YEAR = 365 * 24 * 3600
# Per file version (path, modification time), for the life of the process.
_versions: dict[tuple[Path, float], str] = {}
_compressed: dict[tuple[Path, float], bytes] = {}


def _version_of(path: Path) -> str | None:
    try:
        key = (path, path.stat().st_mtime)
    except OSError:
        return None
    if key not in _versions:
        _versions[key] = hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()
    return _versions[key]


def fingerprint(endpoint, values) -> None:
    """URL defaults: a static file's address carries its version (?v=)."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = _version_of(Path(current_app.static_folder) / values["filename"])
        if version:
            values["v"] = version


def cache_and_compress(response, request, app, g):
    """After the view: a static file's cache headers, and its compressed body when accepted."""
    if request.endpoint != "static" or response.status_code != 200:
        return response
    path = Path(app.static_folder) / (request.view_args or {}).get("filename", "")
    response.headers.pop("Content-Disposition", None)  # send_file's; a page's parts need none
    if request.args.get("v") and request.args["v"] == _version_of(path):
        response.cache_control.no_cache = None  # send_file's default: it would undo "immutable"
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        # Never revalidated: its address changes with its content.
        response.headers.pop("ETag", None)
        response.headers.pop("Last-Modified", None)
    if response.mimetype in _COMPRESSIBLE and "gzip" in request.headers.get("Accept-Encoding", ""):
        key = (path, os.stat(path).st_mtime)
        if key not in _compressed:
            _compressed[key] = gzip.compress(path.read_bytes(), 9)
        if hasattr(response.response, "close"):
            response.response.close()  # the file handle sent_file opened
        response.direct_passthrough = False
        response.set_data(_compressed[key])
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    return response
