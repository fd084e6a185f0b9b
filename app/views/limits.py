"""Apply the shared rate limits to searches and public forms: a polite 429 when over."""

from __future__ import annotations

from flask import Flask, abort, current_app, request

from ..ratelimit import FEEDBACK, HEARTBEAT, SEARCH, Limit, SharedRateLimiter

_LIMITED = {
    "search.page": SEARCH,
    "api.search_json": SEARCH,
    "feedback.article_feedback": FEEDBACK,
    "feedback.missing": FEEDBACK,
    "counters.heartbeat": HEARTBEAT,
    "counters.enrol": HEARTBEAT,
}


def limit_for(endpoint: str | None, args) -> Limit | None:
    """The limit a request is under: searches with words, and public forms."""
    limit = _LIMITED.get(endpoint or "")
    if limit is not None and endpoint.startswith("search.") and not args.get("q"):
        return None
    return limit


def register(app: Flask) -> None:
    # Made here, before gunicorn forks its workers, so that they all share it.
    app.extensions["rate_limiter"] = SharedRateLimiter()

    @app.before_request
    def limit_rate():
        limit = limit_for(request.endpoint, request.args)
        if limit is None:
            return None
        # The address is only hashed into a counter in memory, never kept.
        if not current_app.extensions["rate_limiter"].allow(limit, request.remote_addr or ""):
            abort(429)
        return None
