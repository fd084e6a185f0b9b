"""Opening status, holidays, periods and language names in the visitor's language. No Flask.

The names of Belgian public holidays come from the ``holidays`` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from ..languages import facts_of
from .hours import OpeningStatus, State, belgian_holidays
from .model import BRUSSELS, in_language

# -- words and numbers in the visitor's language --------------------------------------------


def holiday_name(day: date, lang: str) -> str | None:
    """The public holiday's name in ``lang`` when the holidays package has it, else None."""
    language = facts_of(lang).holiday_language  # the languages the holidays package names them in
    if language is None:
        return None
    return belgian_holidays(day.year, language).get(day)


@dataclass(frozen=True)
class StatusWords:
    """The parts of an "open now" line already formatted for a locale by Babel (CLDR data).

    ``day_kind`` says which sentence to use: "today", "tomorrow", "weekday" (``day`` is a
    weekday name, within the coming week) or "date" (``day`` is a date).
    """

    state: State
    at: datetime | None = None  # the moment ``time`` and ``day`` describe (for <time datetime>)
    time: str | None = None
    day: str | None = None
    day_kind: str | None = None
    holiday: str | None = None
    until: str | None = None  # last day of a temporary closure
    reason: str | None = None


def status_words(status: OpeningStatus, lang: str, locale: str, fallbacks: tuple[str, ...] = ()) -> StatusWords:
    """Format a status's times and days in ``locale`` (a Babel locale such as "fr", "fa_AF"); a
    closure's reason in ``lang``, else in the first of ``fallbacks`` it is written in."""
    moment = status.closes_at if status.state == State.OPEN else status.opens_at
    time_text = day = kind = None
    if moment is not None:
        moment = moment.astimezone(BRUSSELS)
        time_text = format_time(moment, "short", tzinfo=BRUSSELS, locale=locale)
        kind, day = _relative_day(moment.date(), status.now.date(), locale)
    closure = status.closure
    return StatusWords(
        state=status.state,
        at=moment,
        time=time_text,
        day=day,
        day_kind=kind,
        holiday=holiday_name(status.holiday, lang) if status.holiday else None,
        until=format_date(closure.last, "long", locale=locale) if closure and closure.last else None,
        reason=in_language(closure.reasons, lang, fallbacks) if closure else None,
    )


def _relative_day(day: date, today: date, locale: str) -> tuple[str, str]:
    if day == today:
        return "today", format_date(day, "EEEE", locale=locale)
    if day == today + timedelta(days=1):
        return "tomorrow", format_date(day, "EEEE", locale=locale)
    if day < today + timedelta(days=7):
        return "weekday", format_date(day, "EEEE", locale=locale)
    return "date", format_date(day, "full", locale=locale)


def format_period(start: datetime, end: datetime, locale: str) -> str:
    """ "9:00 – 12:00" in the locale's own time format (and digits)."""
    first = format_time(start, "short", tzinfo=BRUSSELS, locale=locale)
    second = format_time(end, "short", tzinfo=BRUSSELS, locale=locale)
    if end.time() == time() and end.date() > start.date():
        second = format_time(time(0), "short", locale=locale)
    return f"{first}\u2009\u2013\u2009{second}"


def language_name(code: str, locale: str) -> str:
    """A spoken language's name in the visitor's language, from CLDR."""
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, UnknownLocaleError):
        return code


def weekly_hours_in_words(week, locale: str) -> list[tuple[str, str]]:
    """Each row of a WeeklyHours (places.weekly) as (days, periods) in ``locale``'s words from CLDR:
    ("Monday, Tuesday and Friday", "9:00 – 12:00 and 13:00 – 16:00")."""
    from babel.dates import get_day_names
    from babel.lists import format_list

    from .weekly import DAYS

    names = get_day_names("wide", locale=locale)
    rows = []
    for row in week.rows:
        days = format_list([names[DAYS.index(day)] for day in DAYS if day in row.days], locale=locale)
        periods = [
            format_period(
                datetime.combine(date(2000, 1, 3), start, BRUSSELS),
                datetime.combine(date(2000, 1, 3 if end > start else 4), end, BRUSSELS),
                locale,
            )
            for start, end in sorted(row.periods)
        ]
        rows.append((days, format_list(periods, locale=locale)))
    return rows
