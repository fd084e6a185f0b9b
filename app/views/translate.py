"""The translation workspace, machine drafts, XLIFF out and back, and replacing a fact everywhere,
under /staff. Thin: the work is in app/translation; files are saved through the content history
(one commit per action, the staff member as author).

Translators work in their own languages; editors and admins in all. Replacing a fact everywhere
touches every language at once: editors and admins only.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError

from ..content.frontmatter import FrontMatterError
from ..content.history import Author, ContentHistory, EditConflict, HistoryError, text_token
from ..content.stamp import StampError, stamped_translation_text
from ..extensions import db
from ..records import record_source_texts, replace_source_text, stored_source_texts
from ..staff_accounts import Role, has_role, languages_of, may_translate
from ..translation import (
    EngineError,
    ExportedArticle,
    ReplaceError,
    TranslatedFields,
    XliffError,
    apply_replacement,
    article_files,
    article_text,
    build_workspace,
    engine_from_settings,
    export_xliff,
    join_blocks,
    machine_draft,
    new_translation_text,
    preview_replacement,
    read_xliff,
    recorded_article_text,
    source_at_revision,
    translation_work,
    units_of,
    updated_translation_text,
)
from . import kiosk
from .staff import database_down, no_store, require_staff, requires, staff_context

bp = Blueprint("translate", __name__, url_prefix="/staff")
bp.before_request(require_staff)
bp.after_request(no_store)
bp.context_processor(staff_context)
bp.register_error_handler(SQLAlchemyError, database_down)

BRUSSELS = ZoneInfo("Europe/Brussels")
# An XLIFF file of every article of a language is larger than a form: allowed on its own route.
XLIFF_UPLOAD_BYTES = 8 * 1024 * 1024


class ActionForm(FlaskForm):
    """Only a CSRF token: the fields are read from the request (one per block, one per change)."""


def _today():
    return datetime.now(BRUSSELS).date()


def _history() -> ContentHistory:
    history = ContentHistory(kiosk().config.content_dir)
    history.ensure_repository()
    return history


def _author() -> Author:
    return Author(g.staff_user.username)


def _engine():
    config = kiosk().config
    return engine_from_settings(config.translation_engine, config.translation_engine_url, config.translation_engine_key)


def _my_languages() -> list[str]:
    """The languages the signed-in person translates into, in the kiosk's order."""
    codes = kiosk().languages.codes
    if has_role(g.staff_user, Role.EDITOR):
        return list(codes)
    return [code for code in codes if code in languages_of(g.staff_user)]


def _checked_language(lang: str) -> None:
    if lang not in kiosk().languages:
        abort(404)
    if not may_translate(g.staff_user, lang):
        abort(403)


def _article_or_404(topic: str, slug: str):
    content = kiosk().content_on_disk()
    return content, content.article(topic, slug) or abort(404)


def _record_source_texts() -> None:
    """Keep the originals' texts at their revisions (what a later workspace compares with)."""
    try:
        record_source_texts(db.session, kiosk().content_on_disk())
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # the files are saved; the texts are recorded at the next publication


def _old_source(history, files, revision: int):
    """The original as the translation was made from it: from git, else as the database kept it."""
    found = source_at_revision(history, files.original_path, revision)
    if found is None:
        stored = stored_source_texts(db.session, [files.key]).get((files.key, revision))
        found = recorded_article_text(stored.text) if stored else None
    return found


# -- the list of work ----------------------------------------------------------------------------


@bp.get("/translate/")
@requires(Role.TRANSLATOR)
def index():
    mine = _my_languages()
    lang = request.args.get("lang") or next((c for c in mine if c != kiosk().config.default_language), None)
    if lang not in mine:
        abort(403 if lang in kiosk().languages else 404)
    content = kiosk().content_on_disk()
    return render_template(
        "staff/translate/index.html",
        lang=lang,
        my_languages=[kiosk().languages[code] for code in mine],
        work=translation_work(content, lang),
        articles=sorted(content.articles.values(), key=lambda a: a.key),
        may_replace=has_role(g.staff_user, Role.EDITOR),
    )


