"""The studio's forms for places, events, topics and pinned notices, under /staff.

Each save reads the file with DataDocument, changes what the form shows, checks the result with
the reader `content check` uses (nothing is written while a problem remains) and commits it with
ContentHistory as the staff member. Visitors see it after the next publication.

Roles: admins and editors do everything here; a translator edits the topic titles and notice
texts of their own languages (nothing else)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from flask import Blueprint, Flask, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from ruamel.yaml.comments import CommentedMap
from sqlalchemy.exc import SQLAlchemyError
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..content.editing import ALL_LANGUAGES
from ..content.frontmatter import DataDocument
from ..content.history import Author, ContentHistory, EditConflict, text_token
from ..content.loader import TOPICS_FILE, check_topics_text
from ..content.topic_list import edit_topic, move_topic, topic_titles
from ..event_files import EVENT_ID, EventEdit, apply_event_edit, check_event, event_edit_of
from ..notices import COUNTER, TOPICS, NoticeEdit, apply_notice_edit, check_notice, notice_edit_of, showing
from ..places import BRUSSELS, opening_status, status_words
from ..places.editing import PLACE_ID, ClosureEdit, PlaceEdit, apply_place_edit, check_place, place_edit_of
from ..places.weekly import DAYS, HoursProblem, HoursRow, WeeklyHours, from_opening_hours, to_opening_hours
from ..places.words import language_name, weekly_hours_in_words
from ..recurrence import (
    MONTHLY,
    ONCE,
    ORDINALS,
    WEEKDAYS,
    WEEKLY,
    Repetition,
    RepetitionProblem,
    from_rule,
    next_starts,
    to_rule,
)
from ..staff_accounts import STAFF_LANGUAGES, Role, has_role, languages_of
from . import kiosk, staff
from .caching import keep_page_for

bp = Blueprint("studio_forms", __name__, url_prefix="/staff")
bp.before_request(staff.require_staff)
bp.after_request(staff.no_store)
bp.context_processor(staff.staff_context)
bp.errorhandler(SQLAlchemyError)(staff.database_down)


@bp.context_processor
def forms_context():
    # Also on error pages: a refused form token is answered before require_staff runs.
    user = getattr(g, "staff_user", None)
    return {
        "staff_is_editor": user is not None and has_role(user, Role.EDITOR),
        "staff_lang_code": getattr(g, "staff_lang", None),
    }


# Icons shown at once in the pictogram chooser; a search narrows the 5,000 of the set.
PICTOGRAMS_SHOWN = 120


# -- shared pieces -------------------------------------------------------------------------


def _locale() -> str:
    return kiosk().languages[g.staff_lang].babel_locale


def _is_editor() -> bool:
    return has_role(g.staff_user, Role.EDITOR)


def _require_editor() -> None:
    if not _is_editor():
        abort(403)


def _own_languages() -> set[str] | None:
    """The languages whose texts this person may change: None for all (editors and admins)."""
    if _is_editor():
        return None
    if has_role(g.staff_user, Role.TRANSLATOR):
        return set(languages_of(g.staff_user))
    abort(403)


def _language_label(code: str) -> str:
    return language_name(kiosk().languages[code].babel_locale, _locale()) if code in kiosk().languages else code


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _texts_form(codes, with_all: bool = False) -> type[Form]:
    """One text field per language (and "in every language" for names of offices)."""
    fields = {}
    if with_all:
        fields["all"] = StringField(_l("In every language"))
    for code in codes:
        fields[code] = StringField(_language_label(code))
    return type("TextsForm", (Form,), fields)


def _texts_from(form: Form) -> dict[str, str]:
    return {
        (ALL_LANGUAGES if name == "all" else name): (field.data or "").strip()
        for name, field in form._fields.items()
        if (field.data or "").strip()
    }


def _texts_into(form: Form, texts: dict[str, str]) -> None:
    for code, text in texts.items():
        name = "all" if code == ALL_LANGUAGES else code
        if name in form._fields:
            form._fields[name].data = text


def _main_languages(present) -> set[str]:
    """The languages shown open in a form: those the file has, the fallbacks and the staff's."""
    config = kiosk().config
    return {*present, *config.fallback_languages, *STAFF_LANGUAGES, g.staff_lang}


@dataclass
class Saved:
    """What a save ended in: ``problems`` per field (nothing written), or a conflict."""

    problems: dict[str | None, list[str]]
    conflict: EditConflict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.conflict is None


