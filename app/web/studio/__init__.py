"""The staff studio's article pages under /staff: the list of articles, the editor with its live
preview, new article, rename or move, archive, history and restore. Thin: the work is in
app/studio (no Flask). Every form carries a CSRF token; every route checks the role.

Who edits what: admins and editors every file; a translator the translations in their own
languages, never an original (its words are what every translation follows)."""

from __future__ import annotations

from flask import abort, g
from flask_babel import lazy_gettext as _l

from ...staff_accounts import Role, has_role, may_translate
from ...studio import ArticleAddress, StudioError, is_translation
from .. import kiosk
from ..staff_common import staff_blueprint

bp = staff_blueprint("studio", __name__)

# StudioError.reason -> what the staff pages say, in the signed-in person's language.
STUDIO_ERRORS = {
    "slug": _l("“%(value)s” is not a valid name: use lower-case letters, digits and hyphens (such as rental-deposit)."),
    "unknown_topic": _l("There is no topic “%(topic)s”."),
    "taken": _l("There is already an article at %(address)s."),
    "same": _l("The new address is the same as the old one."),
    "missing": _l("There is no article at %(address)s."),
    "unreadable": _l(
        "This file cannot be opened in the editor (line %(line)d). Restore an earlier version from its history."
    ),
}
DONE = {
    "saved": _l("Saved. Visitors see the change after the next publication."),
    "restored": _l("The earlier version was restored. Visitors see it after the next publication."),
    "moved": _l("The article was moved. Its old address now leads to the new one."),
    "archived": _l("The article was archived. It stays in the history."),
}


def said(error: StudioError) -> str:
    message = STUDIO_ERRORS.get(error.reason)
    return str(message) % error.details if message else str(error)


def address_or_404(topic: str, slug: str) -> ArticleAddress:
    try:
        return ArticleAddress.checked(topic, slug)
    except StudioError:
        abort(404)


def may_edit(address: ArticleAddress, lang: str) -> bool:
    if has_role(g.staff_user, Role.EDITOR):
        return True
    return may_translate(g.staff_user, lang) and is_translation(kiosk().content_on_disk(), address, lang)


def editable_file(topic: str, slug: str, lang: str):
    """(address, language) of a file this person may edit; 404 or 403 otherwise."""
    address, language = address_or_404(topic, slug), kiosk().languages.get(lang) or abort(404)
    if not may_edit(address, lang):
        abort(403)
    return address, language


from . import articles, editor, history  # noqa: E402, F401 - the routes of bp
