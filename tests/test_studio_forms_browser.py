"""The studio's forms as a staff member uses them, in headless Chromium on a real gunicorn: with
the staff pages in French, add a place with office hours and a holiday closure, an event on the
first Monday of every month, move a topic and pin a notice; after a publication (`index build`,
what the Publish button runs) visitors see all four. axe-core finds no serious or critical
problem on the studio's pages.

Each job's steps (what the person clicks, fills or ticks) and seconds are printed for the
closing note of issue 15."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta

import requests
from test_staff_browser import axe_violations

from app.config import PROJECT_ROOT
from app.database import make_engine
from app.kiosk import RELOAD_CHECK_SECONDS
from app.staff_accounts import create_user

PASSWORD = "a long staff password"


class Steps:
    """Counts what the person does (a click, a field filled, a box ticked), for the note."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def fill(self, selector: str, value: str) -> None:
        self.page.locator(selector).fill(value)
        self.count += 1

    def check(self, selector: str) -> None:
        self.page.locator(selector).check()
        self.count += 1

    def click(self, locator) -> None:
        locator.click()
        self.count += 1


def first_monday_to_come(today: date) -> date:
    """The next first Monday of a month, within the 90 days a place page lists events for."""
    day = today + timedelta(days=1)
    while not (day.weekday() == 0 and day.day <= 7):
        day += timedelta(days=1)
    return day


def publish(tmp_path) -> None:
    """What the Publish button runs: check, build the index and swap it in (workers reload)."""
    env = os.environ | {"KIOSK_CONFIG": str(tmp_path / "kiosk_config.yaml")}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "index", "build"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def wait_for(url: str, text: str, seconds: float = 30) -> float:
    """Seconds until ``text`` is on the page at ``url`` in every worker's answer. Each worker
    looks for a publication every RELOAD_CHECK_SECONDS, so once the text has been in every
    answer for longer than that (and a second for loading), every worker serves it: a count of
    answers in a row would not do, as one idle worker may take all of them."""
    started, shown_since = time.monotonic(), None
    while time.monotonic() - started < seconds:
        if text not in requests.get(url, timeout=10).text:
            shown_since = None
        elif shown_since is None:
            shown_since = time.monotonic()
        elif time.monotonic() - shown_since > RELOAD_CHECK_SECONDS + 1:
            return shown_since - started
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared on {url} in every worker")


