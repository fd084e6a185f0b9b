"""The list of articles, a new article, rename or move, archive."""

from __future__ import annotations

from datetime import date

from flask import abort, g, redirect, render_template, request, url_for

from ...studio import ArticleAddress, StudioError, archive_article, check_new_address, move_article
from .. import kiosk
from ..staff_common import CsrfForm, author, content_history, is_editor, require_editor
from . import DONE, address_or_404, bp, may_edit, said


def _rows(content) -> list:
    """(topic, article, [(version, editable)]) of every article, originals before translations."""
    rows = []
    for topic in content.topics:
        for article in sorted(content.articles_in(topic.id), key=lambda a: a.slug):
            address = ArticleAddress(article.topic, article.slug)
            versions = [(v, may_edit(address, v.lang)) for v in article.versions.values()]
            rows.append((topic, article, sorted(versions, key=lambda pair: pair[0].translation is not None)))
    return rows


@bp.get("/articles")
def articles():
    rows, done = _rows(kiosk().content_on_disk()), DONE.get(request.args.get("done", ""))
    page = "staff/studio/articles.html"
    return render_template(page, rows=rows, may_create=is_editor(), done=done, today=date.today())


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article():
    require_editor()
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
            error = said(failure)
    elif request.method == "POST":
        abort(400)
    page = render_template("staff/studio/new.html", form=form, topics=content.topics, chosen=chosen, error=error)
    return page, 422 if error else 200


def _managed_article(topic: str, slug: str):
    """(address, content, article) of an article an editor moves or archives, after the form's
    token when it was sent."""
    require_editor()
    address, content = address_or_404(topic, slug), kiosk().content_on_disk()
    article = content.article(topic, slug) or abort(404)
    if request.method == "POST" and not CsrfForm().validate_on_submit():
        abort(400)
    return address, content, article


@bp.route("/content/<topic>/<slug>/move", methods=["GET", "POST"])
def move(topic: str, slug: str):
    address, content, article = _managed_article(topic, slug)
    chosen = {"topic": request.form.get("topic", topic), "slug": request.form.get("slug", slug).strip()}
    error = None
    if request.method == "POST":
        try:
            new = ArticleAddress.checked(chosen["topic"], chosen["slug"])
            g.audit_action = "move"
            move_article(content_history(), content, address, new, author())
            return redirect(url_for(".articles", done="moved"))
        except StudioError as failure:
            error = said(failure)
    page = "staff/studio/move.html"
    shown = render_template(page, form=CsrfForm(), article=article, topics=content.topics, chosen=chosen, error=error)
    return shown, 422 if error else 200


@bp.route("/content/<topic>/<slug>/archive", methods=["GET", "POST"])
def archive(topic: str, slug: str):
    address, content, article = _managed_article(topic, slug)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            abort(400)
        g.audit_action = "archive"
        archive_article(content_history(), address, author())
        return redirect(url_for(".articles", done="archived"))
    page = "staff/studio/archive.html"
    return render_template(page, form=CsrfForm(), article=article, topic=content.topic(topic))
