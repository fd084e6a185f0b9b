"""The request pipeline: every step Flask runs around a view, declared here and only here.

Flask runs before_request functions in the order they were registered and after_request ones
in the reverse order, so hooks registered by several modules work only while those modules are
registered in the right order. Here there is one hook each way, and each runs its steps in the
order written below. No other module registers an app-wide hook; the steps live with what
they are about (security, limits, caching, recording…).

Before the view; the first step that answers (or aborts) ends it, and the view does not run:
  1. recognise_counter    who is asking (a counter's signed marker): first, so that even an
                          error page from a guard below is shown as on that counter
  2. refuse_oversized_url 400: the cheapest guard, and nothing below reads a 4 KB address
  3. refuse_unnamed_form_fields
                          400: such a malformed body would crash the CSRF check
  4. check_csrf           400 for a staff form without its token (public forms, counters and
                          heartbeats are exempt: they carry their own signed tokens)
  5. limit_rate           429: before the page cache, so that a search page from the cache
                          counts against the limit exactly as a rendered one
  6. answer_from_cache    the page as rendered earlier (with new form tokens): only once every
                          guard has let the request through
After the view, the cache or an error page, each step on the answer of the one before:
  1. cache_and_compress   a static file's cache headers and compression (static files only)
  2. keep_page            a rendered page is stored and answered as the cache answers it (ETag
                          and 304, gzip, Cache-Control, Vary, new form tokens), so both kinds of
                          answer are alike from here on; before the security headers, so the
                          cache keeps none of them
  3. add_security_headers on every answer, cached, rendered or an error (HSTS over HTTPS)
  4. count                last: counts what the visitor got, once (a 200 page, never a 304,
                          a 429 or an error), whether it came from the cache or a view

Outside this pipeline, on purpose: the WSGI layers (ProxyFix in create_app, ChunkedBodyLimit
below), which must reshape the request before Flask reads it; the staff blueprints' own hooks
(sign-in required, no-store), which Flask runs after the app-wide ones and only under /staff;
Flask-WTF's own hook, switched off (WTF_CSRF_CHECK_DEFAULT) so that check_csrf runs in its place.
How long a cached page stays right is said by the code that reads the clock while the page is
rendered (caching.keep_page_for): only it knows the page shows the time.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

from ..ratelimit import SharedRateLimiter
from . import caching, context, counter, errors, feedback, limits, recording, security, static_files


def check_csrf(request, app, g) -> None:
    """Flask-WTF's check, run here (WTF_CSRF_CHECK_DEFAULT is off) so that its place is known."""
    if request.method in app.config["WTF_CSRF_METHODS"] and app.config["WTF_CSRF_ENABLED"]:
        app.extensions["csrf"].protect(apply_exemptions=True)


BEFORE_VIEW = (
    counter.recognise_counter,
    security.refuse_oversized_url,
    security.refuse_unnamed_form_fields,
    check_csrf,
    limits.limit_rate,
    caching.answer_from_cache,
)
AFTER_VIEW = (
    static_files.cache_and_compress,
    caching.keep_page,
    security.add_security_headers,
    recording.count,
)


def _exchange() -> tuple:
    """The request, the app and g, each looked up once and handed to every step: through Flask's
    context proxies each of a step's lookups cost as much as the step's own work on a cached page."""
    return request._get_current_object(), current_app._get_current_object(), g._get_current_object()


def _before_view():
    exchange = _exchange()
    for step in BEFORE_VIEW:
        answer = step(*exchange)
        if answer is not None:
            return answer
    return None


def _after_view(response):
    exchange = _exchange()
    for step in AFTER_VIEW:
        response = step(response, *exchange)
    return response


def register(app: Flask) -> None:
    """Install the pipeline, the objects its steps share, the template context and error pages."""
    # Made here, before gunicorn forks its workers, so that they all share the limits.
    app.extensions["rate_limiter"] = SharedRateLimiter()
    app.extensions["page_cache"] = caching.PageCache()
    app.config.update(
        MAX_CONTENT_LENGTH=security.MAX_BODY_BYTES,
        MAX_FORM_MEMORY_SIZE=security.MAX_BODY_BYTES,
        WTF_CSRF_CHECK_DEFAULT=False,  # check_csrf runs it, in its place
    )
    # A WSGI layer, because it must reshape the request body before Werkzeug reads it.
    app.wsgi_app = security.ChunkedBodyLimit(app.wsgi_app, security.MAX_BODY_BYTES)

    app.before_request(_before_view)
    app.after_request(_after_view)

    app.url_defaults(static_files.fingerprint)
    app.context_processor(context.kiosk_context)
    app.context_processor(counter.counter_context)
    app.context_processor(feedback.public_form_token)
    app.register_error_handler(HTTPException, errors.http_error)