def test_a_french_staff_member_fills_the_forms_and_visitors_see_it(gunicorn_server, browser, tmp_path):
    base = gunicorn_server
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        create_user(session, "sophie", PASSWORD, role="editor", staff_language="fr")
    engine.dispose()
    context = browser.new_context(bypass_csp=True, locale="fr-BE")
    page = context.new_page()
    page.goto(base + "/staff/login")
    page.locator("#username").fill("sophie")
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(base + "/staff/")
    assert page.locator("html").get_attribute("lang") == "fr"

    # -- a place with office hours and a holiday closure ------------------------------------
    started = time.monotonic()
    steps = Steps(page)
    steps.click(page.get_by_role("link", name="Lieux, événements, thèmes"))
    steps.click(page.get_by_role("link", name="Lieux", exact=True))
    assert axe_violations(page) == []
    steps.click(page.get_by_role("link", name="Ajouter un lieu"))
    assert page.locator("h1").inner_text() == "Ajouter un lieu"
    steps.fill("#place_id", "maison-accueil")
    steps.fill("#names-fr", "Maison d'accueil")
    steps.fill("#addresses-fr", "Rue Haute 1, 1000 Bruxelles")
    for day in (0, 1, 3, 4):  # Monday, Tuesday, Thursday, Friday
        steps.check(f"#hours-0-days-{day}")
    steps.fill("#hours-0-periods-0-start", "09:00")
    steps.fill("#hours-0-periods-0-end", "12:00")
    steps.fill("#hours-0-periods-1-start", "13:00")
    steps.fill("#hours-0-periods-1-end", "16:00")
    steps.click(page.get_by_role("button", name="Vérifier et afficher les horaires en mots"))
    steps.check("#hours-1-days-2")  # Wednesday: mornings only
    steps.fill("#hours-1-periods-0-start", "09:00")
    steps.fill("#hours-1-periods-0-end", "12:00")
    steps.fill("#closures-0-first", "2026-12-24")
    steps.fill("#closures-0-last", "2027-01-01")
    steps.fill("#closures-0-reason", "Congés d'hiver")
    steps.click(page.get_by_role("button", name="Vérifier et afficher les horaires en mots"))
    preview = page.locator(".hours-preview").inner_text()
    assert "lundi, mardi, jeudi et vendredi" in preview and "mercredi" in preview
    assert "Fermé les jours fériés" in preview
    assert axe_violations(page) == []
    steps.click(page.get_by_role("button", name="Enregistrer"))
    page.wait_for_url("**/staff/places/maison-accueil?saved=1")
    place_seconds, place_steps = time.monotonic() - started, steps.count
    saved = (tmp_path / "content" / "places" / "maison-accueil.yaml").read_text("utf-8")
    assert "Mo,Tu,Th,Fr 09:00-12:00,13:00-16:00; We 09:00-12:00; PH off" in saved

    # -- an event on the first Monday of every month ----------------------------------------
    started = time.monotonic()
    steps = Steps(page)
    monday = first_monday_to_come(date.today())
    steps.click(page.get_by_role("link", name="Événements", exact=True))
    steps.click(page.get_by_role("link", name="Ajouter un événement"))
    steps.fill("#event_id", "seance-accueil")
    steps.fill("#titles-fr", "Séance d'accueil")
    steps.fill("#day", monday.isoformat())
    steps.fill("#starts", "14:00")
    steps.fill("#ends", "16:00")
    steps.click(page.get_by_label("Chaque mois, un jour de semaine du mois"))
    steps.check("#ordinals-0")  # first
    steps.check("#weekdays-0")  # Monday
    page.locator("#place").select_option("maison-accueil")
    steps.count += 1
    steps.check("#languages-0")  # French
    steps.click(page.get_by_role("button", name="Vérifier et afficher les prochaines dates"))
    assert "Le premier lundi du mois" in page.locator(".hours-preview").inner_text()
    assert axe_violations(page) == []
    steps.click(page.get_by_role("button", name="Enregistrer"))
    page.wait_for_url("**/staff/events/seance-accueil?saved=1")
    event_seconds, event_steps = time.monotonic() - started, steps.count

    # -- a topic moved up, a notice pinned ---------------------------------------------------
    page.get_by_role("link", name="Thèmes", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Déplacer Santé vers le haut").click()
    page.wait_for_url("**/staff/topics#topic-health")
    page.goto(base + "/staff/topics/health?q=heart")
    assert page.locator(".pictogram-grid li").count() > 5
    assert axe_violations(page) == []
    page.get_by_role("link", name="Avis épinglés").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Épingler un avis").click()
    page.locator("#notice_id").fill("abri-hiver")
    page.locator("#texts-fr").fill("Abri de nuit ouvert tout l'hiver.")
    page.locator("#first").fill((date.today() - timedelta(days=1)).isoformat())
    page.locator("#last").fill((date.today() + timedelta(days=30)).isoformat())
    page.locator("#where-0").check()
    page.locator("#where-1").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/staff/notices/abri-hiver?saved=1")
    context.close()

    # -- published: what visitors see ---------------------------------------------------------
    published = time.monotonic()
    publish(tmp_path)
    seen = wait_for(base + "/fr/places/maison-accueil", "Maison d")
    place_page = requests.get(base + "/fr/places/maison-accueil", timeout=10).text
    assert "24 décembre 2026" in place_page and "1 janvier 2027" in place_page  # the holiday closure
    assert "Séance d" in place_page  # the event, listed on its place's page
    topics = requests.get(base + "/fr/", timeout=10).text
    assert "Abri de nuit ouvert tout l&#39;hiver." in topics
    assert topics.index("/fr/health/") < topics.index("/fr/housing/")
    attract = requests.get(base + "/kiosk/desk-1", timeout=10).text
    assert attract.count('data-notice="abri-hiver"') >= 7  # in every language's turn, with fallback
    visible = time.monotonic() - published
    print(
        f"\nplace with hours and a holiday closure: {place_steps} steps, {place_seconds:.1f} s in the browser"
        f"\nevent on the first Monday: {event_steps} steps, {event_seconds:.1f} s in the browser"
        f"\npublish to visible: {visible:.1f} s (page changed {seen:.1f} s after the build)"
    )
