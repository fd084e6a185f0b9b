"""The places' list and form: names and addresses per language, phone, website, languages spoken,
topics, opening hours as rows of days and times (or OpenStreetMap's syntax as written) and
closures. Editors and admins only."""

from __future__ import annotations

from datetime import datetime

from babel.dates import get_day_names
from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, HiddenField, StringField, TimeField
from wtforms.validators import Optional

from ...places import BRUSSELS, opening_status, status_words
from ...places.editing import EDITED_FIELDS, ClosureEdit, PlaceEdit, check_place_edit, place_edit_of
from ...places.weekly import DAYS, HoursProblem, HoursRow, WeeklyHours, from_opening_hours, to_opening_hours
from ...places.words import weekly_hours_in_words
from ...staff_accounts import Role
from ...studio.data_files import problems_by_field
from .. import kiosk, staff
from ..staff_common import staff_locale
from . import bp
from .data_form import DataFilePage, edit_data_file
from .fields import MultiCheckboxField, choices, language_choices, texts_form, texts_from, texts_into


class PeriodForm(Form):
    start = TimeField(_l("Opens at"), validators=[Optional()])
    end = TimeField(_l("Closes at"), validators=[Optional()])


class HoursRowForm(Form):
    days = MultiCheckboxField(_l("Days"), choices=[])
    periods = FieldList(FormField(PeriodForm), min_entries=3, max_entries=3)


class ClosureForm(Form):
    first = DateField(_l("Closed from"), validators=[Optional()])
    last = DateField(_l("Until (included)"), validators=[Optional()])
    reason = StringField(_l("Reason"))


def _place_form_class(codes):
    class PlaceForm(FlaskForm):
        place_id = StringField(_l("Short name in the address (letters, digits, hyphens)"))
        token = HiddenField()
        names = FormField(texts_form(codes, with_all=True), label=_l("Name"))
        addresses = FormField(texts_form(codes, with_all=True), label=_l("Address"))
        phone = StringField(_l("Phone"))
        website = StringField(_l("Website"))
        languages = MultiCheckboxField(_l("Languages spoken at the counter"), choices=[])
        topics = MultiCheckboxField(_l("Topics"), choices=[])
        hours = FieldList(FormField(HoursRowForm), min_entries=1, max_entries=14)
        hours_text = StringField(_l("Opening hours in OpenStreetMap syntax"))
        holidays_off = BooleanField(_l("Closed on public holidays"), default=True)
        appointment_only = BooleanField(_l("By appointment only"))
        closures = FieldList(FormField(ClosureForm), min_entries=1, max_entries=20)

    return PlaceForm


def _week_from(form) -> WeeklyHours:
    rows = []
    for row in form.hours:
        periods = tuple(
            (period.form.start.data, period.form.end.data)
            for period in row.form.periods
            if period.form.start.data is not None and period.form.end.data is not None
        )
        rows.append(HoursRow(tuple(row.form.days.data or ()), periods))
    return WeeklyHours(tuple(rows), form.holidays_off.data)


def _week_into(form, edit: PlaceEdit) -> None:
    week = from_opening_hours(edit.opening_hours)
    while len(form.hours):
        form.hours.pop_entry()
    if week is None:
        form.hours_text.data = edit.opening_hours  # a rule the rows cannot show: kept as written
        return
    form.holidays_off.data = week.holidays_off if week.rows else True
    for row in week.rows:
        entry = form.hours.append_entry()
        entry.form.days.data = list(row.days)
        for slot, (start, end) in zip(entry.form.periods, row.periods, strict=False):
            slot.form.start.data, slot.form.end.data = start, end


def _hours_problem_words(problem: HoursProblem) -> str:
    row = problem.row + 1
    return {
        "no-days": _("Row %(row)s of the opening hours has times but no day.", row=row),
        "no-periods": _("Row %(row)s of the opening hours has days but no times.", row=row),
        "ends-before-start": _("In row %(row)s of the opening hours, a period closes before it opens.", row=row),
        "overlap": _("In row %(row)s of the opening hours, two periods overlap.", row=row),
    }.get(problem.reason, problem.reason)


