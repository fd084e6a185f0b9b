"""The staff to-do for places (`flask content status --places`): what is missing, what is old."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import yaml
from conftest import write

from app.config import PROJECT_ROOT
from app.content.loader import load_content
from app.places import BRUSSELS, place_from_mapping
from app.places.todo import format_place_todo, place_todo

LANGUAGES = {"en", "fr", "nl"}
TOPICS = {"housing", "health"}
COMPLETE = {
    "name": {"en": "Complete office"},
    "address": "Rue Haute 1, 1000 Bruxelles",
    "phone": "+32 2 000 00 00",
    "website": "https://office.example/",
    "opening_hours": "Mo-Fr 09:00-12:00",
    "languages": ["fr", "nl"],
    "topics": ["housing"],
    "source": "https://office.example/contact",
    "updated": "2026-11-20",
}


def place(place_id, **fields):
    data = {key: value for key, value in (COMPLETE | fields).items() if value is not None}
    result, issues = place_from_mapping(place_id, data, LANGUAGES, TOPICS)
    assert issues == [], issues
    return result


def test_each_missing_fact_is_listed_and_a_complete_place_has_none():
    today = date(2026, 12, 2)
    rows = place_todo(
        [
            place("b-bare", address=None, phone=None, website=None, opening_hours=None, languages=None, topics=None),
            place("a-complete"),
            place("c-unsourced", source=None, updated=None),
        ],
        today,
    )
    assert [row.place_id for row in rows] == ["a-complete", "b-bare", "c-unsourced"]
    assert rows[0].missing == ()
    assert rows[1].missing == (
        "no address",
        "no opening hours",
        "no phone",
        "no website",
        "no languages spoken at the counter",
        "no topics (visitors cannot find it from a topic page)",
    )
    assert rows[2].missing == (
        "no source (the official page the facts come from)",
        "never verified (no 'updated' date)",
    )


def test_appointment_places_need_a_booking_link_not_opening_hours():
    rows = place_todo(
        [
            place("booked", opening_hours=None, appointment_only=True, booking="https://book.example/"),
            place("unbookable", opening_hours=None, appointment_only=True),
        ],
        date(2026, 12, 2),
    )
    assert rows[0].missing == ()
    assert rows[1].missing == ("appointment only, but no booking link",)


def test_old_checks_and_finished_closures_are_listed():
    closed = [{"from": "2026-10-01", "until": "2026-10-15"}, {"from": "2026-12-20", "until": "2027-01-03"}]
    rows = place_todo([place("old", updated="2026-01-10", closed=closed)], date(2026, 12, 2), stale_after=180)
    assert rows[0].missing == (
        "not verified for 326 days (last on 2026-01-10)",
        "temporary closure 2026-10-01 to 2026-10-15 is over: remove it",
    )
    # On the last day of the threshold it is still fresh.
    assert place_todo([place("old", updated="2026-06-05")], date(2026, 12, 2), stale_after=180)[0].missing == ()


def test_the_text_lists_only_places_with_gaps_and_counts_them():
    rows = place_todo([place("a-complete"), place("b-phone", phone=None)], date(2026, 12, 2))
    assert format_place_todo(rows) == (
        "b-phone (Complete office)\n  - no phone\n1 of 2 places need attention; 1 complete.\n"
    )


def test_the_command_reads_the_place_files(runner, content_dir):
    today = datetime.now(BRUSSELS).date()
    write(
        content_dir / "places" / "fresh.yaml",
        f"""
        name: Fresh office
        address: Rue Haute 1, 1000 Bruxelles
        phone: +32 2 000 00 00
        website: https://fresh.example/
        opening_hours: Mo-Fr 09:00-12:00
        languages: [fr]
        topics: [housing]
        source: https://fresh.example/
        updated: {(today - timedelta(days=10)).isoformat()}
        """,
    )
    write(
        content_dir / "places" / "stale.yaml",
        f"""
        name: Stale office
        website: https://stale.example/
        topics: [health]
        source: https://stale.example/
        updated: {(today - timedelta(days=40)).isoformat()}
        """,
    )
    result = runner.invoke(args=["content", "status", "--places", "--stale-after", "30"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "stale (Stale office)",
        "  - no address",
        "  - no opening hours",
        "  - no phone",
        "  - no languages spoken at the counter",
        f"  - not verified for 40 days (last on {(today - timedelta(days=40)).isoformat()})",
        "1 of 2 places need attention; 1 complete.",
    ]
    # Without --places the command still prints the translation table.
    assert "rental-deposit" in runner.invoke(args=["content", "status"]).output
    assert runner.invoke(args=["content", "status", "--places", "--stale-after", "0"]).exit_code == 2


@pytest.mark.slow
def test_every_real_place_names_its_source_and_verified_date():
    """Issue 18: no fact without the page it comes from and the day it was checked."""
    languages = yaml.safe_load((PROJECT_ROOT / "kiosk_config.yaml").read_text("utf-8"))["languages"]
    places = load_content(PROJECT_ROOT / "content", languages).places
    assert len(places) >= 35
    rows = place_todo(places.values(), date(2026, 12, 2), stale_after=10_000)
    unsourced = [
        row.place_id for row in rows if any(item.startswith(("no source", "never verified")) for item in row.missing)
    ]
    assert unsourced == []
    # A visitor can always reach the service: every place has a phone or a web address, or a source page.
    assert all(p.phone or p.website or p.source for p in places.values())
