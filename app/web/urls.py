"""Addresses in templates: Flask's url_for, remembered.

A page builds a dozen or more addresses (header, language links, every result card), and building
one walks werkzeug's routing rules: about a tenth of an uncached search page's time. The address
of an endpoint with given values is the same for every request of one language under one mount
point, so it is kept. A static file's address carries its fingerprint (?v=), which follows the
file: it is kept per version of the file (static_files.version_of, which looks at the file at most
once a second). Not kept: external addresses and anything with an anchor or method.
"""

from __future__ import annotations

from flask import Flask, g, has_request_context, request

from . import static_files

# Addresses kept per app: enough for every page's links in every language many times over; the
# values of a search (the words typed) make new ones, so the store is emptied when full.
REMEMBERED_URLS = 20_000


def install(app: Flask) -> None:
    """Templates' url_for becomes the remembering one (views keep Flask's)."""
    remembered: dict[tuple, str] = {}
    build = app.url_for

    def url_for(endpoint: str, **values) -> str:
        if not has_request_context() or any(name.startswith("_") for name in values):
            return build(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        version = (
            static_files.version_of(static_files.path_of(app.static_folder, values.get("filename")))
            if endpoint == "static"
            else None
        )
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
