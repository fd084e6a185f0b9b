"""Reading an event file: its fields declared once (EVENT_FIELDS). No Flask.

A start in Brussels time, and either a single date, a list of extra dates or an RFC 5545 rule
that repeats at most once a day and happens at all (see app/events/model.py for why).
"""

from __future__ import annotations

from datetime import date, datetime, time

import icalendar
from dateutil.rrule import rrule, rrulestr

from ..content.field_types import Date, Ids, ListOf, PerLanguageText, SpokenLanguages
from ..content.fields import Context, Field, FieldType, Issue, Raw, Spec, read_fields
from ..content.value_types import Url
from ..content.yamlsafe import YamlDocument
from ..places.model import BRUSSELS
from .model import DEFAULT_LENGTH, Event

# A repeat rule happens at most once a day: no FREQ=HOURLY, MINUTELY or SECONDLY…
_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# …and no parts that make several occurrences of one day.
_WITHIN_A_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
# The Gregorian calendar repeats every 400 years (146,097 days: a whole number of weeks).
_CALENDAR_CYCLE_YEARS = 400


class Moment(FieldType):
    """A Brussels date and time ("2027-01-12 09:30"); with ``start_time``, a bare date takes the
    time of the event's start (extra dates of a series)."""

    def __init__(self, start_time: bool = False):
        self.start_time = start_time

    def value_from_raw(self, raw: Raw):
        value = raw.value
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date) and self.start_time:
            moment = datetime.combine(value, raw.values["start"].time())
        else:
            try:
                moment = datetime.fromisoformat(str(value).strip())
            except ValueError:
                return raw.bad_value(f"{raw.name}: {value!r} is not a date and time such as 2027-01-12 09:30")
            if len(str(value).strip()) <= 10:
                return raw.bad_value(f"{raw.name}: {value!r} has no time of day (2027-01-12 09:30)")
        if moment.tzinfo is not None:
            return moment.astimezone(BRUSSELS)
        return moment.replace(tzinfo=BRUSSELS)


class End(FieldType):
    """When an event ends: a time of its start's day (11:00) or a later date and time; read as
    the event's length."""

    def value_from_raw(self, raw: Raw):
        start, value = raw.values["start"], raw.value
        text = str(value).strip()
        end = None
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML reads 11:00 as the sexagesimal number 660: minutes after midnight.
            end = datetime.combine(start.date(), time(value // 60 % 24, value % 60), BRUSSELS)
        elif len(text) <= 5:
            try:
                end = datetime.combine(start.date(), time.fromisoformat(text.zfill(5)), BRUSSELS)
            except ValueError:
                pass
        else:
            moment = Moment().value_from_raw(raw)
            end = moment if isinstance(moment, datetime) else None
        if end is None or end <= start:
            return raw.bad_value("'end' must be a time after the start (11:00) or a later date and time")
        return end - start


class RepeatRule(FieldType):
    """One RFC 5545 rule (FREQ=WEEKLY;BYDAY=TU) that repeats at most daily and happens."""

    def value_from_raw(self, raw: Raw):
        problem = repeat_problem(raw.value, raw.values["start"])
        return raw.bad_value(problem) if problem else str(raw.value).strip().removeprefix("RRULE:")


class PlaceId(FieldType):
    def value_from_raw(self, raw: Raw):
        if raw.value not in raw.context.place_ids:
            return raw.bad_value(f"unknown place {raw.value!r} (no file places/{raw.value}.yaml)")
        return raw.value


EVENT_FIELDS = Spec(
    fields=(
        Field("title", PerLanguageText(), required=True, missing="missing 'title' (title: {en: …, fr: …})"),
        Field("about", PerLanguageText(), default={}),
        Field("place", PlaceId()),
        Field(
            "topics",
            Ids(
                "'topics' is a list of topic ids: [language-courses]",
                "topic_ids",
                "unknown topic {id!r} (see topics.yaml)",
            ),
            default=(),
        ),
        Field("languages", SpokenLanguages(), default=()),
        Field(
            "start",
            Moment(),
            required=True,
            missing="missing or wrong 'start': write 2027-01-12 09:30 (Brussels time)",
        ),
        Field("end", End(), needs=("start",), default=DEFAULT_LENGTH),
        Field("repeat", RepeatRule(), needs=("start",)),
        Field(
            "dates",
            ListOf(Moment(start_time=True), "'dates' is a list of dates and times: [2027-02-09 09:30, …]"),
            needs=("start",),
            default=(),
        ),
        Field("except", ListOf(Date(), "'except' is a list of days the series skips: [2027-04-06]"), default=()),
        Field("website", Url()),
        Field("source", Url()),
    ),
    not_a_mapping="an event file is a mapping: title:, place:, start: …",
)
_ATTRIBUTES = {"title": "titles", "end": "length", "except": "exceptions"}


def event_from_mapping(
    event_id: str, data, languages, topic_ids, place_ids, document: YamlDocument | None = None
) -> tuple[Event | None, list[Issue]]:
    """Check the parsed YAML of events/<event_id>.yaml against EVENT_FIELDS; never raises.
    With the file's ``document``, every issue has its line."""
    reading = read_fields(EVENT_FIELDS, data, Context.of(languages, topic_ids, place_ids), document)
    if not reading.usable:
        return None, reading.issues
    values = {_ATTRIBUTES.get(name, name): value for name, value in reading.values.items()}
    return Event(id=event_id, **values), reading.issues


def repeat_problem(value, start: datetime) -> str | None:
    """Why ``repeat:`` is not one RFC 5545 rule that repeats at most daily and happens, or None."""
    repeat = str(value).strip().removeprefix("RRULE:")
    try:
        rule = rrulestr(repeat, dtstart=start)
        parts = icalendar.vRecur.from_ical(repeat)  # as to_ics will write it
    except (ValueError, TypeError) as error:
        return f"'repeat' is not an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU ({error})"
    if not isinstance(rule, rrule) or "\n" in repeat:
        return "'repeat' is one rule on one line, such as FREQ=WEEKLY;BYDAY=TU"
    frequency = str(parts.get("FREQ", ["?"])[0]).upper()
    if frequency not in _FREQUENCIES:
        return (
            f"'repeat' FREQ={frequency} is more often than once a day: an event repeats DAILY, WEEKLY, "
            "MONTHLY or YEARLY (write other times of day as 'dates' or as another event)"
        )
    within = [part for part in _WITHIN_A_DAY if part in parts]
    if within:
        return (
            f"'repeat' has {', '.join(within)}: an event repeats at most once a day, at its start time "
            "(write other times of day as 'dates' or as another event)"
        )
    if _never_happens(rule, start, int(parts.get("INTERVAL", [1])[0])):
        return f"'repeat' {repeat} never happens (no such day in any year)"
    return None


def _never_happens(rule: rrule, start: datetime, interval: int) -> bool:
    """True for a rule with no occurrence at all, such as FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30.

    dateutil looks for the next occurrence of such a rule until the year 9999: a minute of work
    in every page. The rule's days repeat with the calendar, every 400 × INTERVAL years, so it is
    moved that many years at a time to near 9999 (in wall-clock time, without COUNT or UNTIL),
    where the search ends after at most two cycles.
    """
    cycle = _CALENDAR_CYCLE_YEARS * max(1, interval)
    naive = start.replace(tzinfo=None)
    shifts = (datetime.max.year - cycle - naive.year) // cycle
    if shifts > 0:
        naive = naive.replace(year=naive.year + shifts * cycle)
    probe = rule.replace(dtstart=naive, count=None, until=None)
    return probe.after(naive, inc=True) is None
