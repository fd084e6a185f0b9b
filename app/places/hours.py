"""Whether a place is open now, and its hours this week. No Flask.

Opening hours are written in OpenStreetMap's ``opening_hours`` syntax and evaluated by
opening-hours-py in Europe/Brussels time with Belgian public holidays (``PH``). Every function
takes the moment to judge (``now``) as an argument, so tests and the views decide what time it is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
import opening_hours

from .model import BRUSSELS, COUNTRY, Closure, Place

# How far ahead "opens on …" looks. Past this, a closed place just says it is closed.
_LOOK_AHEAD = timedelta(days=14)


# -- open now ----------------------------------------------------------------------------


class State(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    HOLIDAY = "holiday"  # closed today because it is a public holiday
    APPOINTMENT = "appointment"  # by appointment only
    TEMPORARILY_CLOSED = "temporarily-closed"
    UNKNOWN = "unknown"  # no opening hours known: check the website


@dataclass(frozen=True)
class OpeningStatus:
    state: State
    now: datetime
    closes_at: datetime | None = None  # when OPEN (None: open around the clock)
    opens_at: datetime | None = None  # when CLOSED or HOLIDAY, the next opening in the next two weeks
    holiday: date | None = None  # when HOLIDAY
    closure: Closure | None = None  # when TEMPORARILY_CLOSED


@cache
def parse_hours(text: str, country: str | None = COUNTRY) -> opening_hours.OpeningHours:
    """A parsed expression; built once per text (parsing is the costly part)."""
    return opening_hours.OpeningHours(text, timezone=BRUSSELS, country=country, auto_country=False)


def opening_status(place: Place, now: datetime) -> OpeningStatus:
    """Whether ``place`` is open at ``now`` (any time zone), judged in Brussels."""
    now = now.astimezone(BRUSSELS)
    today = now.date()
    closure = next((c for c in place.closures if c.covers(today)), None)
    if closure:
        return OpeningStatus(State.TEMPORARILY_CLOSED, now, closure=closure)
    if place.appointment_only:
        return OpeningStatus(State.APPOINTMENT, now)
    if not place.opening_hours:
        return OpeningStatus(State.UNKNOWN, now)

    hours = parse_hours(place.opening_hours)
    state, _comment = hours.state(now)
    if state == opening_hours.State.OPEN:
        closes_at = hours.next_change(now)
        return OpeningStatus(State.OPEN, now, closes_at=closes_at.astimezone(BRUSSELS) if closes_at else None)
    if state == opening_hours.State.UNKNOWN:
        return OpeningStatus(State.UNKNOWN, now)
    opens_at = next_opening(place, now)
    if today in belgian_holidays(today.year) and _would_open_on(place, today):
        return OpeningStatus(State.HOLIDAY, now, opens_at=opens_at, holiday=today)
    return OpeningStatus(State.CLOSED, now, opens_at=opens_at)


def next_opening(place: Place, now: datetime) -> datetime | None:
    """The start of the next opening period after ``now``, skipping temporary closures."""
    if not place.opening_hours:
        return None
    hours = parse_hours(place.opening_hours)
    for start, _end, state, _comment in hours.intervals(now, now + _LOOK_AHEAD):
        if state == opening_hours.State.OPEN and start > now:
            start = start.astimezone(BRUSSELS)
            if not any(c.covers(start.date()) for c in place.closures):
                return start
    return None


def _would_open_on(place: Place, day: date) -> bool:
    """Whether the hours open on ``day`` when public holidays are ignored."""
    plain = parse_hours(place.opening_hours, country=None)
    start = datetime.combine(day, time(), BRUSSELS)
    return any(s == opening_hours.State.OPEN for _a, _b, s, _c in plain.intervals(start, start + timedelta(days=1)))


@dataclass(frozen=True)
class DayHours:
    day: date
    periods: tuple[tuple[datetime, datetime], ...]
    holiday: bool = False
    closure: Closure | None = None


def week_hours(place: Place, today: date) -> list[DayHours]:
    """Opening periods for the seven days from ``today``: real dates, so holidays show."""
    if not place.opening_hours:
        return []
    hours = parse_hours(place.opening_hours)
    days = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        start = datetime.combine(day, time(), BRUSSELS)
        end = datetime.combine(day + timedelta(days=1), time(), BRUSSELS)
        periods = tuple(
            (max(a, start).astimezone(BRUSSELS), min(b, end).astimezone(BRUSSELS))
            for a, b, state, _c in hours.intervals(start, end)
            if state == opening_hours.State.OPEN
        )
        closure = next((c for c in place.closures if c.covers(day)), None)
        holiday = day in belgian_holidays(day.year) and not periods and _would_open_on(place, day)
        days.append(DayHours(day, () if closure else periods, holiday, closure))
    return days


@cache
def belgian_holidays(year: int, language: str | None = None) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year, language=language)
