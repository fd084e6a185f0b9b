"""The studio's forms for places, events, topics and pinned notices, through the app on SQLite:
each role on each route, saves that are real commits in the content folder's git repository,
problems shown next to their field with nothing written, and what visitors then see."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest
import yaml
from conftest import write
from test_staff import PASSWORD, csrf_token, sign_in

from app.content.history import ContentHistory

PLACE = """\
# The welcome office. Hours checked on its website (source).
name:
  fr: Bureau d'accueil
  en: Welcome office
address: {fr: Rue Haute 1, 1000 Bruxelles}
coordinates: [50.84, 4.35]
opening_hours: "Mo-Fr 09:00-12:00"
topics: [housing]
about:
  en: Help for newcomers.
source: https://www.belgium.be/
"""

EVENT = """\
# A session announced on the office's website.
title: {en: Information session, fr: Séance d'information}
place: office
start: 2027-01-05 09:30
end: "11:00"
repeat: FREQ=WEEKLY;BYDAY=TU
except: [2027-04-06]
"""


# Made by create_user in the database every test's app starts from (made once, copied).
ACCOUNTS = (("alice", "admin", ""), ("erik", "editor", ""), ("tarek", "translator", "ar"))


@pytest.fixture
def database_url(tmp_path, prepared) -> str:
    """SQLite only: the accounts are the staff pages' business (tested on both engines there)."""
    return prepared.database(tmp_path / "kiosk.sqlite3", ACCOUNTS, PASSWORD)


@pytest.fixture
def studio_app(db_app):
    app = db_app
    content = app.extensions["kiosk"].config.content_dir
    write(content / "places" / "office.yaml", PLACE)
    write(content / "events" / "info-session.yaml", EVENT)
    return app


def client_of(app, name):
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


def git(app, *args) -> str:
    root = app.extensions["kiosk"].config.content_dir
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def file_token(page: str) -> str:
    """The token of the file as the form opened it (a save over a changed file is refused)."""
    return re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)


def content_file(app, path) -> str:
    return (app.extensions["kiosk"].config.content_dir / path).read_text("utf-8")


# -- roles on every route ----------------------------------------------------------------

EDITOR_ONLY = ["/staff/places", "/staff/places/new", "/staff/places/office", "/staff/events", "/staff/events/new"]
EDITOR_ONLY += ["/staff/events/info-session", "/staff/notices/new"]
TRANSLATOR_TOO = ["/staff/topics", "/staff/topics/housing", "/staff/notices"]


@pytest.mark.slow  # every route × role: in make test; make test-fast stays under a minute
@pytest.mark.parametrize("path", EDITOR_ONLY + TRANSLATOR_TOO)
def test_each_route_for_each_role(studio_app, path):
    anonymous = studio_app.test_client().get(path)
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    for name in ("alice", "erik"):
        answer = client_of(studio_app, name).get(path)
        assert answer.status_code == 200, (name, path)
        assert answer.headers["Cache-Control"] == "no-store"
    translator = client_of(studio_app, "tarek").get(path)
    assert translator.status_code == (403 if path in EDITOR_ONLY else 200)


def test_posts_need_the_form_token(studio_app):
    client = client_of(studio_app, "erik")
    for path in ["/staff/places/office", "/staff/events/info-session", "/staff/topics/housing", "/staff/notices/new"]:
        assert client.post(path, data={"action": "save"}).status_code == 400, path
    assert client.post("/staff/topics/housing/move", data={"direction": "down"}).status_code == 400


def test_translators_cannot_post_editor_forms(studio_app):
    client = client_of(studio_app, "tarek")
    page = client.get("/staff/topics").get_data(as_text=True)
    token = csrf_token(page)
    assert client.post("/staff/places/office", data={"csrf_token": token}).status_code == 403
    assert client.post("/staff/events/new", data={"csrf_token": token}).status_code == 403
    assert client.post("/staff/notices/new", data={"csrf_token": token}).status_code == 403
    assert client.post("/staff/topics/housing/move", data={"csrf_token": token, "direction": "up"}).status_code == 403
    assert "Move" not in page  # no order buttons for a translator