def _history() -> ContentHistory:
    history = ContentHistory(kiosk().config.content_dir)
    history.ensure_repository()
    return history


def _open(path: str) -> tuple[DataDocument, str, bool]:
    """The file opened for editing, the token of the text seen, and whether it exists."""
    text = _history().read(path)
    document = DataDocument(text or "")
    if document.data is None:
        document.data = CommentedMap()
    return document, text_token(text), text is not None


def _new_document() -> DataDocument:
    document = DataDocument("")
    document.data = CommentedMap()
    return document


def _save(path: str, document: DataDocument, token: str, message: str) -> EditConflict | None:
    try:
        _history().save({path: document.text()}, Author(g.staff_user.username), message, {path: token})
    except EditConflict as conflict:
        return conflict
    return None


def _grouped(issues) -> dict[str | None, list[str]]:
    problems: dict[str | None, list[str]] = {}
    for issue in issues:
        problems.setdefault(issue.field, []).append(issue.message)
    return problems


def _blocking(issues, fields: set[str]) -> list:
    """The issues that stop a save: fatal ones and those in fields the form edits (a problem in a
    field the form does not show was there before, and is left to `content check`)."""
    return [issue for issue in issues if issue.fatal or issue.field in fields or issue.field is None]


def _conflict_words(conflict: EditConflict) -> str:
    change = conflict.change
    if change is None:
        return _("This file was changed outside the studio after you opened it. Open it again to see the change.")
    when = format_time(change.when.astimezone(BRUSSELS), "short", locale=_locale())
    day = format_date(change.when.astimezone(BRUSSELS), "long", locale=_locale())
    return _(
        "This file was changed by %(name)s on %(day)s at %(time)s after you opened it. "
        "Open it again to see their change; nothing was saved.",
        name=change.author,
        day=day,
        time=when,
    )


# -- places --------------------------------------------------------------------------------


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
        names = FormField(_texts_form(codes, with_all=True), label=_l("Name"))
        addresses = FormField(_texts_form(codes, with_all=True), label=_l("Address"))
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


def _day_choices():
    names = get_day_names("wide", locale=_locale())
    return _choices((day, names[n]) for n, day in enumerate(DAYS))


def _fill_choices(form, topics) -> None:
    days = _day_choices()
    for row in form.hours:
        row.form.days.choices = days
    form.languages.choices = _choices((code, _language_label(code)) for code in kiosk().languages.codes)
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    form.topics.choices = _choices((topic.id, topic.title(g.staff_lang, fallbacks)) for topic in topics)


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


def _place_edit_from(form, reason_language: str) -> PlaceEdit:
    closures = [
        ClosureEdit(entry.form.first.data, entry.form.last.data, {reason_language: entry.form.reason.data or ""})
        for entry in form.closures
        if entry.form.first.data is not None
    ]
    return PlaceEdit(
        names=_texts_from(form.names.form),
        addresses=_texts_from(form.addresses.form),
        phone=form.phone.data or "",
        website=form.website.data or "",
        languages=list(form.languages.data or []),
        opening_hours=None,
        appointment_only=form.appointment_only.data,
        closures=closures,
        topics=list(form.topics.data or []),
    )


def _place_form_from(edit: PlaceEdit, form_class, topics, token: str, reason_language: str):
    form = form_class(formdata=None)
    form.token.data = token
    _texts_into(form.names.form, edit.names)
    _texts_into(form.addresses.form, edit.addresses)
    form.phone.data, form.website.data = edit.phone, edit.website
    form.languages.data, form.topics.data = edit.languages, edit.topics
    form.appointment_only.data = edit.appointment_only
    week = from_opening_hours(edit.opening_hours)
    while len(form.hours):
        form.hours.pop_entry()
    if week is None:
        form.hours_text.data = edit.opening_hours
    else:
        form.holidays_off.data = week.holidays_off if week.rows else True
        for row in week.rows:
            entry = form.hours.append_entry()
            entry.form.days.data = list(row.days)
            for slot, (start, end) in zip(entry.form.periods, row.periods, strict=False):
                slot.form.start.data, slot.form.end.data = start, end
    while len(form.closures):
        form.closures.pop_entry()
    for closure in edit.closures:
        entry = form.closures.append_entry()
        entry.form.first.data, entry.form.last.data = closure.first, closure.last
        entry.form.reason.data = closure.reasons.get(reason_language) or next(iter(closure.reasons.values()), "")
    _fill_choices(form, topics)
    return form


