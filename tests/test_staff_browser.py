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