# -- places ------------------------------------------------------------------------------


def place_form(client, path="/staff/places/office"):
    page = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page)}
    token = re.search(r'id="token" name="token" type="hidden" value="([^"]*)"', page)
    data["token"] = token.group(1) if token else ""
    for name, value in re.findall(r'<input type="text" id="[^"]+" name="([^"]+)" value="([^"]*)"', page):
        data[name] = value.replace("&#39;", "'").replace("&amp;", "&")
    return page, data


def office_hours(data):
    """Mon, Tue, Thu, Fri 9-12 and 13-16; Wednesday morning only."""
    for day in ("Mo", "Tu", "Th", "Fr"):
        data.setdefault("hours-0-days", []).append(day)
    data |= {
        "hours-0-periods-0-start": "09:00",
        "hours-0-periods-0-end": "12:00",
        "hours-0-periods-1-start": "13:00",
        "hours-0-periods-1-end": "16:00",
        "hours-1-days": ["We"],
        "hours-1-periods-0-start": "09:00",
        "hours-1-periods-0-end": "12:00",
        "holidays_off": "y",
    }
    return data


def test_an_editor_sets_office_hours_and_a_closure_and_the_file_keeps_its_comments(studio_app):
    client = client_of(studio_app, "erik")
    page, data = place_form(client)
    assert 'value="Bureau d&#39;accueil"' in page
    assert '<input checked id="hours-0-days-4" name="hours-0-days" type="checkbox" value="Fr">' in page
    data = office_hours(data) | {
        "closures-0-first": "2026-12-24",
        "closures-0-last": "2027-01-01",
        "closures-0-reason": "Winter holidays",
        "phone": "+32 2 000 00 00",
        "languages": ["fr", "nl", "ar"],
        "topics": ["housing"],
    }
    preview = client.post("/staff/places/office", data=data | {"action": "preview"}).get_data(as_text=True)
    assert "Monday, Tuesday, Thursday, and Friday" in preview
    assert "Closed on public holidays" in preview
    assert 'class="place-status' in preview  # the "open now" line
    assert content_file(studio_app, "places/office.yaml") == PLACE  # a preview writes nothing

    answer = client.post("/staff/places/office", data=data | {"action": "save"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/places/office?saved=1")
    saved = content_file(studio_app, "places/office.yaml")
    assert saved.startswith("# The welcome office. Hours checked on its website (source).\n")
    stored = yaml.safe_load(saved)
    assert stored["opening_hours"] == "Mo,Tu,Th,Fr 09:00-12:00,13:00-16:00; We 09:00-12:00; PH off"
    assert 'opening_hours: "Mo,Tu,Th,Fr' in saved  # the quotes it had
    assert stored["closed"] == [
        {"from": date(2026, 12, 24), "until": date(2027, 1, 1), "reason": {"en": "Winter holidays"}}
    ]
    assert stored["coordinates"] == [50.84, 4.35] and stored["about"] == {"en": "Help for newcomers."}
    assert stored["languages"] == ["fr", "nl", "ar"] and stored["phone"] == "+32 2 000 00 00"
    assert git(studio_app, "log", "-1", "--format=%an|%s") == "erik|Edit place office in the studio\n"
    assert not ContentHistory(studio_app.extensions["kiosk"].config.content_dir).has_uncommitted()

    # Opened again, the rows show what was saved.
    page, _data = place_form(client)
    assert '<input checked id="hours-1-days-2" name="hours-1-days" type="checkbox" value="We">' in page
    assert 'value="13:00"' in page and 'value="2026-12-24"' in page


def test_place_problems_are_shown_next_to_their_field_and_nothing_is_written(studio_app):
    client = client_of(studio_app, "erik")
    _page, data = place_form(client)
    data |= {"website": "not an address", "action": "save"}
    data |= {"hours-0-days": ["Mo"], "hours-0-periods-0-start": "12:00", "hours-0-periods-0-end": "09:00"}
    answer = client.post("/staff/places/office", data=data)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "row 1 of the opening hours" in page and 'id="hours-problems"' in page
    assert content_file(studio_app, "places/office.yaml") == PLACE
    data |= {"hours-0-periods-0-start": "09:00", "hours-0-periods-0-end": "12:00"}
    page = client.post("/staff/places/office", data=data).get_data(as_text=True)
    assert "must be a web address starting with https://" in page
    assert 'aria-describedby="website-problems" aria-invalid="true"' in page
    assert content_file(studio_app, "places/office.yaml") == PLACE


def test_a_new_place(studio_app):
    client = client_of(studio_app, "alice")
    _page, data = place_form(client, "/staff/places/new")
    data |= {"place_id": "Bad Name", "names-fr": "Maison", "action": "save"}
    assert "lower-case letters" in client.post("/staff/places/new", data=data).get_data(as_text=True)
    data = office_hours(data | {"place_id": "maison", "appointment_only": "y"})
    answer = client.post("/staff/places/new", data=data)
    assert answer.status_code == 303
    stored = yaml.safe_load(content_file(studio_app, "places/maison.yaml"))
    assert stored == {
        "name": {"fr": "Maison"},
        "opening_hours": "Mo,Tu,Th,Fr 09:00-12:00,13:00-16:00; We 09:00-12:00; PH off",
        "appointment_only": True,
    }
    again = client.post("/staff/places/new", data=data)
    assert "already a place" in again.get_data(as_text=True)


def test_a_second_save_over_a_changed_file_is_refused_with_who(studio_app):
    first, second = client_of(studio_app, "erik"), client_of(studio_app, "alice")
    _page, data_one = place_form(first)
    _page, data_two = place_form(second)
    assert (
        first.post("/staff/places/office", data=data_one | {"phone": "+32 2 111 11 11", "action": "save"}).status_code
        == 303
    )
    answer = second.post("/staff/places/office", data=data_two | {"phone": "+32 2 222 22 22", "action": "save"})
    assert answer.status_code == 409
    assert "changed by erik" in answer.get_data(as_text=True)
    assert "+32 2 111 11 11" in content_file(studio_app, "places/office.yaml")


def test_hours_the_rows_cannot_show_stay_as_text(studio_app):
    content = studio_app.extensions["kiosk"].config.content_dir
    write(content / "places" / "office.yaml", PLACE.replace('"Mo-Fr 09:00-12:00"', '"Mo-Fr 09:00-12:00; Jan off"'))
    client = client_of(studio_app, "erik")
    page, data = place_form(client)
    assert 'name="hours_text" value="Mo-Fr 09:00-12:00; Jan off"' in page
    assert client.post("/staff/places/office", data=data | {"action": "save"}).status_code == 303
    assert (
        yaml.safe_load(content_file(studio_app, "places/office.yaml"))["opening_hours"] == "Mo-Fr 09:00-12:00; Jan off"
    )


# -- events ------------------------------------------------------------------------------


def event_form(client, path="/staff/events/info-session"):
    page, data = place_form(client, path)
    return page, data


def test_an_event_repeating_on_the_first_monday(studio_app):
    client = client_of(studio_app, "erik")
    page, data = event_form(client)
    assert '<input checked id="repeat_kind-1" name="repeat_kind" type="radio" value="weekly">' in page
    data |= {
        "day": "2027-02-01",
        "starts": "14:00",
        "ends": "16:00",
        "place": "office",
        "repeat_kind": "monthly",
        "ordinals": ["1"],
        "weekdays": ["MO"],
        "languages": ["fr", "ar"],
        "topics": ["housing"],
    }
    preview = client.post("/staff/events/info-session", data=data | {"action": "preview"}).get_data(as_text=True)
    assert "The first Monday of the month" in preview
    assert "Monday, March 1, 2027" in preview or "Monday, February 1, 2027" in preview
    answer = client.post("/staff/events/info-session", data=data | {"action": "save"})
    assert answer.status_code == 303
    saved = content_file(studio_app, "events/info-session.yaml")
    assert saved.startswith("# A session announced on the office's website.\n")
    stored = yaml.safe_load(saved)
    assert stored["repeat"] == "FREQ=MONTHLY;BYDAY=1MO"
    assert stored["start"] == "2027-02-01 14:00" or str(stored["start"]).startswith("2027-02-01 14:00")
    assert stored["end"] == "16:00" and stored["languages"] == ["fr", "ar"]
    assert stored["except"] == [date(2027, 4, 6)]  # a field the form does not show
    content = studio_app.extensions["kiosk"].content_on_disk()
    assert content.events["info-session"].languages == ("fr", "ar")


def test_event_repetition_problems(studio_app):
    client = client_of(studio_app, "erik")
    _page, data = event_form(client)
    # 2027-02-02 is a Tuesday: not a first Monday.
    data |= {"day": "2027-02-02", "starts": "14:00", "repeat_kind": "monthly", "ordinals": ["1"], "weekdays": ["MO"]}
    answer = client.post("/staff/events/info-session", data=data | {"action": "save"})
    assert answer.status_code == 400
    assert "not one of the repeated days" in answer.get_data(as_text=True)
    assert content_file(studio_app, "events/info-session.yaml") == EVENT


def test_every_two_weeks_and_a_new_event(studio_app):
    client = client_of(studio_app, "alice")
    _page, data = event_form(client, "/staff/events/new")
    data |= {
        "event_id": "permanence",
        "titles-fr": "Permanence",
        "day": "2027-01-05",
        "starts": "09:00",
        "ends": "11:00",
        "repeat_kind": "biweekly",
        "until": "2027-06-30",
        "action": "save",
    }
    assert client.post("/staff/events/new", data=data).status_code == 303
    stored = yaml.safe_load(content_file(studio_app, "events/permanence.yaml"))
    assert stored["repeat"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T215959Z"
    page = client.get("/staff/events").get_data(as_text=True)
    assert "Every two weeks on Tuesday until June 30, 2027" in page


# -- topics -------------------------------------------------------------------------------


def test_an_editor_moves_a_topic_and_the_file_keeps_its_layout(studio_app):
    client = client_of(studio_app, "erik")
    page = client.get("/staff/topics").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/staff/topics/health/move", data={"csrf_token": csrf_token(page), "token": token, "direction": "up"}
    )
    assert answer.status_code == 303
    assert [t["id"] for t in yaml.safe_load(content_file(studio_app, "topics.yaml"))] == ["health", "housing"]
    assert git(studio_app, "log", "-1", "--format=%an|%s") == "erik|Move topic health up in the studio\n"
    # The same page's token again: the file changed since, so the second move is refused.
    again = client.post(
        "/staff/topics/health/move", data={"csrf_token": csrf_token(page), "token": token, "direction": "down"}
    )
    assert again.status_code == 409


def test_pictogram_search_and_titles(studio_app):
    client = client_of(studio_app, "erik")
    page = client.get("/staff/topics/housing?q=building").get_data(as_text=True)
    assert 'value="home" checked' in page and 'id="pictogram-building-community"' in page
    assert page.count("<svg") > 10
    data = {
        "csrf_token": csrf_token(page),
        "token": re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1),
    }
    data |= {"titles-en": "Housing", "titles-fr": "Logement", "titles-ar": "السكن", "titles-nl": "Wonen"}
    found = client.post("/staff/topics/housing", data=data | {"search": "bed", "pictogram": "home", "action": "search"})
    assert 'id="pictogram-bed"' in found.get_data(as_text=True)
    bad = client.post("/staff/topics/housing", data=data | {"pictogram": "no-such-icon", "action": "save"})
    assert bad.status_code == 400
    answer = client.post("/staff/topics/housing", data=data | {"pictogram": "building-community", "action": "save"})
    assert answer.status_code == 303
    housing = yaml.safe_load(content_file(studio_app, "topics.yaml"))[0]
    assert housing["pictogram"] == "building-community"
    assert housing["title"] == {"en": "Housing", "fr": "Logement", "ar": "السكن", "nl": "Wonen"}


def test_a_translator_changes_only_titles_in_their_languages(studio_app):
    client = client_of(studio_app, "tarek")
    page = client.get("/staff/topics/housing").get_data(as_text=True)
    assert 'name="pictogram"' not in page
    assert re.search(r'name="titles-en" value="Housing" lang="en" dir="ltr" disabled', page)
    data = {
        "csrf_token": csrf_token(page),
        "token": re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1),
    }
    data |= {"titles-ar": "الإسكان", "titles-en": "Changed", "pictogram": "bed", "action": "save"}
    assert client.post("/staff/topics/housing", data=data).status_code == 303
    housing = yaml.safe_load(content_file(studio_app, "topics.yaml"))[0]
    assert housing["title"]["ar"] == "الإسكان" and housing["title"]["en"] == "Housing"
    assert housing["pictogram"] == "home"