def _with_blank_rows(form, topics) -> None:
    """One empty hours row and one empty closure row to fill in (no script needed to add one)."""
    if not len(form.hours) or form.hours[-1].form.days.data:
        form.hours.append_entry()
    if not len(form.closures) or form.closures[-1].form.first.data is not None:
        form.closures.append_entry()
    _fill_choices(form, topics)


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
    if place_id is not None and not PLACE_ID.match(place_id):
        abort(404)
    content = kiosk().content_on_disk()
    path = f"places/{place_id}.yaml" if place_id else None
    document, token, exists = _open(path) if path else (None, "", False)
    if place_id is not None and not exists:
        abort(404)
    original = place_edit_of(document.data if document else None)
    codes = kiosk().languages.codes
    main = _main_languages({*original.names, *original.addresses})
    form_class = _place_form_class(codes)
    reason_language = g.staff_lang if g.staff_lang in codes else kiosk().config.default_language
    if request.method == "GET":
        form = _place_form_from(original, form_class, content.topics, token, reason_language)
        _with_blank_rows(form, content.topics)
        return _place_page(form, place_id, main, None, {}, None)

    form = form_class()
    _fill_choices(form, content.topics)
    if not form.validate():
        return _place_page(form, place_id, main, None, _form_errors(form), None, 400)
    problems: dict[str | None, list[str]] = {}
    new_id = place_id or (form.place_id.data or "").strip()
    if place_id is None:
        path = f"places/{new_id}.yaml"
        if not PLACE_ID.match(new_id):
            problems["place_id"] = [_("Use lower-case letters, digits and hyphens, such as cpas-anderlecht.")]
        elif new_id in content.places or _history().read(path) is not None:
            problems["place_id"] = [_("There is already a place with this short name.")]
        document = _new_document()
    token = form.token.data or "" if place_id else ""
    edit = _place_edit_from(form, reason_language)
    try:
        written = to_opening_hours(_week_from(form))
        edit.opening_hours = written or (form.hours_text.data or "").strip() or None
    except HoursProblem as problem:
        problems.setdefault("opening_hours", []).append(_hours_problem_words(problem))
    place_found = None
    if not problems:
        # Closure reasons in other languages than the staff member's stay as they were.
        _keep_other_reasons(original, edit, reason_language)
        apply_place_edit(document.data, edit)
        place_found, issues = check_place(new_id, document.text(), codes, {t.id for t in content.topics})
        edited = {"name", "address", "phone", "website", "languages", "topics", "opening_hours", "closed"}
        problems = _grouped(_blocking(issues, edited | {"appointment_only", "booking"}))
    if request.form.get("action") == "save" and not problems:
        message = f"{'Add' if place_id is None else 'Edit'} place {new_id} in the studio"
        conflict = _save(path, document, token, message)
        if conflict is None:
            return redirect(url_for("studio_forms.place", place_id=new_id, saved=1), 303)
        _with_blank_rows(form, content.topics)
        return _place_page(form, place_id, main, place_found, problems, _conflict_words(conflict), 409)
    _with_blank_rows(form, content.topics)
    return _place_page(form, place_id, main, place_found, problems, None, 400 if problems else 200)


def _keep_other_reasons(original: PlaceEdit, edit: PlaceEdit, language: str) -> None:
    before = {(c.first, c.last): c.reasons for c in original.closures}
    for closure in edit.closures:
        reasons = dict(before.get((closure.first, closure.last), {}))
        reasons.pop(ALL_LANGUAGES, None)
        reasons[language] = closure.reasons.get(language, "")
        closure.reasons = {code: text for code, text in reasons.items() if text}


def _form_errors(form) -> dict[str | None, list[str]]:
    return {None: [f"{field}: {', '.join(map(str, errors))}" for field, errors in form.errors.items()]}


def _hours_problem_words(problem: HoursProblem) -> str:
    row = problem.row + 1
    return {
        "no-days": _("Row %(row)s of the opening hours has times but no day.", row=row),
        "no-periods": _("Row %(row)s of the opening hours has days but no times.", row=row),
        "ends-before-start": _("In row %(row)s of the opening hours, a period closes before it opens.", row=row),
        "overlap": _("In row %(row)s of the opening hours, two periods overlap.", row=row),
    }.get(problem.reason, problem.reason)


