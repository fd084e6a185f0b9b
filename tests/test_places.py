"""Open now, judged in Brussels time with Belgian public holidays; no app, the clock is passed in.

Formatted times, weekday names and dates below are CLDR data as Babel formats them, in French,
Arabic and Ukrainian. The English sentences around them are checked on /en/ pages only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.config import PROJECT_ROOT
from app.content import load_content
from app.places import (
    BRUSSELS,
    Closure,
    Place,
    State,
    holiday_name,
    opening_status,
    place_from_mapping,
    status_words,
    week_hours,
)

HOURS = "Mo-Fr 09:00-12:00,13:00-16:00; PH off"
OFFICE = Place(id="office", names={"en": "Office"}, opening_hours=HOURS)
LOCALES = {"fr": "fr", "ar": "ar", "uk": "uk"}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def words(place, now, lang):
    return status_words(opening_status(place, now), lang, LOCALES.get(lang, lang))


# Wednesday 2 December 2026, 10:00: open until the lunch break.
@pytest.mark.parametrize("lang, closes", [("fr", "12:00"), ("ar", "12:00 م"), ("uk", "12:00")])
def test_open_on_a_weekday_says_when_it_closes(lang, closes):
    status = opening_status(OFFICE, at(2026, 12, 2, 10, 0))
    assert status.state == State.OPEN
    assert status.closes_at == at(2026, 12, 2, 12, 0)
    text = words(OFFICE, at(2026, 12, 2, 10, 0), lang)
    assert (text.state, text.time, text.day_kind) == (State.OPEN, closes, "today")


def test_lunch_break_opens_again_today():
    status = opening_status(OFFICE, at(2026, 12, 2, 12, 30))
    assert status.state == State.CLOSED and status.opens_at == at(2026, 12, 2, 13, 0)
    assert words(OFFICE, at(2026, 12, 2, 12, 30), "fr").day_kind == "today"


# Saturday 5 December 2026: closed, opens on Monday at 9:00.
@pytest.mark.parametrize(
    "lang, day, time", [("fr", "lundi", "09:00"), ("ar", "الاثنين", "9:00 ص"), ("uk", "понеділок", "09:00")]
)
def test_closed_at_the_weekend_says_the_weekday_it_opens(lang, day, time):
    status = opening_status(OFFICE, at(2026, 12, 5, 10, 0))
    assert status.state == State.CLOSED
    assert status.opens_at == at(2026, 12, 7, 9, 0)
    text = words(OFFICE, at(2026, 12, 5, 10, 0), lang)
    assert (text.day_kind, text.day, text.time) == ("weekday", day, time)


def test_friday_evening_opens_monday_and_sunday_evening_opens_tomorrow():
    assert opening_status(OFFICE, at(2026, 12, 4, 17, 0)).opens_at == at(2026, 12, 7, 9, 0)
    assert words(OFFICE, at(2026, 12, 6, 20, 0), "fr").day_kind == "tomorrow"


# Tuesday 21 July 2026 is National Day: the office would be open on a Tuesday.
@pytest.mark.parametrize(
    "lang, name", [("fr", "Fête nationale"), ("uk", "Національне свято"), ("ar", None), ("nl", "Nationale feestdag")]
)
def test_closed_on_a_belgian_public_holiday(lang, name):
    status = opening_status(OFFICE, at(2026, 7, 21, 10, 0))
    assert status.state == State.HOLIDAY
    assert status.holiday == date(2026, 7, 21)
    assert status.opens_at == at(2026, 7, 22, 9, 0)
    assert status.opens_at.utcoffset() == timedelta(hours=2)  # summer time
    text = words(OFFICE, at(2026, 7, 21, 10, 0), lang)
    assert text.holiday == name
    assert text.day_kind == "tomorrow"


def test_a_holiday_on_a_closed_day_is_just_closed():
    # Easter Monday 2027 (29 March) is a holiday; a weekend-only place is closed anyway.
    weekend = Place(id="weekend", names={"en": "W"}, opening_hours="Sa,Su 10:00-12:00; PH off")
    assert opening_status(weekend, at(2027, 3, 29, 11, 0)).state == State.CLOSED
    assert holiday_name(date(2027, 3, 29), "fr") == "Lundi de Pâques"


def test_christmas_and_new_year_are_skipped_when_looking_for_the_next_opening():
    status = opening_status(OFFICE, at(2026, 12, 24, 17, 0))
    assert status.opens_at == at(2026, 12, 28, 9, 0)  # 25th is Christmas, then the weekend


@pytest.mark.parametrize("lang", ["fr", "ar", "uk"])
def test_appointment_only_place(lang):
    place = Place(id="a", names={"en": "A"}, opening_hours=HOURS, appointment_only=True, booking="https://x.be/")
    for now in (at(2026, 12, 2, 10, 0), at(2026, 12, 5, 10, 0)):
        assert opening_status(place, now).state == State.APPOINTMENT
        assert words(place, now, lang).state == State.APPOINTMENT


@pytest.mark.parametrize(
    "lang, until", [("fr", "10 décembre 2026"), ("ar", "10 ديسمبر 2026"), ("uk", "10 грудня 2026\u202fр.")]
)
def test_temporarily_closed_place(lang, until):
    works = Closure(date(2026, 12, 1), date(2026, 12, 10), {"en": "Works", "fr": "Travaux"})
    place = Place(id="t", names={"en": "T"}, opening_hours=HOURS, closures=(works,))
    status = opening_status(place, at(2026, 12, 2, 10, 0))
    assert status.state == State.TEMPORARILY_CLOSED and status.closure == works
    text = words(place, at(2026, 12, 2, 10, 0), lang)
    assert text.until == until
    assert text.reason == ("Travaux" if lang == "fr" else "Works")
    # The evening before the closure, the next opening is the day after it.
    before = opening_status(place, at(2026, 11, 30, 17, 0))
    assert before.state == State.CLOSED and before.opens_at == at(2026, 12, 11, 9, 0)
    assert words(place, at(2026, 11, 30, 17, 0), "fr").day_kind == "date"
    assert opening_status(place, at(2026, 12, 11, 10, 0)).state == State.OPEN


def test_no_opening_hours_means_check_the_website():
    place = Place(id="u", names={"en": "U"})
    assert opening_status(place, at(2026, 12, 2, 10, 0)).state == State.UNKNOWN
    assert week_hours(place, date(2026, 12, 2)) == []


def test_now_in_another_time_zone_is_judged_in_brussels():
    # 08:30 UTC in December is 09:30 in Brussels: open.
    assert opening_status(OFFICE, datetime(2026, 12, 2, 8, 30, tzinfo=UTC)).state == State.OPEN
    # 07:30 UTC in July is 09:30 in Brussels (summer time): open; in December it is 08:30: closed.
    assert opening_status(OFFICE, datetime(2026, 7, 22, 7, 30, tzinfo=UTC)).state == State.OPEN
    assert opening_status(OFFICE, datetime(2026, 12, 2, 7, 30, tzinfo=UTC)).state == State.CLOSED


def test_week_hours_marks_the_holiday():
    week = week_hours(OFFICE, date(2026, 7, 20))
    assert [d.day for d in week] == [date(2026, 7, 20) + timedelta(days=n) for n in range(7)]
    assert week[0].periods == ((at(2026, 7, 20, 9), at(2026, 7, 20, 12)), (at(2026, 7, 20, 13), at(2026, 7, 20, 16)))
    assert week[1].holiday and week[1].periods == ()
    assert not week[5].holiday and week[5].periods == ()  # Saturday


def test_the_real_legal_aid_office_summer_hours():
    """The BJB's published hours: Mon, Tue, Thu, Fri 9-11; in July and August Mon, Wed, Fri."""
    content = load_content(PROJECT_ROOT / "content", ["fr", "nl", "en"])
    bjb = content.places["legal-aid-office-nl"]
    assert opening_status(bjb, at(2026, 11, 24, 10, 0)).state == State.OPEN  # Tuesday
    assert opening_status(bjb, at(2026, 11, 25, 10, 0)).state == State.CLOSED  # Wednesday
    assert opening_status(bjb, at(2027, 7, 13, 10, 0)).state == State.CLOSED  # Tuesday in July
    assert opening_status(bjb, at(2027, 7, 14, 10, 0)).state == State.OPEN  # Wednesday in July
    assert opening_status(bjb, at(2027, 7, 21, 10, 0)).state == State.HOLIDAY  # National Day, a Wednesday


def test_validation_reports_each_wrong_field():
    data = {
        "name": {"en": "X", "xx": "?"},
        "opening_hours": "Mo-Fx 9-12",
        "coordinates": [4.35, 50.85],
        "website": "www.example.be",
        "wheelchair": "maybe",
        "topics": ["housing", "nowhere"],
        "languages": ["fr", "not a language"],
        "closed": [{"from": "2026-12-10", "until": "2026-12-01"}],
        "colour": "blue",
    }
    place, issues = place_from_mapping("x", data, {"en", "fr"}, {"housing"})
    fields = sorted(issue.field for issue in issues)
    assert fields == sorted(
        ["name", "opening_hours", "coordinates", "website", "wheelchair", "topics", "languages", "closed", "colour"]
    )
    assert place.opening_hours is None and place.topics == ("housing",) and place.languages == ("fr",)
    assert not any(issue.fatal for issue in issues)
    _place, issues = place_from_mapping("y", {"address": "Rue 1"}, {"en"}, set())
    assert _place is None and issues[-1].fatal and issues[-1].field == "name"
