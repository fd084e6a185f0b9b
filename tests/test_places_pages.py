"""Place pages, cards on articles and topics, .ics downloads and `content check` for place
and event files, through the real app on a small content folder; the clock is frozen."""

from __future__ import annotations

import re
from datetime import datetime

import icalendar
import pytest
import time_machine
from conftest import make_config, write

from app import create_app
from app.content import load_content
from app.places import BRUSSELS
from app.qrcodes import qr_svg
from app.search import build_index

OFFICE = """
name: {en: Welcome Office, fr: Bureau d'accueil}
address: {en: "Rue Haute 1, 1000 Brussels", fr: "Rue Haute 1, 1000 Bruxelles"}
coordinates: [50.8400, 4.3500]
phone: +32 2 000 00 00
website: https://office.example.be/
opening_hours: "Mo-Fr 09:00-12:00,13:00-16:00; PH off"
languages: [fr, nl, ar]
wheelchair: yes
topics: [housing]
"""
SESSION = """
title: {en: Information session, fr: Séance d'information}
place: office
topics: [housing]
start: 2026-12-08 09:30
end: "11:00"
repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=4
"""


@pytest.fixture
def places_app(tmp_path, content_dir):
    write(content_dir / "places" / "office.yaml", OFFICE)
    write(content_dir / "places" / "by-appointment.yaml", "name: By appointment\nappointment_only: true\n")
    write(content_dir / "events" / "session.yaml", SESSION)
    deposit = content_dir / "housing" / "rental-deposit" / "en.md"
    deposit.write_text(deposit.read_text("utf-8").replace("revision: 2", "revision: 2\nplaces: [office]"), "utf-8")
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app


def page(app, url, *when):
    with time_machine.travel(datetime(*when, tzinfo=BRUSSELS), tick=False):
        response = app.test_client().get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def status_of(html: str) -> tuple[str, str]:
    match = re.search(r'data-state="([a-z-]+)">(.*?)</p>', html, re.S)
    return match.group(1), re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", match.group(2))).strip()


def test_english_place_page_says_open_now_and_when_it_closes(places_app):
    html = page(places_app, "/en/places/office", 2026, 12, 2, 10, 0)
    assert status_of(html) == ("open", "Open now, closes at 12:00\u202fPM")
    assert "Rue Haute 1, 1000 Brussels" in html and 'href="tel:+3220000000"' in html
    assert "https://www.openstreetmap.org/?mlat=50.840000&amp;mlon=4.350000" in html
    assert "Open in maps" in html and "qr-code" not in html
    assert "Wheelchair accessible" in html and "Arabic" in html and "Dutch" in html
    # The week table and what is coming up at this place.
    assert html.count("<tr") == 7 and "9:00\u202fAM\u2009\u2013\u200912:00\u202fPM" in html
    assert "Information session" in html and "/en/events/session.ics" in html


@pytest.mark.parametrize(
    "lang, state, parts",
    [
        ("fr", "closed", ["lundi", "09:00"]),  # Saturday
        ("ar", "closed", ["الاثنين", "9:00 ص"]),
        ("uk", "closed", ["понеділок", "09:00"]),
    ],
)
def test_weekend_status_in_other_languages(places_app, lang, state, parts):
    html = page(places_app, f"/{lang}/places/office", 2026, 12, 5, 10, 0)
    found_state, text = status_of(html)
    assert found_state == state and all(part in text for part in parts)


@pytest.mark.parametrize("lang", ["fr", "ar", "uk"])
def test_public_holiday_status(places_app, lang):
    html = page(places_app, f"/{lang}/places/office", 2026, 7, 21, 10, 0)
    state, text = status_of(html)
    assert state == "holiday"
    if lang == "fr":
        assert "Fête nationale" in text
    if lang == "uk":
        assert "Національне свято" in text
    if lang == "ar":
        assert 'dir="rtl"' in html


