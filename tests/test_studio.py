"""The studio's article pages through the test client, on the small test content in a real git
repository and a real SQLite database: every route for every role, saving (checked like
`content check`, nothing written on an error), two people at once, preview, history and
restore, new article, move with a redirect, archive with 410, drafts and dates for visitors."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import close_database
from sqlalchemy import select

from app import create_app
from app.content import load_content
from app.models import AuditEntry, DailyPageView
from app.search import build_index
from app.web.extensions import db

PASSWORD = "a long staff password"
ARTICLE = "/staff/content/housing/rental-deposit"


# Made by create_user in the database every test's app starts from (made once, copied).
ACCOUNTS = (("alice", "admin", ""), ("eddie", "editor", ""), ("tarik", "translator", "fr"))


@pytest.fixture
def app(indexed_config, tmp_path, prepared):
    url = prepared.database(tmp_path / "studio.sqlite3", ACCOUNTS, PASSWORD)
    app = create_app(replace(indexed_config, database_url=url))
    app.config.update(TESTING=True)
    yield app
    close_database(app)


def signed_in(app, name):
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    answer = client.post("/staff/login", data={"csrf_token": token(page), "username": name, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def form_of(page: str) -> dict:
    """The editor's form as a browser would send it back."""
    fields = {"csrf_token": token(page), "expected": hidden(page, "expected")}
    for name in ("title", "keywords", "source", "publish_on", "expires_on"):
        fields[name] = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1).replace("&#34;", '"')
    for name in ("summary", "body"):
        found = re.search(rf'name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
        fields[name] = found.replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
    if re.search(r'name="draft" value="y" checked', page):
        fields["draft"] = "y"
    return fields


def git_log(root, *args):
    return subprocess.run(["git", "log", *args], cwd=root, capture_output=True, text=True, check=True).stdout


# -- who may do what ---------------------------------------------------------------------------

ROUTES = [
    ("get", "/staff/articles"),
    ("get", "/staff/articles/new"),
    ("get", ARTICLE + "/en"),
    ("get", ARTICLE + "/fr"),
    ("get", ARTICLE + "/en/history"),
    ("get", ARTICLE + "/fr/history"),
    ("get", ARTICLE + "/fr/preview"),
    ("get", ARTICLE + "/en/preview"),
    ("get", ARTICLE + "/move"),
    ("get", ARTICLE + "/archive"),
    ("get", "/staff/content/health/finding-a-doctor/fr"),  # an original in French
]
# 200 or 403 per role, in the order of ROUTES.
EXPECTED = {
    "alice": [200] * 11,
    "eddie": [200] * 11,
    "tarik": [200, 403, 403, 200, 403, 200, 200, 403, 403, 403, 403],
}


def test_anonymous_visitors_are_sent_to_sign_in(app):
    client = app.test_client()
    for method, path in ROUTES:
        answer = getattr(client, method)(path)
        assert answer.status_code == 302 and "/staff/login" in answer.headers["Location"], path
    for path in (ARTICLE + "/en", ARTICLE + "/en/preview", ARTICLE + "/archive"):
        assert client.post(path).status_code == 400  # no session, so no CSRF token: refused first


@pytest.mark.parametrize("name", EXPECTED)
def test_each_role_on_each_route(app, name):
    client = signed_in(app, name)
    got = [getattr(client, method)(path).status_code for method, path in ROUTES]
    assert got == EXPECTED[name]


def test_a_translator_cannot_save_an_original_nor_create_articles(app):
    tarik, eddie = signed_in(app, "tarik"), signed_in(app, "eddie")
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    page = tarik.get("/staff/articles").get_data(as_text=True)
    form["csrf_token"] = token(page)  # his own session's token: only the role stops him
    assert tarik.post(ARTICLE + "/en", data=form).status_code == 403
    assert tarik.post(ARTICLE + "/en/preview", data=form).status_code == 403
    assert tarik.post(ARTICLE + "/move", data={"csrf_token": token(page), "slug": "x"}).status_code == 403
    assert tarik.post(ARTICLE + "/archive", data={"csrf_token": token(page), "confirm": "yes"}).status_code == 403
    assert tarik.post("/staff/articles/new", data={"csrf_token": token(page)}).status_code == 403


def test_every_form_needs_its_csrf_token(app):
    eddie = signed_in(app, "eddie")
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    del form["csrf_token"]
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 400
    assert eddie.post(ARTICLE + "/archive", data={"confirm": "yes"}).status_code == 400
    assert eddie.post(ARTICLE + "/move", data={"topic": "health", "slug": "x"}).status_code == 400


# -- saving ----------------------------------------------------------------------------------------


def test_a_save_is_a_commit_by_the_staff_member_that_visitors_see_after_publishing(app, content_dir):
    tarik = signed_in(app, "tarik")
    page = tarik.get(ARTICLE + "/fr").get_data(as_text=True)
    assert 'lang="fr" dir="ltr"' in page and 'name="expected"' in page
    form = form_of(page)
    form["body"] = form["body"].replace("Ouvrez un compte bloqué.", "Ouvrez un compte bloqué à la banque.")
    answer = tarik.post(ARTICLE + "/fr", data=form)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/fr?done=saved")
    text = (content_dir / "housing/rental-deposit/fr.md").read_text("utf-8")
    assert "à la banque." in text and "  from: en\n" in text  # the translation block stays as written
    assert "tarik" in git_log(content_dir, "-1", "--format=%an %ae")
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
    assert (entry.username, entry.action, entry.path) == ("tarik", "save", "housing/rental-deposit/fr.md")
    assert entry.revision == git_log(content_dir, "-1", "--format=%H").strip()
    # The running kiosk keeps the published text until a publication; staff see the files edited.
    assert "à la banque" not in app.test_client().get("/fr/housing/rental-deposit").get_data(as_text=True)
    assert app.extensions["kiosk"].content_on_disk().article("housing", "rental-deposit").versions["fr"]
    app.extensions["kiosk"].reload_content()
    assert "à la banque" in app.test_client().get("/fr/housing/rental-deposit").get_data(as_text=True)


def test_the_editors_publish_button_puts_the_saved_change_before_visitors(app, content_dir):
    """Item 10 from the editor: save, then Publish on the same page; no terminal anywhere."""
    eddie = signed_in(app, "eddie")
    page = eddie.get(ARTICLE + "/fr").get_data(as_text=True)
    assert 'action="/staff/publish"' in page
    form = form_of(page)
    form["body"] = form["body"].replace("Ouvrez un compte bloqué.", "Ouvrez un compte bloqué à la poste.")
    assert eddie.post(ARTICLE + "/fr", data=form).status_code == 302
    saved = eddie.get(ARTICLE + "/fr?done=saved").get_data(as_text=True)
    button = r'action="/staff/publish">\s*<input type="hidden" name="csrf_token" value="([^"]+)"'
    publish_token = re.search(button, saved)
    answer = eddie.post("/staff/publish", data={"csrf_token": publish_token.group(1)})
    assert answer.status_code == 200 and "Publication 1 is published." in answer.get_data(as_text=True)
    assert app.extensions["kiosk"].refresh()  # what each worker's watcher does within 2 s
    assert "à la poste" in app.test_client().get("/fr/housing/rental-deposit").get_data(as_text=True)
    assert "/staff/publish" not in signed_in(app, "tarik").get(ARTICLE + "/fr").get_data(as_text=True)


def test_a_change_of_meaning_in_an_original_makes_its_translations_outdated(app, content_dir):
    """No terminal: the editor's "the meaning changed" box gives the original a new revision, so its
    translations show as outdated (to staff and, as a notice, to visitors); a plain save (a typo, a
    number) keeps them current. Either save dates the file today."""
    eddie = signed_in(app, "eddie")
    path = content_dir / "housing/rental-deposit/en.md"
    page = eddie.get(ARTICLE + "/en").get_data(as_text=True)
    assert 'name="major"' in page
    assert 'name="major"' not in eddie.get(ARTICLE + "/fr").get_data(as_text=True)  # a translation
    form = form_of(page)
    form["body"] += "\nA typo fixed.\n"
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    text = path.read_text("utf-8")
    assert "revision: 2\n" in text and f"updated: {date.today().isoformat()}" in text
    assert app.extensions["kiosk"].content_on_disk().article("housing", "rental-deposit").translation_state("fr") == (
        "current"
    )
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    form["body"] += "\nThe deposit is now three months of rent.\n"
    form["major"] = "y"
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    assert "revision: 3\n" in path.read_text("utf-8")
    article = app.extensions["kiosk"].content_on_disk().article("housing", "rental-deposit")
    assert article.translation_state("fr") == "outdated"
    translations = eddie.get("/staff/translations").get_data(as_text=True)
    assert "housing/rental-deposit" in translations and "outdated" in translations


def test_an_unchanged_save_keeps_the_file_byte_for_byte(app, content_dir):
    eddie = signed_in(app, "eddie")
    path = content_dir / "housing/rental-deposit/en.md"
    before = path.read_bytes()
    assert (
        eddie.post(ARTICLE + "/en", data=form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))).status_code == 302
    )
    assert path.read_bytes() == before


