"""Touchscreen counters: the start address that marks a browser as a counter, the attract
screen, and the reset that forgets a visitor."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from sqlalchemy.exc import SQLAlchemyError

from ..counter import (
    COUNTER_COOKIE,
    COUNTER_COOKIE_MAX_AGE,
    counter_from_marker,
    counter_marker,
    is_provisioning_key,
    valid_counter_id,
)
from ..keyboards import keyboard_for
from . import kiosk
from .context import visitor_language
from .limits import local_browser

bp = Blueprint("counter", __name__, url_prefix="/kiosk")


def recognise_counter(request, app, g) -> None:
    """Before the view (app/web/hooks.py): the counter this browser was marked as, if any."""
    # Most requests carry no cookie at all: not parsed then.
    marker = request.cookies.get(COUNTER_COOKIE) if COUNTER_COOKIE in request.environ.get("HTTP_COOKIE", "") else None
    g.counter_id = counter_from_marker(app.config["SECRET_KEY"], marker)


def counter_context() -> dict:
    """Template context (app/web/hooks.py): whether the page is shown on a counter, and its settings."""
    state = kiosk()
    language = visitor_language()
    return {
        # Templates (and other screens, such as places and events) switch counter-only parts on this.
        "on_counter": bool(getattr(g, "counter_id", None)),
        "counter_id": getattr(g, "counter_id", None),
        "idle_seconds": state.config.idle_seconds,
        "warning_seconds": state.config.warning_seconds,
        "keyboard": keyboard_for(language.code, language.script) if language else None,
    }


def _leave():
    """The site's start page, as an ordinary browser: no counter marker."""
    g.counter_id = None
    response = redirect(url_for("language.choose"), 303)
    response.delete_cookie(COUNTER_COOKIE)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/leave")
def leave():
    """The way out for a browser marked as a counter that is not one (a staff member's own PC)."""
    return _leave()


@bp.get("/<counter_id>")
def start(counter_id: str):
    """The counter's start address: marks this browser as a counter and shows the attract screen.

    Only a provisioned counter is marked (see app/counter.py); a link from another site leaves a
    home browser as it was, on the site's start page.
    """
    counter_id = valid_counter_id(counter_id) or abort(404)
    if kiosk().config.public_url_is_loopback:
        # Every QR code would point at this machine: no counter until the public address is set.
        return render_template("counter_refused.html", address=kiosk().config.public_base_url), 503
    provisioned = (
        g.counter_id == counter_id  # marked already: the counter coming back after a reset
        or local_browser(current_app, request.environ)
        or is_provisioning_key(request.args.get("key"), kiosk().config.counter_key)
        or _is_own_key(counter_id, request.args.get("key"))
    )
    if not provisioned:
        return _leave()
    g.counter_id = counter_id
    invitations = []
    for language in kiosk().offered_languages():
        with force_locale(language.babel_locale):
            # Translators: on the screen of an unused counter, inviting the next visitor.
            invitations.append((language, gettext("Touch to start")))
    response = make_response(render_template("attract.html", invitations=invitations))
    response.set_cookie(
        COUNTER_COOKIE,
        counter_marker(current_app.config["SECRET_KEY"], counter_id),
        max_age=COUNTER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/reset")
def reset():
    """Asked by the counter when it forgets a visitor: the browser drops storage and cached pages.

    Not "cookies": that would also drop the counter marker; the page deletes visitor cookies itself.
    Like every POST it needs a token: the page carries a signed one (no session cookie needed).
    """
    if not current_app.extensions["form_tokens"].check(request.headers.get("X-Reset-Token"), "/kiosk/reset"):
        abort(400)
    response = make_response("", 204)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _is_own_key(counter_id: str, key: str | None) -> bool:
    """The counter's own key (flask counters add), as its enrol address passes it on."""
    if not key:
        return False
    from ..counter_keys import is_counter_key
    from .extensions import db

    try:
        return is_counter_key(db.session, counter_id, key)
    except SQLAlchemyError:
        db.session.rollback()
        return False  # a database that cannot answer marks nobody; the counter tries again
    finally:
        db.session.close()
