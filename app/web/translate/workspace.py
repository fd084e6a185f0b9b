"""One translation in its workspace: the original's blocks beside the translation's, what
changed in the original since, saved or approved as a commit."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...content.frontmatter import FrontMatterError
from ...content.history import EditConflict, HistoryError
from ...content.stamp import StampError
from ...records import stored_source_texts
from ...staff_accounts import Role
from ...translation import TranslatedFields, article_files, join_blocks, open_workspace, save_typed_translation
from .. import kiosk
from ..extensions import db
from ..staff import requires
from ..staff_common import CsrfForm, author, brussels_today, content_history
from . import article_or_404, bp, checked_language, engine, keep_source_texts


def _recorded_source(key: str, revision: int) -> str | None:
    stored = stored_source_texts(db.session, [key]).get((key, revision))
    return stored.text if stored else None


def _workspace_page(topic, slug, lang, *, typed=None, error=None, conflict=None, status=200):
    content, found = article_or_404(topic, slug)
    files = article_files(content, found, lang) or abort(404)
    version = found.versions.get(lang)
    made_from = version.translation.source_revision if version and version.translation else None
    workspace, token = open_workspace(content_history(), files, made_from, _recorded_source)
    typed_fields = None
    if typed:
        typed_fields = {"title": typed.title, "summary": typed.summary, "keywords": ", ".join(typed.keywords)}
    return render_template(
        "staff/translate/workspace.html",
        article=found,
        files=files,
        version=version,
        workspace=workspace,
        typed_fields=typed_fields,
        typed_blocks=request.form.getlist("block") if typed else None,
        token=request.form.get("expected", token) if typed else token,
        original_language=kiosk().languages[files.original_lang],
        language=kiosk().languages[lang],
        engine=engine(),
        form=CsrfForm(),
        error=error,
        conflict=conflict,
        done=request.args.get("done"),
    ), status


@bp.get("/translate/<topic>/<slug>/<lang>")
@requires(Role.TRANSLATOR)
def workspace(topic: str, slug: str, lang: str):
    checked_language(lang)
    return _workspace_page(topic, slug, lang)


def _typed() -> TranslatedFields:
    form = request.form
    keywords = TranslatedFields.keywords_from(form.get("keywords", ""))
    return TranslatedFields(
        form.get("title", ""), form.get("summary", ""), keywords, join_blocks(form.getlist("block"))
    )


@bp.post("/translate/<topic>/<slug>/<lang>")
@requires(Role.TRANSLATOR)
def save(topic: str, slug: str, lang: str):
    checked_language(lang)
    if not CsrfForm().validate_on_submit():
        abort(400)
    content, found = article_or_404(topic, slug)
    files, typed = article_files(content, found, lang) or abort(404), _typed()
    again = {"topic": topic, "slug": slug, "lang": lang, "typed": typed}
    if not typed.title.strip() or not typed.summary.strip():
        return _workspace_page(**again, error=_("A title and a summary are needed."), status=400)
    approve = request.form.get("action") == "approve"
    saved = {"author": author(), "today": brussels_today(), "reviewer": g.staff_user.username if approve else None}
    try:
        save_typed_translation(content_history(), files, lang, typed, request.form.get("expected", ""), **saved)
    except (FrontMatterError, StampError, ValueError) as problem:
        return _workspace_page(**again, error=str(problem), status=400)
    except EditConflict as conflict:
        return _workspace_page(**again, conflict=conflict, status=409)
    except HistoryError as problem:
        return _workspace_page(**again, error=str(problem), status=500)
    if approve:
        keep_source_texts()
    done = "approved" if approve else "saved"
    return redirect(url_for("translate.workspace", topic=topic, slug=slug, lang=lang, done=done))