def _place_page(form, place_id, main, place, problems, conflict, status=200):
    now = datetime.now(BRUSSELS)
    week = _week_from(form) if not form.hours_text.data else None
    words = weekly_hours_in_words(week, _locale()) if week else []
    preview = status_words(opening_status(place, now), g.staff_lang, _locale()) if place else None
    written = place.opening_hours if place else None
    return (
        render_template(
            "staff/forms/place.html",
            form=form,
            place_id=place_id,
            main_languages=main,
            hours_words=words,
            hours_written=written,
            holidays_off=form.holidays_off.data,
            preview=preview,
            problems=problems,
            conflict=conflict,
            saved=request.args.get("saved") == "1",
            section="places",
        ),
        status,
    )


# -- events --------------------------------------------------------------------------------

REPEAT_KINDS = ("once", "weekly", "biweekly", "monthly", "custom")


def _event_form_class(codes):
    class EventForm(FlaskForm):
        event_id = StringField(_l("Short name in the address (letters, digits, hyphens)"))
        token = HiddenField()
        titles = FormField(_texts_form(codes), label=_l("Title"))
        abouts = FormField(_texts_form(codes), label=_l("What happens there (one or two sentences)"))
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


def _event_choices(form, content) -> None:
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    names = get_day_names("wide", locale=_locale())
    places = sorted(content.places.values(), key=lambda p: p.name(g.staff_lang, fallbacks).casefold())
    form.place.choices = _choices([("", _("No place"))] + [(p.id, p.name(g.staff_lang, fallbacks)) for p in places])
    form.languages.choices = _choices((code, _language_label(code)) for code in kiosk().languages.codes)
    form.topics.choices = _choices((t.id, t.title(g.staff_lang, fallbacks)) for t in content.topics)
    kinds = [
        ("once", _("Once")),
        ("weekly", _("Every week")),
        ("biweekly", _("Every two weeks")),
        ("monthly", _("Every month, on a weekday of the month")),
    ]
    if form.rule.data:
        kinds.append(("custom", _("As the rule below says")))
    form.repeat_kind.choices = _choices(kinds)
    form.weekdays.choices = _choices((day, names[n]) for n, day in enumerate(WEEKDAYS))
    form.ordinals.choices = _choices((str(n), _ordinal_word(n)) for n in ORDINALS)


def _ordinal_word(number: int) -> str:
    return {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        -1: _("last"),
    }[number]


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


def _event_form_from(edit: EventEdit, form_class, content, token):
    form = form_class(formdata=None)
    form.token.data = token
    _texts_into(form.titles.form, edit.titles)
    _texts_into(form.abouts.form, edit.abouts)
    form.day.data, form.starts.data, form.ends.data = edit.day, edit.starts, edit.ends
    form.place.data = edit.place
    form.languages.data, form.topics.data = edit.languages, edit.topics
    repetition = from_rule(edit.repeat)
    if repetition is None:
        form.repeat_kind.data, form.rule.data = "custom", edit.repeat
    else:
        kind = repetition.kind
        form.repeat_kind.data = "biweekly" if kind == WEEKLY and repetition.interval == 2 else kind
        form.weekdays.data = list(repetition.weekdays)
        form.ordinals.data = [str(n) for n in repetition.ordinals]
        form.until.data = repetition.until
    _event_choices(form, content)
    return form


def _repetition_from(form) -> Repetition | None:
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


def _repetition_problem_words(problem: RepetitionProblem) -> str:
    return {
        "monthly-day": _("For a monthly repetition, choose which of the month (first, second…) and one weekday."),
        "until-before-start": _("The last day is before the first date."),
        "start-not-repeated": _("The date is not one of the repeated days: choose a date on which it happens."),
    }.get(problem.reason, problem.reason)


