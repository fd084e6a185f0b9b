"""Publishing in the browser (/staff/publish: the Publish and roll-back buttons, for editors and
admins), and the publications served to followers at /content.git/ (git's plain-HTTP protocol)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, render_template, send_from_directory
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from ..cli.publishing import publisher_of, record_publication
from ..content.history import Author, HistoryError
from ..publishing import NeedsConfirmation, NothingToRollBack, PublishRefused, SigningError
from ..staff_accounts import Role
from . import kiosk, staff

bp = Blueprint("publishing", __name__, url_prefix="/staff/publish")
# The staff pages' sign-in, language, headers and database handling apply here too.
bp.before_request(staff.require_staff)
bp.context_processor(staff.staff_context)
bp.after_request(staff.no_store)
bp.register_error_handler(staff.SQLAlchemyError, staff.database_down)


class PublishForm(FlaskForm):
    confirm = BooleanField(_l("Publish all the same"))


class RollbackForm(FlaskForm):
    """Only a CSRF token: going back is a POST of its own."""


def _page(status: int = 200, **outcome):
    publisher = publisher_of(kiosk())
    try:
        public_key = publisher.public_key() if publisher.latest() else ""
    except SigningError:
        public_key = ""
    history = publisher.publications(limit=10)
    return (
        render_template(
            "staff/publishing/publish.html",
            form=PublishForm(),
            rollback_form=RollbackForm(),
            publications=history,
            public_key=public_key,
            unpublished=publisher.history.is_repository() and _unpublished(publisher, history),
            **outcome,
        ),
        status,
    )


def _unpublished(publisher, history) -> bool:
    """Edits since the last publication (committed or not)."""
    if publisher.history.has_uncommitted():
        return True
    return not history or publisher.history.tree_of() != history[0].tree


def _author() -> Author:
    return Author(g.staff_user.username)


@bp.get("")
@staff.requires(Role.EDITOR)
def page():
    return _page()


@bp.post("")
@staff.requires(Role.EDITOR)
def publish():
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    # What visitors see now is what this process serves.
    return _published(lambda publisher: publisher.publish(_author(), kiosk().content, confirm=form.confirm.data))


@bp.post("/rollback")
@staff.requires(Role.EDITOR)
def rollback():
    if not RollbackForm().validate_on_submit():
        abort(400)
    return _published(lambda publisher: publisher.rollback(_author()))


def _published(make):
    """The page after a publication (or a rollback, which publishes the one before) or why not."""
    try:
        publication = make(publisher_of(kiosk()))
    except PublishRefused as refused:
        return _page(422, problems=refused.problems)
    except NeedsConfirmation as asked:
        return _page(409, risks=asked.risks)
    except NothingToRollBack as nothing:
        return _page(409, failure=str(nothing))
    except (SigningError, HistoryError) as error:
        return _page(500, failure=str(error))
    record_publication(publication, g.staff_user.username)
    return _page(published=publication)


# -- /content.git/: the publications, for followers -------------------------------------------------

repository = Blueprint("publications", __name__)
# Only what git's plain-HTTP client reads, and only reading: refs, packs, objects. The repository
# holds publications only (app/publishing/publications.py): no drafts, no staff names.
_SERVED = re.compile(
    r"^(HEAD|info/refs|objects/info/packs|objects/[0-9a-f]{2}/[0-9a-f]{38,62}"
    r"|objects/pack/pack-[0-9a-f]{40,64}\.(pack|idx))$"
)
_CHANGING = {"HEAD", "info/refs", "objects/info/packs"}


@repository.get("/content.git/<path:name>")
def served(name: str):
    folder = kiosk().config.publications_dir
    if not _SERVED.match(name) or not (folder / "HEAD").is_file():
        abort(404)
    response = send_from_directory(folder, name, mimetype="application/octet-stream", conditional=True)
    # The lists change with each publication; an object never changes once written.
    response.headers["Cache-Control"] = "no-cache" if name in _CHANGING else "public, max-age=31536000, immutable"
    return response
