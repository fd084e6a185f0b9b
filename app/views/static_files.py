"""Static files: fingerprinted addresses cached for a year, text files sent compressed.

Every url_for("static", …) gets ?v=<hash of the file>, so a changed file has a new address
and browsers may keep the old one forever (immutable). CSS, JS and SVG are gzip-compressed once
per file version and kept in memory (fonts are woff2, compressed already).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

from flask import Flask, request

_COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"}
YEAR = 365 * 24 * 3600


def register(app: Flask) -> None:
    static = Path(app.static_folder)
    versions: dict[tuple[str, float], str] = {}
    compressed: dict[tuple[str, float], bytes] = {}

    def version_of(filename: str) -> str | None:
        path = static / filename
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        key = (filename, mtime)
        if key not in versions:
            versions[key] = hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()
        return versions[key]

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = version_of(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_and_compress(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        response.headers.pop("Content-Disposition", None)  # send_file's; a page's parts need none
        if request.args.get("v") and request.args["v"] == version_of(filename):
            response.cache_control.no_cache = None  # send_file's default: it would undo "immutable"
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            # Never revalidated: its address changes with its content.
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        if response.mimetype in _COMPRESSIBLE and "gzip" in request.headers.get("Accept-Encoding", ""):
            path = static / filename
            key = (filename, os.stat(path).st_mtime)
            if key not in compressed:
                compressed[key] = gzip.compress(path.read_bytes(), 9)
            if hasattr(response.response, "close"):
                response.response.close()  # the file handle sent_file opened
            response.direct_passthrough = False
            response.set_data(compressed[key])
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
        return response