@bp.get("/translate/<topic>/<slug>/")
@requires(Role.TRANSLATOR)
def article(topic: str, slug: str):
    content, found = _article_or_404(topic, slug)
    rows = [(language, article_files(content, found, language.code)) for language in kiosk().languages]
    return render_template(
        "staff/translate/article.html",
        article=found,
        rows=[(language, files) for language, files in rows if files is not None],
        mine=set(_my_languages()),
        engine=_engine(),
        form=ActionForm(),
    )


# -- machine drafts ------------------------------------------------------------------------------


@bp.post("/translate/<topic>/<slug>/drafts")
@requires(Role.TRANSLATOR)
def drafts(topic: str, slug: str):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    content, found = _article_or_404(topic, slug)
    wanted = request.form.getlist("languages")
    for lang in wanted:
        _checked_language(lang)
    engine = _engine()
    if engine is None or not wanted:
        abort(400)
    history = _history()
    original_text = history.read(found.original.path.relative_to(content.root).as_posix())
    original = article_text(original_text)
    texts, failed = {}, []
    for lang in wanted:
        files = article_files(content, found, lang)
        if files is None or files.state != "missing":
            continue  # a translation someone wrote is never replaced by a draft
        try:
            fields = machine_draft(engine, original, files.original_lang, lang)
        except EngineError as error:
            failed.append((kiosk().languages[lang], str(error)))
            continue
        texts[files.path] = new_translation_text(
            original_text, files.original_lang, files.revision, fields, True, _today()
        )
    saved = None
    if texts:
        message = f"Machine drafts of {found.key} in {', '.join(sorted(p.rsplit('/', 1)[1][:-3] for p in texts))}"
        try:
            saved = history.save(texts, _author(), message, {path: "" for path in texts})
        except EditConflict as conflict:
            back = url_for("translate.article", topic=topic, slug=slug)
            return render_template("staff/translate/conflict.html", conflict=conflict, back=back), 409
    if len(wanted) == 1 and saved is not None:
        return redirect(url_for("translate.workspace", topic=topic, slug=slug, lang=wanted[0], done="drafted"))
    return render_template(
        "staff/translate/drafted.html",
        article=found,
        made=[kiosk().languages[p.rsplit("/", 1)[1][:-3]] for p in texts],
        failed=failed,
        change=saved,
    ), (200 if saved is not None or not failed else 502)


# -- the workspace -------------------------------------------------------------------------------


def _workspace_page(topic, slug, lang, *, typed=None, error=None, conflict=None, status=200):
    content, found = _article_or_404(topic, slug)
    files = article_files(content, found, lang) or abort(404)
    history = _history()
    current = article_text(history.read(files.original_path))
    translation_text = history.read(files.path)
    translation = article_text(translation_text) if translation_text is not None else None
    version = found.versions.get(lang)
    old = None
    if version is not None and version.translation is not None:
        source_revision = version.translation.source_revision
        old = current if source_revision >= files.revision else _old_source(history, files, source_revision)
    workspace = build_workspace(current, old, translation)
    languages = kiosk().languages
    return render_template(
        "staff/translate/workspace.html",
        article=found,
        files=files,
        version=version,
        workspace=workspace,
        typed_fields={"title": typed.title, "summary": typed.summary, "keywords": ", ".join(typed.keywords)}
        if typed
        else None,
        typed_blocks=request.form.getlist("block") if typed else None,
        token=request.form.get("expected", text_token(translation_text)) if typed else text_token(translation_text),
        original_language=languages[files.original_lang],
        language=languages[lang],
        engine=_engine(),
        form=ActionForm(),
        error=error,
        conflict=conflict,
        done=request.args.get("done"),
    ), status


@bp.get("/translate/<topic>/<slug>/<lang>")
@requires(Role.TRANSLATOR)
def workspace(topic: str, slug: str, lang: str):
    _checked_language(lang)
    return _workspace_page(topic, slug, lang)


