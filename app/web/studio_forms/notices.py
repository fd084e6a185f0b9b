"""Pinned notices: editors pin one (its texts, its dates, where it shows); a translator changes
its texts in their own languages."""

from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FormField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ...notices import COUNTER, FOLDER, TOPICS, NoticeEdit, apply_notice_edit, check_notice, notice_edit_of
from ...staff_accounts import Role
from ...studio.data_files import problems_by_field
from .. import kiosk, staff
from ..staff_common import brussels_today, is_editor, own_languages
from . import bp
from .data_form import DataFilePage, edit_data_file
from .fields import MultiCheckboxField, texts_form, texts_from, texts_into


def _notice_form_class(codes):
    class NoticeForm(FlaskForm):
        notice_id = StringField(_l("Short name (letters, digits, hyphens)"))
        token = HiddenField()
        texts = FormField(texts_form(codes), label=_l("Text"))
        first = DateField(_l("Shown from"), validators=[Optional()])
        last = DateField(_l("Shown until (included)"), validators=[Optional()])
        where = MultiCheckboxField(
            _l("Shown on"),
            choices=[
                SelectChoice(TOPICS, _l("the topics page")),
                SelectChoice(COUNTER, _l("the counters' welcome screen")),
            ],
        )

    return NoticeForm


class NoticePage(DataFilePage):
    folder, noun, endpoint, id_field = FOLDER, "notice", "studio_forms.notice", "notice_id"
    verbs = ("Pin", "Edit")
    edit_of, form_for = staticmethod(notice_edit_of), staticmethod(_notice_form_class)
    template = "staff/forms/notice.html"
    previews = False
    id_words = {
        "format": _l("Use lower-case letters, digits and hyphens, such as office-closed-christmas."),
        "taken": _l("There is already a notice with this short name."),
    }

    def __init__(self, *args):
        super().__init__(*args)
        self.own = own_languages()
        if self.file_id is None and self.own is not None:
            abort(403)  # a translator translates notices; editors pin them

    def shown_languages(self) -> set[str]:
        return set(self.original.texts) | (self.own or set())

    def fill_from_file(self, form, edit) -> None:
        texts_into(form.texts.form, edit.texts)
        form.first.data, form.last.data = edit.first, edit.last
        form.where.data = edit.where

    def check(self, form, notice_id, problems):
        edit = NoticeEdit(texts_from(form.texts.form), form.first.data, form.last.data, list(form.where.data or []))
        apply_notice_edit(self.opened.document.data, edit, languages=self.own)
        if problems:
            return None, problems
        _found, issues = check_notice(notice_id, self.opened.text(), self.codes)
        return None, problems_by_field(issues)

    def context(self, form, found, problems) -> dict:
        return {"own": self.own}


@bp.get("/notices")
@staff.requires(Role.TRANSLATOR)
def notices():
    content = kiosk().content_on_disk()
    today = brussels_today()
    listed = sorted(content.notices.values(), key=lambda n: (n.last < today, -n.first.toordinal()))
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    return render_template(
        "staff/forms/notices.html",
        notices=listed,
        today=today,
        fallbacks=fallbacks,
        may_add=is_editor(),
        section="notices",
    )


@bp.route("/notices/new", methods=["GET", "POST"])
@bp.route("/notices/<notice_id>", methods=["GET", "POST"])
@staff.requires(Role.TRANSLATOR)
def notice(notice_id: str | None = None):
    return edit_data_file(NoticePage, notice_id)
