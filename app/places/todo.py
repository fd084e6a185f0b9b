"""What staff still has to find out about each place: the to-do behind `content status --places`. No Flask.

A fact that could not be checked on an official page is left out of a place file rather than
guessed; this module turns those gaps, and facts not checked for a long time, into a list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import Place

# Opening hours, phones and addresses of Brussels services change often: check them at least
# twice a year unless told otherwise.
DEFAULT_STALE_AFTER_DAYS = 180


# Fields that only say something is to do when empty, with what (after the address and hours).
_EMPTY_FIELDS = (
    ("phone", "no phone"),
    ("website", "no website"),
    ("languages", "no languages spoken at the counter"),
    ("topics", "no topics (visitors cannot find it from a topic page)"),
    ("source", "no source (the official page the facts come from)"),
)


@dataclass(frozen=True)
class PlaceTodo:
    place_id: str
    name: str
    missing: tuple[str, ...]  # one short English phrase per thing to do, most important first


def place_todo(places: Iterable[Place], today: date, stale_after: int = DEFAULT_STALE_AFTER_DAYS) -> list[PlaceTodo]:
    """One row per place (sorted by id) listing what is missing or no longer checked."""
    return [
        PlaceTodo(place.id, place.name("en", ("fr", "nl")), tuple(_gaps(place, today, stale_after)))
        for place in sorted(places, key=lambda p: p.id)
    ]


def _gaps(place: Place, today: date, stale_after: int):
    if not place.addresses:
        yield "no address"
    if place.appointment_only:
        if not place.booking:
            yield "appointment only, but no booking link"
    elif not place.opening_hours:
        yield "no opening hours"
    yield from (gap for name, gap in _EMPTY_FIELDS if not getattr(place, name))
    if place.updated is None:
        yield "never verified (no 'updated' date)"
    elif (today - place.updated).days > stale_after:
        yield f"not verified for {(today - place.updated).days} days (last on {place.updated.isoformat()})"
    for closure in place.closures:
        if closure.last is not None and closure.last < today:
            yield f"temporary closure {closure.first.isoformat()} to {closure.last.isoformat()} is over: remove it"


def format_place_todo(rows: list[PlaceTodo]) -> str:
    """The to-do as text for a terminal: one block per place with gaps, then a count."""
    lines = []
    for row in rows:
        if row.missing:
            lines.append(f"{row.place_id} ({row.name})")
            lines.extend(f"  - {item}" for item in row.missing)
    complete = sum(not row.missing for row in rows)
    lines.append(f"{len(rows) - complete} of {len(rows)} places need attention; {complete} complete.")
    return "\n".join(lines) + "\n"
