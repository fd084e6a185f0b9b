"""What a place is: an office or service with its address, hours and texts per language. No Flask."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
COUNTRY = "BE"


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
        return in_language(self.names, lang, fallbacks) or self.id

    def address(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
        return in_language(self.addresses, lang, fallbacks)

    def description(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
        return in_language(self.about, lang, fallbacks)

    def maps_url(self) -> str | None:
        """An OpenStreetMap link: the exact point when known, else a search for the address."""
        if self.coordinates:
            lat, lon = self.coordinates
            return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"
        address = self.address("fr") or next(iter(self.addresses.values()), None)
        if address:
            return "https://www.openstreetmap.org/search?query=" + quote(address)
        return None


def in_language(values: dict[str, str], lang: str, fallbacks: tuple[str, ...]) -> str | None:
    for code in (lang, *fallbacks):
        if code in values:
            return values[code]
    return next(iter(values.values()), None)
