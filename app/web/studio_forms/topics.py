"""The topics' order (editors) and each topic's pictogram (editors) and titles (translators too,
in their own languages), all in topics.yaml."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FormField, HiddenField, RadioField, StringField

from ...content.loader import TOPICS_FILE, check_topics_text
from ...content.topic_list import edit_topic, has_topic, move_topic, topic_pictogram, topic_titles
from ...staff_accounts import Role
from ...studio.data_files import open_path, save_data
from .. import kiosk, staff
from ..staff_common import CsrfForm, author, conflict_words, content_history, is_editor, own_languages
from . import bp
from .fields import choices, form_errors, main_languages, texts_form, texts_from, texts_into

# Icons shown at once in the pictogram chooser; a search narrows the 5,000 of the set.
PICTOGRAMS_SHOWN = 120


class TopicForm(FlaskForm):
    token = HiddenField()
    pictogram = RadioField(_l("Pictogram"), choices=[], validate_choice=False)
    search = StringField(_l("Find a pictogram (English words: home, doctor, school…)"))


def _topics_page(conflict=None, status=200):
    page = render_template(
        "staff/forms/topics.html",
        topics=kiosk().content_on_disk().topics,
        fallbacks=kiosk().fallbacks_for(g.staff_lang),
        may_edit_order=is_editor(),
        action_form=CsrfForm(),
        token=open_path(content_history(), TOPICS_FILE).token,
        conflict=conflict,
        section="topics",
    )
    return page, status


@bp.get("/topics")
@staff.requires(Role.TRANSLATOR)
def topics():
    return _topics_page()


@bp.post("/topics/<topic_id>/move")
@staff.requires(Role.EDITOR)
def move(topic_id: str):
    if not CsrfForm().validate_on_submit():
        abort(400)
    opened = open_path(content_history(), TOPICS_FILE)
    step = -1 if request.form.get("direction") == "up" else 1
    if not move_topic(opened.document.data, topic_id, step):
        abort(404)
    message = f"Move topic {topic_id} {'up' if step < 0 else 'down'} in the studio"
    conflict = save_data(content_history(), opened, author(), message, request.form.get("token", ""))
    if conflict is not None:
        return _topics_page(conflict_words(conflict), 409)
    return redirect(url_for("studio_forms.topics", _anchor=f"topic-{topic_id}"), 303)


def _pictogram_choices(search: str, current: str) -> list[str]:
    names = kiosk().pictograms.names()
    words = search.lower().split()
    found = [name for name in names if all(word in name for word in words)] if words else names
    chosen = [current] if current in names else []
    return chosen + [name for name in found if name != current][: PICTOGRAMS_SHOWN - len(chosen)]


def _topic_problems(opened, topic_id, form, own) -> dict[str | None, list[str]]:
    """Put the form's pictogram (editors) and titles into the topic list and check it."""
    pictogram = form.pictogram.data if own is None else None
    problems: dict[str | None, list[str]] = {}
    if pictogram is not None and not kiosk().pictograms.exists(pictogram):
        problems["pictogram"] = [_("Choose a pictogram.")]
    edit_topic(opened.document.data, topic_id, pictogram=pictogram, titles=texts_from(form.titles.form), languages=own)
    root, codes = kiosk().config.content_dir, kiosk().languages.codes
    _topics, found = check_topics_text(root, opened.text(), codes, kiosk().pictograms.exists)
    for problem in found:
        problems.setdefault(None, []).append(problem.message)
    return problems


def _topic_form_class():
    titles = FormField(texts_form(kiosk().languages.codes), label=_l("Title"))
    return type("TopicWithTitles", (TopicForm,), {"titles": titles})


def _topic_form(opened, topic_id: str):
    """The form filled from the topic list as it is."""
    form = _topic_form_class()(formdata=None)
    form.token.data, form.search.data = opened.token, request.args.get("q", "")
    form.pictogram.data = topic_pictogram(opened.document.data, topic_id)
    texts_into(form.titles.form, topic_titles(opened.document.data, topic_id))
    return form


@bp.route("/topics/<topic_id>", methods=["GET", "POST"])
@staff.requires(Role.TRANSLATOR)
def topic(topic_id: str):
    own, opened = own_languages(), open_path(content_history(), TOPICS_FILE)
    if not has_topic(opened.document.data, topic_id):
        abort(404)
    if request.method == "GET":
        return _topic_page(_topic_form(opened, topic_id), topic_id, own)
    form = _topic_form_class()()
    if not form.validate():
        return _topic_page(form, topic_id, own, form_errors(form), status=400)
    if request.form.get("action") != "save":
        return _topic_page(form, topic_id, own)  # a pictogram search
    problems = _topic_problems(opened, topic_id, form, own)
    if problems:
        return _topic_page(form, topic_id, own, problems, status=400)
    conflict = save_data(
        content_history(), opened, author(), f"Edit topic {topic_id} in the studio", form.token.data or ""
    )
    if conflict is not None:
        return _topic_page(form, topic_id, own, conflict=conflict_words(conflict), status=409)
    return redirect(url_for("studio_forms.topic", topic_id=topic_id, saved=1), 303)


def _topic_page(form, topic_id, own, problems=None, conflict=None, status=200):
    found = _pictogram_choices(form.search.data or "", form.pictogram.data or "")
    form.pictogram.choices = choices((name, name) for name in found)
    page = render_template(
        "staff/forms/topic.html",
        form=form,
        topic_id=topic_id,
        topic=kiosk().content_on_disk().topic(topic_id),
        own=own,
        choices=found,
        problems=problems or {},
        conflict=conflict,
        saved=request.args.get("saved") == "1",
        main_languages=main_languages(()) | (own or set()),
        section="topics",
    )
    return page, status
