"""XSS payloads in every place the site shows what someone typed, rendered by headless Chromium
from a real gunicorn: search words (results, "did you mean", nothing found, the missing-content
form), paths of 404 pages, suggestions, and the visitors' notes and comments as staff see them.
No payload may run (no dialog, nothing pushed to window.__xss, no handler or inline script in
the page), and each is shown as the text it was where the page echoes it."""

from __future__ import annotations

import time
from urllib.parse import quote, urlencode

import pytest
from conftest import Gunicorn, make_content, write, write_config_file

from app.anonymise import clean_comment, normalise_query
from app.database import make_engine
from app.staff_accounts import create_user

# A real gunicorn (module fixture) and Chromium for every test here.
pytestmark = pytest.mark.server

PASSWORD = "an xss-proof staff password"
# Digit-free code where it should run: staff see comments with every digit masked as #, which
# would otherwise turn a working payload into a syntax error and hide an injection.
PAYLOADS = {
    "script": "<script>window.__xss.push('script')</script>",
    "img-onerror": '"><img src=x onerror="window.__xss.push(\'img\')">',
    "svg-onload": "'><svg onload=window.__xss.push('svg')>",
    "javascript-url": "javascript:window.__xss.push('js')",
    "link-javascript": '<a href="javascript:alert(document.domain)">click</a>',
    "attribute-double": '" autofocus onfocus="window.__xss.push(\'attr\')" x="',
    "attribute-single": "' autofocus onfocus='window.__xss.push(`attr`)' x='",
    "textarea-breakout": "</textarea><script>alert(document.domain)</script>",
    "title-breakout": "</title><svg/onload=alert(document.domain)>",
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.__xss.push('iframe')</script>\"></iframe>",
    "rtl-override": "\u202e<b onmouseover=alert(document.domain)>gnp.exe</b>\u202c",
    "template": "{{7*7}} {{ config }} ${7*7} {% debug %}",
    "did-you-mean": "depossit <img src=x onerror=alert(document.domain)>",
}
HOOK = "window.__xss = [];"
# Everything in the page that could run: handlers, inline scripts, javascript: addresses, frames.
FIND_ACTIVE = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    if (tag === "script" && !element.src) found.push("inline <script>");
    if (["iframe", "frame", "object", "embed", "base"].includes(tag)) found.push("<" + tag + ">");
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attribute.name.startsWith("on")) found.push(tag + " " + attribute.name);
      if (/^(javascript|vbscript|data:text\\/html)/.test(value) && attribute.name !== "value") {
        found.push(tag + " " + attribute.name + "=" + attribute.value);
      }
    }
  }
  return found;
}"""
KEYWORD = "depot <img src=x onerror=window.__xss.push('keyword')>"
STORAGE = f"""
---
title: Storage depot
summary: Where to keep your things for a while.
keywords: ["{KEYWORD}", "depot <svg onload=alert(document.domain)>"]
source: https://www.belgium.be/
updated: 2026-11-20
revision: 1
---
Some text about storage.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on the test content (plus an article whose keywords are payloads) with a staff user."""
    folder = tmp_path_factory.mktemp("xss")
    content = make_content(folder / "content")
    write(content / "housing" / "storage-depot" / "en.md", STORAGE)
    config = write_config_file(folder, content)
    # Staff are shown every search here, even one made once, so that every payload reaches them.
    config.write_text(config.read_text("utf-8") + "search_min_occasions: 1\n", "utf-8")
    # Served as a counter's own server: its browser (loopback) sends every payload without the
    # public rate limits, which limit loopback clients elsewhere (tests/test_proxy.py).
    server = Gunicorn(folder / "gunicorn.log", KIOSK_CONFIG=str(config), KIOSK_COUNTER_ID="xss-check")
    base = server.wait_until_ready()  # the schema is made at start (gunicorn.conf.py)
    engine = make_engine(f"sqlite:///{folder / 'kiosk.sqlite3'}")
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        create_user(session, "alice", PASSWORD)
    engine.dispose()
    yield base
    server.stop()


@pytest.fixture(params=["with-csp", "without-csp"])
def page(request, browser):
    """A page with the hook installed; without the CSP too, to show escaping alone holds."""
    context = browser.new_context(bypass_csp=request.param == "without-csp")
    context.add_init_script(HOOK)
    page = context.new_page()
    page.dialogs = []
    page.csp_reports = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_reports.append(m.text))
    yield page
    context.close()


def assert_inert(page, where: str) -> None:
    """Nothing ran, nothing was blocked by the CSP, and nothing in the DOM could run."""
    page.wait_for_timeout(50)  # error and focus events fire just after load
    assert page.dialogs == [], where
    assert page.evaluate("window.__xss") == [], where
    assert page.csp_reports == [], where
    assert page.evaluate(FIND_ACTIVE) == [], where


def visible_text(page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


# -- search words ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_search_page_shows_the_words_as_text(server, page, name):
    payload = PAYLOADS[name]
    response = page.goto(f"{server}/en/search?{urlencode({'q': payload})}")
    assert response.status == 200
    assert_inert(page, name)
    # The words are echoed in the search field, always as its value.
    assert page.input_value("#search-words") == payload
    if page.locator(".notice-nothing").count():
        assert " ".join(payload.split()) in visible_text(page, ".notice-nothing")
        assert page.locator("#missing input[name=q]").get_attribute("value") == payload
    else:
        assert page.locator(".article-list .article-card").count() > 0
    if name == "did-you-mean":
        assert visible_text(page, ".did-you-mean").startswith("Did you mean: deposit img src x onerror alert")


def test_search_snippets_show_markup_from_content_as_text(server, page):
    """The test article's body holds <script>alert(1)</script>: highlighted, never run."""
    page.goto(f"{server}/en/search?q=alert+script")
    assert_inert(page, "snippet")
    snippet = visible_text(page, ".snippet")
    assert "<script>alert(1)</script" in snippet  # the snippet may end inside the tag
    assert page.locator(".snippet mark").count() >= 2


