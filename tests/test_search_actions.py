"""From a search that found nothing to a fix: "add as synonym" writes the language's synonym
file as a commit by the staff member, and the next publication finds the article; CSV exports
with semicolons for spreadsheets set up for Belgium."""

from __future__ import annotations

import csv
import io
import subprocess
from collections import Counter
from datetime import date

import pytest
from conftest import close_database
from test_staff import PASSWORD, csrf_token, sign_in

from app.content.synonyms import SynonymError, add_synonym, synonym_groups
from app.records import add_searches
from app.web.extensions import db

FRENCH = """\
# Mots que les personnes emploient pour la même chose.
- [travail, emploi, job]
- [médecin, docteur]
"""


# -- the domain: editing the file -----------------------------------------------------------


def test_a_word_joins_a_group_and_the_file_keeps_its_comments():
    text = add_synonym(FRENCH, "boulot", group=0)
    assert text == FRENCH.replace("job]", "job, boulot]")


def test_a_new_group_is_written_on_one_line_and_quoted_when_needed():
    text = add_synonym(FRENCH, "carte: orange", meaning="titre de séjour")
    assert text.endswith("- ['carte: orange', titre de séjour]\n")
    assert [g.words for g in synonym_groups(text)][-1] == ("carte: orange", "titre de séjour")


def test_a_new_file_says_what_it_is():
    text = add_synonym(None, "boulot", meaning="emploi")
    assert text.startswith("# Words that visitors use")
    assert [g.words for g in synonym_groups(text)] == [("boulot", "emploi")]


@pytest.mark.parametrize(
    "word, group, meaning, message",
    [
        ("", 0, "", "empty"),
        ("Travail", 0, "", "already in that group"),
        ("boulot", 7, "", "no longer exists"),
        ("boulot", None, "", "which word the articles use"),
        ("emploi", None, "Emploi", "the same"),
    ],
)
def test_what_cannot_be_written_is_refused_with_a_reason(word, group, meaning, message):
    with pytest.raises(SynonymError, match=message):
        add_synonym(FRENCH, word, group=group, meaning=meaning)


# -- the staff pages ----------------------------------------------------------------------


def _add_user(app, name, role, languages=None):
    args = ["staff", "add-user", name, "--role", role] + (["--languages", languages] if languages else [])
    assert app.test_cli_runner().invoke(args=args, input=f"{PASSWORD}\n").exit_code == 0


def _signed_in(app, name):
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


@pytest.fixture
def sqlite_app(indexed_config, tmp_path, prepared):
    """The app on the test content with a migrated SQLite database (the staff pages' logic is
    the same on PostgreSQL: test_staff.py runs it on both)."""
    from dataclasses import replace

    from app import create_app

    url = prepared.database(tmp_path / "kiosk.sqlite3")
    app = create_app(replace(indexed_config, database_url=url))
    app.config.update(TESTING=True)
    yield app
    close_database(app)


@pytest.fixture
def searched(sqlite_app):
    """'boulot' searched in French at three counters and found nothing: a common search."""
    app = sqlite_app
    with app.app_context():
        key = [(date.today(), "fr", "boulot", counter) for counter in ("c-1", "c-2", "c-3")]
        add_searches(db.session, Counter(dict.fromkeys(key, 1)), Counter(dict.fromkeys(key, 1)))
        db.session.commit()
    return app


