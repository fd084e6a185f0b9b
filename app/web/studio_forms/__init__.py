"""The studio's forms for places, events, topics and pinned notices, under /staff.

Each save reads the file with DataDocument, changes what the form shows, checks the result with
the reader `content check` uses (nothing is written while a problem remains) and commits it with
ContentHistory as the staff member. Visitors see it after the next publication.

Roles: admins and editors do everything here; a translator edits the topic titles and notice
texts of their own languages (nothing else)."""

from __future__ import annotations

from flask import Flask, g

from ...staff_accounts import Role, has_role
from ..staff_common import staff_blueprint

bp = staff_blueprint("studio_forms", __name__)


@bp.context_processor
def forms_context():
    # Also on error pages: a refused form token is answered before require_staff runs.
    user = getattr(g, "staff_user", None)
    return {
        "staff_is_editor": user is not None and has_role(user, Role.EDITOR),
        "staff_lang_code": getattr(g, "staff_lang", None),
    }


from . import events, notices, places, topics  # noqa: E402, F401 - the routes of bp


def register(app: Flask) -> None:
    from ..pinned_notices import notice_text, pinned_notices

    app.register_blueprint(bp)
    app.add_template_global(pinned_notices)
    app.add_template_global(notice_text)
