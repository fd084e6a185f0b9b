"""Events: recurrence expanded in Brussels wall-clock time, upcoming lists, .ics files that
parse back with the icalendar library to the same occurrences. No app."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
from dateutil.rrule import rrulestr

from app.events import Occurrence, event_from_mapping, to_ics, upcoming
from app.places import BRUSSELS, Place

LANGS = {"en", "fr", "uk"}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def make(event_id="info", **data):
    data = {"title": {"en": "Information session", "fr": "Séance d'information"}, **data}
    event, issues = event_from_mapping(event_id, data, LANGS, {"housing"}, {"office"})
    assert not issues, issues
    return event


SERIES = dict(
    start="2027-03-16 09:30", end="11:00", repeat="FREQ=WEEKLY;BYDAY=TU;COUNT=5", topics=["housing"], place="office"
)


def test_weekly_rule_keeps_the_wall_clock_time_across_summer_time():
    event = make(**SERIES, **{"except": ["2027-03-30"]})
    found = event.occurrences(at(2027, 1, 1), at(2028, 1, 1))
    assert [o.start for o in found] == [
        at(2027, 3, 16, 9, 30),
        at(2027, 3, 23, 9, 30),
        at(2027, 4, 6, 9, 30),
        at(2027, 4, 13, 9, 30),
    ]
    assert [o.start.utcoffset() for o in found] == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 2
    assert all(o.end - o.start == timedelta(minutes=90) for o in found)


def test_monthly_rule_on_the_second_wednesday_and_extra_dates():
    event = make(start="2027-01-13 14:00", end="16:00", repeat="FREQ=MONTHLY;BYDAY=2WE", dates=["2027-02-01 10:00"])
    starts = [o.start for o in event.occurrences(at(2027, 1, 1), at(2027, 5, 1))]
    assert starts == [
        at(2027, 1, 13, 14),
        at(2027, 2, 1, 10),
        at(2027, 2, 10, 14),
        at(2027, 3, 10, 14),
        at(2027, 4, 14, 14),
    ]


def test_an_occurrence_under_way_is_still_upcoming_and_a_finished_one_is_not():
    event = make(**SERIES)
    assert upcoming([event], at(2027, 3, 16, 10, 0))[0][1] == Occurrence(at(2027, 3, 16, 9, 30), at(2027, 3, 16, 11))
    assert upcoming([event], at(2027, 3, 16, 11, 0))[0][1].start == at(2027, 3, 23, 9, 30)
    assert upcoming([event], at(2027, 6, 1)) == []


def test_upcoming_filters_by_topic_and_place_and_sorts_by_time():
    first = make("b-late", start="2027-03-20 10:00", topics=["housing"])
    second = make("a-early", start="2027-03-18 10:00", place="office")
    assert [e.id for e, _ in upcoming([first, second], at(2027, 3, 1))] == ["a-early", "b-late"]
    assert [e.id for e, _ in upcoming([first, second], at(2027, 3, 1), topic="housing")] == ["b-late"]
    assert [e.id for e, _ in upcoming([first, second], at(2027, 3, 1), place="office")] == ["a-early"]


def test_ics_parses_back_to_the_same_occurrences():
    event = make(**SERIES, **{"except": ["2027-03-30"]}, about={"en": "Bring your residence card."})
    place = Place(id="office", names={"en": "Office"}, addresses={"en": "Rue Haute 1, 1000 Brussels"})
    body = to_ics(event, "fr", at(2027, 1, 1), place=place, url="http://kiosk.example/fr/places/office")
    calendar = icalendar.Calendar.from_ical(body)
    assert any(c.name == "VTIMEZONE" and str(c["TZID"]) == "Europe/Brussels" for c in calendar.walk())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Séance d'information"
    assert str(vevent["UID"]) == "info@newcomer-kiosk"
    assert str(vevent["LOCATION"]) == "Office, Rue Haute 1, 1000 Brussels"
    start = vevent.decoded("DTSTART")
    assert start == at(2027, 3, 16, 9, 30) and str(start.tzinfo) == "Europe/Brussels"
    assert vevent.decoded("DTEND") - start == timedelta(minutes=90)
    # Expand the parsed rule and exceptions independently of the kiosk's own expansion.
    rule = rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start)
    skipped = {d.dt.date() for d in vevent["EXDATE"].dts} if not isinstance(vevent["EXDATE"], list) else set()
    assert skipped == {date(2027, 3, 30)}
    parsed = [s for s in rule if s.date() not in skipped]
    assert parsed == [o.start for o in event.occurrences(at(2027, 1, 1), at(2028, 1, 1))]


def test_bad_event_fields_are_reported():
    data = {
        "title": {"en": "X"},
        "start": "2027-03-16 09:30",
        "end": "08:00",
        "repeat": "FREQ=FORTNIGHTLY",
        "place": "nowhere",
        "topics": ["unknown"],
        "except": ["not a date"],
    }
    event, issues = event_from_mapping("x", data, LANGS, {"housing"}, {"office"})
    assert sorted(i.field for i in issues) == ["end", "except", "place", "repeat", "topics"]
    assert event.repeat is None and event.place is None and event.length == timedelta(hours=1)
    none, issues = event_from_mapping("y", {"title": {"en": "Y"}, "start": "2027-03-16"}, LANGS, set(), set())
    assert none is None and any(i.fatal and i.field == "start" for i in issues)


def test_ics_follows_the_given_fallback_chain():
    """A Russian reader gets the Ukrainian title before the general fallbacks (the kiosk's chain
    for the language, app/languages), not a fixed English-French-Dutch order."""
    event = make("chain", start="2027-03-18 10:00", title={"en": "Information session", "uk": "Інформаційна зустріч"})
    body = to_ics(event, "ru", at(2027, 1, 1), fallbacks=("uk", "en"))
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Інформаційна зустріч"
    body = to_ics(event, "ru", at(2027, 1, 1), fallbacks=("en", "uk"))
    assert str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"]) == "Information session"