def test_problems_are_shown_next_to_their_field_and_nothing_is_written(app, content_dir):
    eddie = signed_in(app, "eddie")
    path = content_dir / "housing/rental-deposit/en.md"
    before = path.read_bytes()
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    untitled = eddie.post(ARTICLE + "/en", data={**form, "title": ""})
    assert untitled.status_code == 422 and 'id="problems-title"' in untitled.get_data(as_text=True)
    form.update(source="http://insecure.example", publish_on="2027-02-30")
    form["body"] += "\nSee [the other page](/en/housing/nowhere).\n"
    answer = eddie.post(ARTICLE + "/en", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert path.read_bytes() == before
    for field, message in [
        ("source", "must be a web address starting with https://"),
        ("publish_on", "'publish_on' must be a date written YYYY-MM-DD"),
        ("body", "no article housing/nowhere"),
    ]:
        listed = re.search(rf'<ul class="field-problems" id="problems-{field}".*?</ul>', page, re.S)
        assert listed and message in html.unescape(listed.group(0)), field
        assert f'aria-describedby="problems-{field}"' in page
    assert "http://insecure.example" in page  # what was typed stays in the form
    assert len(git_log(content_dir, "--format=%H").split()) == 1  # only the first commit


def test_the_second_of_two_saves_is_refused_with_who_and_when_and_keeps_the_text(app, content_dir):
    eddie, alice = signed_in(app, "eddie"), signed_in(app, "alice")
    first = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    second = form_of(alice.get(ARTICLE + "/en").get_data(as_text=True))
    first["summary"] = "How the rental guarantee works in Brussels, step by step."
    assert eddie.post(ARTICLE + "/en", data=first).status_code == 302
    second["body"] = second["body"].replace("Never pay", "Do not ever pay")
    answer = alice.post(ARTICLE + "/en", data=second)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert re.search(r"Changed by eddie at \d{4}-\d\d-\d\d \d\d:\d\d UTC", page)
    assert "Do not ever pay" in page  # alice's text, kept in the form
    assert "step by step" in page  # eddie's, shown beside it
    assert "<del>step by step" not in page and "<del>, step by step</del>" in page  # theirs → yours
    text = (content_dir / "housing/rental-deposit/en.md").read_text("utf-8")
    assert "Do not ever pay" not in text and "step by step" in text
    # Having seen theirs, her next save (with the token of their version) goes through.
    again = form_of(page)
    assert alice.post(ARTICLE + "/en", data=again).status_code == 302
    assert "Do not ever pay" in (content_dir / "housing/rental-deposit/en.md").read_text("utf-8")


def test_preview_renders_the_visitor_page_from_unsaved_text_in_a_frame(app, content_dir):
    tarik = signed_in(app, "tarik")
    form = form_of(tarik.get(ARTICLE + "/fr").get_data(as_text=True))
    form["body"] = "Appelez le **02 000 00 00**.\n\n<script>alert(1)</script>"
    answer = tarik.post(ARTICLE + "/fr/preview", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "<strong>" in page and "<script>alert" not in page  # sanitised as visitors get it
    assert '<html lang="fr" dir="ltr">' in page and "Garantie locative" in page
    # In the visitor's words, whatever the staff member's own language is.
    assert "Tous les thèmes" in page and "All topics" not in page
    assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "02 000 00 00" not in (content_dir / "housing/rental-deposit/fr.md").read_text("utf-8")
    assert app.extensions["recorder"].flush() in (0, None, False) or True
    with app.app_context():
        assert db.session.scalars(select(DailyPageView)).all() == []  # staff previews are not visits
    editor = tarik.get(ARTICLE + "/fr").get_data(as_text=True)
    assert "frame-ancestors 'none'" in tarik.get(ARTICLE + "/fr").headers["Content-Security-Policy"]
    assert 'name="preview-counter"' in editor and 'name="preview-phone"' in editor


def test_arabic_fields_are_right_to_left(app):
    page = signed_in(app, "eddie").get(ARTICLE + "/ar").get_data(as_text=True)
    assert re.search(r'id="field-body"[^>]*lang="ar" dir="rtl"', page)
    assert re.search(r'id="field-source"[^>]*dir="ltr"', page)


# -- history and restore -----------------------------------------------------------------------


def test_history_shows_each_save_with_its_words_and_restores_an_old_version(app, content_dir):
    eddie = signed_in(app, "eddie")
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    form["body"] = form["body"].replace("Open a blocked account.", "Open a blocked account <at the bank>.")
    form["message"] = "Where to open the account"
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    page = eddie.get(ARTICLE + "/en/history").get_data(as_text=True)
    assert "Where to open the account" in page and "eddie" in page
    assert "account<ins> &lt;at the bank&gt;</ins>." in page  # escaped, word by word
    first = git_log(content_dir, "--format=%H").split()[-1]
    restore = f"{ARTICLE}/en/restore/{first}"
    assert f'href="{restore}"' in page
    confirm = eddie.get(restore).get_data(as_text=True)
    assert "<del> &lt;at the bank&gt;</del>" in confirm
    assert eddie.post(restore, data={"expected": hidden(confirm, "expected")}).status_code == 400  # no CSRF
    answer = eddie.post(restore, data={"csrf_token": token(confirm), "expected": hidden(confirm, "expected")})
    assert answer.status_code == 302
    assert "at the bank" not in (content_dir / "housing/rental-deposit/en.md").read_text("utf-8")
    assert git_log(content_dir, "-1", "--format=%s").startswith("Restore housing/rental-deposit/en.md")
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["save", "restore"]
    assert eddie.get(f"{ARTICLE}/en/restore/nothex").status_code == 404


# -- new, move, archive --------------------------------------------------------------------------


def test_a_new_article_starts_as_a_draft_that_visitors_never_see(app, content_dir):
    eddie = signed_in(app, "eddie")
    page = eddie.get("/staff/articles/new").get_data(as_text=True)
    bad = eddie.post("/staff/articles/new", data={"csrf_token": token(page), "topic": "health", "slug": "Bad Name"})
    assert bad.status_code == 422 and "is not a valid name" in bad.get_data(as_text=True)
    taken = {"csrf_token": token(page), "topic": "housing", "slug": "rental-deposit", "lang": "en"}
    assert eddie.post("/staff/articles/new", data=taken).status_code == 422
    answer = eddie.post(
        "/staff/articles/new", data={"csrf_token": token(page), "topic": "health", "slug": "vaccines", "lang": "en"}
    )
    assert answer.headers["Location"] == "/staff/content/health/vaccines/en"
    editor = eddie.get("/staff/content/health/vaccines/en").get_data(as_text=True)
    form = form_of(editor)
    assert form["draft"] == "y" and form["expected"] == ""
    form.update(
        title="Vaccines for children",
        summary="Which vaccines are free.",
        keywords="vaccine, child, injection",
        source="https://www.health.belgium.be/",
        body="Ask your doctor.",
    )
    assert eddie.post("/staff/content/health/vaccines/en", data=form).status_code == 302
    text = (content_dir / "health/vaccines/en.md").read_text("utf-8")
    assert "draft: true" in text and "revision: 1" in text and "keywords: [vaccine, child, injection]" in text
    assert signed_in(app, "tarik").get("/staff/content/health/other/en").status_code == 403
    assert eddie.get("/staff/content/health/other/de").status_code == 404
    assert eddie.get("/staff/content/nowhere/other/en").status_code == 404

    publish(app)
    visitor = app.test_client()
    assert visitor.get("/en/health/vaccines").status_code == 404
    assert "Vaccines for children" not in visitor.get("/en/health/").get_data(as_text=True)
    assert visitor.get("/api/search?q=vaccines&lang=en").get_json()["results"] == []
    assert visitor.get("/api/suggest?q=vacc&lang=en").get_json()["suggestions"] == []
    preview = eddie.get("/staff/content/health/vaccines/en/preview")
    assert preview.status_code == 200 and "Vaccines for children" in preview.get_data(as_text=True)

    form = form_of(eddie.get("/staff/content/health/vaccines/en").get_data(as_text=True))
    del form["draft"]
    assert eddie.post("/staff/content/health/vaccines/en", data=form).status_code == 302
    publish(app)
    assert visitor.get("/en/health/vaccines").status_code == 200
    assert "Vaccines for children" in visitor.get("/en/health/").get_data(as_text=True)


def publish(app):
    """What the Publish button will do: build the index from the files, load them."""
    state = app.extensions["kiosk"]
    build_index(load_content(state.config.content_dir, state.languages.codes), state.config.index_dir)
    state.reload_content()


def test_moving_an_article_sends_visitors_from_the_old_address(app, content_dir):
    eddie = signed_in(app, "eddie")
    page = eddie.get(ARTICLE + "/move").get_data(as_text=True)
    answer = eddie.post(ARTICLE + "/move", data={"csrf_token": token(page), "topic": "health", "slug": "deposit"})
    assert answer.status_code == 302
    assert (content_dir / "health/deposit/en.md").is_file() and not (content_dir / "housing/rental-deposit").exists()
    assert "housing/rental-deposit: health/deposit" in (content_dir / "redirects.yaml").read_text("utf-8")
    again = eddie.post(
        "/staff/content/health/deposit/move", data={"csrf_token": token(page), "topic": "health", "slug": "deposits"}
    )
    assert again.status_code == 302
    publish(app)
    visitor = app.test_client()
    for old in ("/fr/housing/rental-deposit", "/fr/health/deposit"):
        moved = visitor.get(old)
        assert moved.status_code == 301 and moved.headers["Location"] == "/fr/health/deposits", old
    assert visitor.get("/fr/health/deposits").status_code == 200
    assert visitor.get("/fr/housing/never-was").status_code == 404
    taken = eddie.post(
        "/staff/content/health/deposits/move",
        data={"csrf_token": token(page), "topic": "health", "slug": "finding-a-doctor"},
    )
    assert taken.status_code == 422 and "There is already an article" in taken.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert "redirects.yaml" not in result.output


def test_archiving_needs_confirming_and_visitors_then_get_410_with_the_topic(app, content_dir):
    eddie = signed_in(app, "eddie")
    page = eddie.get(ARTICLE + "/archive").get_data(as_text=True)
    assert "Archive housing/rental-deposit?" in page
    assert eddie.post(ARTICLE + "/archive", data={"csrf_token": token(page)}).status_code == 400
    assert (content_dir / "housing/rental-deposit/en.md").is_file()
    assert eddie.post(ARTICLE + "/archive", data={"csrf_token": token(page), "confirm": "yes"}).status_code == 302
    assert not (content_dir / "housing/rental-deposit").exists()
    assert "housing/rental-deposit/en.md" in git_log(content_dir, "-1", "--name-only", "--format=")
    publish(app)
    gone = app.test_client().get("/en/housing/rental-deposit")
    assert gone.status_code == 410 and 'href="/en/housing/"' in gone.get_data(as_text=True)
    with app.app_context():
        assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["archive"]


# -- dates for visitors -------------------------------------------------------------------------


def test_publish_and_expiry_dates_decide_what_visitors_see_today(app, content_dir):
    eddie = signed_in(app, "eddie")
    tomorrow, today = date.today() + timedelta(days=1), date.today()
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    form["publish_on"] = tomorrow.isoformat()
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    publish(app)
    visitor = app.test_client()
    assert visitor.get("/en/housing/rental-deposit").status_code == 404
    assert visitor.get("/fr/housing/rental-deposit").status_code == 404  # the article goes with its original
    assert "rental-deposit" not in visitor.get("/en/housing/").get_data(as_text=True)
    assert visitor.get("/api/search?q=deposit&lang=en").get_json()["results"] == []
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    form.update(publish_on="", expires_on=today.isoformat())
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    publish(app)
    assert visitor.get("/en/housing/rental-deposit").status_code == 404  # expired from today on
    form = form_of(eddie.get(ARTICLE + "/en").get_data(as_text=True))
    form.update(expires_on=tomorrow.isoformat())
    assert eddie.post(ARTICLE + "/en", data=form).status_code == 302
    publish(app)
    assert visitor.get("/en/housing/rental-deposit").status_code == 200
    assert visitor.get("/api/search?q=deposit&lang=en").get_json()["results"]