@bp.post("/translate/<topic>/<slug>/<lang>")
@requires(Role.TRANSLATOR)
def save(topic: str, slug: str, lang: str):
    _checked_language(lang)
    if not ActionForm().validate_on_submit():
        abort(400)
    content, found = _article_or_404(topic, slug)
    files = article_files(content, found, lang) or abort(404)
    typed = TranslatedFields(
        request.form.get("title", ""),
        request.form.get("summary", ""),
        TranslatedFields.keywords_from(request.form.get("keywords", "")),
        join_blocks(request.form.getlist("block")),
    )
    if not typed.title.strip() or not typed.summary.strip():
        return _workspace_page(topic, slug, lang, typed=typed, error=_("A title and a summary are needed."), status=400)
    history, today, approve = _history(), _today(), request.form.get("action") == "approve"
    existing = history.read(files.path)
    try:
        if existing is None:
            text = new_translation_text(
                history.read(files.original_path), files.original_lang, files.revision, typed, False, today
            )
        else:
            text = updated_translation_text(existing, typed, today)
        if approve:
            text = stamped_translation_text(text, files.revision, True, reviewed_by=g.staff_user.username, today=today)
    except (FrontMatterError, StampError, ValueError) as problem:
        return _workspace_page(topic, slug, lang, typed=typed, error=str(problem), status=400)
    verb = "Approve" if approve else "Translate"
    message = f"{verb} {found.key} in {lang} (from {files.original_lang}, revision {files.revision})"
    try:
        history.save({files.path: text}, _author(), message, {files.path: request.form.get("expected", "")})
    except EditConflict as conflict:
        return _workspace_page(topic, slug, lang, typed=typed, conflict=conflict, status=409)
    except HistoryError as problem:
        return _workspace_page(topic, slug, lang, typed=typed, error=str(problem), status=500)
    if approve:
        _record_source_texts()
    return redirect(
        url_for("translate.workspace", topic=topic, slug=slug, lang=lang, done="approved" if approve else "saved")
    )


# -- XLIFF ---------------------------------------------------------------------------------------


def _xliff_articles(content, lang: str, source_lang: str) -> list[ExportedArticle]:
    history = ContentHistory(content.root)
    exported = []
    for files in translation_work(content, lang, states=("missing", "outdated")):
        if files.original_lang != source_lang:
            continue
        translation_text = history.read(files.path)
        translation = article_text(translation_text) if translation_text is not None else None
        units = units_of(article_text(history.read(files.original_path)), translation)
        exported.append(ExportedArticle(files.key, files.revision, units))
    return exported


@bp.get("/translate/xliff")
@requires(Role.TRANSLATOR)
def xliff():
    content = kiosk().content_on_disk()
    mine = _my_languages()
    counts = []
    for lang in mine:
        work = translation_work(content, lang, states=("missing", "outdated"))
        sources = sorted({files.original_lang for files in work})
        counts.append(
            (kiosk().languages[lang], [(source, sum(f.original_lang == source for f in work)) for source in sources])
        )
    return render_template(
        "staff/translate/xliff.html",
        counts=counts,
        my_languages=[kiosk().languages[c] for c in mine],
        form=ActionForm(),
    )


