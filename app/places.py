"""Offices and services: what a place file says, and whether the place is open now. No Flask.

Opening hours are written in OpenStreetMap's ``opening_hours`` syntax and evaluated by
opening-hours-py in Europe/Brussels time with Belgian public holidays (``PH``). The names of
those holidays come from the ``holidays`` package. Every function takes the moment to judge
(``now``) as an argument, so tests and the views decide what time it is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import holidays
import opening_hours
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

BRUSSELS = ZoneInfo("Europe/Brussels")
COUNTRY = "BE"
# How far ahead "opens on …" looks. Past this, a closed place just says it is closed.
_LOOK_AHEAD = timedelta(days=14)
_WHEELCHAIR = ("yes", "limited", "no")
_KNOWN_FIELDS = {
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
}


# -- what a place is -------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    """A temporary closure, both days included (``last`` None: until further notice)."""

    first: date
    last: date | None
    reasons: dict[str, str] = field(default_factory=dict)

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class Place:
    id: str
    names: dict[str, str]
    addresses: dict[str, str] = field(default_factory=dict)
    coordinates: tuple[float, float] | None = None  # (latitude, longitude)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: str | None = None  # OSM syntax, already validated
    appointment_only: bool = False
    booking: str | None = None  # where to book: a web address
    closures: tuple[Closure, ...] = ()
    languages: tuple[str, ...] = ()  # spoken at the counter, language codes
    wheelchair: str | None = None  # "yes", "limited", "no" (OSM's values)
    topics: tuple[str, ...] = ()
    about: dict[str, str] = field(default_factory=dict)  # one short sentence per language
    source: str | None = None
    updated: date | None = None

    def name(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        return _in_language(self.names, lang, fallbacks) or self.id

    def address(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
        return _in_language(self.addresses, lang, fallbacks)

    def description(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
        return _in_language(self.about, lang, fallbacks)

    def maps_url(self) -> str | None:
        """An OpenStreetMap link: the exact point when known, else a search for the address."""
        if self.coordinates:
            lat, lon = self.coordinates
            return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"
        address = self.address("fr") or next(iter(self.addresses.values()), None)
        if address:
            return "https://www.openstreetmap.org/search?query=" + quote(address)
        return None


def _in_language(values: dict[str, str], lang: str, fallbacks: tuple[str, ...]) -> str | None:
    for code in (lang, *fallbacks):
        if code in values:
            return values[code]
    return next(iter(values.values()), None)


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
        languages=_spoken_languages(data.get("languages"), issues),
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
        _evaluator(text)
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


def _spoken_languages(value, issues) -> tuple[str, ...]:
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
def _evaluator(text: str, country: str | None = COUNTRY) -> opening_hours.OpeningHours:
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

    hours = _evaluator(place.opening_hours)
    state, _comment = hours.state(now)
    if state == opening_hours.State.OPEN:
        closes_at = hours.next_change(now)
        return OpeningStatus(State.OPEN, now, closes_at=closes_at.astimezone(BRUSSELS) if closes_at else None)
    if state == opening_hours.State.UNKNOWN:
        return OpeningStatus(State.UNKNOWN, now)
    opens_at = next_opening(place, now)
    if today in _belgian_holidays(today.year) and _would_open_on(place, today):
        return OpeningStatus(State.HOLIDAY, now, opens_at=opens_at, holiday=today)
    return OpeningStatus(State.CLOSED, now, opens_at=opens_at)


def next_opening(place: Place, now: datetime) -> datetime | None:
    """The start of the next opening period after ``now``, skipping temporary closures."""
    if not place.opening_hours:
        return None
    hours = _evaluator(place.opening_hours)
    for start, _end, state, _comment in hours.intervals(now, now + _LOOK_AHEAD):
        if state == opening_hours.State.OPEN and start > now:
            start = start.astimezone(BRUSSELS)
            if not any(c.covers(start.date()) for c in place.closures):
                return start
    return None


def _would_open_on(place: Place, day: date) -> bool:
    """Whether the hours open on ``day`` when public holidays are ignored."""
    plain = _evaluator(place.opening_hours, country=None)
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
    hours = _evaluator(place.opening_hours)
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
        holiday = day in _belgian_holidays(day.year) and not periods and _would_open_on(place, day)
        days.append(DayHours(day, () if closure else periods, holiday, closure))
    return days


# -- words and numbers in the visitor's language --------------------------------------------

# The ``holidays`` package names Belgian holidays in these languages; others get no name.
_HOLIDAY_LANGUAGES = {"fr": "fr", "nl": "nl", "de": "de", "uk": "uk", "en": "en_US"}


@cache
def _belgian_holidays(year: int, language: str | None = None) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year, language=language)


def holiday_name(day: date, lang: str) -> str | None:
    """The public holiday's name in ``lang`` when the holidays package has it, else None."""
    language = _HOLIDAY_LANGUAGES.get(lang)
    if language is None:
        return None
    return _belgian_holidays(day.year, language).get(day)


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


def status_words(status: OpeningStatus, lang: str, locale: str) -> StatusWords:
    """Format a status's times and days in ``locale`` (a Babel locale such as "fr", "fa_AF")."""
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
        reason=_in_language(closure.reasons, lang, ("en", "fr", "nl")) if closure else None,
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