class PlacePage(DataFilePage):
    folder, noun, endpoint, id_field = "places", "place", "studio_forms.place", "place_id"
    edit_of, form_for = staticmethod(place_edit_of), staticmethod(_place_form_class)
    template = "staff/forms/place.html"
    id_words = {
        "format": _l("Use lower-case letters, digits and hyphens, such as cpas-anderlecht."),
        "taken": _l("There is already a place with this short name."),
    }

    def __init__(self, *args):
        super().__init__(*args)
        # Closure reasons are edited in the staff's language (else the default one).
        self.reason_language = g.staff_lang if g.staff_lang in self.codes else kiosk().config.default_language

    def shown_languages(self) -> set[str]:
        return {*self.original.names, *self.original.addresses}

    def fill_choices(self, form) -> None:
        names = get_day_names("wide", locale=staff_locale())
        days = choices((day, names[n]) for n, day in enumerate(DAYS))
        for row in form.hours:
            row.form.days.choices = days
        form.languages.choices = language_choices()
        fallbacks = kiosk().fallbacks_for(g.staff_lang)
        form.topics.choices = choices((topic.id, topic.title(g.staff_lang, fallbacks)) for topic in self.content.topics)

    def fill_from_file(self, form, edit) -> None:
        texts_into(form.names.form, edit.names)
        texts_into(form.addresses.form, edit.addresses)
        form.phone.data, form.website.data = edit.phone, edit.website
        form.languages.data, form.topics.data = edit.languages, edit.topics
        form.appointment_only.data = edit.appointment_only
        _week_into(form, edit)
        while len(form.closures):
            form.closures.pop_entry()
        for closure in edit.closures:
            entry = form.closures.append_entry()
            entry.form.first.data, entry.form.last.data = closure.first, closure.last
            reasons = closure.reasons
            entry.form.reason.data = reasons.get(self.reason_language) or next(iter(reasons.values()), "")

    def _edit_from(self, form) -> PlaceEdit:
        return PlaceEdit(
            names=texts_from(form.names.form),
            addresses=texts_from(form.addresses.form),
            phone=form.phone.data or "",
            website=form.website.data or "",
            languages=list(form.languages.data or []),
            opening_hours=None,
            appointment_only=form.appointment_only.data,
            closures=[
                ClosureEdit(
                    entry.form.first.data, entry.form.last.data, {self.reason_language: entry.form.reason.data or ""}
                )
                for entry in form.closures
                if entry.form.first.data is not None
            ],
            topics=list(form.topics.data or []),
        )

    def check(self, form, place_id, problems):
        edit = self._edit_from(form)
        try:
            written = to_opening_hours(_week_from(form))
            edit.opening_hours = written or (form.hours_text.data or "").strip() or None
        except HoursProblem as problem:
            problems.setdefault("opening_hours", []).append(_hours_problem_words(problem))
        if problems:
            return None, problems
        topic_ids = {topic.id for topic in self.content.topics}
        args = (self.original, edit, self.reason_language, self.codes, topic_ids)
        found, issues = check_place_edit(self.opened.document, place_id, *args)
        return found, problems_by_field(issues, EDITED_FIELDS)

    def context(self, form, found, problems) -> dict:
        # One empty hours row and one empty closure row to fill in (no script needed to add one).
        if not len(form.hours) or form.hours[-1].form.days.data:
            form.hours.append_entry()
        if not len(form.closures) or form.closures[-1].form.first.data is not None:
            form.closures.append_entry()
        self.fill_choices(form)
        week = _week_from(form) if not form.hours_text.data else None
        return {
            "hours_words": weekly_hours_in_words(week, staff_locale()) if week else [],
            "hours_written": found.opening_hours if found else None,
            "holidays_off": form.holidays_off.data,
            "preview": status_words(opening_status(found, datetime.now(BRUSSELS)), g.staff_lang, staff_locale())
            if found
            else None,
        }


@bp.get("/places")
@staff.requires(Role.EDITOR)
def places():
    content = kiosk().content_on_disk()
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    listed = sorted(content.places.values(), key=lambda place: place.name(g.staff_lang, fallbacks).casefold())
    return render_template("staff/forms/places.html", places=listed, fallbacks=fallbacks, section="places")


@bp.route("/places/new", methods=["GET", "POST"])
@bp.route("/places/<place_id>", methods=["GET", "POST"])
@staff.requires(Role.EDITOR)
def place(place_id: str | None = None):
    return edit_data_file(PlacePage, place_id)