@bp.get("/events")
@staff.requires(Role.EDITOR)
def events():
    content = kiosk().content_on_disk()
    fallbacks = kiosk().fallbacks_for(g.staff_lang)
    listed = sorted(content.events.values(), key=lambda event: event.start)
    words = {event.id: repetition_words(from_rule(event.repeat), _locale()) for event in listed}
    return render_template("staff/forms/events.html", events=listed, fallbacks=fallbacks, words=words, section="events")


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<event_id>", methods=["GET", "POST"])
@staff.requires(Role.EDITOR)
def event(event_id: str | None = None):
    if event_id is not None and not EVENT_ID.match(event_id):
        abort(404)
    content = kiosk().content_on_disk()
    path = f"events/{event_id}.yaml" if event_id else None
    document, token, exists = _open(path) if path else (None, "", False)
    if event_id is not None and not exists:
        abort(404)
    original = event_edit_of(document.data if document else None)
    codes = kiosk().languages.codes
    main = _main_languages({*original.titles, *original.abouts})
    form_class = _event_form_class(codes)
    if request.method == "GET":
        form = _event_form_from(original, form_class, content, token)
        return _event_page(form, event_id, main, original, {}, None)

    form = form_class()
    _event_choices(form, content)
    if not form.validate():
        return _event_page(form, event_id, main, None, _form_errors(form), None, 400)
    problems: dict[str | None, list[str]] = {}
    new_id = event_id or (form.event_id.data or "").strip()
    if event_id is None:
        path = f"events/{new_id}.yaml"
        if not EVENT_ID.match(new_id):
            problems["event_id"] = [_("Use lower-case letters, digits and hyphens, such as info-session-housing.")]
        elif new_id in content.events or _history().read(path) is not None:
            problems["event_id"] = [_("There is already an event with this short name.")]
        document = _new_document()
    else:
        token = form.token.data or ""
    edit = EventEdit(
        titles=_texts_from(form.titles.form),
        abouts=_texts_from(form.abouts.form),
        day=form.day.data,
        starts=form.starts.data,
        ends=form.ends.data,
        place=form.place.data or "",
        languages=list(form.languages.data or []),
        topics=list(form.topics.data or []),
    )
    repetition = _repetition_from(form)
    start = edit.start()
    if repetition is None:
        edit.repeat = (form.rule.data or "").strip() or None
    elif start is not None:
        try:
            edit.repeat = to_rule(repetition, start)
        except RepetitionProblem as problem:
            problems.setdefault("repeat", []).append(_repetition_problem_words(problem))
    if not problems:
        apply_event_edit(document.data, edit)
        place_ids = set(content.places)
        _found, issues = check_event(new_id, document.text(), codes, {t.id for t in content.topics}, place_ids)
        edited = {"title", "about", "place", "topics", "languages", "start", "end", "repeat"}
        problems = _grouped(_blocking(issues, edited))
    if request.form.get("action") == "save" and not problems:
        message = f"{'Add' if event_id is None else 'Edit'} event {new_id} in the studio"
        conflict = _save(path, document, token if event_id else "", message)
        if conflict is None:
            return redirect(url_for("studio_forms.event", event_id=new_id, saved=1), 303)
        return _event_page(form, event_id, main, edit, problems, _conflict_words(conflict), 409)
    return _event_page(form, event_id, main, edit, problems, None, 400 if problems else 200)


def _event_page(form, event_id, main, edit: EventEdit | None, problems, conflict, status=200):
    start = edit.start() if edit else None
    dates = []
    if start is not None and "repeat" not in problems:
        try:
            starts = next_starts(edit.repeat, start, datetime.now(BRUSSELS), count=5)
        except (ValueError, TypeError):
            starts = []
        dates = [
            f"{format_date(moment, 'full', locale=_locale())}, {format_time(moment, 'short', locale=_locale())}"
            for moment in starts
        ]
    words = repetition_words(from_rule(edit.repeat), _locale()) if edit is not None else None
    return (
        render_template(
            "staff/forms/event.html",
            form=form,
            event_id=event_id,
            main_languages=main,
            repetition=words,
            next_dates=dates,
            problems=problems,
            conflict=conflict,
            saved=request.args.get("saved") == "1",
            section="events",
        ),
        status,
    )


# -- topics --------------------------------------------------------------------------------


class ActionForm(FlaskForm):
    """Only a CSRF token (moving a topic)."""


class TopicForm(FlaskForm):
    token = HiddenField()
    pictogram = RadioField(_l("Pictogram"), choices=[], validate_choice=False)
    search = StringField(_l("Find a pictogram (English words: home, doctor, school…)"))


def _topics_document() -> tuple[DataDocument, str]:
    document, token, _exists = _open(TOPICS_FILE)
    return document, token


