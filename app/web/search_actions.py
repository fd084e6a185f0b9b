"""From the searches report to a fix: add a search that found nothing as a synonym of a word the
articles use. On the staff blueprint; the synonym file is edited by app/content/synonyms.py and
saved as a commit by the staff member (app/content/history.py)."""

from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import Length, Optional

from ..content.history import EditConflict, HistoryError, text_token
from ..content.synonyms import SynonymError, add_synonym, synonym_groups
from ..staff_accounts import may_translate
from . import kiosk
from .staff import bp
from .staff_common import author, content_history

NEW_GROUP = "new"


class SynonymForm(FlaskForm):
    word = StringField(_l("What visitors searched for"), validators=[Length(max=80)])
    group = RadioField(_l("Add it to"), choices=[], validate_choice=False)
    meaning = StringField(_l("A word the articles use for the same thing"), validators=[Optional(), Length(max=80)])
    opened = HiddenField()  # the text_token of the file when the page was shown


def _synonyms_path(lang: str) -> str:
    return f"synonyms/{lang}.yaml"


def _language_or_404(lang: str):
    if lang not in kiosk().languages:
        abort(404)
    if not may_translate(g.staff_user, lang):
        abort(403)
    return kiosk().languages[lang]


@bp.route("/searches/synonym/<lang>", methods=["GET", "POST"])
def add_search_synonym(lang: str):
    language = _language_or_404(lang)
    history = content_history()
    path = _synonyms_path(lang)
    text = history.read(path)
    form = SynonymForm(word=request.args.get("q", ""), opened=text_token(text))
    try:
        groups = synonym_groups(text)
    except SynonymError as error:
        return render_template("staff/synonym.html", form=form, language=language, groups=[], error=str(error)), 409
    form.group.choices = [(str(group.position), ", ".join(group.words)) for group in groups] + [
        (NEW_GROUP, _l("A new group"))
    ]
    error = saved = None
    if form.validate_on_submit():
        chosen = form.group.data
        try:
            new_text = add_synonym(
                text,
                form.word.data,
                group=None if chosen in (None, "", NEW_GROUP) else int(chosen),
                meaning=form.meaning.data or "",
            )
            g.audit_action = "synonym"
            history.save(
                {path: new_text}, author(), f"Synonym for {lang}: {form.word.data.strip()}", {path: form.opened.data}
            )
            saved = form.word.data.strip()
        except (SynonymError, ValueError) as problem:
            error = str(problem)
        except EditConflict as conflict:
            error = str(conflict)
        except HistoryError as problem:
            error = str(problem)
        if saved:
            text = history.read(path)
            groups = synonym_groups(text)
            form = SynonymForm(word="", opened=text_token(text))
            form.group.choices = [(str(group.position), ", ".join(group.words)) for group in groups] + [
                (NEW_GROUP, _l("A new group"))
            ]
    status = 200 if request.method == "GET" or saved else 400
    return (
        render_template("staff/synonym.html", form=form, language=language, groups=groups, error=error, saved=saved),
        status,
    )
