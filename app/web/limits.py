"""Apply the shared rate limits to searches and public forms: a polite 429 when over (a step of
the request pipeline, app/web/hooks.py; the limiter itself is made there, before gunicorn forks)."""

from __future__ import annotations

from flask import Flask, abort

from ..ratelimit import FEEDBACK, HEARTBEAT, QR_CODES, SEARCH, Limit, is_local

_LIMITED = {
    "search.page": SEARCH,
    "api.search_json": SEARCH,
    "feedback.article_feedback": FEEDBACK,
    "feedback.missing": FEEDBACK,
    "counters.heartbeat": HEARTBEAT,
    "counters.enrol": HEARTBEAT,
    "qr.qr_image": QR_CODES,
    # Audio is limited where it is made (takeaway.audio): listening again to a made file is free.
}
# Headers a proxy adds: a request that carries one came through a proxy, whatever its address.
_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def limit_for(endpoint: str | None, args) -> Limit | None:
    """The limit a request is under: searches with words, and public forms."""
    limit = _LIMITED.get(endpoint or "")
    if limit is not None and endpoint.startswith("search.") and not args.get("q"):
        return None
    return limit


def local_browser(app: Flask, environ) -> bool:
    """A browser on this machine itself: loopback, with no proxy configured or passed through.

    A proxy on the same host also connects from loopback; its visitors are not local browsers.
    """
    return (
        not app.extensions["kiosk"].config.trusted_proxies
        and is_local(environ.get("REMOTE_ADDR"))
        and not any(environ.get(header) for header in _FORWARDED)
    )


def allowed(app: Flask, limit: Limit, environ) -> bool:
    """Count one request under ``limit``; False once its client is over the limit."""
    # Only the counter's own browser, on a counter that runs its own server, is never limited.
    if app.config["KIOSK_COUNTER_ID"] and local_browser(app, environ):
        return True
    # The address (the visitor's, behind trusted proxies) is only hashed into a counter in memory.
    return app.extensions["rate_limiter"].allow(limit, environ.get("REMOTE_ADDR") or "")


def limit_rate(request, app, g) -> None:
    """Before the view (and before the page cache): a polite 429 once the client is over its limit."""
    endpoint = request.endpoint
    if endpoint not in _LIMITED:
        return  # most pages: their address is not even parsed for words
    limit = limit_for(endpoint, request.args)
    if limit is not None and not allowed(app, limit, request.environ):
        abort(429)
