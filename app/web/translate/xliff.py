"""XLIFF files for outside translators: what needs translating into a language goes out as one
file and comes back with the targets filled in."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from ...content.history import HistoryError
from ...staff_accounts import Role
from ...translation import (
    XliffError,
    export_xliff,
    imported_texts,
    read_xliff,
    translatable,
    xliff_articles,
    xliff_counts,
)
from .. import kiosk
from ..staff import requires
from ..staff_common import CsrfForm, author, brussels_today, content_history
from . import bp, checked_language, my_languages

# An XLIFF file of every article of a language is larger than a form: allowed on its own route.
XLIFF_UPLOAD_BYTES = 8 * 1024 * 1024


@bp.get("/translate/xliff")
@requires(Role.TRANSLATOR)
def xliff():
    content, languages = kiosk().content_on_disk(), kiosk().languages
    mine = my_languages()
    counts = [(languages[lang], xliff_counts(content, lang)) for lang in mine]
    page = "staff/translate/xliff.html"
    return render_template(page, counts=counts, my_languages=[languages[c] for c in mine], form=CsrfForm())


@bp.get("/translate/xliff/<lang>.xlf")
@requires(Role.TRANSLATOR)
def xliff_export(lang: str):
    checked_language(lang)
    source_lang = request.args.get("from", kiosk().config.default_language)
    if source_lang not in kiosk().languages:
        abort(404)
    articles = xliff_articles(content_history(), kiosk().content_on_disk(), lang, source_lang)
    filename = f"kiosk-{source_lang}-{lang}-{brussels_today().isoformat()}.xlf"
    return Response(
        export_xliff(articles, source_lang, lang),
        mimetype="application/xliff+xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.url_value_preprocessor
def _allow_xliff_upload(endpoint, values):
    # Before any before_request (the CSRF check reads the form, and so the body, first). On this
    # blueprint only: every other request, each public page too, would pay for the check.
    if endpoint == "translate.xliff_import":
        request.max_content_length = XLIFF_UPLOAD_BYTES


@bp.post("/translate/xliff")
@requires(Role.TRANSLATOR)
def xliff_import():
    if not CsrfForm().validate_on_submit():
        abort(400)
    lang, upload = request.form.get("lang", ""), request.files.get("file")
    checked_language(lang)
    if upload is None:
        abort(400)
    content, history = kiosk().content_on_disk(), content_history()
    problems, written, skipped = [], [], []
    try:
        document = read_xliff(upload.read(XLIFF_UPLOAD_BYTES + 1), lang, translatable(content, lang))
        texts, written, skipped = imported_texts(history, content, document, lang, brussels_today())
        if texts:
            history.save(texts, author(), f"Import an XLIFF translation into {lang}: {len(texts)} article(s)")
    except XliffError as error:
        problems = error.problems
    except HistoryError as error:
        problems, written = [str(error)], []
    page = "staff/translate/imported.html"
    shown = render_template(page, lang=kiosk().languages[lang], problems=problems, written=written, skipped=skipped)
    return shown, 400 if problems else 200
