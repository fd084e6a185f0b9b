"""The translation studio in headless Chromium on a real gunicorn, as staff would use it: an
editor whose staff pages are in French makes machine drafts of a French-only article in every
missing language (the engine: a LibreTranslate stand-in on loopback), an Arabic translator
approves an Arabic translation, and an editor replaces a phone number everywhere. axe-core finds
no serious or critical problem on these pages. Each job's steps and time are printed."""

from __future__ import annotations

import time

import pytest
from conftest import Gunicorn, article_file, write, write_config_file
from engine_standin import EngineStandIn
from test_staff_browser import PASSWORD, axe_violations

from app.database import make_engine
from app.staff_accounts import create_user

# A number no one answers: test data only.
OLD_NUMBER, NEW_NUMBER = "+32 2 000 00 01", "+32 2 000 00 02"


@pytest.fixture
def studio_server(tmp_path, content_dir):
    write(
        content_dir / "health" / "vaccination" / "fr.md",
        article_file(
            "Se faire vacciner",
            "Les vaccins gratuits pour les enfants.",
            "## Où ?\n\nChez votre médecin ou à l’ONE : [site officiel](https://www.one.be/).",
            revision=1,
        ),
    )
    for lang in ("en", "fr", "ar"):
        path = content_dir / "housing" / "rental-deposit" / f"{lang}.md"
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\nTel. {OLD_NUMBER}\n", "utf-8")
    with EngineStandIn("libretranslate") as engine:
        config_path = write_config_file(tmp_path, content_dir)
        server = Gunicorn(
            tmp_path / "gunicorn.log",
            KIOSK_CONFIG=str(config_path),
            KIOSK_TRANSLATION_ENGINE="libretranslate",
            KIOSK_TRANSLATION_ENGINE_URL=engine.url,
        )
        base = server.wait_until_ready()
        database = make_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
        from sqlalchemy.orm import Session

        with Session(database) as session, session.begin():
            create_user(session, "claire", PASSWORD, role="editor", staff_language="fr")
            create_user(session, "farida", PASSWORD, role="translator", languages=["ar"], offered={"ar"})
        database.dispose()
        yield base, engine
        server.stop()


def sign_in(browser, base, name, locale="fr-BE"):
    page = browser.new_context(bypass_csp=True, locale=locale).new_page()
    page.goto(base + "/staff/login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_url(base + "/staff/")
    return page


@pytest.mark.server
def test_staff_translate_and_replace_in_the_browser(studio_server, browser, content_dir):
    base, engine = studio_server

    # 1. A French-only article: machine drafts in every other language, staff pages in French.
    started = time.monotonic()
    claire = sign_in(browser, base, "claire")
    claire.get_by_role("link", name="Traduire").click()
    claire.get_by_role("link", name="health/vaccination").first.click()
    assert claire.locator("h1").inner_text() == "Traductions de health/vaccination"
    assert axe_violations(claire) == []
    drafts = claire.locator("input[name=languages]:checked").count()
    claire.get_by_role("button", name="Faire des brouillons automatiques dans les langues choisies").click()
    claire.wait_for_url("**/drafts")
    assert claire.get_by_text(f"Brouillons faits dans {drafts} langue(s)").is_visible()
    seconds = time.monotonic() - started
    print(f"\nFrench-only article -> machine drafts in {drafts} languages: 4 steps, {seconds:.1f} s")
    assert drafts == 6  # nl, en, ar, uk, ti, ps
    arabic = (content_dir / "health" / "vaccination" / "ar.md").read_text("utf-8")
    assert "[ar] Se faire vacciner" in arabic and "machine: true" in arabic
    assert "[site officiel](https://www.one.be/)" in arabic
    assert {request["body"]["source"] for request in engine.received} == {"fr"}

    # The workspace of one of them: axe, in French.
    claire.get_by_role("link", name="Nederlands").click()
    assert claire.locator("textarea[name=block]").first.is_visible()
    assert axe_violations(claire) == []

    # 2. An Arabic translator approves the Arabic translation of an outdated article.
    visitor = browser.new_context(bypass_csp=True).new_page()
    visitor.goto(base + "/ar/housing/rental-deposit")
    notice = visitor.locator(".notice-outdated")
    assert notice.is_visible() and notice.get_by_role("link").get_attribute("href") == "/en/housing/rental-deposit"
    assert axe_violations(visitor) == []
    farida = sign_in(browser, base, "farida", locale="en-GB")
    farida.goto(base + "/staff/translate/?lang=ar")
    farida.get_by_role("link", name="Open the workspace housing/rental-deposit").click()
    assert farida.locator("textarea[lang=ar][dir=rtl]").count() >= 3
    assert axe_violations(farida) == []
    farida.get_by_role("button", name="Save and approve").click()
    assert farida.get_by_text("Saved and approved").is_visible()
    approved = (content_dir / "housing" / "rental-deposit" / "ar.md").read_text("utf-8")
    assert "reviewed_by: farida" in approved and "machine: false" in approved
    assert farida.goto(base + "/staff/translate/housing/rental-deposit/fr").status == 403
    assert farida.goto(base + "/staff/replace").status == 403

    # 3. A phone number replaced everywhere.
    started = time.monotonic()
    claire.goto(base + "/staff/translate/")
    claire.get_by_role("link", name="Remplacer une information partout").click()
    claire.get_by_label("Ancien texte").fill(OLD_NUMBER)
    claire.get_by_label("Nouveau texte").fill(NEW_NUMBER)
    claire.get_by_role("button", name="Afficher les modifications").click()
    assert claire.get_by_role("heading", name="3 modification(s) dans 3 fichier(s)").is_visible()
    assert axe_violations(claire) == []
    claire.get_by_role("button", name="Appliquer les modifications choisies").click()
    assert claire.get_by_role("heading", name="Remplacé").is_visible()
    seconds = time.monotonic() - started
    print(f"Replace a number everywhere (3 files, 3 languages): 6 steps, {seconds:.1f} s")
    for lang in ("en", "fr", "ar"):
        text = (content_dir / "housing" / "rental-deposit" / f"{lang}.md").read_text("utf-8")
        assert NEW_NUMBER in text and OLD_NUMBER not in text
