"""Repeat rules that could hang pages (issue 20, item 10): FREQ=SECONDLY passed `content check`,
then every topic and place page expanded millions of occurrences until the worker was killed.
Rules more often than daily, several times a day, or that never happen are refused with the
file's path and line; occurrences are walked lazily and never past a cap.

A regression here would hang, not fail: each check runs under an alarm that stops it.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import time_machine
from conftest import make_config, write

from app import create_app
from app.content import load_content
from app.events import _MAX_OCCURRENCES, event_from_mapping, upcoming
from app.places import BRUSSELS
from app.search import build_index

GUARD_SECONDS = 30  # not a speed limit: a hang guard, far above what any of this takes
OFFICE = "name: {en: Welcome Office}\naddress: {en: Rue Haute 1}\ntopics: [housing]\n"
EVERY_SECOND = """\
title: {en: Open house, fr: Portes ouvertes}
place: office
topics: [housing]
start: 2026-11-02 09:30
repeat: FREQ=SECONDLY
"""


@contextmanager
def hang_guard(seconds: int = GUARD_SECONDS):
    """Raise in the test when what it runs is still running after ``seconds``."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def issues_of(repeat: str):
    data = {"title": {"en": "Session"}, "start": "2027-01-12 09:30", "repeat": repeat}
    with hang_guard():
        event, issues = event_from_mapping("session", data, {"en"}, set(), set())
    return event, [(i.field, i.message) for i in issues]


@pytest.mark.parametrize(
    "repeat, message",
    [
        ("FREQ=SECONDLY", "'repeat' FREQ=SECONDLY is more often than once a day"),
        ("FREQ=MINUTELY;COUNT=10", "'repeat' FREQ=MINUTELY is more often than once a day"),
        ("freq=hourly", "'repeat' FREQ=HOURLY is more often than once a day"),
        ("FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,30", "'repeat' has BYHOUR, BYMINUTE: an event repeats at most once"),
        ("FREQ=DAILY;BYSECOND=1,2,3", "'repeat' has BYSECOND: an event repeats at most once a day"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "'repeat' FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 never happens"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "'repeat' FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31 never happens"),
        ("FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=SECONDLY", "'repeat' is one rule on one line"),
    ],
)
def test_rules_that_could_hang_pages_are_refused(repeat, message):
    event, issues = issues_of(repeat)
    assert len(issues) == 1 and issues[0][0] == "repeat" and issues[0][1].startswith(message), issues
    assert event.repeat is None  # the event stays, on its single date


@pytest.mark.parametrize(
    "repeat",
    [
        "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        "FREQ=DAILY;INTERVAL=2",
        "FREQ=MONTHLY;BYDAY=2WE",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",  # leap days happen
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",  # so do Fridays the 13th
        "FREQ=WEEKLY;UNTIL=20270601T000000Z",
    ],
)
def test_rules_that_happen_at_most_daily_are_kept(repeat):
    event, issues = issues_of(repeat)
    assert issues == [] and event.repeat == repeat


def test_content_check_names_the_file_and_line_of_the_rule(tmp_path, content_dir):
    write(content_dir / "places" / "office.yaml", OFFICE)
    path = write(content_dir / "events" / "open-house.yaml", EVERY_SECOND)
    with hang_guard():
        content = load_content(content_dir, ["en", "fr"])
    problems = [(p.path, p.line, p.message.split(":")[0]) for p in content.problems if p.path == path]
    assert problems == [(path, 5, "'repeat' FREQ=SECONDLY is more often than once a day")]


def test_an_unchecked_rule_is_walked_lazily_and_capped(content_dir):
    """Even a rule that reached the app unchecked cannot expand without end."""
    event, issues = issues_of("FREQ=DAILY")
    assert issues == []
    now = datetime(2027, 3, 1, 12, tzinfo=BRUSSELS)
    every_second = replace(event, repeat="FREQ=SECONDLY", start=now - timedelta(days=2))
    with hang_guard():
        found = every_second.occurrences(now, now + timedelta(days=90))
        again = upcoming([every_second], now, days=90, limit=3)
    assert len(found) == 0  # two days of seconds are more repeats than are ever walked
    soon = replace(event, repeat="FREQ=SECONDLY", start=now)
    with hang_guard():
        found = soon.occurrences(now, now + timedelta(days=90))
    assert len(found) == _MAX_OCCURRENCES and found[1].start - found[0].start == timedelta(seconds=1)
    assert again == []


@pytest.fixture
def every_second_app(tmp_path, content_dir):
    write(content_dir / "places" / "office.yaml", OFFICE)
    write(content_dir / "events" / "open-house.yaml", EVERY_SECOND)
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app


def test_topic_and_place_pages_answer_with_a_secondly_rule_in_the_content(every_second_app):
    client = every_second_app.test_client()
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=BRUSSELS), tick=False), hang_guard():
        for url in ("/en/housing/", "/fr/housing/", "/en/places/office", "/ar/places/office"):
            response = client.get(url)
            assert response.status_code == 200, url
            # The event keeps its single first date (past now), and no repeat.
            assert "Open house" not in response.get_data(as_text=True)