def test_add_as_synonym_from_the_searches_report_then_publish_finds_the_article(searched, content_dir):
    app = searched
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")
    assert app.test_client().get("/api/search?q=boulot&lang=fr").get_json()["results"] == []

    report = staff.get("/staff/searches?lang=fr").get_data(as_text=True)
    assert "/staff/searches/synonym/fr?q=boulot" in report
    form = staff.get("/staff/searches/synonym/fr?q=boulot").get_data(as_text=True)
    assert 'value="boulot"' in form
    opened = form.split('name="opened" type="hidden" value="')[1].split('"')[0]
    saved = staff.post(
        "/staff/searches/synonym/fr",
        data={
            "csrf_token": csrf_token(form),
            "word": "boulot",
            "group": "new",
            "meaning": "logement",
            "opened": opened,
        },
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert "Publish to let visitors find it" in saved.get_data(as_text=True)

    text = (content_dir / "synonyms" / "fr.yaml").read_text("utf-8")
    assert ("boulot", "logement") in [g.words for g in synonym_groups(text)]
    log = subprocess.run(
        ["git", "log", "-1", "--format=%an|%s"], cwd=content_dir, capture_output=True, text=True, check=True
    )
    assert log.stdout.strip() == "editor|Synonym for fr: boulot"
    with app.app_context():  # the audit trail in the database too, as for every studio save
        from app.models import AuditEntry

        entries = [(e.username, e.action, e.path) for e in db.session.query(AuditEntry)]
    assert entries == [("editor", "synonym", "synonyms/fr.yaml")]

    assert app.test_cli_runner().invoke(args=["index", "build"]).exit_code == 0
    assert app.extensions["kiosk"].refresh()  # what each worker's watcher does within 2 s
    found = app.test_client().get("/api/search?q=boulot&lang=fr").get_json()["results"]
    assert found and found[0]["article"], found


def test_a_second_save_over_a_changed_file_is_refused(searched, content_dir):
    app = searched
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")
    form = staff.get("/staff/searches/synonym/fr?q=boulot").get_data(as_text=True)
    opened = form.split('name="opened" type="hidden" value="')[1].split('"')[0]
    (content_dir / "synonyms").mkdir(exist_ok=True)
    (content_dir / "synonyms" / "fr.yaml").write_text(FRENCH, "utf-8")  # someone else, meanwhile
    refused = staff.post(
        "/staff/searches/synonym/fr",
        data={"csrf_token": csrf_token(form), "word": "boulot", "group": "new", "meaning": "emploi", "opened": opened},
    )
    assert refused.status_code == 400
    assert "after you opened it" in refused.get_data(as_text=True)
    assert (content_dir / "synonyms" / "fr.yaml").read_text("utf-8") == FRENCH


def test_translators_add_synonyms_in_their_languages_only(searched):
    app = searched
    _add_user(app, "nadia", "translator", "ar")
    staff = _signed_in(app, "nadia")
    assert staff.get("/staff/searches/synonym/fr?q=boulot").status_code == 403
    assert staff.get("/staff/searches/synonym/ar?q=x").status_code == 200
    assert "/staff/searches/synonym/fr" not in staff.get("/staff/searches?lang=fr").get_data(as_text=True)
    assert app.test_client().get("/staff/searches/synonym/ar").status_code == 302  # signed out: sign in
    assert staff.get("/staff/searches/synonym/xx").status_code == 404


def test_csv_with_semicolons(searched):
    app = searched
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")
    page = staff.get("/staff/searches?lang=fr").get_data(as_text=True)
    assert "separator=semicolon" in page
    answer = staff.get("/staff/searches.csv?lang=fr&table=zero&separator=semicolon")
    text = answer.get_data(as_text=True).lstrip("\ufeff")
    assert text.splitlines()[0] == "language;search (normalised);times"
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["fr", "boulot", "3"]


def test_write_an_article_for_a_search_that_found_nothing(searched):
    app = searched
    _add_user(app, "editor", "editor")
    _add_user(app, "nadia", "translator", "fr")
    staff = _signed_in(app, "editor")
    report = staff.get("/staff/searches?lang=fr").get_data(as_text=True)
    assert "/staff/articles/new?lang=fr&amp;keywords=boulot" in report
    assert "/staff/articles/new" not in _signed_in(app, "nadia").get("/staff/searches?lang=fr").get_data(as_text=True)

    form = staff.get("/staff/articles/new?lang=fr&keywords=boulot").get_data(as_text=True)
    assert 'name="keywords" value="boulot"' in form
    chosen = {
        "csrf_token": csrf_token(form),
        "topic": "housing",
        "slug": "find-work",
        "lang": "fr",
        "keywords": "boulot",
    }
    to_editor = staff.post("/staff/articles/new", data=chosen)
    assert to_editor.status_code == 302 and "keywords=boulot" in to_editor.headers["Location"]
    editor = staff.get(to_editor.headers["Location"]).get_data(as_text=True)
    assert 'value="boulot"' in editor


def test_searches_whose_results_nobody_opened(sqlite_app):
    """'deposit' finds pages at three counters; nobody opens one: staff see it, with the same
    actions; once a visitor opens a result (the search page's beacon), it leaves that table."""
    app = sqlite_app
    visitors = {counter: app.test_client() for counter in ("c-1", "c-2", "c-3")}
    app.config["KIOSK_TRUST_COUNTER_HEADER"] = True
    for counter, visitor in visitors.items():
        page = visitor.get("/en/search?q=deposit", headers={"X-Kiosk-Counter": counter}).get_data(as_text=True)
        assert 'data-search-results data-search-lang="en"' in page
    recorder = app.extensions["recorder"]
    assert recorder.flush()
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")

    def unopened():
        return read_csv(staff.get("/staff/searches.csv?lang=en&table=unopened"))[1:]

    assert unopened() == [["en", "deposit", "3"]]
    assert "/staff/searches/synonym/en?q=deposit" in staff.get("/staff/searches?lang=en").get_data(as_text=True)

    opened = visitors["c-2"].post("/api/search/opened?lang=en&q=deposit", headers={"X-Kiosk-Counter": "c-2"})
    assert opened.status_code == 204 and opened.get_data() == b""
    assert recorder.flush()
    assert unopened() == []
    # Nothing but the counts: a wrong language is refused, an empty search is not counted.
    assert visitors["c-1"].post("/api/search/opened?lang=xx&q=deposit").status_code == 404
    assert visitors["c-1"].post("/api/search/opened?lang=en&q=").status_code == 204
    assert "Set-Cookie" not in opened.headers


def read_csv(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))


def test_report_tables_are_in_the_staff_language_and_their_csv_in_english(searched):
    app = searched
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")
    page = staff.get("/staff/searches?lang=fr", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Recherches qui n’ont rien trouvé" in page and '<th scope="col">fois</th>' in page
    assert "Searches that found nothing" not in page
    exported = staff.get("/staff/searches.csv?lang=fr&table=zero", headers={"Accept-Language": "fr"})
    assert exported.get_data(as_text=True).lstrip("\ufeff").startswith("language,search (normalised),times")


def test_every_report_page_opens_in_every_staff_language(searched):
    """Each report's translated titles and columns go through the templates' gettext, which
    formats with %: a column named "% yes" made the feedback page a 500."""
    app = searched
    _add_user(app, "editor", "editor")
    staff = _signed_in(app, "editor")
    for lang in ("en", "fr", "nl", "ar"):
        for report in ("translations", "content", "searches", "feedback", "usage", "counters"):
            answer = staff.get(f"/staff/{report}", headers={"Accept-Language": lang})
            assert answer.status_code == 200, (lang, report)
