"""The counters' heartbeat: each provisioned counter's page posts its id and versions every
minute; and the address that gives a counter's browser its key."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Blueprint, abort, redirect, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from ..counter import counter_id_sent
from ..counter_keys import is_counter_key
from ..models import QUERY_LENGTH
from ..records import replace_counter_totals
from . import kiosk
from .extensions import db
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
    status = _sync_status(data)
    if status is False:
        return {"error": "publication is a number, published_at an ISO time, sync_problem a text"}, 400
    answer = {"recorded": True, "content_revision": kiosk().content.fingerprint[:12]}
    if "counts" in data:
        # A counter's own daily totals: stored before the answer, so "stored" is true; a total
        # replaces the one sent before (records.replace_counter_totals): sending twice counts once.
        totals = _counter_totals(data["counts"])
        if totals is None:
            return {"error": "counts are [kind, day, …] rows (app/publishing/reporting.py)"}, 400
        try:
            answer["counts_stored"] = replace_counter_totals(db.session, counter, *totals)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            return {"recorded": False, "error": "the database cannot take the counts now; send them again"}, 503
        finally:
            db.session.close()
    # Written by the recorder's thread with the next counts, never inside the request.
    recorder().note_heartbeat(counter, version, revision, status)
    # The content this server serves, so a counter can tell it is showing an older version.
    return answer


def _sync_status(data: dict) -> dict | None | bool:
    """What a follower's sync reported; None for a heartbeat without it (a counter's browser,
    an older follower); False when it is malformed."""
    if not any(name in data for name in ("publication", "published_at", "sync_problem")):
        return None
    publication, published_at, problem = data.get("publication"), data.get("published_at"), data.get("sync_problem")
    if publication is not None and (not isinstance(publication, int) or isinstance(publication, bool)):
        return False
    if problem is not None and not isinstance(problem, str):
        return False
    try:
        when = datetime.fromisoformat(published_at) if published_at else None
    except (TypeError, ValueError):
        return False
    if when is not None:
        when = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
    return {"publication": publication, "published_at": when, "sync_problem": problem or ""}


_TOTAL_SHAPES = {"view": (str, str, str, str, int), "search": (str, str, str, int, int)}
MAX_TOTALS = 1000


def _counter_totals(rows: object) -> tuple[list, list] | None:
    """Views (day, lang, topic, article, count) and searches (day, lang, query, count, nothing
    found) from a follower's heartbeat; None when anything is not in that shape."""
    if not isinstance(rows, list) or len(rows) > MAX_TOTALS:
        return None
    views, searches = [], []
    for row in rows:
        if not isinstance(row, list) or not row or row[0] not in _TOTAL_SHAPES:
            return None
        shape, values = _TOTAL_SHAPES[row[0]], row[1:]
        if len(values) != len(shape) or not all(
            isinstance(v, t) and not isinstance(v, bool) for v, t in zip(values, shape, strict=True)
        ):
            return None
        try:
            day = date.fromisoformat(values[0])
        except ValueError:
            return None
        if (
            len(values[1]) > 16
            or any(isinstance(v, int) and v < 0 for v in values)
            or any(isinstance(v, str) and len(v) > QUERY_LENGTH for v in values)
        ):
            return None
        (views if row[0] == "view" else searches).append((day, *values[1:]))
    return views, searches


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
    # The same key marks the browser as this counter at its start address (app/web/counter.py).
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


def content_served() -> dict:
    """The Counters page's "content served" table, with times in words in the staff member's language."""
    from flask_babel import format_datetime, format_timedelta

    from ..records import utcnow
    from ..reports import content_served as served

    newest, rows = served(db.session)
    now = utcnow()
    shown = [
        {
            "name": row.name,
            "publication": row.publication,
            "published_at": format_datetime(row.published_at, "short") if row.published_at else "",
            "behind": format_timedelta(now - row.behind_since) if row.behind_since else "",
            "last_seen": format_timedelta(row.last_seen - now, add_direction=True) if row.last_seen else "",
            "software_version": row.software_version,
            "problem": row.problem,
        }
        for row in rows
    ]
    return {"newest_publication": newest, "served": shown}
