"""Security headers on every response, and limits on what a request may be."""

from __future__ import annotations

from flask import Flask, abort, request

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


def register(app: Flask) -> None:
    @app.before_request
    def refuse_oversized_urls():
        # Search words travel in the URL; nothing legitimate is this long.
        if len(request.full_path) > MAX_URL_LENGTH:
            abort(400)

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # Search words are in URLs: never send them to another site.
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.mimetype not in SUBRESOURCE_TYPES:
            headers.setdefault("X-Frame-Options", "DENY")
            headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response
