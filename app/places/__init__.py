"""Offices and services: what a place file says, and whether the place is open now. No Flask.

- ``model``: what a place is (Place, Closure);
- ``schema``: reading a place file, each field checked (events read their shared fields with it);
- ``hours``: open now, the week's hours, Belgian public holidays (opening-hours-py, Europe/Brussels);
- ``words``: statuses, holidays, periods and language names in the visitor's language;
- ``todo``: what staff still has to find out about each place (`content status --places`).
"""

from .hours import DayHours, OpeningStatus, State, next_opening, opening_status, week_hours
from .model import BRUSSELS, COUNTRY, Closure, Place
from .schema import Issue, place_from_mapping
from .words import StatusWords, format_period, holiday_name, language_name, status_words

__all__ = [
    "BRUSSELS",
    "COUNTRY",
    "Closure",
    "DayHours",
    "Issue",
    "OpeningStatus",
    "Place",
    "State",
    "StatusWords",
    "format_period",
    "holiday_name",
    "language_name",
    "next_opening",
    "opening_status",
    "place_from_mapping",
    "status_words",
    "week_hours",
]
