"""What the staff blueprints that change content share (the article studio, the forms for places,
events, topics and notices, the translation workspace): their blueprint set-up, who the signed-in
person is and may do, the content history they save through, and the form that carries only a
CSRF token."""

from __future__ import annotations

import logging
import posixpath
from datetime import date, datetime

from babel.dates import format_date, format_time
from flask import Blueprint, abort, current_app, g, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError

from ..content.history import Author, Change, ContentHistory, EditConflict
from ..places import BRUSSELS
from ..staff_accounts import Role, has_role, languages_of
from ..studio import audit
from . import kiosk, staff
from .extensions import db

log = logging.getLogger(__name__)


class CsrfForm(FlaskForm):
    """Only the CSRF token: the other fields are written out in the templates (each text field
    with the direction and language of its text) and read from the request."""


def staff_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /staff: signed-in staff only, never cached, a 503 page when the database
    is down."""
    bp = Blueprint(name, import_name, url_prefix="/staff")
    bp.before_request(staff.require_staff)
    bp.after_request(staff.no_store)
    bp.context_processor(staff.staff_context)
    bp.register_error_handler(SQLAlchemyError, staff.database_down)
    return bp


def is_editor() -> bool:
    return has_role(g.staff_user, Role.EDITOR)


def require_editor() -> None:
    if not is_editor():
        abort(403)


def own_languages() -> set[str] | None:
    """The languages whose texts this person may change: None for all (editors and admins)."""
    if is_editor():
        return None
    if has_role(g.staff_user, Role.TRANSLATOR):
        return set(languages_of(g.staff_user))
    abort(403)


def author() -> Author:
    """The signed-in person, as the author of the commits they make."""
    return Author(g.staff_user.username)


class AuditedHistory(ContentHistory):
    """The content history as staff pages use it: every commit they make is also noted in the
    audit table (who, which action, which file or folder, the commit), whichever page made it."""

    _setting_up = False

    def ensure_repository(self) -> None:
        # The first commit (the folder as it was) is the studio setting itself up, not a person.
        self._setting_up = True
        try:
            super().ensure_repository()
        finally:
            self._setting_up = False

    def _commit(self, author: Author, message: str, paths: list[str] | None = None) -> Change:
        change = super()._commit(author, message, paths)
        if not self._setting_up:
            note_in_audit(change)
        return change


def note_in_audit(change: Change) -> None:
    """One audit entry for a commit: the action the page named (g.audit_action), else its view's name."""
    action = g.get("audit_action") or (request.endpoint or "commit").rsplit(".", 1)[-1]
    where = change.paths[0] if len(change.paths) == 1 else posixpath.commonpath(change.paths) if change.paths else ""
    try:
        audit.record(db.session, change.username or change.author, action, where or "(content)", change.revision)
        db.session.commit()
    except SQLAlchemyError as error:  # saved in git all the same: the history page still shows it
        db.session.rollback()
        log.warning("audit entry for %s not written (%s)", change.short, type(error).__name__)


def content_history() -> ContentHistory:
    """The content folder's history, made a git repository the first time a staff page needs it."""
    history = AuditedHistory(kiosk().config.content_dir)
    if not current_app.extensions.get("studio_repository"):
        history.ensure_repository()
        current_app.extensions["studio_repository"] = True
    return history


def staff_locale() -> str:
    """The Babel locale of the staff pages as the signed-in person reads them."""
    return kiosk().languages[g.staff_lang].babel_locale


def brussels_today() -> date:
    return datetime.now(BRUSSELS).date()


def conflict_words(conflict: EditConflict) -> str:
    """Who changed the file since it was opened, and when, in the staff's language."""
    change = conflict.change
    if change is None:
        return _("This file was changed outside the studio after you opened it. Open it again to see the change.")
    when = format_time(change.when.astimezone(BRUSSELS), "short", locale=staff_locale())
    day = format_date(change.when.astimezone(BRUSSELS), "long", locale=staff_locale())
    return _(
        "This file was changed by %(name)s on %(day)s at %(time)s after you opened it. "
        "Open it again to see their change; nothing was saved.",
        name=change.author,
        day=day,
        time=when,
    )
