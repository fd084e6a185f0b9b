"""What the studio's forms write, without an app: opening hours rows ⇄ OSM opening_hours, a
closure, an event's repetition ⇄ its RFC 5545 rule, pinned notices, topic order; each written
into a real file's YAML that keeps its comments and is read back by the loader `content check` uses."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import yaml
from conftest import write

from app.config import PROJECT_ROOT
from app.content import load_content
from app.content.frontmatter import DataDocument
from app.content.topic_list import edit_topic, move_topic
from app.event_files import apply_event_edit, check_event, event_edit_of
from app.notices import COUNTER, TOPICS, notice_from_mapping, showing
from app.places import BRUSSELS, State, opening_status
from app.places.editing import ClosureEdit, apply_place_edit, check_place, place_edit_of
from app.places.hours import parse_hours
from app.places.weekly import HoursProblem, HoursRow, WeeklyHours, from_opening_hours, to_opening_hours
from app.places.words import weekly_hours_in_words
from app.recurrence import MONTHLY, WEEKLY, Repetition, RepetitionProblem, from_rule, next_starts, to_rule

SHIPPED = PROJECT_ROOT / "content"
LANGUAGES = {"fr", "nl", "en", "ar"}
MORNING, AFTERNOON = (time(9), time(12)), (time(13), time(16))
# Monday to Friday 9-12 and 13-16, but Wednesday afternoon closed.
OFFICE = WeeklyHours(
    (
        HoursRow(("Mo", "Tu", "Th", "Fr"), (MORNING, AFTERNOON)),
        HoursRow(("We",), (MORNING,)),
    )
)
OFFICE_TEXT = "Mo,Tu,Th,Fr 09:00-12:00,13:00-16:00; We 09:00-12:00; PH off"


# -- opening hours ---------------------------------------------------------------------------


def test_office_hours_round_trip_through_the_osm_syntax():
    assert to_opening_hours(OFFICE) == OFFICE_TEXT
    assert from_opening_hours(OFFICE_TEXT) == OFFICE
    parse_hours(OFFICE_TEXT)  # the kiosk's own parser accepts what the form writes


@pytest.mark.parametrize(
    ("rows", "holidays_off", "text"),
    [
        ([(("Mo", "Tu", "We", "Th", "Fr"), (MORNING, AFTERNOON))], True, "Mo-Fr 09:00-12:00,13:00-16:00; PH off"),
        ([(("Mo", "Tu"), ((time(8), time(11)),))], False, "Mo,Tu 08:00-11:00"),
        ([(("Sa", "Su"), ((time(18), time(0)),))], True, "Sa,Su 18:00-24:00; PH off"),
        ([(("Mo", "We", "Fr"), ((time(9, 30), time(12, 15)),))], True, "Mo,We,Fr 09:30-12:15; PH off"),
    ],
)
def test_rows_and_text(rows, holidays_off, text):
    week = WeeklyHours(tuple(HoursRow(days, periods) for days, periods in rows), holidays_off)
    assert to_opening_hours(week) == text
    assert from_opening_hours(text) == week
    parse_hours(text)


def test_hours_in_words_in_the_staff_members_language():
    assert weekly_hours_in_words(OFFICE, "fr") == [
        ("lundi, mardi, jeudi et vendredi", "09:00\u2009–\u200912:00 et 13:00\u2009–\u200916:00"),
        ("mercredi", "09:00\u2009–\u200912:00"),
    ]
    assert weekly_hours_in_words(OFFICE, "nl")[1] == ("woensdag", "09:00\u2009–\u200912:00")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (HoursRow((), (MORNING,)), "no-days"),
        (HoursRow(("Mo",), ()), "no-periods"),
        (HoursRow(("Mo",), ((time(12), time(9)),)), "ends-before-start"),
        (HoursRow(("Mo",), ((time(9), time(13)), (time(12), time(16)))), "overlap"),
    ],
)
def test_rows_that_make_no_hours(row, reason):
    with pytest.raises(HoursProblem) as raised:
        to_opening_hours(WeeklyHours((HoursRow(("Tu",), (MORNING,)), row)))
    assert raised.value.row == 1 and raised.value.reason == reason


def test_hours_beyond_the_rows_are_left_as_text():
    for text in ["Mo-Fr 09:00-12:00; Jan off", "Mo-Fr 09:00-17:00; We 09:00-12:00", "Fr-Mo 10:00-12:00", "24/7"]:
        assert from_opening_hours(text) is None, text
    assert from_opening_hours(None) == WeeklyHours(())


def test_every_shipped_place_is_either_shown_as_rows_or_kept_as_written():
    for path in sorted((SHIPPED / "places").glob("*.yaml")):
        text = yaml.safe_load(path.read_text("utf-8")).get("opening_hours")
        week = from_opening_hours(text)
        if text and week is not None:
            assert parse_hours(to_opening_hours(week)).__class__ is parse_hours(text).__class__
            assert from_opening_hours(to_opening_hours(week)) == week, path.name


# -- a place file: closure, comments and unknown fields stay ---------------------------------

PLACE = """\
# Checked on the office's website (source) on 2026-11-20.
name: {fr: Bureau d'accueil, en: Welcome office}
opening_hours: "Mo-Fr 09:00-12:00"
parking: behind the building  # not a field the kiosk knows; staff keep it
about:
  # The sentence shown on the place card.
  en: Help for newcomers.
"""


def test_a_closure_and_hours_written_into_a_place_file():
    document = DataDocument(PLACE)
    edit = place_edit_of(document.data)
    assert edit.names == {"fr": "Bureau d'accueil", "en": "Welcome office"}
    edit.opening_hours = OFFICE_TEXT
    edit.closures = [ClosureEdit(date(2026, 12, 24), date(2027, 1, 1), {"fr": "Congés d'hiver"})]
    apply_place_edit(document.data, edit)
    text = document.text()
    assert text.startswith("# Checked on the office's website (source) on 2026-11-20.\n")
    assert "parking: behind the building  # not a field the kiosk knows; staff keep it\n" in text
    assert "  # The sentence shown on the place card.\n" in text
    assert f'opening_hours: "{OFFICE_TEXT}"\n' in text
    assert "closed:\n- from: 2026-12-24\n  until: 2027-01-01\n  reason:\n    fr: Congés d'hiver\n" in text
    place, issues = check_place("office", text, LANGUAGES, set())
    assert [issue.message for issue in issues] == ["unknown field 'parking'"]
    christmas = datetime(2026, 12, 24, 10, tzinfo=BRUSSELS)
    status = opening_status(place, christmas)
    assert status.state == State.TEMPORARILY_CLOSED and status.closure.reasons == {"fr": "Congés d'hiver"}
    assert opening_status(place, datetime(2027, 1, 6, 14, tzinfo=BRUSSELS)).state == State.CLOSED  # Wed pm
    assert opening_status(place, datetime(2027, 1, 7, 14, tzinfo=BRUSSELS)).state == State.OPEN  # Thu pm


def test_an_unchanged_place_file_is_written_back_byte_for_byte():
    document = DataDocument(PLACE)
    apply_place_edit(document.data, place_edit_of(document.data))
    assert document.text() == PLACE


# -- events ---------------------------------------------------------------------------------

START = datetime(2027, 2, 1, 14, tzinfo=BRUSSELS)  # the first Monday of February 2027


@pytest.mark.parametrize(
    ("repetition", "rule"),
    [
        (Repetition(WEEKLY, weekdays=("TU",)), "FREQ=WEEKLY;BYDAY=TU"),
        (Repetition(WEEKLY, 2, ("MO",)), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        (Repetition(WEEKLY, 1, ("MO", "TH")), "FREQ=WEEKLY;BYDAY=MO,TH"),
        (Repetition(MONTHLY, 1, ("MO",), (1,)), "FREQ=MONTHLY;BYDAY=1MO"),
        (Repetition(MONTHLY, 1, ("MO",), (1, 3)), "FREQ=MONTHLY;BYDAY=1MO,3MO"),
        (Repetition(WEEKLY, 1, ("MO",), until=date(2027, 6, 28)), "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270628T215959Z"),
    ],
)
def test_repetition_in_words_and_the_stored_rule(repetition, rule):
    start = START if "TU" not in repetition.weekdays else START.replace(day=2)
    assert to_rule(repetition, start) == rule
    assert from_rule(rule) == repetition


def test_every_first_monday_and_the_next_dates():
    rule = to_rule(Repetition(MONTHLY, 1, (), (1,)), START)  # no weekday chosen: the date's
    assert rule == "FREQ=MONTHLY;BYDAY=1MO"
    starts = next_starts(rule, START, datetime(2027, 1, 1, tzinfo=BRUSSELS), count=4)
    assert [moment.date() for moment in starts] == [
        date(2027, 2, 1),
        date(2027, 3, 1),
        date(2027, 4, 5),
        date(2027, 5, 3),
    ]
    assert all(moment.hour == 14 for moment in starts)  # summer time keeps the wall-clock time


@pytest.mark.parametrize(
    ("repetition", "reason"),
    [
        (Repetition(MONTHLY, 1, ("TU",), (1,)), "start-not-repeated"),
        (Repetition(MONTHLY, 1, ("MO",), ()), "monthly-day"),
        (Repetition(WEEKLY, 1, ("MO",), until=date(2027, 1, 1)), "until-before-start"),
    ],
)
def test_choices_that_make_no_rule(repetition, reason):
    with pytest.raises(RepetitionProblem) as raised:
        to_rule(repetition, START)
    assert raised.value.reason == reason


def test_rules_beyond_the_form_are_kept_as_written():
    for rule in [
        "FREQ=WEEKLY;BYDAY=TU;COUNT=6",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=YEARLY",
        "FREQ=MONTHLY;BYDAY=1MO,2TU",
    ]:
        assert from_rule(rule) is None, rule


def test_every_shipped_event_rule_is_read_back_the_same():
    for path in sorted((SHIPPED / "events").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        edit = event_edit_of(DataDocument(path.read_text("utf-8")).data)
        repetition = from_rule(data.get("repeat"))
        if repetition is not None and data.get("repeat"):
            assert to_rule(repetition, edit.start()) == data["repeat"], path.name


def test_an_event_file_gets_languages_and_a_rule_and_keeps_the_rest():
    text = 'title: {en: Session}\nstart: 2027-01-05 09:30\nend: "11:00"\nexcept: [2027-04-06]\nsource: https://www.belgium.be/\n'
    document = DataDocument(text)
    edit = event_edit_of(document.data)
    assert (edit.day, edit.starts, edit.ends) == (date(2027, 1, 5), time(9, 30), time(11))
    edit.day = date(2027, 2, 1)
    edit.languages = ["fr", "ar"]
    edit.repeat = to_rule(Repetition(MONTHLY, 1, ("MO",), (1,)), edit.start())
    apply_event_edit(document.data, edit)
    written = document.text()
    assert written == (
        'title: {en: Session}\nlanguages: [fr, ar]\nstart: 2027-02-01 09:30\nend: "11:00"\n'
        "repeat: FREQ=MONTHLY;BYDAY=1MO\nexcept: [2027-04-06]\nsource: https://www.belgium.be/\n"
    )
    event, issues = check_event("session", written, LANGUAGES, set(), set())
    assert issues == [] and event.languages == ("fr", "ar")


# -- pinned notices --------------------------------------------------------------------------


def test_a_notice_is_shown_between_its_dates_where_it_is_pinned():
    data = {"text": {"fr": "Bureau fermé", "en": "Office closed"}, "start": "2026-12-20", "end": "2026-12-24"}
    notice, issues = notice_from_mapping("closed", data | {"where": ["topics"]}, LANGUAGES)
    assert issues == []
    assert showing([notice], TOPICS, date(2026, 12, 20)) == [notice]
    assert showing([notice], TOPICS, date(2026, 12, 24)) == [notice]
    assert showing([notice], TOPICS, date(2026, 12, 25)) == []
    assert showing([notice], COUNTER, date(2026, 12, 21)) == []
    assert notice.text("ar", ("en", "fr")) == "Office closed"
    everywhere, _issues = notice_from_mapping("closed", data, LANGUAGES)
    assert everywhere.where == (TOPICS, COUNTER)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-12-20", "end": "2026-12-24"}, "missing 'text'"),
        ({"text": {"fr": "x"}, "end": "2026-12-24"}, "missing 'start'"),
        ({"text": {"fr": "x"}, "start": "2026-12-20", "end": "2026-12-01"}, "'end' (2026-12-01) is before"),
        ({"text": {"fr": "x"}, "start": "2026-12-20", "end": "2026-12-24", "where": ["wall"]}, "'where' is a list"),
        ({"text": {"xx": "x"}, "start": "2026-12-20", "end": "2026-12-24"}, "unknown language code 'xx'"),
    ],
)
def test_broken_notices(data, message):
    notice, issues = notice_from_mapping("n", data, LANGUAGES)
    assert notice is None
    assert any(message in issue.message for issue in issues), issues


def test_the_loader_reads_notices_and_reports_their_lines(tmp_path):
    root = tmp_path / "content"
    write(root / "topics.yaml", "- id: housing\n  pictogram: home\n  title: {en: Housing}\n")
    write(root / "notices" / "ok.yaml", "text: {en: Open}\nstart: 2026-12-01\nend: 2026-12-31\n")
    write(root / "notices" / "bad.yaml", "text: {en: Shut}\nstart: 2026-12-01\nend: someday\n")
    content = load_content(root, ["en"])
    assert set(content.notices) == {"ok"}
    assert [(p.path.name, p.line, p.message, p.fatal) for p in content.problems] == [
        ("bad.yaml", 3, "'end' must be a date written YYYY-MM-DD", True),
    ]


# -- topics ---------------------------------------------------------------------------------


def test_topics_move_and_change_and_the_comments_stay():
    text = (SHIPPED / "topics.yaml").read_text("utf-8")
    document = DataDocument(text)
    assert move_topic(document.data, "health", -1)
    assert not move_topic(document.data, "administration", -1)  # already first
    assert edit_topic(document.data, "health", pictogram="heartbeat", titles={"ar": "الصحة العامة"}, languages={"ar"})
    written = document.text()
    assert written.split("\n")[:2] == text.split("\n")[:2]  # the comments at the top
    ids = [entry["id"] for entry in yaml.safe_load(written)]
    assert ids.index("health") == ids.index("employment") - 1
    health = next(entry for entry in yaml.safe_load(written) if entry["id"] == "health")
    assert health["pictogram"] == "heartbeat" and health["title"]["ar"] == "الصحة العامة"
    assert health["title"]["fr"] == "Santé" and len(health["title"]) == 21