@bp.get("/topics")
@staff.requires(Role.TRANSLATOR)
def topics():
    content = kiosk().content_on_disk()
    return render_template(
        "staff/forms/topics.html",
        topics=content.topics,
        fallbacks=kiosk().fallbacks_for(g.staff_lang),
        may_edit_order=_is_editor(),
        action_form=ActionForm(),
        token=_topics_document()[1],
        conflict=None,
        section="topics",
    )


@bp.post("/topics/<topic_id>/move")
@staff.requires(Role.EDITOR)
def move(topic_id: str):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    document, token = _topics_document()
    step = -1 if request.form.get("direction") == "up" else 1
    if not move_topic(document.data, topic_id, step):
        abort(404)
    sent = request.form.get("token", "")
    conflict = _save(TOPICS_FILE, document, sent, f"Move topic {topic_id} {'up' if step < 0 else 'down'} in the studio")
    if conflict is not None:
        content = kiosk().content_on_disk()
        return render_template(
            "staff/forms/topics.html",
            topics=content.topics,
            fallbacks=kiosk().fallbacks_for(g.staff_lang),
            may_edit_order=True,
            action_form=ActionForm(),
            token=_topics_document()[1],
            conflict=_conflict_words(conflict),
            section="topics",
        ), 409
    return redirect(url_for("studio_forms.topics", _anchor=f"topic-{topic_id}"), 303)


def _pictogram_choices(search: str, current: str) -> list[str]:
    names = kiosk().pictograms.names()
    words = search.lower().split()
    found = [name for name in names if all(word in name for word in words)] if words else names
    chosen = [current] if current in names else []
    return chosen + [name for name in found if name != current][: PICTOGRAMS_SHOWN - len(chosen)]


@bp.route("/topics/<topic_id>", methods=["GET", "POST"])
@staff.requires(Role.TRANSLATOR)
def topic(topic_id: str):
    own = _own_languages()
    document, token = _topics_document()
    titles = topic_titles(document.data, topic_id)
    entry = next((t for t in document.data if isinstance(t, dict) and t.get("id") == topic_id), None)
    if entry is None:
        abort(404)
    codes = kiosk().languages.codes
    titles_form = type("TopicWithTitles", (TopicForm,), {"titles": FormField(_texts_form(codes), label=_l("Title"))})
    current = str(entry.get("pictogram") or "")
    if request.method == "GET":
        form = titles_form(formdata=None)
        form.token.data, form.pictogram.data, form.search.data = token, current, request.args.get("q", "")
        _texts_into(form.titles.form, titles)
        return _topic_page(form, topic_id, own, {}, None)
    form = titles_form()
    if not form.validate():
        return _topic_page(form, topic_id, own, _form_errors(form), None, 400)
    if request.form.get("action") != "save":
        return _topic_page(form, topic_id, own, {}, None)  # a pictogram search
    pictogram = form.pictogram.data if own is None else None
    problems: dict[str | None, list[str]] = {}
    if pictogram is not None and not kiosk().pictograms.exists(pictogram):
        problems["pictogram"] = [_("Choose a pictogram.")]
    edit_topic(document.data, topic_id, pictogram=pictogram, titles=_texts_from(form.titles.form), languages=own)
    _topics, found = check_topics_text(kiosk().config.content_dir, document.text(), codes, kiosk().pictograms.exists)
    for problem in found:
        problems.setdefault(None, []).append(problem.message)
    if problems:
        return _topic_page(form, topic_id, own, problems, None, 400)
    conflict = _save(TOPICS_FILE, document, form.token.data or "", f"Edit topic {topic_id} in the studio")
    if conflict is not None:
        return _topic_page(form, topic_id, own, {}, _conflict_words(conflict), 409)
    return redirect(url_for("studio_forms.topic", topic_id=topic_id, saved=1), 303)


def _topic_page(form, topic_id, own, problems, conflict, status=200):
    content = kiosk().content_on_disk()
    current = form.pictogram.data or ""
    choices = _pictogram_choices(form.search.data or "", current)
    form.pictogram.choices = _choices((name, name) for name in choices)
    return (
        render_template(
            "staff/forms/topic.html",
            form=form,
            topic_id=topic_id,
            topic=content.topic(topic_id),
            own=own,
            choices=choices,
            problems=problems,
            conflict=conflict,
            saved=request.args.get("saved") == "1",
            main_languages=_main_languages(()) | (own or set()),
            section="topics",
        ),
        status,
    )


# -- pinned notices ------------------------------------------------------------------------