def test_appointment_only_and_unknown_hours(places_app):
    html = page(places_app, "/en/places/by-appointment", 2026, 12, 2, 10, 0)
    assert status_of(html) == ("appointment", "By appointment only")
    assert "Open in maps" not in html  # no address, no coordinates


def test_article_shows_a_card_for_the_place_it_names(places_app):
    html = page(places_app, "/en/housing/rental-deposit", 2026, 12, 2, 10, 0)
    card = html[html.index('data-place="office"') :]
    assert 'href="/en/places/office"' in card and "Welcome Office" in card
    assert status_of(card)[0] == "open"


def test_topic_lists_its_places_and_upcoming_events(places_app):
    html = page(places_app, "/en/housing/", 2026, 12, 9, 10, 0)
    assert "Where to go" in html and 'data-place="office"' in html
    assert "Coming up" in html and 'data-event="session"' in html
    # Tuesday 8 December has passed: the next session is Tuesday 15 December.
    assert 'datetime="2026-12-15T09:30:00+01:00"' in html and "2026-12-08T09:30" not in html
    assert "Tuesday, December 15, 2026" in html


def test_on_a_counter_qr_codes_replace_links(places_app):
    places_app.context_processor(lambda: {"on_counter": True})
    html = page(places_app, "/en/places/office", 2026, 12, 2, 10, 0)
    assert "Open in maps" not in html and "Add to my calendar" not in html
    assert 'role="img" aria-label="Map of ' in html  # named for screen readers, like every QR code
    with places_app.test_request_context():
        maps = qr_svg("https://www.openstreetmap.org/?mlat=50.840000&mlon=4.350000#map=18/50.840000/4.350000", "x")
        ics = qr_svg("http://kiosk.example/en/events/session.ics", "x")
    path = re.compile(r'<path[^>]*d="([^"]+)"')
    codes = path.findall(html)
    assert path.search(maps).group(1) in codes and path.search(ics).group(1) in codes


def test_ics_download_parses_back(places_app):
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=BRUSSELS), tick=False):
        response = places_app.test_client().get("/fr/events/session.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="session.ics"' in response.headers["Content-Disposition"]
    (vevent,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Séance d'information"
    assert str(vevent["LOCATION"]) == "Bureau d'accueil, Rue Haute 1, 1000 Bruxelles"
    assert vevent["RRULE"]["COUNT"] == [4]


def test_unknown_place_and_event_are_not_found(places_app):
    client = places_app.test_client()
    assert client.get("/en/places/nowhere").status_code == 404
    assert client.get("/en/events/nowhere.ics").status_code == 404


def test_places_index_and_link_from_topics(places_app):
    html = page(places_app, "/en/places/", 2026, 12, 2, 10, 0)
    assert html.index("By appointment") < html.index("Welcome Office")
    assert 'href="/en/places/"' in page(places_app, "/en/", 2026, 12, 2, 10, 0)


def test_content_check_reports_place_and_event_problems_with_path_and_line(tmp_path, content_dir):
    write(content_dir / "places" / "bad.yaml", 'name: Bad\naddress: Rue 1\nopening_hours: "Mo-Fx 09:00-12:00"\n')
    write(content_dir / "events" / "late.yaml", "title: {en: Late}\nstart: 2027-01-05 10:00\nrepeat: FREQ=SOMETIMES\n")
    deposit = content_dir / "housing" / "rental-deposit" / "fr.md"
    lines = deposit.read_text("utf-8").split("\n")
    lines.insert(2, "places: [ghost]")
    deposit.write_text("\n".join(lines), "utf-8")
    ghost_line = deposit.read_text("utf-8").split("\n").index("places: [ghost]") + 1
    app = create_app(make_config(tmp_path, content_dir))
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "content/places/bad.yaml:3: opening_hours 'Mo-Fx 09:00-12:00' is not valid" in result.output
    assert "content/events/late.yaml:3: 'repeat' is not an RFC 5545 rule" in result.output
    assert f"content/housing/rental-deposit/fr.md:{ghost_line}: unknown place 'ghost'" in result.output
