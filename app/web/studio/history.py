"""An article file's history, and an earlier version restored."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from ...content.history import EditConflict, text_token
from ...studio import history_entries, line_diff
from ..staff_common import CsrfForm, author, content_history
from . import DONE, bp, editable_file


@bp.get("/content/<topic>/<slug>/<lang>/history")
def history(topic: str, slug: str, lang: str):
    address, language = editable_file(topic, slug, lang)
    entries = history_entries(content_history(), address.file(lang))
    done = DONE.get(request.args.get("done", ""))
    page = "staff/studio/history.html"
    return render_template(page, address=address, language=language, entries=entries, done=done)


@bp.route("/content/<topic>/<slug>/<lang>/restore/<revision>", methods=["GET", "POST"])
def restore(topic: str, slug: str, lang: str, revision: str):
    address, language = editable_file(topic, slug, lang)
    store, path = content_history(), address.file(lang)
    try:
        old = store.text_at(path, revision)
    except ValueError:
        abort(404)
    if old is None:
        abort(404)
    shown = (CsrfForm(), address, language, revision, old)
    if request.method == "GET":
        return _restore_page(*shown, store.read(path), None)
    if not shown[0].validate_on_submit():
        abort(400)
    g.audit_action = "restore"
    try:
        store.restore(path, revision, author(), expected=request.form.get("expected", ""))
    except EditConflict as conflict:
        return _restore_page(*shown, conflict.current_text, conflict.change), 409
    return redirect(url_for(".history", topic=topic, slug=slug, lang=lang, done="restored"))


def _restore_page(form, address, language, revision, old, current, conflict):
    return render_template(
        "staff/studio/restore.html",
        form=form,
        address=address,
        language=language,
        revision=revision,
        expected=text_token(current),
        diff=line_diff(current, old),
        conflict=conflict,
    )
