"""Public forms: "was this helpful?" on articles, and "what were you looking for?" after a
search that found nothing. They set no cookie: a signed token bound to the form's address
stands in for the usual CSRF token (app/public_forms.py)."""

from __future__ import annotations

import time

from flask import abort, current_app, g, redirect, request, url_for

from ..public_forms import FormTokens, slot
from . import kiosk, language_blueprint
from .caching import keep_page_for
from .recording import recorder

bp = language_blueprint("feedback", __name__)
# Tokens that are not for storing an answer: the counter's reset, asked from every page.
MULTI_USE = {"/kiosk/reset"}


def tokens() -> FormTokens:
    return current_app.extensions["form_tokens"]


def _token_nonce() -> str:
    """The nonce of the form's token: its answer is stored once, however often it is sent."""
    return tokens().nonce(request.form.get("token"), request.path) or abort(400)


@bp.post("/<topic_id>/<slug>/feedback")
def article_feedback(topic_id: str, slug: str):
    kiosk().content.article(topic_id, slug) or abort(404)
    nonce = _token_nonce()
    helpful = request.form.get("helpful")
    if helpful not in ("yes", "no"):
        abort(400)
    comment = request.form.get("comment", "")
    # Thanked only once stored (in the database, or on disk until it can take it).
    recorder().add_feedback(g.lang, topic_id, slug, helpful == "yes", comment, once=nonce) or abort(503)
    return redirect(url_for("pages.article", topic_id=topic_id, slug=slug, feedback="sent", _anchor="feedback"), 303)


@bp.post("/search/missing")
def missing():
    nonce = _token_nonce()
    query = request.form.get("q", "")[:200]
    recorder().add_missing_report(g.lang, query, request.form.get("message", ""), once=nonce) or abort(503)
    return redirect(url_for("search.page", q=query, reported=1, _anchor="missing"), 303)


def form_token(target: str) -> str:
    """In a template: the token of a form posting to ``target``."""
    if target not in MULTI_USE:
        # A slot, filled with a new token in every answer, cached or not (see caching.py).
        return slot(g.setdefault("form_token_slots", {}), target)
    # The token ages: a cached page that carries one is renewed well before it expires.
    now = time.time()
    keep_page_for(now - 60, now + 3600)
    return tokens().token_for(target)


def public_form_token() -> dict:
    """Template context (app/web/hooks.py): ``form_token``."""
    return {"form_token": form_token}
