"""The article editor: a file opened in its fields, saved as a commit after the checks of
`content check`, another person's save shown beside this one, and the live preview."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import force_locale

from ...content.history import EditConflict
from ...content.model import Topic
from ...content.stamp import bumped_revision_text, dated_today
from ...studio import (
    ArticleAddress,
    EditorFields,
    OpenedFile,
    StudioError,
    article_with_text,
    check_new_address,
    check_text,
    conflict_details,
    is_translation,
    open_file,
    save_file,
    with_fields,
)
from .. import kiosk
from ..security import CONTENT_SECURITY_POLICY
from ..staff_common import CsrfForm, author, content_history, is_editor, require_editor
from . import DONE, bp, editable_file, said


def _editor_page(address, language, opened, fields, problems=(), conflict=None, status=200, done=None):
    content = kiosk().content_on_disk()
    by_field: dict[str, list] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem)
    return render_template(
        "staff/studio/editor.html",
        form=CsrfForm(),
        address=address,
        language=language,
        opened=opened,
        fields=fields,
        problems=by_field,
        blocking=any(p.blocking for p in problems),
        conflict=conflict,
        article=content.article(address.topic, address.slug),
        topic=content.topic(address.topic),
        done=DONE.get(done or ""),
        may_manage=is_editor(),
        # An existing original: its save can say that translations must follow (a new revision).
        is_original=opened.exists and not is_translation(content, address, language.code),
    ), status


@bp.get("/content/<topic>/<slug>/<lang>")
def editor(topic: str, slug: str, lang: str):
    address, language = editable_file(topic, slug, lang)
    try:
        opened = open_file(content_history(), address, lang)
    except StudioError as failure:
        page = render_template("staff/studio/unreadable.html", address=address, language=language, error=said(failure))
        return page, 409
    fields = opened.fields
    if not opened.exists:
        _new_file_allowed(address)
        # A new article written for a search that found nothing starts with those words as keywords.
        fields = replace(fields, keywords=request.args.get("keywords", "")[:200])
    return _editor_page(address, language, opened, fields, done=request.args.get("done"))


def _new_file_allowed(address: ArticleAddress) -> None:
    """A file that does not exist opens only as a new article (a translation is made elsewhere)."""
    require_editor()
    try:
        check_new_address(kiosk().config.content_dir, kiosk().content_on_disk(), address)
    except StudioError:
        abort(404)


@bp.post("/content/<topic>/<slug>/<lang>")
def save(topic: str, slug: str, lang: str):
    address, language = editable_file(topic, slug, lang)
    if not CsrfForm().validate_on_submit():
        abort(400)
    history, config = content_history(), kiosk().config
    fields, expected = EditorFields.from_form(request.form), request.form.get("expected", "")
    path = address.file(lang)
    current = history.read(path)
    if current is None and expected == "":
        _new_file_allowed(address)
    text = with_fields(current, fields, date.today())
    if current is not None and text != current:
        text = dated_today(text, date.today())  # the "last updated" date visitors read
        if request.form.get("major") == "y" and not is_translation(kiosk().content_on_disk(), address, lang):
            # The meaning changed: a new revision, so every translation shows as outdated (to staff,
            # and to visitors as a notice) until a translator updates and approves it.
            text, _revision = bumped_revision_text(text, date.today(), path)
    problems = check_text(config.content_dir, kiosk().languages.codes, kiosk().content_on_disk(), address, lang, text)
    opened = OpenedFile(path, current, expected, fields)  # the token it was opened with, until a save
    if any(problem.blocking for problem in problems):
        return _editor_page(address, language, opened, fields, problems, status=422)
    g.audit_action = "save" if current is not None else "create"
    try:
        save_file(history, path, text, author(), expected, request.form.get("message", "").strip())
    except EditConflict as conflict:
        # Their version beside this one (kept in the form); the next save goes over theirs.
        theirs, details = conflict_details(conflict, fields)
        return _editor_page(address, language, theirs, fields, conflict=details, status=409)
    return redirect(url_for(".editor", topic=topic, slug=slug, lang=lang, done="saved"))


@bp.route("/content/<topic>/<slug>/<lang>/preview", methods=["GET", "POST"])
def preview(topic: str, slug: str, lang: str):
    """The article page exactly as a visitor would get it, from the unsaved text (POST) or the
    saved file, draft or not (GET): shown in the editor's frames."""
    address, language = editable_file(topic, slug, lang)
    state, content, text = kiosk(), kiosk().content_on_disk(), _previewed_text(address.file(lang))
    article = article_with_text(state.config.content_dir, state.languages.codes, content, address, lang, text)
    if article is None:
        return _framed(render_template("staff/studio/no_preview.html"))
    return _framed(_visitor_page(content, article, language))


def _framed(page: str):
    """The page, allowed in a frame of the editor (this site only); every other page refuses frames."""
    response = current_app.make_response((page, 200))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _previewed_text(path: str) -> str:
    """The text sent from the editor (POST), else the saved file's."""
    history = content_history()
    if request.method == "GET":
        return history.read(path) or abort(404)
    if not CsrfForm().validate_on_submit():
        abort(400)
    return with_fields(history.read(path), EditorFields.from_form(request.form), date.today())


def _visitor_page(content, article, language) -> str:
    state = kiosk()
    topic = content.topic(article.topic) or Topic(article.topic, "", {})
    g.lang, g.staff_lang = language.code, None  # the visitor's page, in the article's language
    try:
        fallbacks = state.fallbacks_for(language.code)
        readable = {v.lang for v in article.readable_versions()}
        with force_locale(language.babel_locale):
            return render_template(
                "article.html",
                topic=topic,
                article=article,
                card=article.best_version(language.code, fallbacks),
                version=article.readable_version(language.code, fallbacks),
                available=[state.languages[code] for code in state.languages.codes if code in readable],
                page_language=language,
            )
    finally:
        g.pop("lang")  # a preview is not a visitor's page view: nothing is counted
