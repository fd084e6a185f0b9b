"""Security headers on every response, and limits on what a request may be (steps of the request
pipeline, app/web/hooks.py)."""

from __future__ import annotations

import io

from flask import Response, abort

# No inline scripts or styles anywhere: every script and stylesheet is a file of this site.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",  # styles, fonts, audio and fetches: this site only
        "script-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
# A shared counter needs none of these; a page that asks for them is not ours.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "display-capture",
        "browsing-topics",
    )
)
# Stylesheets, scripts and fonts are never documents: framing and opener policies do nothing on
# them. SVG, JSON and HTML keep them: a browser may open those as a page.
SUBRESOURCE_TYPES = {"text/css", "text/javascript", "application/javascript", "font/woff2"}
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"  # only on answers over HTTPS
# gunicorn refuses request lines over 4094 bytes; the app says the same behind any server.
MAX_URL_LENGTH = 4000
# The largest body a request may carry: forms and heartbeats are a few hundred bytes, a visitor's
# note at most a few KiB. Werkzeug refuses a longer one with 413 before reading it (or, sent in
# chunks, as soon as it passes the limit), so a huge body never reaches memory. The same limit
# as client_max_body_size in deploy/nginx.conf.
MAX_BODY_BYTES = 64 * 1024

_EVERY_ANSWER = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    # Search words are in URLs: never send them to another site.
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)
# A browser may open these answers as a page: never in a frame, never sharing a window.
_EVERY_DOCUMENT = (*_EVERY_ANSWER, ("X-Frame-Options", "DENY"), ("Cross-Origin-Opener-Policy", "same-origin"))
# Each with its name in lower case, as a view's own headers are compared (once, not per answer).
_EVERY_ANSWER, _EVERY_DOCUMENT = (
    tuple((name, value, name.lower()) for name, value in headers) for headers in (_EVERY_ANSWER, _EVERY_DOCUMENT)
)


class ChunkedBodyLimit:
    """WSGI layer: a body sent in chunks (no Content-Length) is read up to one byte past the limit.

    Werkzeug reads such a body only up to MAX_CONTENT_LENGTH and parses what it got, so an
    over-long form would be cut short without a word. Here the body is kept (at most the limit
    plus one byte) with its real length, and Werkzeug answers 413 as for any announced length.
    """

    def __init__(self, wsgi_app, limit: int):
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ, start_response):
        if not environ.get("CONTENT_LENGTH") and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body, stream = b"", environ["wsgi.input"]
            while len(body) <= self.limit:
                data = stream.read(min(65536, self.limit + 1 - len(body)))
                if not data:
                    break
                body += data
            # Now a body of known length (Werkzeug ignores the length of a chunked one).
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.wsgi_app(environ, start_response)


def refuse_oversized_url(request, app, g) -> None:
    """Before the view: search words travel in the URL; nothing legitimate is this long."""
    if len(request.full_path) > MAX_URL_LENGTH:
        abort(400)


def refuse_unnamed_form_fields(request, app, g) -> None:
    """Before the CSRF check: a multipart part without a name reaches Flask-WTF as the key None
    and crashes its check; such a body is malformed."""
    if request.method == "POST" and request.mimetype == "multipart/form-data" and None in request.form:
        abort(400)


def add_security_headers(response: Response, request, app, g) -> Response:
    """After the view: the same headers on every answer, rendered, cached or an error page
    (a view's own value, such as the studio's policy, is kept)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers._list}  # the list itself: items() is a generator
    wanted = _EVERY_ANSWER if response.mimetype in SUBRESOURCE_TYPES else _EVERY_DOCUMENT
    if request.is_secure:
        wanted = (*wanted, _HSTS)
    # Appended as they are: constants checked once, below, instead of Werkzeug checking each
    # value for newlines on every answer (a tenth of the cost of a cached page).
    headers._list.extend([(name, value) for name, value, lower in wanted if lower not in present])
    return response


_HSTS = ("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY, "strict-transport-security")
assert not any("\n" in value or "\r" in value for _, value, _ in (*_EVERY_DOCUMENT, _HSTS))
