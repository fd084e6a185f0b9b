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
from datetime import date, datetime, timedelta

import icalendar
from dateutil.rrule import rrulestr

from ..places.model import BRUSSELS, Place

DEFAULT_LENGTH = timedelta(hours=1)
# Never expand more than this many occurrences of one rule (a rule without end is legal).
_MAX_OCCURRENCES = 500
# Never walk more than this many repeats from the start to reach a page's dates (a daily rule
# from 1972); the repeats walked are kept, so the next page does not walk them again.
_MAX_REPEATS_WALKED = 20_000


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
