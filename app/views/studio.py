"""The staff studio's article pages under /staff: the list of articles, the editor with its live
preview, new article, rename or move, archive, history and restore. Thin: the work is in
app/studio (no Flask). Every form carries a CSRF token; every route checks the role.

Who edits what: admins and editors every file; a translator the translations in their own
languages, never an original (its words are what every translation follows)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError

from ..content.history import Author, ContentHistory, EditConflict, text_token
from ..content.model import Topic
from ..extensions import db
from ..staff_accounts import Role, has_role, may_translate
from ..studio import (
    ArticleAddress,
    EditorFields,
    OpenedFile,
    StudioError,
    archive_article,
    article_with_text,
    audit,
    check_new_address,
    check_text,
    is_translation,
    line_diff,
    move_article,
    open_file,
    save_file,
    with_fields,
    word_diff,
)
from . import kiosk, staff
from .security import CONTENT_SECURITY_POLICY

bp = Blueprint("studio", __name__, url_prefix="/staff")
bp.before_request(staff.require_staff)
bp.after_request(staff.no_store)
bp.context_processor(staff.staff_context)
bp.register_error_handler(SQLAlchemyError, staff.database_down)

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


class CsrfForm(FlaskForm):
    """Only the CSRF token: the studio's forms are written out in their templates, where each
    text field gets the direction and language of the text it holds."""


def _said(error: StudioError) -> str:
    message = STUDIO_ERRORS.get(error.reason)
    return str(message) % error.details if message else str(error)


def _history() -> ContentHistory:
    """The content folder's history, made a git repository the first time the studio needs it."""
    history = ContentHistory(kiosk().config.content_dir)
    if not current_app.extensions.get("studio_repository"):
        history.ensure_repository()
        current_app.extensions["studio_repository"] = True
    return history


def _author() -> Author:
    return Author(g.staff_user.username)


def _address(topic: str, slug: str) -> ArticleAddress:
    try:
        return ArticleAddress.checked(topic, slug)
    except StudioError:
        abort(404)


def _language(lang: str):
    return kiosk().languages.get(lang) or abort(404)


def _may_edit(address: ArticleAddress, lang: str) -> bool:
    if has_role(g.staff_user, Role.EDITOR):
        return True
    return may_translate(g.staff_user, lang) and is_translation(kiosk().content_on_disk(), address, lang)


def _require_edit(address: ArticleAddress, lang: str) -> None:
    if not _may_edit(address, lang):
        abort(403)


def _require_editor() -> None:
    if not has_role(g.staff_user, Role.EDITOR):
        abort(403)


def _audit(action: str, path: str, revision: str | None) -> None:
    audit.record(db.session, g.staff_user.username, action, path, revision)
    db.session.commit()


# -- the list ---------------------------------------------------------------------------------


@bp.get("/articles")
def articles():
    content = kiosk().content_on_disk()
    rows = []
    for topic in content.topics:
        for article in sorted(content.articles_in(topic.id), key=lambda a: a.slug):
            address = ArticleAddress(article.topic, article.slug)
            versions = [(v, _may_edit(address, v.lang)) for v in article.versions.values()]
            rows.append((topic, article, sorted(versions, key=lambda pair: pair[0].translation is not None)))
    return render_template(
        "staff/studio/articles.html",
        rows=rows,
        may_create=has_role(g.staff_user, Role.EDITOR),
        done=DONE.get(request.args.get("done", "")),
        today=date.today(),
    )


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article():
    _require_editor()
    form, error = CsrfForm(), None
    content = kiosk().content_on_disk()
    # From the searches report: "write an article" for what visitors searched for and did not find.
    source = request.form if request.method == "POST" else request.args
    chosen = {key: source.get(key, "") for key in ("topic", "slug", "lang", "keywords")}
    if form.validate_on_submit():
        try:
            address = ArticleAddress.checked(chosen["topic"], chosen["slug"].strip())
            if chosen["lang"] not in kiosk().languages:
                abort(400)
            check_new_address(kiosk().config.content_dir, content, address)
            keywords = {"keywords": chosen["keywords"][:200]} if chosen["keywords"] else {}
            return redirect(url_for(".editor", topic=address.topic, slug=address.slug, lang=chosen["lang"], **keywords))
        except StudioError as failure:
            error = _said(failure)
    elif request.method == "POST":
        abort(400)
    page = render_template("staff/studio/new.html", form=form, topics=content.topics, chosen=chosen, error=error)
    return page, 422 if error else 200


