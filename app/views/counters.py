"""The counters' heartbeat: each counter's page posts its id and versions every minute."""

from __future__ import annotations

import re

from flask import Blueprint, request
from sqlalchemy.exc import SQLAlchemyError

from ..anonymise import counter_id
from ..extensions import db
from ..records import record_heartbeat
from . import kiosk

api = Blueprint("counters", __name__, url_prefix="/api")
_VERSION = re.compile(r"^[\w.+:-]{0,80}$")


@api.post("/heartbeat")
def heartbeat():
    if not request.is_json:
        # JSON only: a browser cannot send it from another site without this site's consent
        # (CORS preflight), which is what protects this POST instead of a form token.
        return {"error": "send the heartbeat as application/json"}, 415
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    counter = counter_id(data.get("counter"))
    version, revision = str(data.get("software_version", "")), str(data.get("content_revision", ""))
    if counter is None or not _VERSION.match(version) or not _VERSION.match(revision):
        return {"error": "counter must be an id such as bapa-1; versions are short words"}, 400
    try:
        record_heartbeat(db.session, counter, version, revision)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        return {"recorded": False, "error": "the database cannot be reached"}, 503
    # The content this server serves, so a counter can tell it is showing an older version.
    return {"recorded": True, "content_revision": kiosk().content.fingerprint[:12]}
