"""The studio in headless Chromium on a real gunicorn, with the staff pages in French: a person
fixes a phone number in an English original and its translations (seeing it in the preview),
finds the difference in the history and restores the old version; two people editing one
file, where the second save is refused and nothing typed is lost. axe-core on the editor.

The number is test data written by this test (content the test owns), not a real service's."""

from __future__ import annotations

import re
import time

import pytest
from conftest import make_content
from test_staff_browser import axe_violations

from app.database import make_engine
from app.staff_accounts import create_user

PASSWORD = "a long staff password"
OLD, NEW = "02 000 00 00", "02 000 00 99"
LINES = {"en": f"Call {OLD}.", "fr": f"Appelez le {OLD}.", "ar": f"اتصل بالرقم {OLD}."}
EDITOR = "/staff/content/housing/rental-deposit/"


@pytest.fixture
def content_dir(tmp_path):
    """The test content, with one phone number in the original and two of its translations."""
    root = make_content(tmp_path / "content")
    for lang, line in LINES.items():
        path = root / "housing" / "rental-deposit" / f"{lang}.md"
        path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")
    return root


def add_staff(tmp_path, *accounts) -> None:
    from sqlalchemy.orm import Session

    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    with Session(engine) as session, session.begin():
        for name, role, staff_language in accounts:
            create_user(session, name, PASSWORD, role=role, staff_language=staff_language)
    engine.dispose()


def sign_in(page, base, name, steps):
    page.goto(base + "/staff/login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_url(base + "/staff/")
    steps.extend(["username", "password", "sign in"])


def frame_text(page, name: str) -> str:
    return page.frame(name=name).locator("body").inner_text()


def test_a_french_speaker_fixes_a_number_in_an_original_and_its_translations(
    gunicorn_server, browser, tmp_path, content_dir
):
    add_staff(tmp_path, ("amelie", "editor", "fr"))
    context = browser.new_context(bypass_csp=True, locale="fr-BE")
    page = context.new_page()
    steps: list[str] = []
    started = time.monotonic()
    sign_in(page, gunicorn_server, "amelie", steps)
    page.get_by_role("link", name="Articles", exact=True).first.click()
    steps.append("Articles")
    page.get_by_role("row", name=re.compile("rental-deposit")).get_by_role("link", name="en", exact=True).click()
    steps.append("en")
    page.wait_for_url("**/rental-deposit/en")
    assert page.locator("h1").inner_text().startswith("Modifier")
    assert axe_violations(page) == []

    for lang in ("en", "fr", "ar"):
        if lang != "en":
            page.locator(".studio-links").get_by_role(
                "link", name=page.evaluate(f"document.querySelector('.studio-links a[hreflang={lang}]').textContent")
            ).click()
            steps.append(f"open {lang}")
            page.wait_for_url(f"**/rental-deposit/{lang}")
        body = page.locator("#field-body")
        assert body.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        body.fill(body.input_value().replace(OLD, NEW))
        steps.append(f"text {lang}")
        # The live preview shows the new number on the counter and on the phone, unsaved.
        for frame in ("preview-counter", "preview-phone"):
            page.wait_for_function(
                "([name, number]) => { const f = window.frames[name]; "
                "return f && f.document.body && f.document.body.innerText.includes(number); }",
                arg=[frame, NEW],
                timeout=15000,
            )
        page.get_by_role("button", name="Enregistrer").click()
        steps.append(f"save {lang}")
        page.wait_for_url(f"**/rental-deposit/{lang}?done=saved")
        assert "Enregistré." in page.locator(".studio-done").inner_text()
        assert NEW in (content_dir / "housing" / "rental-deposit" / f"{lang}.md").read_text("utf-8")
    seconds = time.monotonic() - started
    print(f"\nfix a number in the original and 2 translations: {len(steps)} steps, {seconds:.1f} s: {steps}")

    # The kiosk keeps serving the published text until Publish.
    visitor = context.new_page()
    assert OLD in visitor.goto(gunicorn_server + "/en/housing/rental-deposit").text()

    # Publish, from the editor: checked, built and swapped; both workers serve it within seconds.
    published_at = time.monotonic()
    page.locator(".studio-publish").get_by_role("button", name="Publier").click()
    page.wait_for_url("**/staff/publish")
    assert "La publication n° 1 est publiée." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    seen = None
    while time.monotonic() - published_at < 30:
        if NEW in visitor.goto(gunicorn_server + f"/en/housing/rental-deposit?seen={time.monotonic()}").text():
            seen = time.monotonic() - published_at
            break
        time.sleep(0.25)
    assert seen is not None and seen < 10, seen
    print(f"publish from the editor: {len(steps) + 1} steps in all; a visitor sees it {seen:.1f} s after the click")
    page.go_back()

    page.get_by_role("link", name="Historique").click()
    page.wait_for_url("**/rental-deposit/ar/history")
    assert page.locator("h1").inner_text().startswith("Historique")
    newest = page.locator(".studio-change").first
    assert "amelie" in newest.inner_text()
    # The number's digits changed (and the file's date: a save dates it today).
    assert "99" in newest.locator("ins").all_inner_texts() and "00" in newest.locator("del").all_inner_texts()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Restaurer cette version")).first.click()
    assert page.locator("h1").inner_text() == "Restaurer cette version ?"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Oui, restaurer cette version").click()
    page.wait_for_url("**/rental-deposit/ar/history?done=restored")
    assert OLD in (content_dir / "housing" / "rental-deposit" / "ar.md").read_text("utf-8")
    assert page.locator(".studio-change").first.locator(".studio-change-message").inner_text().startswith("Restore")
    context.close()


def test_two_people_edit_one_file_and_the_second_keeps_what_they_typed(gunicorn_server, browser, tmp_path):
    add_staff(tmp_path, ("amelie", "editor", "fr"), ("bram", "editor", "nl"))
    pages = []
    for name in ("amelie", "bram"):
        page = browser.new_context(bypass_csp=True).new_page()
        sign_in(page, gunicorn_server, name, [])
        page.goto(gunicorn_server + EDITOR + "en")
        pages.append(page)
    amelie, bram = pages
    amelie.locator("#field-summary").fill("How the rental guarantee works, step by step.")
    bram.locator("#field-title").fill("Rental deposit (guarantee)")
    amelie.get_by_role("button", name="Enregistrer").click()
    amelie.wait_for_url("**/en?done=saved")
    bram.get_by_role("button", name="Bewaren").click()
    bram.wait_for_load_state()
    alert = bram.locator(".studio-conflict [role=alert]").inner_text()
    assert re.search(r"Gewijzigd door amelie op \d{4}-\d\d-\d\d \d\d:\d\d UTC", alert)
    assert bram.locator("#field-title").input_value() == "Rental deposit (guarantee)"  # nothing typed is lost
    assert "step by step" in bram.locator(".studio-side-by-side").inner_text()  # theirs beside it
    assert axe_violations(bram) == []
    bram.get_by_role("button", name="Bewaren").click()  # having seen theirs
    bram.wait_for_url("**/en?done=saved")
    for page in pages:
        page.context.close()