@bp.get("/translate/xliff/<lang>.xlf")
@requires(Role.TRANSLATOR)
def xliff_export(lang: str):
    _checked_language(lang)
    source_lang = request.args.get("from", kiosk().config.default_language)
    if source_lang not in kiosk().languages:
        abort(404)
    content = kiosk().content_on_disk()
    document = export_xliff(_xliff_articles(content, lang, source_lang), source_lang, lang)
    filename = f"kiosk-{source_lang}-{lang}-{_today().isoformat()}.xlf"
    return Response(
        document,
        mimetype="application/xliff+xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.app_url_value_preprocessor
def _allow_xliff_upload(endpoint, values):
    # Before any before_request (the CSRF check reads the form, and so the body, first).
    if endpoint == "translate.xliff_import":
        request.max_content_length = XLIFF_UPLOAD_BYTES


@bp.post("/translate/xliff")
@requires(Role.TRANSLATOR)
def xliff_import():
    if not ActionForm().validate_on_submit():
        abort(400)
    lang = request.form.get("lang", "")
    _checked_language(lang)
    upload = request.files.get("file")
    if upload is None:
        abort(400)
    content = kiosk().content_on_disk()
    known = {}
    for found in content.articles.values():
        files = article_files(content, found, lang)
        if files is not None:
            known[found.key] = (files.original_lang, files.revision)
    problems, written, skipped = [], [], []
    try:
        document = read_xliff(upload.read(XLIFF_UPLOAD_BYTES + 1), lang, known)
    except XliffError as error:
        problems = error.problems
        document = None
    texts = {}
    if document is not None:
        history, today = _history(), _today()
        for imported in document.articles:
            found = content.articles[imported.key]
            files = article_files(content, found, lang)
            existing = history.read(files.path)
            fields = imported.fields(article_text(existing) if existing is not None else None)
            if fields is None:
                skipped.append(imported.key)
                continue
            if existing is None:
                original_text = history.read(files.original_path)
                texts[files.path] = new_translation_text(
                    original_text, files.original_lang, imported.revision, fields, False, today
                )
            else:
                text = updated_translation_text(existing, fields, today)
                texts[files.path] = stamped_translation_text(text, imported.revision, today=today)
            written.append(imported.key)
        if texts:
            message = f"Import an XLIFF translation into {lang}: {len(texts)} article(s)"
            try:
                history.save(texts, _author(), message)
            except HistoryError as error:
                problems, written = [str(error)], []
    status = 400 if problems else 200
    return render_template(
        "staff/translate/imported.html",
        lang=kiosk().languages[lang],
        problems=problems,
        written=written,
        skipped=skipped,
    ), status


# -- replace a fact everywhere ----------------------------------------------------------------------


@bp.route("/replace", methods=["GET", "POST"])
@requires(Role.EDITOR)
def replace():
    form = ActionForm()
    content = kiosk().content_on_disk()
    old, new = request.form.get("old", ""), request.form.get("new", "")
    scope = request.form.get("scope", "") or None
    articles = sorted(content.articles)
    page = {"form": form, "articles": articles, "old": old, "new": new, "scope": scope or ""}
    if request.method == "GET":
        return render_template("staff/translate/replace.html", **page)
    if not form.validate_on_submit() or (scope is not None and scope not in content.articles):
        abort(400)
    try:
        preview = preview_replacement(content.root, old, new, scope)
    except ReplaceError as error:
        return render_template("staff/translate/replace.html", error=str(error), **page), 400
    if request.form.get("action") != "apply":
        return render_template("staff/translate/replace.html", preview=preview, **page)
    chosen = set(request.form.getlist("change"))
    expected = dict(item.split("|", 1) for item in request.form.getlist("token") if "|" in item)
    texts = apply_replacement(content.root, preview, chosen, _today())
    if not texts:
        return render_template(
            "staff/translate/replace.html", preview=preview, error=_("No change was chosen."), **page
        ), 400
    message = f"Replace {old!r} with {new!r} in {len(texts)} file(s)" + (f" of {scope}" if scope else "")
    try:
        change = _history().save(texts, _author(), message, {path: expected.get(path, "") for path in texts})
    except EditConflict as conflict:
        return render_template("staff/translate/replace.html", conflict=conflict, preview=preview, **page), 409
    # A fact is not a new revision: the recorded text of the originals' revisions follows the edit.
    try:
        for found in content.articles.values():
            if found.original is not None and found.original.path.relative_to(content.root).as_posix() in texts:
                replace_source_text(db.session, found)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # the files are saved; the report then lists them as edited originals
    done = sum(len([o for o in preview.occurrences if o.id in chosen and o.path == path]) for path in texts)
    return render_template(
        "staff/translate/replaced.html", change=change, files=sorted(texts), count=done, old=old, new=new
    )