# -- the public forms, then what staff see -------------------------------------------------------


def send_missing_report(page, server: str, payload: str) -> None:
    """The missing-content form, with the payload as the search words and as the message.

    The form only appears when nothing was found, and most payloads share a word with the test
    content; the words travel in a hidden field, which any client can set, so it is set here.
    """
    page.goto(f"{server}/en/search?q=zzqqxxvv")
    page.locator("#missing input[name=q]").evaluate("(field, words) => { field.value = words; }", payload)
    page.fill("#missing-message", payload)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**reported=1**")
    assert_inert(page, "after the missing-content form")
    assert page.input_value("#search-words") == payload


def send_feedback(page, server: str, payload: str) -> None:
    page.goto(f"{server}/en/housing/rental-deposit")
    page.fill("#feedback-comment", payload)
    page.get_by_role("button", name="No", exact=True).click()
    page.wait_for_url("**feedback=sent**")


def wait_for_texts(page, url: str, texts: list[str], seconds: float = 40) -> str:
    """The staff page once every text is in it (the workers write what they count every few seconds)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        shown = visible_text(page, "main")
        missing = [text for text in texts if " ".join(text.split()) not in shown]
        if not missing or time.monotonic() > deadline:
            assert missing == [], (url, missing)
            return shown
        page.wait_for_timeout(1000)


def test_staff_see_visitors_notes_and_comments_as_text(server, page):
    for payload in PAYLOADS.values():
        send_missing_report(page, server, payload)
        send_feedback(page, server, payload)
    page.goto(f"{server}/staff/login?{urlencode({'next': 'javascript:alert(document.domain)'})}")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/staff/")  # never the javascript: address it was given
    assert_inert(page, "staff overview")

    comments = [clean_comment(payload) for payload in PAYLOADS.values()]
    wait_for_texts(page, f"{server}/staff/feedback", comments)
    assert_inert(page, "/staff/feedback")

    searched = [normalise_query(payload) for payload in PAYLOADS.values()]
    notes = [clean_comment(payload) for payload in PAYLOADS.values()]  # "what were you looking for?"
    wait_for_texts(page, f"{server}/staff/searches?lang=en", searched + notes)
    assert_inert(page, "/staff/searches")
    # The masked, normalised form is what is shown: {{7*7}} becomes {{#*#}}, never 49.
    assert "{{#*#}}" in visible_text(page, "main") and " 49 " not in visible_text(page, "main")


# -- paths, suggestions and other echoing addresses ------------------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_not_found_pages_never_run_a_path(server, page, name):
    word = quote(PAYLOADS[name], safe="")
    for path in [
        f"/en/{word}",
        f"/en/{word}/",
        f"/en/housing/{word}",
        f"/en/housing/rental-deposit/{word}",
        f"/{word}/",
        f"/en/places/{word}",
        f"/en/events/{word}.ics",
        f"/kiosk/{word}",
        f"/static/{word}",
    ]:
        response = page.goto(server + path)
        assert response.status in (400, 404), path
        assert_inert(page, path)


@pytest.mark.parametrize("name", PAYLOADS)
def test_other_addresses_that_take_words(server, page, name):
    words = urlencode({"q": PAYLOADS[name], "lang": "en"})
    for path in [
        f"/api/suggest?{words}",
        f"/api/search?{words}",
        f"/en/my-pages?{urlencode({'pages': PAYLOADS[name] + ',housing/rental-deposit'})}",
        f"/qr.svg?{urlencode({'url': 'https://example.org/' + PAYLOADS[name]})}",
        f"/qr.svg?{urlencode({'path': '/' + PAYLOADS[name]})}",
        f"/staff/login?{urlencode({'next': PAYLOADS[name]})}",
    ]:
        response = page.goto(server + path)
        assert response.status < 500, path
        assert_inert(page, path)


def test_suggestions_show_keywords_as_text(server, page):
    page.goto(f"{server}/en/")
    page.fill("#search-words", "depot")
    page.wait_for_selector(".suggestion")
    shown = page.locator(".suggestion").all_text_contents()
    assert KEYWORD in shown, shown
    assert_inert(page, "suggestions")
    for payload in PAYLOADS.values():
        page.fill("#search-words", payload)
        page.wait_for_timeout(50)
    page.fill("#search-words", "depot <")
    page.wait_for_selector(".suggestion")
    assert_inert(page, "suggestions of payloads")
