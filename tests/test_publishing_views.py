"""Publishing through the app: the /staff/publish page per role, its Publish and roll-back buttons,
the commands, the publications served at /content.git/, heartbeats with a follower's status and
a counter's totals (stored once however often they are sent), and the Counters page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import article_file, close_database, write
from sqlalchemy import select
from test_heartbeats import provision
from test_staff import PASSWORD, add_user, csrf_token, sign_in

from app import create_app
from app.models import CounterHeartbeat, DailyPageView, DailySearch, PublicationRecord
from app.web.extensions import db

ROUTES = [("get", "/staff/publish"), ("post", "/staff/publish"), ("post", "/staff/publish/rollback")]


pytestmark = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def publishing_app(indexed_config, database_url, tmp_path):
    config = replace(
        indexed_config,
        database_url=database_url,
        publications_dir=tmp_path / "publications.git",
        publishing_key_file=tmp_path / "keys" / "signing_key",
    )
    app = create_app(config)
    app.config.update(TESTING=True)
    yield app
    close_database(app)


def _client(app, name, role):
    languages = ["--languages", "ar"] if role == "translator" else []
    result = app.test_cli_runner().invoke(
        args=["staff", "add-user", name, "--role", role, *languages], input=f"{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


def _post(client, path, **data):
    token = csrf_token(client.get("/staff/account").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def test_publishing_is_for_editors_and_admins(publishing_app):
    anonymous = publishing_app.test_client()
    for method, path in ROUTES:
        token = csrf_token(anonymous.get("/staff/login").get_data(as_text=True))  # CSRF is checked first
        answer = anonymous.get(path) if method == "get" else anonymous.post(path, data={"csrf_token": token})
        assert answer.status_code == 302 and "/staff/login" in answer.location
    translator = _client(publishing_app, "tara", "translator")
    assert translator.get("/staff/publish").status_code == 403
    for _, path in ROUTES[1:]:
        assert _post(translator, path).status_code == 403
    assert "/staff/publish" not in translator.get("/staff/").get_data(as_text=True)  # no link either
    for name, role in (("eddie", "editor"), ("root", "admin")):
        client = _client(publishing_app, name, role)
        page = client.get("/staff/publish")
        assert page.status_code == 200 and "Nothing has been published yet" in page.get_data(as_text=True)
    assert _client(publishing_app, "ed2", "editor").post("/staff/publish").status_code == 400  # no CSRF token


def test_the_publish_button_publishes_and_the_rollback_button_goes_back(publishing_app, indexed_config):
    editor = _client(publishing_app, "eddie", "editor")
    answer = _post(editor, "/staff/publish")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    page = answer.get_data(as_text=True)
    assert "Publication 1 is published." in page and "ssh-ed25519 " in page
    with publishing_app.app_context():
        record = db.session.get(PublicationRecord, 1)
        assert (record.published_by, record.restores) == ("eddie", None)
    # A page visitors see would go: asked first, published once confirmed.
    (indexed_config.content_dir / "health" / "finding-a-doctor" / "nl.md").unlink()
    asked = _post(editor, "/staff/publish")
    assert asked.status_code == 409
    assert "health/finding-a-doctor in nl would be shown in another language" in asked.get_data(as_text=True)
    assert _post(editor, "/staff/publish", confirm="y").status_code == 200
    # A broken file: refused, with where.
    write(indexed_config.content_dir / "health" / "finding-a-doctor" / "en.md", "---\ntitle: [x\n---\nB\n")
    refused = _post(editor, "/staff/publish")
    assert refused.status_code == 422 and "health/finding-a-doctor/en.md:2:" in refused.get_data(as_text=True)
    (indexed_config.content_dir / "health" / "finding-a-doctor" / "en.md").unlink()

    back = _post(editor, "/staff/publish/rollback")
    assert back.status_code == 200
    assert "Publication 3 is published: it brings back publication 1." in back.get_data(as_text=True)
    assert (indexed_config.content_dir / "health" / "finding-a-doctor" / "nl.md").is_file()


def test_the_partial_button_posts_to_the_publish_route(publishing_app):
    editor = _client(publishing_app, "eddie", "editor")
    with publishing_app.test_request_context("/staff/"):
        from flask import render_template_string

        html = render_template_string('{% include "staff/publishing/_publish_button.html" %}')
    assert 'action="/staff/publish"' in html and 'name="csrf_token"' in html
    assert editor.get("/staff/publish").status_code == 200


def test_only_the_publications_are_served_to_followers(publishing_app, tmp_path):
    client = publishing_app.test_client()
    assert client.get("/content.git/info/refs").status_code == 404  # nothing published yet
    assert publishing_app.test_cli_runner().invoke(args=["content", "publish"]).exit_code == 0
    with client.get("/content.git/info/refs") as refs:
        assert refs.status_code == 200 and refs.get_data(as_text=True).endswith("\trefs/heads/published\n")
        assert refs.headers["Cache-Control"] == "no-cache"
    served = tmp_path / "publications.git"
    for path in (
        "config",
        "hooks/pre-receive.sample",
        "description",
        "../publications.git/HEAD",
        "refs/heads/published",
    ):
        assert client.get(f"/content.git/{path}").status_code == 404, path
    assert client.post("/content.git/info/refs").status_code == 405
    # Every object git's plain-HTTP client may ask for is there: loose ones or packs.
    objects = [p for p in (served / "objects").rglob("*") if p.is_file() and p.parent.name not in ("info",)]
    assert objects
    for path in objects:
        with client.get(f"/content.git/{path.relative_to(served)}") as answer:
            assert answer.status_code == 200 and answer.headers["Cache-Control"].endswith("immutable")
            assert answer.get_data() == path.read_bytes()


def test_the_commands_publish_refuse_and_roll_back(publishing_app, indexed_config):
    runner = publishing_app.test_cli_runner()
    result = runner.invoke(args=["content", "publish"])
    assert result.exit_code == 0 and "Publication 1 published" in result.output
    english = indexed_config.content_dir / "housing" / "rental-deposit" / "en.md"
    original = english.read_text("utf-8")
    write(english, "---\ntitle: [x\n---\nB\n")
    result = runner.invoke(args=["content", "publish"])
    assert result.exit_code == 1 and "housing/rental-deposit/en.md:2: YAML error" in result.output
    english.write_text(original, "utf-8")
    (indexed_config.content_dir / "housing" / "rental-deposit" / "fr.md").unlink()
    result = runner.invoke(args=["content", "publish"])
    assert result.exit_code == 1 and "housing/rental-deposit in fr would be shown in another language" in result.output
    assert runner.invoke(args=["content", "publish", "--confirm"]).exit_code == 0
    result = runner.invoke(args=["content", "rollback"])
    assert result.exit_code == 0 and "Publication 3 brings back publication 1" in result.output


def test_sync_command_follows_a_publishing_server(publishing_app, indexed_config, tmp_path):
    assert publishing_app.test_cli_runner().invoke(args=["content", "publish"]).exit_code == 0
    public_key = (tmp_path / "keys" / "signing_key.pub").read_text().strip()
    follower = create_app(
        replace(
            indexed_config,
            content_dir=tmp_path / "follower" / "content",
            index_dir=tmp_path / "follower" / "index",
            sync_dir=tmp_path / "follower" / "sync",
            publishing_public_key=public_key,
            database_url=f"sqlite:///{tmp_path / 'follower.sqlite3'}",
        )
    )
    runner = follower.test_cli_runner()
    result = runner.invoke(args=["content", "sync", "--from", str(tmp_path / "publications.git")])
    assert result.exit_code == 0, result.output
    assert "Publication 1 is served now" in result.output
    assert (tmp_path / "follower" / "content").resolve().parent.name == "releases"
    result = runner.invoke(args=["content", "sync", "--from", str(tmp_path / "publications.git")])
    assert "Up to date: publication 1" in result.output
    no_key = create_app(replace(indexed_config, sync_dir=tmp_path / "x"))
    result = no_key.test_cli_runner().invoke(args=["content", "sync", "--from", "http://127.0.0.1:9"])
    assert result.exit_code == 1 and "publishing_public_key" in result.output


# -- heartbeats and the Counters page ----------------------------------------------------------------

STATUS = {"publication": 3, "published_at": "2026-12-01T09:00:00+00:00", "sync_problem": ""}


def test_a_followers_status_is_kept_and_an_old_heartbeat_leaves_it(publishing_app):
    key = provision(publishing_app, "bapa-1")
    client = publishing_app.test_client()
    beat = {"counter": "bapa-1", "key": key, "software_version": "0.1.0", "content_revision": "publication-3"}
    assert client.post("/api/heartbeat", json=beat | STATUS).status_code == 200
    assert client.post("/api/heartbeat", json=beat | {"publication": "three"}).status_code == 400
    publishing_app.extensions["recorder"].flush()
    assert client.post("/api/heartbeat", json=beat).status_code == 200  # a browser: no status
    publishing_app.extensions["recorder"].flush()
    with publishing_app.app_context():
        row = db.session.get(CounterHeartbeat, "bapa-1")
        assert (row.publication, row.published_at.isoformat(), row.sync_problem) == (3, "2026-12-01T09:00:00", "")


def test_a_counters_totals_count_once_however_often_they_are_sent(publishing_app):
    key = provision(publishing_app, "bapa-1")
    client = publishing_app.test_client()
    counts = [
        ["view", "2026-12-01", "fr", "housing", "rental-deposit", 7],
        ["search", "2026-12-01", "fr", "caution", 3, 1],
    ]
    beat = {"counter": "bapa-1", "key": key, "software_version": "0.1.0", "content_revision": "", "counts": counts}
    for _ in range(2):  # sent twice (an answer lost on the way)
        answer = client.post("/api/heartbeat", json=beat)
        assert answer.status_code == 200 and answer.json["counts_stored"] == 2
    counts[0][-1] = 9  # the day went on: the new total replaces the old one
    assert client.post("/api/heartbeat", json=beat).json["counts_stored"] == 2
    with publishing_app.app_context():
        views = db.session.scalars(select(DailyPageView).where(DailyPageView.counter == "bapa-1")).all()
        searches = db.session.scalars(select(DailySearch).where(DailySearch.counter == "bapa-1")).all()
        assert [(v.day, v.count) for v in views] == [(date(2026, 12, 1), 9)]
        assert [(s.query, s.count, s.nothing_found) for s in searches] == [("caution", 3, 1)]
    for wrong in (
        [["view", "2026-12-01", "fr", "x", 7]],
        [["view", "yesterday", "fr", "a", "b", 1]],
        "x",
        [["view", "2026-12-01", "fr", "a", "b", -1]],
    ):
        assert client.post("/api/heartbeat", json=beat | {"counts": wrong}).status_code == 400


def test_the_counters_page_says_who_is_behind_in_the_staff_language(publishing_app, indexed_config):
    runner = publishing_app.test_cli_runner()
    assert runner.invoke(args=["content", "publish"]).exit_code == 0
    write(indexed_config.content_dir / "housing" / "new" / "en.md", article_file("New", "A new article."))
    assert runner.invoke(args=["content", "publish"]).exit_code == 0
    client = publishing_app.test_client()
    for name, publication, problem in (("bapa-1", 1, "publication 2 is not signed"), ("bapa-2", 2, "")):
        key = provision(publishing_app, name)
        beat = {"counter": name, "key": key, "software_version": "0.1.0", "content_revision": ""}
        status = {"publication": publication, "published_at": "2026-12-01T09:00:00+00:00", "sync_problem": problem}
        assert client.post("/api/heartbeat", json=beat | status).status_code == 200
    publishing_app.extensions["recorder"].flush()
    assert add_user(publishing_app, "root").exit_code == 0
    staff = publishing_app.test_client()
    sign_in(staff, "root")
    staff.post(
        "/staff/account/language",
        data={"csrf_token": csrf_token(staff.get("/staff/account").get_data(as_text=True)), "staff_language": "fr"},
    )
    page = staff.get("/staff/counters").get_data(as_text=True)
    assert "The newest publication is 2" in page or "publication la plus récente" in page
    assert "publication 2 is not signed" in page
    bapa_1 = page.split("<td>bapa-1</td>", 1)[1].split("</tr>", 1)[0]
    assert "seconde" in bapa_1 or "minute" in bapa_1  # behind for a few seconds, in French
