"""The counters' heartbeat: each provisioned counter's page posts its id and versions every
minute; and the address that gives a counter's browser its key."""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from ..counter import counter_id_sent
from ..counter_keys import is_counter_key
from ..extensions import db
from . import kiosk
from .recording import recorder

api = Blueprint("counters", __name__, url_prefix="/api")
_VERSION = re.compile(r"^[\w.+:-]{0,80}$")
# The counter's key, kept by its browser for the heartbeat only (set by enrol()).
KEY_COOKIE = "kiosk_counter_key"
KEY_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600


def _is_key(counter: str, key: object) -> bool:
    """The key check (a short read); a database that cannot answer is a 503, not a refusal."""
    try:
        return is_counter_key(db.session, counter, key)
    except SQLAlchemyError:
        db.session.rollback()
        abort(503)
    finally:
        db.session.close()


@api.post("/heartbeat")
def heartbeat():
    if not request.is_json:
        # JSON only: a browser cannot send it from another site without this site's consent
        # (CORS preflight), which is what protects this POST instead of a form token.
        return {"error": "send the heartbeat as application/json"}, 415
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    counter = counter_id_sent(data.get("counter"))
    version, revision = str(data.get("software_version", "")), str(data.get("content_revision", ""))
    if counter is None or not _VERSION.match(version) or not _VERSION.match(revision):
        return {"error": "counter must be an id such as bapa-1; versions are short words"}, 400
    # The key: in the counter browser's cookie, or in the JSON of a script.
    if not _is_key(counter, data.get("key") or request.cookies.get(KEY_COOKIE)):
        return {"recorded": False, "error": "not a provisioned counter, or a wrong key (docs/counter-setup.md)"}, 403
    # Written by the recorder's thread with the next counts, never inside the request.
    recorder().note_heartbeat(counter, version, revision)
    # The content this server serves, so a counter can tell it is showing an older version.
    return {"recorded": True, "content_revision": kiosk().content.fingerprint[:12]}


@api.get("/counters/enrol")
def enrol():
    """A counter's first address (scripts/kiosk.sh): keeps its key for heartbeats, then starts it."""
    counter, key = counter_id_sent(request.args.get("counter")), request.args.get("key")
    if counter is None or not _is_key(counter, key):
        return (
            "Not a provisioned counter, or a wrong key: see docs/counter-setup.md.\n",
            403,
            {"Content-Type": "text/plain"},
        )
    # The same key marks the browser as this counter at its start address (app/views/counter.py).
    response = redirect(url_for("counter.start", counter_id=counter, key=key), 303)
    response.set_cookie(
        KEY_COOKIE,
        key,
        max_age=KEY_COOKIE_MAX_AGE,
        path=url_for("counters.heartbeat"),
        httponly=True,
        samesite="Strict",
        secure=request.is_secure,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