# -- the editor -------------------------------------------------------------------------------


def _editor_page(address, language, opened, fields, problems=(), conflict=None, status=200, done=None):
    content = kiosk().content_on_disk()
    article = content.article(address.topic, address.slug)
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
        article=article,
        topic=content.topic(address.topic),
        done=DONE.get(done or ""),
        may_manage=has_role(g.staff_user, Role.EDITOR),
    ), status


@bp.get("/content/<topic>/<slug>/<lang>")
def editor(topic: str, slug: str, lang: str):
    address, language = _address(topic, slug), _language(lang)
    _require_edit(address, lang)
    try:
        opened = open_file(_history(), address, lang)
    except StudioError as failure:
        page = render_template("staff/studio/unreadable.html", address=address, language=language, error=_said(failure))
        return page, 409
    fields = opened.fields
    if not opened.exists:
        _new_file_allowed(address)
        # A new article written for a search that found nothing starts with those words as keywords.
        fields = replace(fields, keywords=request.args.get("keywords", "")[:200])
    return _editor_page(address, language, opened, fields, done=request.args.get("done"))


def _new_file_allowed(address: ArticleAddress) -> None:
    """A file that does not exist opens only as a new article (a translation is made elsewhere)."""
    _require_editor()
    try:
        check_new_address(kiosk().config.content_dir, kiosk().content_on_disk(), address)
    except StudioError:
        abort(404)


@bp.post("/content/<topic>/<slug>/<lang>")
def save(topic: str, slug: str, lang: str):
    address, language = _address(topic, slug), _language(lang)
    _require_edit(address, lang)
    if not CsrfForm().validate_on_submit():
        abort(400)
    history, config = _history(), kiosk().config
    fields, expected = EditorFields.from_form(request.form), request.form.get("expected", "")
    path = address.file(lang)
    current = history.read(path)
    if current is None and expected == "":
        _new_file_allowed(address)
    text = with_fields(current, fields, date.today())
    problems = check_text(config.content_dir, kiosk().languages.codes, kiosk().content_on_disk(), address, lang, text)
    opened = OpenedFile(path, current, expected, fields)  # the token it was opened with, until a save
    if any(problem.blocking for problem in problems):
        return _editor_page(address, language, opened, fields, problems, status=422)
    try:
        change = save_file(history, path, text, _author(), expected, request.form.get("message", "").strip())
    except EditConflict as conflict:
        return _conflict_page(address, language, fields, conflict)
    _audit("save" if current is not None else "create", path, change.revision)
    return redirect(url_for(".editor", topic=topic, slug=slug, lang=lang, done="saved"))


def _conflict_page(address, language, fields, conflict: EditConflict):
    """Someone saved this file after it was opened: their version beside yours (kept in the form),
    and the next save goes over theirs only once this person has seen it."""
    theirs = conflict.current_text
    try:
        their_fields = EditorFields.from_text(theirs) if theirs is not None else EditorFields()
    except Exception:  # noqa: BLE001 - an unreadable file: shown as its text only
        their_fields = EditorFields(body=theirs or "")
    differences = {
        name: word_diff(getattr(their_fields, name), getattr(fields, name))
        for name in ("title", "summary", "keywords", "source", "publish_on", "expires_on")
        if getattr(their_fields, name) != getattr(fields, name)
    }
    opened = OpenedFile(conflict.path, theirs, text_token(theirs), fields)
    details = {
        "change": conflict.change,
        "theirs": their_fields,
        "differences": differences,
        "body_diff": line_diff(their_fields.body, fields.body),
    }
    return _editor_page(address, language, opened, fields, conflict=details, status=409)


# -- preview ------------------------------------------------------------------------------------


