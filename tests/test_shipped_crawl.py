"""The shipped content as visitors see it, in headless Chromium, at a counter (1080×1920) and on a
phone (390×844), in every offered language: no page wider than the screen, no clickable element
under another one, no serious or critical axe-core problem (issue 17).

Each language visits its topics page, the places list and, taking turns through the content, one
topic, one article, one place and one search, so that the 21 languages and two screens together
visit most of the shipped pages. ``CRAWL_EVERY_PAGE=1`` visits every article and place in every
language instead (several minutes: a manual check, not a CI one).
"""

from __future__ import annotations

import os

import pytest
from conftest import Gunicorn, write_config_file
from test_visitor_browser import COUNTER, COUNTER_SCREEN, COVERED_CLICKABLES, PHONE

from app.config import PROJECT_ROOT, load_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTENT = PROJECT_ROOT / "content"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = list(load_config(environ={}).languages)
EVERY_PAGE = os.environ.get("CRAWL_EVERY_PAGE") == "1"

ARTICLES = sorted({f"{p.parent.parent.name}/{p.parent.name}" for p in CONTENT.glob("*/*/*.md")})
PLACES = sorted(p.stem for p in (CONTENT / "places").glob("*.yaml"))
TOPIC_IDS = sorted({article.split("/")[0] for article in ARTICLES})
SEARCHES = ["loyer", "huur", "deposit", "ضمان", "registration", "médecin", "work", "school"]


def pages_for(index: int, lang: str) -> list[str]:
    """The addresses one language visits (taking turns through the content by ``index``)."""
    if EVERY_PAGE:
        return (
            [f"/{lang}/", f"/{lang}/places/"]
            + [f"/{lang}/{a}" for a in ARTICLES]
            + [f"/{lang}/places/{p}" for p in PLACES]
        )
    return [
        f"/{lang}/",
        f"/{lang}/places/",
        f"/{lang}/{TOPIC_IDS[index % len(TOPIC_IDS)]}/",
        f"/{lang}/{ARTICLES[index % len(ARTICLES)]}",
        f"/{lang}/{ARTICLES[(index * 7 + 3) % len(ARTICLES)]}",
        f"/{lang}/places/{PLACES[index % len(PLACES)]}",
        f"/{lang}/search?q={SEARCHES[index % len(SEARCHES)]}",
    ]


# The page's own width against the screen's, and, on a counter, the scrolling page area's.
OVERFLOW = """() => {
  const wide = [];
  if (document.documentElement.scrollWidth > innerWidth + 1) wide.push("page " + document.documentElement.scrollWidth);
  const main = document.getElementById("main");
  if (main && main.scrollWidth > main.clientWidth + 1) wide.push("main " + main.scrollWidth);
  return wide;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crawl")
    config = write_config_file(folder, CONTENT, languages=LANGUAGES)
    server = Gunicorn(folder / "gunicorn.log", KIOSK_CONFIG=str(config))
    yield server.wait_until_ready()
    server.stop()


@pytest.mark.parametrize("screen", ["counter", "phone"])
def test_every_language_fits_the_screen_covers_nothing_and_passes_axe(browser, server, screen):
    assert len(ARTICLES) > 50 and len(PLACES) > 30  # the shipped content was found
    problems = []
    for index, lang in enumerate(LANGUAGES):
        viewport = COUNTER_SCREEN if screen == "counter" else PHONE
        context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=screen == "phone")
        page = context.new_page()
        page.set_default_timeout(15_000)
        # An init script is added by the browser, so the site's CSP stays strict for the scan.
        page.add_init_script(path=str(AXE))
        if screen == "counter":
            page.goto(f"{server}/kiosk/{COUNTER}")
        for path in pages_for(index + (0 if screen == "counter" else len(LANGUAGES)), lang):
            answer = page.goto(server + path)
            if answer.status != 200:
                problems.append(f"{screen} {path}: status {answer.status}")
                continue
            page.evaluate("document.fonts.ready")
            for wide in page.evaluate(OVERFLOW):
                problems.append(f"{screen} {path}: wider than the screen ({wide})")
            for covered in page.evaluate(COVERED_CLICKABLES):
                problems.append(f"{screen} {path}: {covered}")
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for violation in results["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:2]
                    problems.append(f"{screen} {path}: axe {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_crawl_takes_turns_through_the_content():
    # The two screens give 42 turns: together they visit most articles, every topic, most places.
    visited = {path.split("/", 2)[2] for i, lang in enumerate(LANGUAGES * 2) for path in pages_for(i, lang)}
    assert len([a for a in ARTICLES if a in visited]) >= 0.9 * len(ARTICLES)
    assert all(f"{topic}/" in visited for topic in TOPIC_IDS)
    assert len([p for p in PLACES if f"places/{p}" in visited]) >= min(len(PLACES), 2 * len(LANGUAGES))