# -- notices ------------------------------------------------------------------------------


def test_a_pinned_notice_is_shown_between_its_dates_with_fallback(studio_app):
    client = client_of(studio_app, "erik")
    page = client.get("/staff/notices/new").get_data(as_text=True)
    today = date.today()
    data = {
        "csrf_token": csrf_token(page),
        "notice_id": "office-closed",
        "texts-fr": "Le bureau est fermé le 24 décembre.",
        "texts-en": "The office is closed on 24 December.",
        "first": (today - timedelta(days=1)).isoformat(),
        "last": (today + timedelta(days=1)).isoformat(),
        "where": ["topics", "counter"],
        "action": "save",
    }
    bad = client.post("/staff/notices/new", data=data | {"last": (today - timedelta(days=3)).isoformat()})
    assert bad.status_code == 400 and "is before" in bad.get_data(as_text=True)
    assert client.post("/staff/notices/new", data=data).status_code == 303
    result = studio_app.test_cli_runner().invoke(args=["content", "check"])
    assert "notices" not in result.output
    assert studio_app.test_cli_runner().invoke(args=["index", "build"]).exit_code == 0
    studio_app.extensions["kiosk"].refresh()
    visitor = studio_app.test_client()
    assert "Le bureau est fermé le 24 décembre." in visitor.get("/fr/").get_data(as_text=True)
    # Arabic has no text: the configured fallback (English), marked with its language.
    arabic = visitor.get("/ar/").get_data(as_text=True)
    assert '<p lang="en" dir="ltr">The office is closed on 24 December.</p>' in arabic
    assert "Set-Cookie" not in visitor.get("/fr/").headers

    # A translator adds the Arabic text, and nothing else changes.
    translator = client_of(studio_app, "tarek")
    page = translator.get("/staff/notices/office-closed").get_data(as_text=True)
    token = file_token(page)
    sent = {"csrf_token": csrf_token(page), "token": token, "texts-ar": "المكتب مغلق يوم 24 ديسمبر.", "texts-en": "X"}
    assert translator.post("/staff/notices/office-closed", data=sent | {"action": "save"}).status_code == 303
    stored = yaml.safe_load(content_file(studio_app, "notices/office-closed.yaml"))
    assert stored["text"]["en"] == "The office is closed on 24 December." and stored["text"]["ar"].startswith("المكتب")
    assert stored["where"] == ["topics", "counter"]


def test_content_check_reports_a_broken_notice_with_its_line(studio_app):
    content = studio_app.extensions["kiosk"].config.content_dir
    write(
        content / "notices" / "winter.yaml",
        "text: {fr: Abri de nuit}\nstart: 2026-12-01\nend: 2026-11-01\nwhere: [topics, wall]\n",
    )
    result = studio_app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "notices/winter.yaml:3: 'end' (2026-11-01) is before 'start' (2026-12-01)" in result.output
    assert "notices/winter.yaml:4: 'where' is a list of one or both of: topics, counter" in result.output
