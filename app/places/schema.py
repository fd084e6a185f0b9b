"""Reading a place file: each field checked, with a clear message for staff when it is wrong. No Flask.

events.py reads the fields that events share with places (texts per language, dates, web
addresses) with these same readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import opening_hours
from babel import Locale, UnknownLocaleError

from .hours import parse_hours
from .model import Closure, Place

_WHEELCHAIR = ("yes", "limited", "no")
# The fields of a place file, in the order they are written (a new one goes after those before it).
PLACE_FIELDS = (
    "name",
    "address",
    "coordinates",
    "phone",
    "email",
    "website",
    "opening_hours",
    "appointment_only",
    "booking",
    "closed",
    "languages",
    "wheelchair",
    "topics",
    "about",
    "source",
    "updated",
)
_KNOWN_FIELDS = set(PLACE_FIELDS)


# -- reading a place file ----------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A problem in a place or event file, tied to the top-level field it comes from."""

    field: str | None
    message: str
    fatal: bool = False


def place_from_mapping(place_id: str, data, languages, topic_ids) -> tuple[Place | None, list[Issue]]:
    """Validate the parsed YAML of places/<place_id>.yaml; never raises."""
    issues: list[Issue] = []
    if not isinstance(data, dict):
        return None, [Issue(None, "a place file is a mapping: name:, address:, opening_hours: …", fatal=True)]
    for key in data:
        if key not in _KNOWN_FIELDS:
            issues.append(Issue(str(key), f"unknown field {key!r}"))

    names = per_language(data.get("name"), "name", languages, issues)
    if not names:
        issues.append(Issue("name", "missing 'name' (name: {fr: …, nl: …} or one name for all)", fatal=True))
        return None, issues
    addresses = per_language(data.get("address"), "address", languages, issues)

    hours = data.get("opening_hours")
    if hours is not None:
        hours = " ".join(str(hours).split())
        problem = opening_hours_problem(hours)
        if problem:
            issues.append(Issue("opening_hours", problem))
            hours = None

    place = Place(
        id=place_id,
        names=names,
        addresses=addresses,
        coordinates=_coordinates(data.get("coordinates"), issues),
        phone=_text(data.get("phone"), "phone", issues),
        email=_email(data.get("email"), issues),
        website=web_address(data.get("website"), "website", issues),
        opening_hours=hours,
        appointment_only=_flag(data.get("appointment_only"), "appointment_only", issues),
        booking=web_address(data.get("booking"), "booking", issues),
        closures=_closures(data.get("closed"), languages, issues),
        languages=spoken_languages(data.get("languages"), issues),
        wheelchair=_wheelchair(data.get("wheelchair"), issues),
        topics=_topics(data.get("topics"), topic_ids, issues),
        about=per_language(data.get("about"), "about", languages, issues),
        source=web_address(data.get("source"), "source", issues),
        updated=parse_day(data.get("updated"), "updated", issues),
    )
    if place.booking and not place.appointment_only:
        issues.append(Issue("booking", "'booking' is given but 'appointment_only' is not true"))
    return place, issues


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


def per_language(value, key: str, languages, issues: list[Issue]) -> dict[str, str]:
    """{lang: text} from a mapping, or one text for every language (names of offices)."""
    if value is None:
        return {}
    if isinstance(value, (str, int, float)) and str(value).strip():
        return {"*": " ".join(str(value).split())}
    if isinstance(value, dict) and value:
        texts = {}
        for code, text in value.items():
            if code not in languages:
                issues.append(Issue(key, f"{key}: unknown language code {code!r}"))
            elif not isinstance(text, (str, int)) or not str(text).strip():
                issues.append(Issue(key, f"{key}.{code} must be text"))
            else:
                texts[code] = " ".join(str(text).split())
        return texts
    issues.append(Issue(key, f"'{key}' must be text, or text per language ({key}: {{fr: …, nl: …}})"))
    return {}


def web_address(value, key: str, issues: list[Issue]) -> str | None:
    if value is None:
        return None
    parts = urlsplit(str(value).strip())
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.netloc:
        issues.append(Issue(key, f"'{key}' must be a web address starting with https://"))
        return None
    return value.strip()


def parse_day(value, key: str, issues: list[Issue]) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        issues.append(Issue(key, f"'{key}' must be a date written YYYY-MM-DD"))
        return None


def _text(value, key, issues) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int)) or not str(value).strip():
        issues.append(Issue(key, f"'{key}' must be text"))
        return None
    return " ".join(str(value).split())


def _email(value, issues) -> str | None:
    text = _text(value, "email", issues)
    if text and ("@" not in text or " " in text):
        issues.append(Issue("email", f"'email' {text!r} is not an e-mail address"))
        return None
    return text


def _flag(value, key, issues) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        issues.append(Issue(key, f"'{key}' must be true or false"))
        return False
    return value


def _coordinates(value, issues) -> tuple[float, float] | None:
    if value is None:
        return None
    usage = "'coordinates' must be [latitude, longitude] in degrees, e.g. [50.8467, 4.3525]"
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, (int, float)) for v in value):
        issues.append(Issue("coordinates", usage))
        return None
    lat, lon = float(value[0]), float(value[1])
    # Everything the kiosk lists is in or near Belgium; swapped numbers are the usual slip.
    if not (49.4 <= lat <= 51.6 and 2.5 <= lon <= 6.5):
        issues.append(Issue("coordinates", f"{usage}; ({lat}, {lon}) is not in Belgium"))
        return None
    return lat, lon


def _closures(value, languages, issues) -> tuple[Closure, ...]:
    if value is None:
        return ()
    usage = "'closed' is a list of temporary closures: - {from: 2026-12-24, until: 2027-01-03, reason: {en: …}}"
    entries = value if isinstance(value, list) else [value]
    closures = []
    for entry in entries:
        if not isinstance(entry, dict) or "from" not in entry:
            issues.append(Issue("closed", usage))
            continue
        first = parse_day(entry.get("from"), "closed", issues)
        last = parse_day(entry.get("until"), "closed", issues) if entry.get("until") is not None else None
        if first is None:
            continue
        if last is not None and last < first:
            issues.append(Issue("closed", f"closure ends ({last}) before it starts ({first})"))
            continue
        reasons = per_language(entry.get("reason"), "closed", languages, issues)
        closures.append(Closure(first, last, reasons))
    return tuple(sorted(closures, key=lambda c: c.first))


def spoken_languages(value, issues) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        issues.append(Issue("languages", "'languages' is a list of language codes: [fr, nl, en]"))
        return ()
    codes = []
    for code in value:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            issues.append(Issue("languages", f"'languages': {code!r} is not a language code"))
            continue
        codes.append(code)
    return tuple(codes)


def _wheelchair(value, issues) -> str | None:
    if value is None:
        return None
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value not in _WHEELCHAIR:
        issues.append(Issue("wheelchair", "'wheelchair' is yes, limited or no"))
        return None
    return value


def _topics(value, topic_ids, issues) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        issues.append(Issue("topics", "'topics' is a list of topic ids: [housing, employment]"))
        return ()
    for topic in value:
        if topic not in topic_ids:
            issues.append(Issue("topics", f"unknown topic {topic!r} (see topics.yaml)"))
    return tuple(t for t in value if t in topic_ids)
