"""The studio's domain (app/studio) without an app: fields into a file's text with its layout
kept, checks tied to fields, drafts and dates, redirects, move and archive in a real git
repository, differences word by word, the audit table on a real SQLite file."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from conftest import LANGUAGES, article_file, make_content, write
from sqlalchemy.orm import Session

from app.content import load_content
from app.content.history import Author, ContentHistory
from app.database import make_engine, upgrade
from app.studio import (
    ArticleAddress,
    EditorFields,
    StudioError,
    archive_article,
    audit,
    check_text,
    line_diff,
    move_article,
    open_file,
    with_fields,
    word_diff,
)

TODAY = date(2026, 12, 3)
EDDIE = Author("eddie")
HAND_WRITTEN = """\
---
# Checked with the commune in November.
title: 'Register at the commune'
summary: Where and when.
keywords:
  - commune
  - register
  - address
source: https://www.belgium.be/
updated: 2026-11-20
revision: 3
---
Go to the commune's population office.
"""


@pytest.fixture
def root(tmp_path):
    return make_content(tmp_path / "content")


def test_fields_go_into_the_text_and_the_rest_stays_as_written():
    fields = EditorFields.from_text(HAND_WRITTEN)
    assert (fields.title, fields.keywords, fields.draft) == (
        "Register at the commune",
        "commune, register, address",
        False,
    )
    assert with_fields(HAND_WRITTEN, fields, TODAY) == HAND_WRITTEN  # unchanged: byte for byte
    fields.body = "Go to the population office.\r\nBring your passport."  # as a browser sends it
    fields.keywords = "commune, register, address, domicile"
    fields.publish_on, fields.draft = "2027-01-04", True
    text = with_fields(HAND_WRITTEN, fields, TODAY)
    assert text.startswith("---\n# Checked with the commune in November.\ntitle: 'Register at the commune'\n")
    assert "keywords:\n  - commune\n  - register\n  - address\n  - domicile\n" in text  # still one a line
    assert "revision: 3\ndraft: true\npublish_on: 2027-01-04\n---\n" in text
    assert text.endswith("---\nGo to the population office.\nBring your passport.\n")
    fields.draft, fields.publish_on = False, ""
    assert "draft" not in with_fields(text, fields, TODAY) and "publish_on" not in with_fields(text, fields, TODAY)


def test_problems_are_those_of_content_check_tied_to_their_field(root):
    content = load_content(root, LANGUAGES)
    address = ArticleAddress("housing", "rental-deposit")
    text = (root / address.file("en")).read_text("utf-8")
    assert [p for p in check_text(root, LANGUAGES, content, address, "en", text) if p.blocking] == []
    fields = EditorFields.from_text(text)
    fields.keywords, fields.expires_on = "deposit", "soon"
    fields.body += "\n<<<<<<< HEAD\n"
    found = check_text(root, LANGUAGES, content, address, "en", with_fields(text, fields, TODAY))
    assert [(p.field, p.blocking) for p in found] == [("body", True)]  # a conflict marker: the file is unusable
    assert "merge conflict marker" in found[0].message
    fields.body = fields.body.replace("<<<<<<< HEAD\n", "")
    found = check_text(root, LANGUAGES, content, address, "en", with_fields(text, fields, TODAY))
    assert {(p.field, p.blocking) for p in found} == {("keywords", True), ("expires_on", True)}
    # A translation saying it follows a revision the original does not have yet.
    french = (root / address.file("fr")).read_text("utf-8").replace("revision: 2", "revision: 5")
    assert [p.field for p in check_text(root, LANGUAGES, content, address, "fr", french)] == ["file"]


def test_drafts_and_dates_decide_what_visitors_see(root):
    write(
        root / "health" / "winter" / "en.md",
        article_file(
            "Winter shelter", "Where to sleep.", revision=1, extra="publish_on: 2026-12-01\nexpires_on: 2027-03-01"
        ),
    )
    write(root / "health" / "new" / "en.md", article_file("New", "Soon.", revision=1, extra="draft: true"))
    nl = root / "health" / "finding-a-doctor" / "nl.md"
    nl.write_text(nl.read_text("utf-8").replace("---\nKies", "draft: true\n---\nKies"), "utf-8")
    content = load_content(root, LANGUAGES)
    assert content.problems == []
    before, during, after = (content.shown_on(d) for d in (date(2026, 11, 30), date(2026, 12, 1), date(2027, 3, 1)))
    assert "health/winter" not in before.articles and "health/winter" in during.articles
    assert "health/winter" not in after.articles  # from its expiry day on
    assert "health/new" not in during.articles
    assert set(during.article("health", "finding-a-doctor").versions) == {"fr"}  # nl falls back
    assert before.fingerprint != during.fingerprint != after.fingerprint  # cached pages change with the day
    assert set(content.article("health", "finding-a-doctor").versions) == {"fr", "nl"}  # staff see all


def test_unreadable_dates_are_reported_with_their_line_and_kept_from_visitors(root):
    write(
        root / "health" / "odd" / "en.md",
        article_file("Odd", "Dates.", revision=1, extra="draft: maybe\npublish_on: next week"),
    )
    content = load_content(root, LANGUAGES)
    said = {(p.line, p.message) for p in content.problems}
    assert (8, "'draft' must be true or false") in said
    assert (9, "'publish_on' must be a date written YYYY-MM-DD") in said
    assert "health/odd" not in content.shown_on(TODAY).articles


def test_moves_and_archives_keep_old_addresses_working(root):
    history = ContentHistory(root)
    history.ensure_repository()
    content = load_content(root, LANGUAGES)
    old, new = ArticleAddress("housing", "rental-deposit"), ArticleAddress("housing", "deposit")
    with pytest.raises(StudioError) as taken:
        move_article(history, content, old, ArticleAddress("health", "finding-a-doctor"), EDDIE)
    assert taken.value.reason == "taken"
    with pytest.raises(StudioError):
        ArticleAddress.checked("housing", "Deposit/../x")
    move_article(history, content, old, new, EDDIE)
    content = load_content(root, LANGUAGES)
    move_article(history, content, new, ArticleAddress("health", "deposit"), EDDIE)
    content = load_content(root, LANGUAGES)
    assert content.problems == []
    assert content.new_address("housing/rental-deposit") == "health/deposit"  # one hop, not two
    assert content.new_address("housing/deposit") == "health/deposit"
    archive_article(history, ArticleAddress("health", "deposit"), EDDIE)
    content = load_content(root, LANGUAGES)
    assert content.new_address("housing/rental-deposit") is None
    assert content.was_archived("housing/rental-deposit") and content.was_archived("health/deposit")
    assert not content.was_archived("health/finding-a-doctor")
    redirects = (root / "redirects.yaml").read_text("utf-8")
    assert redirects.startswith("# Old addresses of articles") and "archived:\n- health/deposit\n" in redirects
    log = subprocess.run(["git", "log", "--format=%an|%s"], cwd=root, capture_output=True, text=True).stdout
    assert log.splitlines()[0] == "eddie|Archive health/deposit"
    # The archived text is still in the history.
    assert "Rental deposit" in history.text_at("health/deposit/en.md", history.log()[1].revision)


def test_a_loop_or_a_bad_address_in_redirects_is_reported(root):
    write(root / "redirects.yaml", "moved:\n  a/b: c/d\n  c/d: a/b\n  x/y: Not An Address\n")
    content = load_content(root, LANGUAGES)
    messages = [p.message for p in content.problems if p.path.name == "redirects.yaml"]
    assert any("is not topic/article" in m for m in messages)
    assert content.new_address("a/b") is None  # a loop goes nowhere


def test_differences_mark_the_words_that_changed():
    assert word_diff("Call 02 000 00 00.", "Call 02 000 00 99.") == (
        ("same", "Call 02 000 00 "),
        ("removed", "00"),
        ("added", "99"),
        ("same", "."),
    )
    lines = line_diff("a\nb\nc\nd\ne\nf\n", "a\nB\nc\nd\ne\nf\ng\n")
    assert [line.kind for line in lines] == ["same", "changed", "same", "gap", "same", "added"]
    assert line_diff(None, "new") == line_diff("", "new")


def test_the_audit_trail_is_a_table_of_who_did_what(tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        audit.record(session, "eddie", "save", "housing/rental-deposit/en.md", "abc123")
        audit.record(session, "tarik", "restore", "housing/rental-deposit/fr.md", "def456")
        audit.record(session, "eddie", "archive", "health/finding-a-doctor", "0123")
    with Session(engine) as session:
        found = audit.entries(session, "housing/")
        assert [(e.username, e.action, e.revision) for e in found] == [
            ("tarik", "restore", "def456"),
            ("eddie", "save", "abc123"),
        ]
        assert len(audit.entries(session)) == 3
        with pytest.raises(ValueError):
            audit.record(session, "eddie", "  ", "x", None)
    engine.dispose()


def test_a_new_file_opens_as_a_draft_and_a_broken_one_says_where(root):
    history = ContentHistory(root)
    opened = open_file(history, ArticleAddress("health", "vaccines"), "en")
    assert not opened.exists and opened.fields.draft and opened.token == ""
    write(root / "health" / "broken" / "en.md", "---\ntitle: [unclosed\n---\nText\n")
    with pytest.raises(StudioError) as broken:
        open_file(history, ArticleAddress("health", "broken"), "en")
    assert broken.value.reason == "unreadable"
    text = with_fields(None, EditorFields(title="Vaccines", summary="Free ones.", body="Ask."), TODAY)
    assert text == (
        "---\ntitle: Vaccines\nsummary: Free ones.\nkeywords: []\nupdated: 2026-12-03\nrevision: 1\n---\nAsk.\n"
    )