@bp.route("/content/<topic>/<slug>/<lang>/preview", methods=["GET", "POST"])
def preview(topic: str, slug: str, lang: str):
    """The article page exactly as a visitor would get it, from the unsaved text (POST) or the
    saved file, draft or not (GET): shown in the editor's frames."""
    address, language = _address(topic, slug), _language(lang)
    _require_edit(address, lang)
    history, state = _history(), kiosk()
    if request.method == "POST":
        if not CsrfForm().validate_on_submit():
            abort(400)
        current = history.read(address.file(lang))
        text = with_fields(current, EditorFields.from_form(request.form), date.today())
    else:
        text = history.read(address.file(lang)) or abort(404)
    content = state.content_on_disk()
    article = article_with_text(state.config.content_dir, state.languages.codes, content, address, lang, text)
    if article is None:
        response = current_app.make_response((render_template("staff/studio/no_preview.html"), 200))
    else:
        response = current_app.make_response(_visitor_page(content, article, language))
    # Shown in a frame of the editor (this site only); every other page refuses frames.
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _visitor_page(content, article, language) -> str:
    state = kiosk()
    topic = content.topic(article.topic) or Topic(article.topic, "", {})
    g.lang, g.staff_lang = language.code, None  # the visitor's page, in the article's language
    try:
        fallbacks = state.fallbacks_for(language.code)
        card = article.best_version(language.code, fallbacks)
        version = article.readable_version(language.code, fallbacks)
        readable = {v.lang for v in article.readable_versions()}
        available = [state.languages[code] for code in state.languages.codes if code in readable]
        with force_locale(language.babel_locale):
            return render_template(
                "article.html",
                topic=topic,
                article=article,
                card=card,
                version=version,
                available=available,
                page_language=language,
            )
    finally:
        g.pop("lang")  # a preview is not a visitor's page view: nothing is counted


# -- history ----------------------------------------------------------------------------------


@bp.get("/content/<topic>/<slug>/<lang>/history")
def history(topic: str, slug: str, lang: str):
    address, language = _address(topic, slug), _language(lang)
    _require_edit(address, lang)
    store, path = _history(), address.file(lang)
    changes = store.log(path)
    entries = []
    for number, change in enumerate(changes):
        at = change.paths[0] if change.paths else path
        new = store.text_at(at, change.revision)
        older = changes[number + 1] if number + 1 < len(changes) else None
        old = store.text_at(older.paths[0] if older and older.paths else path, older.revision) if older else None
        entries.append((change, line_diff(old, new), new is not None and number > 0))
    return render_template(
        "staff/studio/history.html",
        address=address,
        language=language,
        entries=entries,
        done=DONE.get(request.args.get("done", "")),
    )


@bp.route("/content/<topic>/<slug>/<lang>/restore/<revision>", methods=["GET", "POST"])
def restore(topic: str, slug: str, lang: str, revision: str):
    address, language = _address(topic, slug), _language(lang)
    _require_edit(address, lang)
    store, path = _history(), address.file(lang)
    try:
        old = store.text_at(path, revision)
    except ValueError:
        abort(404)
    if old is None:
        abort(404)
    form = CsrfForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            change = store.restore(path, revision, _author(), expected=request.form.get("expected", ""))
        except EditConflict as conflict:
            current = conflict.current_text
            return _restore_page(form, address, language, revision, old, current, conflict.change), 409
        _audit("restore", path, change.revision)
        return redirect(url_for(".history", topic=topic, slug=slug, lang=lang, done="restored"))
    return _restore_page(form, address, language, revision, old, store.read(path), None)


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


# -- move and archive ---------------------------------------------------------------------------


@bp.route("/content/<topic>/<slug>/move", methods=["GET", "POST"])
def move(topic: str, slug: str):
    _require_editor()
    address = _address(topic, slug)
    content = kiosk().content_on_disk()
    article = content.article(topic, slug) or abort(404)
    form, error = CsrfForm(), None
    chosen = {"topic": request.form.get("topic", topic), "slug": request.form.get("slug", slug).strip()}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            new = ArticleAddress.checked(chosen["topic"], chosen["slug"])
            changes = move_article(_history(), content, address, new, _author())
            _audit("move", f"{address.key} -> {new.key}", changes[0].revision)
            return redirect(url_for(".articles", done="moved"))
        except StudioError as failure:
            error = _said(failure)
    page = render_template(
        "staff/studio/move.html", form=form, article=article, topics=content.topics, chosen=chosen, error=error
    )
    return page, 422 if error else 200


@bp.route("/content/<topic>/<slug>/archive", methods=["GET", "POST"])
def archive(topic: str, slug: str):
    _require_editor()
    address = _address(topic, slug)
    content = kiosk().content_on_disk()
    article = content.article(topic, slug) or abort(404)
    form = CsrfForm()
    if request.method == "POST":
        if not form.validate_on_submit() or request.form.get("confirm") != "yes":
            abort(400)
        change = archive_article(_history(), address, _author())
        _audit("archive", address.key, change.revision)
        return redirect(url_for(".articles", done="archived"))
    return render_template("staff/studio/archive.html", form=form, article=article, topic=content.topic(topic))
