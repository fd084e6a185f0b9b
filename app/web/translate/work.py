"""The list of work in a language, one article in every language, and machine drafts."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from ...content.history import EditConflict
from ...staff_accounts import Role
from ...translation import article_files, save_machine_drafts, translation_work
from .. import kiosk
from ..staff import requires
from ..staff_common import CsrfForm, author, brussels_today, content_history, is_editor
from . import article_or_404, bp, checked_language, engine, my_languages


@bp.get("/translate/")
@requires(Role.TRANSLATOR)
def index():
    mine = my_languages()
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
        may_replace=is_editor(),
    )


@bp.get("/translate/<topic>/<slug>/")
@requires(Role.TRANSLATOR)
def article(topic: str, slug: str):
    content, found = article_or_404(topic, slug)
    rows = [(language, article_files(content, found, language.code)) for language in kiosk().languages]
    return render_template(
        "staff/translate/article.html",
        article=found,
        rows=[(language, files) for language, files in rows if files is not None],
        mine=set(my_languages()),
        engine=engine(),
        form=CsrfForm(),
    )


@bp.post("/translate/<topic>/<slug>/drafts")
@requires(Role.TRANSLATOR)
def drafts(topic: str, slug: str):
    if not CsrfForm().validate_on_submit():
        abort(400)
    content, found = article_or_404(topic, slug)
    wanted = request.form.getlist("languages")
    for lang in wanted:
        checked_language(lang)
    drafter = engine()
    if drafter is None or not wanted:
        abort(400)
    try:
        saved, made, failed = save_machine_drafts(
            content_history(), content, found, wanted, drafter, author(), brussels_today()
        )
    except EditConflict as conflict:
        back = url_for("translate.article", topic=topic, slug=slug)
        return render_template("staff/translate/conflict.html", conflict=conflict, back=back), 409
    if len(wanted) == 1 and saved is not None:
        return redirect(url_for("translate.workspace", topic=topic, slug=slug, lang=wanted[0], done="drafted"))
    languages = kiosk().languages
    made, failed = [languages[lang] for lang in made], [(languages[lang], reason) for lang, reason in failed]
    page = render_template("staff/translate/drafted.html", article=found, made=made, failed=failed, change=saved)
    return page, (200 if saved is not None or not failed else 502)
