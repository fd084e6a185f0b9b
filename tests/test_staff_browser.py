"""Staff pages and the new public forms in headless Chromium: an axe-core scan (axe-core from
npm, injected by Playwright) finds no serious or critical violation, and the forms work."""

from __future__ import annotations

import pytest
import requests

from app.config import PROJECT_ROOT
from app.database import make_engine
from app.staff_accounts import create_user

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long staff password"
STAFF_PAGES = [
    "/staff/",
    "/staff/translations",
    "/staff/content",
    "/staff/searches",
    "/staff/feedback",
    "/staff/usage",
    "/staff/counters",
]


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def seed(base: str, tmp_path) -> None:
    """Some of everything, so every table and chart has rows to check."""
    from sqlalchemy.orm import Session

    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    with Session(engine) as session, session.begin():
        create_user(session, "alice", PASSWORD)
    engine.dispose()
    for path in ["/en/housing/rental-deposit", "/ar/housing/rental-deposit", "/fr/health/", "/en/search?q=deposit"]:
        requests.get(base + path, timeout=30)
    requests.get(base + "/en/search?q=bicycle", timeout=30)
    requests.post(base + "/api/heartbeat", json={"counter": "bapa-1", "software_version": "1.0"}, timeout=30)


def test_staff_pages_pass_axe(gunicorn_server, browser_page, tmp_path):
    seed(gunicorn_server, tmp_path)
    page = browser_page
    page.goto(gunicorn_server + "/staff/login")
    assert axe_violations(page) == []
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(gunicorn_server + "/staff/")
    for path in STAFF_PAGES:
        page.goto(gunicorn_server + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
    page.goto(gunicorn_server + "/staff/usage")
    assert page.locator("svg.chart").count() == 3
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(gunicorn_server + "/staff/login")


def test_feedback_and_missing_forms_in_the_browser(gunicorn_server, browser_page):
    page = browser_page
    page.goto(gunicorn_server + "/en/housing/rental-deposit")
    assert axe_violations(page) == []
    page.get_by_label("What was missing or unclear? (optional)").fill("The bank part")
    page.get_by_role("button", name="Yes").click()
    page.wait_for_url("**feedback=sent**")
    assert page.locator(".feedback-thanks").is_visible()
    page.goto(gunicorn_server + "/ar/search?q=zzzzqqqq")
    assert axe_violations(page) == []
    page.goto(gunicorn_server + "/en/search?q=zzzzqqqq")
    page.get_by_label("What information did you need?").fill("bike repair")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**reported=1**")
    assert page.locator(".feedback-thanks").is_visible()
    assert page.context.cookies() == []


def test_an_admin_makes_a_translator_account_whose_staff_pages_are_in_french(gunicorn_server, browser, tmp_path):
    seed(gunicorn_server, tmp_path)
    admin = browser.new_context(bypass_csp=True, locale="en-GB").new_page()
    admin.goto(gunicorn_server + "/staff/login")
    admin.get_by_label("Username").fill("alice")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(gunicorn_server + "/staff/")
    admin.get_by_role("link", name="Accounts").click()
    admin.wait_for_url(gunicorn_server + "/staff/accounts")
    assert axe_violations(admin) == []
    admin.get_by_label("Username", exact=True).fill("farida")
    admin.get_by_label("Translator: the languages chosen below").check()
    admin.get_by_label("العربية").check()
    admin.get_by_label("Language of the staff pages").select_option("fr")
    admin.get_by_role("button", name="Create the account").click()
    made = admin.locator("code.new-password").inner_text()  # shown once, to hand over in person
    assert len(made) == 16
    assert axe_violations(admin) == []
    assert admin.get_by_role("row", name="farida").get_by_text("ar", exact=True).is_visible()
    admin.context.close()

    translator = browser.new_context(bypass_csp=True, locale="en-GB").new_page()
    translator.goto(gunicorn_server + "/staff/login")
    translator.get_by_label("Username").fill("farida")
    translator.get_by_label("Password").fill(made)
    translator.get_by_role("button", name="Sign in").click()
    translator.wait_for_url(gunicorn_server + "/staff/")
    assert translator.locator("html").get_attribute("lang") == "fr"
    assert translator.locator("h1").inner_text() == "Pages du personnel"
    assert translator.get_by_role("link", name="Comptes").count() == 0  # not an admin
    translator.get_by_role("link", name="Mon compte").click()
    translator.wait_for_url(gunicorn_server + "/staff/account")
    assert translator.locator("h1").inner_text() == "Mon compte"
    assert translator.get_by_role("button", name="Changer mon mot de passe").is_visible()
    assert axe_violations(translator) == []
    assert translator.goto(gunicorn_server + "/staff/accounts").status == 403
    translator.context.close()
