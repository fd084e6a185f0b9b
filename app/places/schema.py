"""Reading a place file: its fields declared once (PLACE_FIELDS), each read by its type with a
clear message for staff when it is wrong. No Flask.

The field types shared with events and notices (texts per language, dates, web addresses) are
in app/content/field_types.py and value_types.py; the types here are a place's own: opening
hours, coordinates, closures.
"""

from __future__ import annotations

import opening_hours

from ..content.field_types import Date, Email, Entry, Ids, ListOf, PerLanguageText, SpokenLanguages
from ..content.fields import Context, Field, FieldType, Issue, Raw, Spec, read_fields
from ..content.value_types import Bool, Choice, Text, Url, one_line
from ..content.yamlsafe import YamlDocument
from .hours import parse_hours
from .model import Closure, Place

__all__ = ["PLACE_FIELDS", "Issue", "opening_hours_problem", "place_from_mapping"]


class OpeningHours(FieldType):
    """OpenStreetMap's opening_hours syntax, as opening-hours-py reads it."""

    def value_from_raw(self, raw: Raw):
        hours = one_line(raw.value)
        problem = opening_hours_problem(hours)
        return raw.bad_value(problem) if problem else hours


class Coordinates(FieldType):
    def value_from_raw(self, raw: Raw):
        value = raw.value
        usage = "'coordinates' must be [latitude, longitude] in degrees, e.g. [50.8467, 4.3525]"
        if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, (int, float)) for v in value):
            return raw.bad_value(usage)
        lat, lon = float(value[0]), float(value[1])
        # Everything the kiosk lists is in or near Belgium; swapped numbers are the usual slip.
        if not (49.4 <= lat <= 51.6 and 2.5 <= lon <= 6.5):
            return raw.bad_value(f"{usage}; ({lat}, {lon}) is not in Belgium")
        return lat, lon


def _closure(values: dict, raw: Raw):
    first, last = values["from"], values["until"]
    if last is not None and last < first:
        return raw.bad_value(f"closure ends ({last}) before it starts ({first})")
    return Closure(first, last, values["reason"])


class Closures(ListOf):
    """Temporary closures, soonest first; one closure may be written without the list."""

    def value_from_raw(self, raw: Raw):
        if isinstance(raw.value, dict):
            raw = Raw(raw.name, [raw.value], raw.reading, raw.at)
        closures = super().value_from_raw(raw)
        return closures if not isinstance(closures, tuple) else tuple(sorted(closures, key=lambda c: c.first))


_CLOSED = "'closed' is a list of temporary closures: - {from: 2026-12-24, until: 2027-01-03, reason: {en: …}}"
CLOSURE_FIELDS = Spec(
    fields=(
        Field("from", Date(), required=True, missing=_CLOSED),
        Field("until", Date()),
        Field("reason", PerLanguageText(), default={}),
    ),
    not_a_mapping=_CLOSED,
)

PLACE_FIELDS = Spec(
    fields=(
        Field(
            "name",
            PerLanguageText(),
            required=True,
            missing="missing 'name' (name: {fr: …, nl: …} or one name for all)",
        ),
        Field("address", PerLanguageText(), default={}),
        Field("coordinates", Coordinates()),
        Field("phone", Text()),
        Field("email", Email()),
        Field("website", Url()),
        Field("opening_hours", OpeningHours()),
        Field("appointment_only", Bool(), default=False),
        Field("booking", Url()),
        Field("closed", Closures(Entry(CLOSURE_FIELDS, _closure, fatal=False), _CLOSED), default=()),
        Field("languages", SpokenLanguages(), default=()),
        Field("wheelchair", Choice(("yes", "limited", "no"), {True: "yes", False: "no"})),
        Field(
            "topics",
            Ids(
                "'topics' is a list of topic ids: [housing, employment]",
                "topic_ids",
                "unknown topic {id!r} (see topics.yaml)",
            ),
            default=(),
        ),
        Field("about", PerLanguageText(), default={}),
        Field("source", Url()),
        Field("updated", Date()),
    ),
    not_a_mapping="a place file is a mapping: name:, address:, opening_hours: …",
)
_ATTRIBUTES = {"name": "names", "address": "addresses", "closed": "closures"}


def place_from_mapping(
    place_id: str, data, languages, topic_ids, document: YamlDocument | None = None
) -> tuple[Place | None, list[Issue]]:
    """Check the parsed YAML of places/<place_id>.yaml against PLACE_FIELDS; never raises.
    With the file's ``document``, every issue has its line."""
    reading = read_fields(PLACE_FIELDS, data, Context.of(languages, topic_ids), document)
    if not reading.usable:
        return None, reading.issues
    values = {_ATTRIBUTES.get(name, name): value for name, value in reading.values.items()}
    place = Place(id=place_id, **values)
    if place.booking and not place.appointment_only:
        reading.add("booking", "'booking' is given but 'appointment_only' is not true", False, reading.line("booking"))
    return place, reading.issues


def opening_hours_problem(text: str) -> str | None:
    """Why an opening_hours value cannot be used, or None when it is fine."""
    try:
        parse_hours(text)
    except (SyntaxError, opening_hours.ParserError) as error:
        detail = str(error).strip().splitlines()
        where = next((line.strip() for line in detail if line.strip().startswith("=")), "")
        return (
            f"opening_hours {text!r} is not valid OpenStreetMap opening_hours syntax"
            + (f" ({where.lstrip('= ').strip()})" if where else "")
            + "; example: Mo-Fr 09:00-12:00,13:00-16:00; PH off"
        )
    return None
