"""The events' list and form: title and text per language, date and times, place, languages
spoken, topics, and how it repeats (chosen as "every Tuesday", "the first Monday of the month"…,
or an RFC 5545 rule kept as written). Editors and admins only."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FormField, HiddenField, RadioField, SelectField, StringField, TimeField
from wtforms.validators import Optional

from ...event_files import EDITED_FIELDS, EventEdit, check_event_edit, event_edit_of, set_repetition
from ...places import BRUSSELS
from ...recurrence import (
    MONTHLY,
    ONCE,
    ORDINALS,
    WEEKDAYS,
    WEEKLY,
    Repetition,
    RepetitionProblem,
    from_rule,
    next_starts,
)
from ...staff_accounts import Role
from ...studio.data_files import problems_by_field
from .. import kiosk, staff
from ..staff_common import staff_locale
from . import bp
from .data_form import DataFilePage, edit_data_file
from .fields import MultiCheckboxField, choices, language_choices, texts_form, texts_from, texts_into


def _event_form_class(codes):
    class EventForm(FlaskForm):
        event_id = StringField(_l("Short name in the address (letters, digits, hyphens)"))
        token = HiddenField()
        titles = FormField(texts_form(codes), label=_l("Title"))
        abouts = FormField(texts_form(codes), label=_l("What happens there (one or two sentences)"))
        day = DateField(_l("Date (the first one, if it repeats)"), validators=[Optional()])
        starts = TimeField(_l("Starts at"), validators=[Optional()])
        ends = TimeField(_l("Ends at"), validators=[Optional()])
        place = SelectField(_l("Place"), choices=[], validate_choice=False)
        languages = MultiCheckboxField(_l("Languages spoken"), choices=[])
        topics = MultiCheckboxField(_l("Topics"), choices=[])
        repeat_kind = RadioField(_l("Repeats"), choices=[], default="once")
        weekdays = MultiCheckboxField(_l("On"), choices=[])
        ordinals = MultiCheckboxField(_l("Which of the month"), choices=[])
        until = DateField(_l("Last day it repeats (optional)"), validators=[Optional()])
        rule = StringField(_l("Repetition rule (RFC 5545)"))

    return EventForm


def _ordinal_word(number: int) -> str:
    return {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}[number]


def repetition_words(repetition: Repetition | None, locale: str) -> str:
    """ "Every Tuesday", "Every two weeks on Monday", "The first Monday of the month"."""
    if repetition is None:
        return _("Repeats as the rule says")
    names = get_day_names("wide", locale=locale)
    days = format_list([names[WEEKDAYS.index(d)] for d in repetition.weekdays], locale=locale)
    if repetition.kind == ONCE:
        return _("Once")
    if repetition.kind == WEEKLY and repetition.interval == 1:
        words = _("Every %(days)s", days=days)
    elif repetition.kind == WEEKLY:
        words = _("Every two weeks on %(days)s", days=days)
    else:
        ordinals = format_list([_ordinal_word(n) for n in repetition.ordinals], locale=locale)
        words = _("The %(ordinals)s %(day)s of the month", ordinals=ordinals, day=days)
    if repetition.until:
        words += " " + _("until %(date)s", date=format_date(repetition.until, "long", locale=locale))
    return words


def _repetition_from(form) -> Repetition | None:
    """The choices of the form as a repetition; None for a rule kept as typed."""
    kind = form.repeat_kind.data
    if kind == "custom":
        return None
    ordinals = tuple(int(n) for n in form.ordinals.data or ())
    weekdays = tuple(form.weekdays.data or ())
    if kind == "monthly":
        return Repetition(MONTHLY, 1, weekdays, ordinals, form.until.data)
    if kind in ("weekly", "biweekly"):
        return Repetition(WEEKLY, 2 if kind == "biweekly" else 1, weekdays, (), form.until.data)
    return Repetition(ONCE)


def _repetition_into(form, rule: str | None) -> None:
    repetition = from_rule(rule)
    if repetition is None:
        form.repeat_kind.data, form.rule.data = "custom", rule
        return
    kind = repetition.kind
    form.repeat_kind.data = "biweekly" if kind == WEEKLY and repetition.interval == 2 else kind
    form.weekdays.data = list(repetition.weekdays)
    form.ordinals.data = [str(n) for n in repetition.ordinals]
    form.until.data = repetition.until


def _repetition_problem_words(problem: RepetitionProblem) -> str:
    return {
        "monthly-day": _("For a monthly repetition, choose which of the month (first, second…) and one weekday."),
        "until-before-start": _("The last day is before the first date."),
        "start-not-repeated": _("The date is not one of the repeated days: choose a date on which it happens."),
    }.get(problem.reason, problem.reason)


def _next_dates(edit: EventEdit | None, problems) -> list[str]:
    """The next five dates of the event as edited, in words (none while its rule has a problem)."""
    start = edit.start() if edit else None
    if start is None or "repeat" in problems:
        return []
    try:
        starts = next_starts(edit.repeat, start, datetime.now(BRUSSELS), count=5)
    except (ValueError, TypeError):
        starts = []
    locale = staff_locale()
    return [
        f"{format_date(moment, 'full', locale=locale)}, {format_time(moment, 'short', locale=locale)}"
        for moment in starts
    ]


class EventPage(DataFilePage):
    folder, noun, endpoint, id_field = "events", "event", "studio_forms.event", "event_id"
    edit_of, form_for = staticmethod(event_edit_of), staticmethod(_event_form_class)
    template = "staff/forms/event.html"
    id_words = {
        "format": _l("Use lower-case letters, digits and hyphens, such as info-session-housing."),
        "taken": _l("There is already an event with this short name."),
    }

    def found_on_open(self):
        return self.original

    def shown_languages(self) -> set[str]:
        return {*self.original.titles, *self.original.abouts}

    def fill_choices(self, form) -> None:
        fallbacks = kiosk().fallbacks_for(g.staff_lang)
        names = get_day_names("wide", locale=staff_locale())
        places = sorted(self.content.places.values(), key=lambda p: p.name(g.staff_lang, fallbacks).casefold())
        form.place.choices = choices([("", _("No place"))] + [(p.id, p.name(g.staff_lang, fallbacks)) for p in places])
        form.languages.choices = language_choices()
        form.topics.choices = choices((t.id, t.title(g.staff_lang, fallbacks)) for t in self.content.topics)
        kinds = [
            ("once", _("Once")),
            ("weekly", _("Every week")),
            ("biweekly", _("Every two weeks")),
            ("monthly", _("Every month, on a weekday of the month")),
        ]
        if form.rule.data:
            kinds.append(("custom", _("As the rule below says")))
        form.repeat_kind.choices = choices(kinds)
        form.weekdays.choices = choices((day, names[n]) for n, day in enumerate(WEEKDAYS))
        form.ordinals.choices = choices((str(n), _ordinal_word(n)) for n in ORDINALS)

    def fill_from_file(self, form, edit) -> None:
        texts_into(form.titles.form, edit.titles)
        texts_into(form.abouts.form, edit.abouts)
        form.day.data, form.starts.data, form.ends.data = edit.day, edit.starts, edit.ends
        form.place.data = edit.place
        form.languages.data, form.topics.data = edit.languages, edit.topics
        _repetition_into(form, edit.repeat)
        self.fill_choices(form)

    def check(self, form, event_id, problems):
        edit = EventEdit(
            titles=texts_from(form.titles.form),
            abouts=texts_from(form.abouts.form),
            day=form.day.data,
            starts=form.starts.data,
            ends=form.ends.data,
            place=form.place.data or "",
            languages=list(form.languages.data or []),
            topics=list(form.topics.data or []),
        )
        try:
            set_repetition(edit, _repetition_from(form), form.rule.data)
        except RepetitionProblem as problem:
            problems.setdefault("repeat", []).append(_repetition_problem_words(problem))
        if problems:
            return edit, problems
        topic_ids, place_ids = {t.id for t in self.content.topics}, set(self.content.places)
        _found, issues = check_event_edit(self.opened.document, event_id, edit, self.codes, topic_ids, place_ids)
        return edit, problems_by_field(issues, EDITED_FIELDS)

    def context(self, form, found, problems) -> dict:
        repetition = repetition_words(from_rule(found.repeat), staff_locale()) if found is not None else None
        return {"repetition": repetition, "next_dates": _next_dates(found, problems)}


@bp.get("/events")
@staff.requires(Role.EDITOR)
def events():
    content = kiosk().content_on_disk()
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    listed = sorted(content.events.values(), key=lambda event: event.start)
    words = {event.id: repetition_words(from_rule(event.repeat), staff_locale()) for event in listed}
    return render_template("staff/forms/events.html", events=listed, fallbacks=fallbacks, words=words, section="events")


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<event_id>", methods=["GET", "POST"])
@staff.requires(Role.EDITOR)
def event(event_id: str | None = None):
    return edit_data_file(EventPage, event_id)
