"""Information sessions and registration days: dates, recurrence, iCalendar files. No Flask.

An event file gives a start in Brussels time and either a single date, a list of extra dates
or an RFC 5545 recurrence rule (``repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=6``). Occurrences are
expanded with python-dateutil in Brussels wall-clock time, so a 09:30 session stays at 09:30
across the change to and from summer time.

A rule repeats at most once a day (FREQ=SECONDLY made every topic and place page expand
millions of occurrences) and must have occurrences at all (dateutil looks for the next one of
FEB 30 until the year 9999); occurrences are expanded lazily, and never more than a fixed number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import icalendar
from dateutil.rrule import rrule, rrulestr

from .places import BRUSSELS, Issue, Place
from .places.schema import parse_day, per_language, spoken_languages, web_address

_KNOWN_FIELDS = {
    "title",
    "about",
    "place",
    "topics",
    "languages",
    "start",
    "end",
    "repeat",
    "dates",
    "except",
    "website",
    "source",
}
DEFAULT_LENGTH = timedelta(hours=1)
# Never expand more than this many occurrences of one rule (a rule without end is legal).
_MAX_OCCURRENCES = 500
# Never walk more than this many repeats from the start to reach a page's dates (a daily rule
# from 1972); the repeats walked are kept, so the next page does not walk them again.
_MAX_REPEATS_WALKED = 20_000
# A repeat rule happens at most once a day: no FREQ=HOURLY, MINUTELY or SECONDLY…
_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# …and no parts that make several occurrences of one day.
_WITHIN_A_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
# The Gregorian calendar repeats every 400 years (146,097 days: a whole number of weeks).
_CALENDAR_CYCLE_YEARS = 400


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Event:
    id: str
    titles: dict[str, str]
    start: datetime  # first occurrence, aware, Europe/Brussels
    length: timedelta
    about: dict[str, str] = field(default_factory=dict)
    place: str | None = None
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # spoken at the event, language codes
    repeat: str | None = None  # RRULE value, already validated
    dates: tuple[datetime, ...] = ()  # extra occurrences (RDATE)
    exceptions: tuple[date, ...] = ()  # days the series skips (EXDATE)
    website: str | None = None
    source: str | None = None
    # The parsed rule, made at first use, with dateutil's cache of the repeats walked so far.
    _rule: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def title(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        for code in (lang, *fallbacks):
            if code in self.titles:
                return self.titles[code]
        return next(iter(self.titles.values()), self.id)

    def description(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
        for code in (lang, *fallbacks):
            if code in self.about:
                return self.about[code]
        return next(iter(self.about.values()), None)

    def occurrences(self, after: datetime, before: datetime) -> list[Occurrence]:
        """Occurrences that have not ended by ``after`` and start before ``before``, in order."""
        starts = {self.start, *self.dates}
        if self.repeat:
            # From the earliest start that can still be running at ``after``.
            starts.update(self._repeats(after - self.length, before))
        found = [
            Occurrence(start, start + self.length)
            for start in sorted(starts)
            if start + self.length > after and start < before and start.date() not in self.exceptions
        ]
        return found

    def _repeats(self, since: datetime, before: datetime) -> list[datetime]:
        """Starts of the rule from ``since`` to ``before``, walked lazily and never past the caps."""
        rule = self._rule.get("rule")
        if rule is None:
            rule = self._rule.setdefault("rule", rrulestr(self.repeat, dtstart=self.start, cache=True))
        found = []
        for walked, start in enumerate(rule):
            if walked >= _MAX_REPEATS_WALKED or start >= before or len(found) >= _MAX_OCCURRENCES:
                break
            if start >= since:
                found.append(start)
        return found


def event_from_mapping(event_id: str, data, languages, topic_ids, place_ids) -> tuple[Event | None, list[Issue]]:
    """Validate the parsed YAML of events/<event_id>.yaml; never raises."""
    issues: list[Issue] = []
    if not isinstance(data, dict):
        return None, [Issue(None, "an event file is a mapping: title:, place:, start: …", fatal=True)]
    for key in data:
        if key not in _KNOWN_FIELDS:
            issues.append(Issue(str(key), f"unknown field {key!r}"))
    titles = per_language(data.get("title"), "title", languages, issues)
    if not titles:
        issues.append(Issue("title", "missing 'title' (title: {en: …, fr: …})", fatal=True))
        return None, issues
    start = _moment(data.get("start"), "start", issues)
    if start is None:
        issues.append(Issue("start", "missing or wrong 'start': write 2027-01-12 09:30 (Brussels time)", fatal=True))
        return None, issues
    length = _length(start, data.get("end"), issues)

    repeat = data.get("repeat")
    if repeat is not None:
        repeat = _repeat_rule(repeat, start, issues)

    dates = data.get("dates") or []
    if not isinstance(dates, list):
        issues.append(Issue("dates", "'dates' is a list of dates and times: [2027-02-09 09:30, …]"))
        dates = []
    extra = tuple(moment for value in dates if (moment := _moment(value, "dates", issues, start.time())))
    exceptions = data.get("except") or []
    if not isinstance(exceptions, list):
        issues.append(Issue("except", "'except' is a list of days the series skips: [2027-04-06]"))
        exceptions = []
    skipped = tuple(day for value in exceptions if (day := parse_day(value, "except", issues)))

    place = data.get("place")
    if place is not None and place not in place_ids:
        issues.append(Issue("place", f"unknown place {place!r} (no file places/{place}.yaml)"))
        place = None
    topics = data.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        issues.append(Issue("topics", "'topics' is a list of topic ids: [language-courses]"))
        topics = []
    for topic in topics:
        if topic not in topic_ids:
            issues.append(Issue("topics", f"unknown topic {topic!r} (see topics.yaml)"))

    event = Event(
        id=event_id,
        titles=titles,
        start=start,
        length=length,
        about=per_language(data.get("about"), "about", languages, issues),
        place=place,
        topics=tuple(t for t in topics if t in topic_ids),
        languages=spoken_languages(data.get("languages"), issues),
        repeat=repeat,
        dates=extra,
        exceptions=skipped,
        website=web_address(data.get("website"), "website", issues),
        source=web_address(data.get("source"), "source", issues),
    )
    return event, issues


def _repeat_rule(value, start: datetime, issues: list[Issue]) -> str | None:
    """The rule of ``repeat:`` when it is one RFC 5545 rule that repeats at most daily and happens."""
    repeat = str(value).strip().removeprefix("RRULE:")
    try:
        rule = rrulestr(repeat, dtstart=start)
        parts = icalendar.vRecur.from_ical(repeat)  # as to_ics will write it
    except (ValueError, TypeError) as error:
        issues.append(Issue("repeat", f"'repeat' is not an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=TU ({error})"))
        return None
    if not isinstance(rule, rrule) or "\n" in repeat:
        issues.append(Issue("repeat", "'repeat' is one rule on one line, such as FREQ=WEEKLY;BYDAY=TU"))
        return None
    frequency = str(parts.get("FREQ", ["?"])[0]).upper()
    if frequency not in _FREQUENCIES:
        issues.append(
            Issue(
                "repeat",
                f"'repeat' FREQ={frequency} is more often than once a day: an event repeats DAILY, WEEKLY, "
                "MONTHLY or YEARLY (write other times of day as 'dates' or as another event)",
            )
        )
        return None
    within = [part for part in _WITHIN_A_DAY if part in parts]
    if within:
        issues.append(
            Issue(
                "repeat",
                f"'repeat' has {', '.join(within)}: an event repeats at most once a day, at its start time "
                "(write other times of day as 'dates' or as another event)",
            )
        )
        return None
    if _never_happens(rule, start, int(parts.get("INTERVAL", [1])[0])):
        issues.append(Issue("repeat", f"'repeat' {repeat} never happens (no such day in any year)"))
        return None
    return repeat


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


def _moment(value, key: str, issues: list[Issue], default_time: time | None = None) -> datetime | None:
    """A Brussels date and time from YAML ("2027-01-12 09:30", a datetime, or a bare date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date) and default_time is not None:
        moment = datetime.combine(value, default_time)
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            issues.append(Issue(key, f"{key}: {value!r} is not a date and time such as 2027-01-12 09:30"))
            return None
        if len(str(value).strip()) <= 10:
            issues.append(Issue(key, f"{key}: {value!r} has no time of day (2027-01-12 09:30)"))
            return None
    if moment.tzinfo is not None:
        return moment.astimezone(BRUSSELS)
    return moment.replace(tzinfo=BRUSSELS)


