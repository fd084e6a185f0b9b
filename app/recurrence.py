"""An event's repetition as staff choose it ("every Tuesday", "every two weeks", "the first
Monday of the month") and as event files keep it (an RFC 5545 rule in ``repeat:``), both ways.
No Flask.

Only the rules the studio's form can show are read back into choices; any other rule (COUNT,
BYMONTHDAY, YEARLY…) is kept as written and shown as text (``from_rule`` answers None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from .places import BRUSSELS

# RFC 5545's weekdays, Monday first (as Python's date.weekday()).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Which weekday of the month: the first to the fourth, or the last (-1).
ORDINALS = (1, 2, 3, 4, -1)
ONCE, WEEKLY, MONTHLY = "once", "weekly", "monthly"


@dataclass(frozen=True)
class Repetition:
    kind: str = ONCE
    interval: int = 1  # weekly: 1 every week, 2 every two weeks
    weekdays: tuple[str, ...] = ()  # weekly: several; monthly: one
    ordinals: tuple[int, ...] = ()  # monthly: 1..4 or -1 (last)
    until: date | None = None  # the last day it may happen (Brussels)


class RepetitionProblem(ValueError):
    """Choices that make no rule; ``reason`` is a key the form explains in the staff's language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def to_rule(repetition: Repetition, start: datetime) -> str | None:
    """The ``repeat:`` rule for the choices, or None for an event that happens once.

    No weekday chosen means the weekday of ``start``. Raises RepetitionProblem when the first
    date is not one of the days repeated (the series would have an odd first date), or the last
    day is before the first."""
    if repetition.kind == ONCE:
        return None
    own_day = WEEKDAYS[start.weekday()]
    weekdays = [day for day in WEEKDAYS if day in repetition.weekdays] or [own_day]
    if repetition.kind == WEEKLY:
        if repetition.interval not in (1, 2):
            raise RepetitionProblem("interval")
        parts = ["FREQ=WEEKLY"] + ([f"INTERVAL={repetition.interval}"] if repetition.interval != 1 else [])
        parts.append("BYDAY=" + ",".join(weekdays))
    elif repetition.kind == MONTHLY:
        if len(weekdays) != 1 or not repetition.ordinals:
            raise RepetitionProblem("monthly-day")
        ordinals = [n for n in ORDINALS if n in repetition.ordinals]
        parts = ["FREQ=MONTHLY", "BYDAY=" + ",".join(f"{n}{weekdays[0]}" for n in ordinals)]
    else:
        raise RepetitionProblem("kind")
    if repetition.until is not None:
        if repetition.until < start.date():
            raise RepetitionProblem("until-before-start")
        last = datetime.combine(repetition.until, time(23, 59, 59), BRUSSELS).astimezone(UTC)
        parts.append(f"UNTIL={last:%Y%m%dT%H%M%SZ}")
    rule = ";".join(parts)
    if not _starts_the_series(rule, start):
        raise RepetitionProblem("start-not-repeated")
    return rule


def from_rule(rule: str | None) -> Repetition | None:
    """The choices that make ``rule``, or None when the form cannot show it."""
    if rule is None or not str(rule).strip():
        return Repetition()
    parts = {}
    for part in str(rule).strip().removeprefix("RRULE:").split(";"):
        key, _, value = part.partition("=")
        if not value or key.upper() in parts:
            return None
        parts[key.upper()] = value.upper()
    frequency = parts.pop("FREQ", None)
    interval = parts.pop("INTERVAL", "1")
    until = parts.pop("UNTIL", None)
    days = parts.pop("BYDAY", "")
    if parts or not interval.isdigit() or not days:
        return None
    last = _until_day(until) if until else None
    if until and last is None:
        return None
    if frequency == "WEEKLY" and interval in ("1", "2"):
        weekdays = days.split(",")
        if not all(day in WEEKDAYS for day in weekdays):
            return None
        return Repetition(WEEKLY, int(interval), tuple(d for d in WEEKDAYS if d in weekdays), until=last)
    if frequency == "MONTHLY" and interval == "1":
        ordinals, weekday = [], None
        for part in days.split(","):
            number, day = part[:-2], part[-2:]
            if day not in WEEKDAYS or (weekday and day != weekday) or not number.lstrip("-").isdigit():
                return None
            if int(number) not in ORDINALS:
                return None
            ordinals.append(int(number))
            weekday = day
        return Repetition(MONTHLY, 1, (weekday,), tuple(n for n in ORDINALS if n in ordinals), last)
    return None


def next_starts(rule: str | None, start: datetime, now: datetime, count: int = 5) -> list[datetime]:
    """The next ``count`` starts from ``now`` (the first date included while it is to come)."""
    if rule is None:
        return [start] if start >= now else []
    found = []
    for moment in rrulestr(rule, dtstart=start):
        if moment >= now:
            found.append(moment)
        if len(found) >= count or moment > now + timedelta(days=3 * 366):
            break
    return found


def _starts_the_series(rule: str, start: datetime) -> bool:
    first = rrulestr(rule, dtstart=start).after(start - timedelta(seconds=1), inc=True)
    return first == start


def _until_day(text: str) -> date | None:
    try:
        if text.endswith("Z"):
            moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return moment.astimezone(BRUSSELS).date()
        return datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return None
