"""Opening hours as staff pick them (rows of days with time ranges) and as the files keep them
(OpenStreetMap's ``opening_hours`` syntax), both ways. No Flask.

The studio's place form shows rows such as "Monday, Tuesday, Thursday, Friday: 9:00–12:00 and
13:00–16:00"; ``to_opening_hours`` writes them as ``Mo,Tu,Th,Fr 09:00-12:00,13:00-16:00; PH off``
and ``from_opening_hours`` reads that back. Only this plain weekly subset is read back into rows;
anything richer (months, week numbers, comments…) is kept as text for staff who know the syntax
(``from_opening_hours`` answers None), so the form never loses what it cannot show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

# OSM's day abbreviations, Monday first (the week of the opening_hours syntax).
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# Belgian public holidays closed: what nearly every office does, and what the form offers first.
HOLIDAYS_OFF = "PH off"

_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_RANGE = re.compile(rf"^({_TIME})-({_TIME})$")
_DAY_PART = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")


@dataclass(frozen=True)
class HoursRow:
    """Some days of the week sharing the same opening periods (from, to)."""

    days: tuple[str, ...]
    periods: tuple[tuple[time, time], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WeeklyHours:
    rows: tuple[HoursRow, ...]
    holidays_off: bool = True  # "PH off": closed on Belgian public holidays


class HoursProblem(ValueError):
    """A row that cannot be written as opening hours; ``row`` is its index, the message says why."""

    def __init__(self, row: int, reason: str):
        super().__init__(reason)
        self.row = row
        self.reason = reason


def to_opening_hours(week: WeeklyHours) -> str | None:
    """The OSM ``opening_hours`` text of ``week``; None when no row has days and periods.

    Raises HoursProblem for a row with days but no period (or the reverse), a period that ends
    before it starts, or overlapping periods: what a staff member would not have meant.
    """
    rules = []
    for index, row in enumerate(week.rows):
        if not row.days and not row.periods:
            continue
        if not row.days:
            raise HoursProblem(index, "no-days")
        if not row.periods:
            raise HoursProblem(index, "no-periods")
        periods = sorted(row.periods)
        for (start, end), following in zip(periods, [*periods[1:], None], strict=True):
            if end <= start and end != time(0):
                raise HoursProblem(index, "ends-before-start")
            if following is not None and following[0] < end:
                raise HoursProblem(index, "overlap")
        days = [day for day in DAYS if day in row.days]
        rules.append(f"{_days_text(days)} {','.join(_range_text(start, end) for start, end in periods)}")
    if not rules:
        return None
    if week.holidays_off:
        rules.append(HOLIDAYS_OFF)
    return "; ".join(rules)


def from_opening_hours(text: str | None) -> WeeklyHours | None:
    """The rows of an ``opening_hours`` text in the plain weekly subset, else None.

    No text gives an empty week (holidays off, as a new place starts).
    """
    if text is None or not str(text).strip():
        return WeeklyHours(rows=())
    rows, holidays_off = [], False
    for rule in (part.strip() for part in str(text).split(";")):
        if not rule:
            continue
        if rule == HOLIDAYS_OFF:
            holidays_off = True
            continue
        days_text, _, ranges_text = rule.partition(" ")
        days = _read_days(days_text)
        periods = _read_periods(ranges_text.replace(" ", ""))
        if days is None or periods is None:
            return None
        rows.append(HoursRow(days, periods))
    covered = [day for row in rows for day in row.days]
    if len(covered) != len(set(covered)):
        return None  # a later rule overrides an earlier one for a day: not what rows say
    return WeeklyHours(tuple(rows), holidays_off)


def _days_text(days: list[str]) -> str:
    """Consecutive days as ranges: Mo,Tu,We,Fr -> Mo-We,Fr."""
    parts, run = [], []
    for day in days:
        if run and DAYS.index(day) != DAYS.index(run[-1]) + 1:
            parts.append(run)
            run = []
        run.append(day)
    if run:
        parts.append(run)
    return ",".join(part[0] if len(part) == 1 else f"{part[0]}-{part[-1]}" for part in _split_pairs(parts))


def _split_pairs(runs: list[list[str]]) -> list[list[str]]:
    # Two days in a row read better as "Mo,Tu" than as the range "Mo-Tu".
    out = []
    for run in runs:
        out.extend([[day] for day in run] if len(run) == 2 else [run])
    return out


def _range_text(start: time, end: time) -> str:
    end_text = "24:00" if end == time(0) else f"{end:%H:%M}"
    return f"{start:%H:%M}-{end_text}"


def _read_days(text: str) -> tuple[str, ...] | None:
    days: list[str] = []
    for part in text.split(","):
        match = _DAY_PART.match(part)
        if not match:
            return None
        first, last = DAYS.index(match[1]), DAYS.index(match[2] or match[1])
        if last < first:
            return None  # Fr-Mo wraps the week: left to the text field
        days.extend(DAYS[first : last + 1])
    return tuple(days) if len(days) == len(set(days)) else None


def _read_periods(text: str) -> tuple[tuple[time, time], ...] | None:
    periods = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            return None
        start, end = _clock(match[1]), _clock(match[2])
        if start is None or end is None:
            return None
        periods.append((start, end))
    return tuple(periods) if periods else None


def _clock(text: str) -> time | None:
    hours, minutes = map(int, text.split(":"))
    if hours == 24:
        return time(0) if minutes == 0 else None
    return time(hours, minutes)
