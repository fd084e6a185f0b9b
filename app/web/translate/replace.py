"""Replacing a fact (an address, a phone number) in every file at once: a preview of each place
it is, then the chosen ones replaced in one commit. Editors and admins only."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ...content.history import EditConflict
from ...records import replace_source_text
from ...staff_accounts import Role
from ...translation import ReplaceError, apply_replacement, preview_replacement
from .. import kiosk
from ..extensions import db
from ..staff import requires
from ..staff_common import CsrfForm, author, brussels_today, content_history
from . import bp


def _follow_edited_originals(content, paths) -> None:
    """A fact is not a new revision: the recorded text of the originals' revisions follows the edit."""
    try:
        for found in content.articles.values():
            if found.original is not None and found.original.path.relative_to(content.root).as_posix() in paths:
                replace_source_text(db.session, found)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # the files are saved; the report then lists them as edited originals


@bp.route("/replace", methods=["GET", "POST"])
@requires(Role.EDITOR)
def replace():
    form, content = CsrfForm(), kiosk().content_on_disk()
    old, new = request.form.get("old", ""), request.form.get("new", "")
    scope = request.form.get("scope", "") or None
    page = {"form": form, "articles": sorted(content.articles), "old": old, "new": new, "scope": scope or ""}
    shown = "staff/translate/replace.html"
    if request.method == "GET":
        return render_template(shown, **page)
    if not form.validate_on_submit() or (scope is not None and scope not in content.articles):
        abort(400)
    try:
        preview = preview_replacement(content.root, old, new, scope)
    except ReplaceError as error:
        return render_template(shown, error=str(error), **page), 400
    if request.form.get("action") != "apply":
        return render_template(shown, preview=preview, **page)
    return _apply(content, preview, page)


def _apply(content, preview, page):
    """Replace the occurrences chosen in the preview, in one commit."""
    chosen, shown = set(request.form.getlist("change")), "staff/translate/replace.html"
    expected = dict(item.split("|", 1) for item in request.form.getlist("token") if "|" in item)
    texts = apply_replacement(content.root, preview, chosen, brussels_today())
    if not texts:
        return render_template(shown, preview=preview, error=_("No change was chosen."), **page), 400
    old, new, scope = page["old"], page["new"], page["scope"]
    message = f"Replace {old!r} with {new!r} in {len(texts)} file(s)" + (f" of {scope}" if scope else "")
    try:
        change = content_history().save(texts, author(), message, {path: expected.get(path, "") for path in texts})
    except EditConflict as conflict:
        return render_template(shown, conflict=conflict, preview=preview, **page), 409
    _follow_edited_originals(content, texts)
    done = sum(len([o for o in preview.occurrences if o.id in chosen and o.path == path]) for path in texts)
    page = "staff/translate/replaced.html"
    return render_template(page, change=change, files=sorted(texts), count=done, old=old, new=new)
