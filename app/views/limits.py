"""Apply the shared rate limits to searches and public forms: a polite 429 when over."""

from __future__ import annotations

from flask import Flask, abort, current_app, request

from ..ratelimit import FEEDBACK, SEARCH, SharedRateLimiter

_LIMITED = {
    "search.page": SEARCH,
    "api.search_json": SEARCH,
    "feedback.article_feedback": FEEDBACK,
    "feedback.missing": FEEDBACK,
}


def register(app: Flask) -> None:
    # Made here, before gunicorn forks its workers, so that they all share it.
    app.extensions["rate_limiter"] = SharedRateLimiter()

    @app.before_request
    def limit_rate():
        limit = _LIMITED.get(request.endpoint or "")
        if limit is None:
            return None
        if request.endpoint.startswith("search.") and not request.args.get("q"):
            return None
        # The address is only hashed into a counter in memory, never kept.
        if not current_app.extensions["rate_limiter"].allow(limit, request.remote_addr or ""):
            abort(429)
        return None