def _notice_form_class(codes):
    class NoticeForm(FlaskForm):
        notice_id = StringField(_l("Short name (letters, digits, hyphens)"))
        token = HiddenField()
        texts = FormField(_texts_form(codes), label=_l("Text"))
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


@bp.get("/notices")
@staff.requires(Role.TRANSLATOR)
def notices():
    content = kiosk().content_on_disk()
    today = datetime.now(BRUSSELS).date()
    listed = sorted(content.notices.values(), key=lambda n: (n.last < today, -n.first.toordinal()))
    return render_template(
        "staff/forms/notices.html",
        notices=listed,
        today=today,
        fallbacks=kiosk().fallbacks_for(g.staff_lang),
        may_add=_is_editor(),
        section="notices",
    )


@bp.route("/notices/new", methods=["GET", "POST"])
@bp.route("/notices/<notice_id>", methods=["GET", "POST"])
@staff.requires(Role.TRANSLATOR)
def notice(notice_id: str | None = None):
    own = _own_languages()
    if notice_id is None and own is not None:
        abort(403)  # a translator translates notices; editors pin them
    if notice_id is not None and not EVENT_ID.match(notice_id):
        abort(404)
    path = f"notices/{notice_id}.yaml" if notice_id else None
    document, token, exists = _open(path) if path else (None, "", False)
    if notice_id is not None and not exists:
        abort(404)
    original = notice_edit_of(document.data if document else None)
    codes = kiosk().languages.codes
    form_class = _notice_form_class(codes)
    main = _main_languages(original.texts) | (own or set())
    if request.method == "GET":
        form = form_class(formdata=None)
        form.token.data = token
        _texts_into(form.texts.form, original.texts)
        form.first.data, form.last.data = original.first, original.last
        form.where.data = original.where
        return _notice_page(form, notice_id, own, main, {}, None)
    form = form_class()
    if not form.validate():
        return _notice_page(form, notice_id, own, main, _form_errors(form), None, 400)
    problems: dict[str | None, list[str]] = {}
    new_id = notice_id or (form.notice_id.data or "").strip()
    if notice_id is None:
        path = f"notices/{new_id}.yaml"
        if not EVENT_ID.match(new_id):
            problems["notice_id"] = [_("Use lower-case letters, digits and hyphens, such as office-closed-christmas.")]
        elif _history().read(path) is not None:
            problems["notice_id"] = [_("There is already a notice with this short name.")]
        document = _new_document()
    edit = NoticeEdit(_texts_from(form.texts.form), form.first.data, form.last.data, list(form.where.data or []))
    apply_notice_edit(document.data, edit, languages=own)
    if not problems:
        _found, issues = check_notice(new_id, document.text(), codes)
        problems = _grouped(issues)
    if problems:
        return _notice_page(form, notice_id, own, main, problems, None, 400)
    message = f"{'Pin' if notice_id is None else 'Edit'} notice {new_id} in the studio"
    conflict = _save(path, document, (form.token.data or "") if notice_id else "", message)
    if conflict is not None:
        return _notice_page(form, notice_id, own, main, {}, _conflict_words(conflict), 409)
    return redirect(url_for("studio_forms.notice", notice_id=new_id, saved=1), 303)


def _notice_page(form, notice_id, own, main, problems, conflict, status=200):
    return (
        render_template(
            "staff/forms/notice.html",
            form=form,
            notice_id=notice_id,
            own=own,
            main_languages=main,
            problems=problems,
            conflict=conflict,
            saved=request.args.get("saved") == "1",
            section="notices",
        ),
        status,
    )


# -- what visitors see ------------------------------------------------------------------------


def pinned_notices(where: str) -> list:
    """The notices pinned to ``where`` today (the page is kept in the cache until midnight)."""
    now = datetime.now(BRUSSELS)
    today = now.date()
    midnight = datetime.combine(today, datetime.min.time(), BRUSSELS)
    keep_page_for(midnight.timestamp(), (midnight + timedelta(days=1)).timestamp())
    return showing(kiosk().content.notices.values(), where, today)


def notice_text(notice, code: str) -> tuple[str, str]:
    """(text, the language it is in) of a notice for a language, with its fallbacks."""
    chain = (code, *kiosk().fallbacks_for(code), "*")
    shown = next((c for c in chain if c in notice.texts), next(iter(notice.texts)))
    return notice.texts[shown], code if shown == "*" else shown


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(pinned_notices)
    app.add_template_global(notice_text)