def _length(start: datetime, value, issues: list[Issue]) -> timedelta:
    if value is None:
        return DEFAULT_LENGTH
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
        end = _moment(value, "end", issues)
    if end is None or end <= start:
        issues.append(Issue("end", "'end' must be a time after the start (11:00) or a later date and time"))
        return DEFAULT_LENGTH
    return end - start


# -- what is coming up --------------------------------------------------------------------


def upcoming(
    events, now: datetime, *, topic: str | None = None, place: str | None = None, days: int = 90, limit: int = 10
) -> list[tuple[Event, Occurrence]]:
    """The next occurrences (not yet ended) of the events of a topic or a place, soonest first."""
    found = []
    for event in events:
        if topic is not None and topic not in event.topics:
            continue
        if place is not None and event.place != place:
            continue
        for occurrence in event.occurrences(now, now + timedelta(days=days)):
            found.append((event, occurrence))
    found.sort(key=lambda pair: (pair[1].start, pair[0].id))
    return found[:limit]


# -- "add to my calendar" -------------------------------------------------------------------


def to_ics(
    event: Event,
    lang: str,
    now: datetime,
    *,
    fallbacks: tuple[str, ...] = (),
    place: Place | None = None,
    url: str | None = None,
) -> bytes:
    """The event as an iCalendar file in the visitor's language, else the first of ``fallbacks``
    (the kiosk's configured chain for that language) that it is written in."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Newcomer information kiosk//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = icalendar.Event()
    # The same UID on every download, so importing twice updates instead of duplicating.
    vevent.add("uid", f"{event.id}@newcomer-kiosk")
    vevent.add("dtstamp", now.astimezone(BRUSSELS))
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.start + event.length)
    vevent.add("summary", event.title(lang, fallbacks))
    description = event.description(lang, fallbacks)
    if description:
        vevent.add("description", description)
    if place is not None:
        address = place.address(lang, fallbacks)
        vevent.add("location", ", ".join(filter(None, [place.name(lang, fallbacks), address])))
        if place.coordinates:
            vevent.add("geo", place.coordinates)
    if url or event.website:
        vevent.add("url", event.website or url)
    if event.repeat:
        vevent.add("rrule", icalendar.vRecur.from_ical(event.repeat))
    for extra in event.dates:
        vevent.add("rdate", extra)
    for day in event.exceptions:
        vevent.add("exdate", datetime.combine(day, event.start.timetz()))
    calendar.add_component(vevent)
    # Calendar programs need the VTIMEZONE to place TZID=Europe/Brussels times correctly.
    calendar.add_missing_timezones()
    return calendar.to_ical()
