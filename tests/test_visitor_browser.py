"""What a newcomer meets at a counter, on a phone and on paper (issue 17), in headless Chromium:
the on-screen keyboard under a finger, the phone layout, the tools at the top of an article,
the staff button, print, and words in other languages marked as such."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import Gunicorn, article_file, make_content, udhr, write, write_config_file

from app.config import load_config

pytestmark = pytest.mark.browser

COUNTER = "visitor-counter-1"
PHONE = {"width": 390, "height": 844}
COUNTER_SCREEN = {"width": 1080, "height": 1920}
# Every language the shipped configuration offers, each with its own keyboard.
ALL_LANGUAGES = list(load_config(environ={}).languages)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The server's folder: its content, configuration and SQLite database."""
    return tmp_path_factory.mktemp("visitor")


@pytest.fixture(scope="module")
def server(folder):
    """gunicorn on the small test content, with a Tigrinya housing topic long enough that its
    article cards go on under the on-screen keyboard."""
    content = make_content(folder / "content")
    write(
        content / "housing" / "rental-deposit" / "ti.md",
        article_file("ውሕስ ክራይ", "ውሕስ ክራይ ኣብ ብራስልስ ከመይ ይሰርሕ።", udhr("ti", 25), translation=("en", 2, True)),
    )
    for number in range(1, 13):
        write(
            content / "housing" / f"housing-{number:02d}" / "en.md",
            article_file(f"Housing question {number}", f"Answer number {number} about a flat.", revision=1),
        )
    long_read = "\n\n".join(f"## Part {n}\n\n{udhr('en', n)}" for n in range(1, 21))
    write(
        content / "housing" / "long-read" / "en.md", article_file("A long read", "Twenty parts.", long_read, revision=1)
    )
    config = write_config_file(folder, content, languages=ALL_LANGUAGES)
    server = Gunicorn(folder / "gunicorn.log", KIOSK_CONFIG=str(config))
    yield server.wait_until_ready()
    server.stop()


# Clickable elements whose visible part (inside the screen and every scrolling box around them)
# is, at one of five points, under another element: something drawn over what a finger must reach.
COVERED_CLICKABLES = """() => {
  const clickable = "a[href], button, input, textarea, select, [role=button]";
  const problems = [];
  for (const element of document.querySelectorAll(clickable)) {
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.pointerEvents === "none") continue;
    if (element.closest("[hidden], dialog:not([open])")) continue;
    let box = element.getBoundingClientRect();
    let left = Math.max(box.left, 0), top = Math.max(box.top, 0);
    let right = Math.min(box.right, innerWidth), bottom = Math.min(box.bottom, innerHeight);
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflow === "visible") continue;
      const clip = parent.getBoundingClientRect();
      left = Math.max(left, clip.left); top = Math.max(top, clip.top);
      right = Math.min(right, clip.right); bottom = Math.min(bottom, clip.bottom);
    }
    if (right - left < 4 || bottom - top < 4) continue;  // not on the screen now
    const points = [[(left + right) / 2, (top + bottom) / 2], [left + 2, top + 2], [right - 2, top + 2],
                    [left + 2, bottom - 2], [right - 2, bottom - 2]];
    for (const [x, y] of points) {
      const found = document.elementFromPoint(x, y);
      if (found && !element.contains(found) && !found.contains(element)) {
        const name = (e) => e.tagName.toLowerCase() + (typeof e.className === "string" && e.className
          ? "." + e.className.split(" ")[0] : "");
        const text = element.textContent.trim().slice(0, 30);
        problems.push(`${name(element)} "${text}" under ${name(found)} at ${Math.round(x)},${Math.round(y)}`);
        break;
      }
    }
  }
  return problems;
}"""


def scroll_to_end(page) -> None:
    """Scroll whatever scrolls the page (the window, or a counter's page area) to its end."""
    page.evaluate(
        """() => { window.scrollTo(0, document.documentElement.scrollHeight);
                   const main = document.getElementById('main'); main.scrollTop = main.scrollHeight; }"""
    )


def counter_page(browser, server, path: str, viewport=COUNTER_SCREEN):
    """A touch-screen counter browser (the counter marker set by its start address) showing ``path``."""
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server}/kiosk/{COUNTER}")
    page.goto(server + path)
    return page


def tap(page, x: float, y: float) -> None:
    """One finger touching the screen and lifting, as raw touch events (no mouse events)."""
    session = page.context.new_cdp_session(page)
    point = {"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1, "id": 1}
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def tap_key(page, key: str) -> None:
    box = page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{key}"]').first.bounding_box()
    tap(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def open_keyboard(page) -> None:
    box = page.locator("#search-words").bounding_box()
    tap(page, box["x"] + 20, box["y"] + box["height"] / 2)
    page.locator("#on-screen-keyboard .hg-button").first.wait_for()


@pytest.mark.parametrize("path", ["/ti/", "/ti/housing/", "/ti/search?q=x"])
def test_tigrinya_keyboard_types_under_a_finger(browser, server, path):
    """Issue 17.1: touching a consonant shows its forms and types; the page behind never gets the tap."""
    page = counter_page(browser, server, path)
    address = page.url
    open_keyboard(page)
    before = page.locator("#search-words").input_value()  # "x" on the search page
    typed = []
    # Every consonant row, including the upper ones that the two-row forms layout used to uncover.
    for consonant, form in [("ሀ", "ሁ"), ("በ", "ቡ"), ("ወ", "ው"), ("ጨ", "ጩ"), ("ለ", "ሉ"), ("ፈ", "ፉ")]:
        tap_key(page, consonant)
        page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{form}"]').wait_for()
        tap_key(page, form)
        typed.append(form)
        page.wait_for_function(
            "([before, typed]) => document.getElementById('search-words').value.replace(before, '') === typed",
            arg=[before, "".join(typed)],
        )
    assert page.url == address
    page.context.close()


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_key_of_the_keyboard_is_on_the_screen(browser, server, lang):
    """Issue 17.9: no key is cut at the screen's edge, in any layout of any language's keyboard."""
    page = counter_page(browser, server, f"/{lang}/")
    open_keyboard(page)
    width = COUNTER_SCREEN["width"]
    layouts = [("default", None), ("shift", "{shift}"), ("latin", "{latin}"), ("latin shift", "{shift}")]
    for name, switch in layouts:
        if switch:
            key = page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{switch}"]')
            if key.count() == 0:
                continue
            tap_key(page, switch)
        outside = page.evaluate(
            """width => [...document.querySelectorAll('#on-screen-keyboard .hg-button')]
                .map(key => [key.dataset.skbtn, key.getBoundingClientRect()])
                .filter(([, box]) => box.left < 0 || box.right > width)
                .map(([key, box]) => `${key}: ${Math.round(box.left)}–${Math.round(box.right)}`)""",
            width,
        )
        assert outside == [], (lang, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (lang, name)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ru", "uk", "ti", "ar", "fr"])
def test_phone_header_is_short_and_the_search_form_fits(browser, server, lang):
    """Issue 17.4: on a 390×844 phone nothing is wider than the screen, the search button is
    whole, and the header leaves most of the screen to the content."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/{lang}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for selector in ("#search-words", ".search-form .button", ".brand", ".header-actions"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 0.2 * PHONE["height"], header
    # Buttons shown as pictograms only keep their names for screen readers.
    for name in ("Search",) if lang == "en" else ():
        assert page.get_by_role("button", name=name).is_visible()
    page.close()


def test_listen_qr_and_print_are_at_the_top_of_a_long_article(browser, server):
    """Issue 17.7: on a long article Listen, the QR code and Print are on the first screen, and
    still under the article."""
    page = counter_page(browser, server, "/en/housing/long-read")
    top = page.locator(".article-tools-top")
    assert page.evaluate("document.getElementById('main').scrollHeight") > 2 * COUNTER_SCREEN["height"]
    for name in ("Listen", "QR code", "Print"):
        control = top.get_by_role("link" if name == "QR code" else "button", name=name)
        assert control.is_visible() and control.bounding_box()["y"] < COUNTER_SCREEN["height"] / 2, name
        assert page.locator(".article-tools").get_by_text(name).count() + (name == "QR code") >= 1
    # The QR code button leads to the code under the article.
    top.get_by_role("link", name="QR code").click()
    page.wait_for_function("document.querySelector('.page-qr').getBoundingClientRect().top < innerHeight")
    assert page.url.endswith("/en/housing/long-read")  # the counter stays on its page
    page.evaluate("document.getElementById('main').scrollTop = 0")
    # Listen at the top plays the article's audio, and becomes Pause in both places.
    with page.expect_response("**/en/housing/long-read/audio"):
        top.get_by_role("button", name="Listen").click()
    page.wait_for_function("!document.querySelector('.read-aloud audio').paused")
    assert top.get_by_role("button", name="Pause").is_visible()
    top.get_by_role("button", name="Pause").click()
    page.wait_for_function("document.querySelector('.read-aloud audio').paused")
    page.context.close()


@pytest.mark.parametrize("path", ["/ar/", "/en/housing/", "/ar/housing/rental-deposit", "/en/housing/long-read"])
def test_the_staff_button_covers_nothing(browser, server, path):
    """Issue 17.8: "Ask a staff member" is always on the screen and never over a tile, a line or
    a link, at the top, at the end, or above the open keyboard."""
    page = counter_page(browser, server, path)
    staff = page.get_by_role("button", name=STAFF_BUTTON[path[1:3]])
    assert staff.is_visible()
    assert page.evaluate(COVERED_CLICKABLES) == []
    scroll_to_end(page)
    assert page.evaluate(COVERED_CLICKABLES) == []
    open_keyboard(page)
    assert staff.is_visible()
    assert page.evaluate(COVERED_CLICKABLES) == []
    page.context.close()


STAFF_BUTTON = {"en": "Ask a staff member", "ar": "اسأل أحد الموظفين"}


@pytest.mark.parametrize("path", ["/", "/ar/", "/ti/", "/kiosk/" + COUNTER])
def test_emergency_numbers_are_on_the_first_screens(browser, server, path):
    """Issue 17.8: 112, 101 and 1733 on the language choice, the topics and the attract screen."""
    page = browser.new_page(viewport=PHONE)
    page.goto(server + path)
    numbers = page.locator(".emergency-numbers")
    assert numbers.is_visible()
    assert numbers.locator(".emergency-number").all_inner_texts() == ["112", "101", "1733"]
    assert [a.get_attribute("href") for a in numbers.locator("a").all()] == ["tel:112", "tel:101", "tel:1733"]
    page.close()


@pytest.mark.parametrize(
    ("path", "box", "send", "table", "column"),
    [
        ("/en/housing/rental-deposit", "#feedback-comment", "No", "feedback", "comment"),
        ("/en/search?q=zzzz", "#missing-message", "Send", "missing_reports", "message"),
    ],
)
def test_feedback_boxes_get_the_on_screen_keyboard(browser, server, folder, path, box, send, table, column):
    """Issue 17.6: on a counter the comment boxes are typed on the on-screen keyboard, and what
    is typed reaches the staff."""
    page = counter_page(browser, server, path)
    field = page.locator(box)
    field.scroll_into_view_if_needed()
    area = field.bounding_box()
    tap(page, area["x"] + 20, area["y"] + area["height"] / 2)
    page.locator("#on-screen-keyboard .hg-button").first.wait_for()
    assert field.get_attribute("inputmode") == "none"  # never the system's keyboard
    for key in "flat":
        tap_key(page, key)
    tap_key(page, "{enter}")  # a new line in a comment box, not a search
    for key in "keys":
        tap_key(page, key)
    assert field.input_value() == "flat\nkeys"
    assert page.evaluate(COVERED_CLICKABLES) == []  # the box stays above the keyboard
    assert page.url.endswith(path)
    page.locator("#on-screen-keyboard [data-action=hide-keyboard]").click()
    page.get_by_role("button", name=send, exact=True).click()
    page.locator(".feedback-thanks").wait_for()
    with sqlite3.connect(folder / "kiosk.sqlite3") as database:
        saved = [row[0] for row in database.execute(f"SELECT {column} FROM {table}")]
    assert "flat\nkeys" in saved or "flat\r\nkeys" in saved, saved
    page.context.close()


def pdf_pages(page) -> int:
    """Pages in the PDF Chromium prints of the page (A4)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4")))


@pytest.mark.parametrize("path", ["/en/housing/rental-deposit", "/ar/housing/rental-deposit"])
def test_an_article_prints_compactly_without_forms(browser, server, path):
    """Issue 17.10: the article, its sources and its QR code on paper; no form, no buttons, no
    page left for the feedback form."""
    page = counter_page(browser, server, path)
    page.emulate_media(media="print")
    for hidden in (".feedback", ".article-tools-top", ".take-home-actions", ".staff-button", ".site-header"):
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).display") == "none", hidden
    assert page.locator("article .article-body").is_visible()
    assert page.locator(".page-qr svg").is_visible()
    assert pdf_pages(page) == 1
    page.context.close()


def test_my_pages_print_the_articles_themselves(browser, server):
    """Issue 17.10: "my pages" on paper is every kept article whole, then the list's QR code."""
    page = browser.new_page(viewport=COUNTER_SCREEN)
    page.goto(f"{server}/en/my-pages?pages=housing/rental-deposit,housing/long-read")
    printed = page.locator(".printed-article")
    assert not printed.first.is_visible()  # on the screen: the list of titles
    page.emulate_media(media="print")
    assert printed.count() == 2
    assert printed.nth(0).locator(".printed-title").inner_text() == "Rental deposit"
    assert printed.nth(0).locator(".article-body").inner_text().startswith("Steps")
    assert printed.nth(1).get_by_text("Part 20").is_visible()
    assert not page.locator(".my-pages-list").is_visible()
    assert page.locator(".page-qr svg").is_visible()
    assert pdf_pages(page) >= 3  # the long read alone fills more than a page
    page.close()


def pause_clock(page) -> None:
    """Stop the page's fake clock where it is: from now on only run_for() moves it."""
    page.clock.pause_at(page.evaluate("Date.now()") + 10)


def shown_in(page, selector: str) -> tuple[str, str]:
    """(language, words) of the version of ``selector``'s cycling words now on the screen."""
    shown = page.locator(f"{selector} [data-cycle-languages] > :not([hidden])")
    return shown.get_attribute("lang"), shown.inner_text()


def test_the_language_choice_says_everything_in_every_language_in_turn(browser, server):
    """Issue 17.12: the header, "Larger text" and "High contrast" change language with the heading."""
    page = browser.new_page(viewport=PHONE)
    page.clock.install()
    page.goto(server + "/")
    pause_clock(page)
    parts = ["h1", ".brand", '[data-action="text-size"]', '[data-action="contrast"]']
    seen = {part: set() for part in parts}
    for _ in ALL_LANGUAGES:
        now = {part: shown_in(page, part) for part in parts}
        assert len({lang or "en" for lang, _ in now.values()}) == 1, now  # all in one language at a time
        for part, said in now.items():
            seen[part].add(said)
        page.clock.run_for(3000)
    for part in parts:
        assert {lang or "en" for lang, _ in seen[part]} == set(ALL_LANGUAGES), part
    assert ("ar", "نص أكبر") in seen['[data-action="text-size"]']
    # Named for screen readers in the language on the screen.
    assert page.get_by_role("button", name=shown_in(page, '[data-action="text-size"]')[1]).count() == 1
    page.close()


def test_the_attract_screen_asks_for_staff_in_every_language(browser, server):
    page = browser.new_context(viewport=COUNTER_SCREEN).new_page()
    page.clock.install()
    page.goto(f"{server}/kiosk/{COUNTER}")
    pause_clock(page)
    seen = set()
    for _ in ALL_LANGUAGES:
        invitation = page.locator(".attract-invitation:not([hidden])").get_attribute("lang")
        lang, words = shown_in(page, ".staff-button")
        assert lang == invitation  # the same language as the invitation on the screen
        seen.add((lang, words))
        page.clock.run_for(2500)
    assert {lang for lang, _ in seen} == set(ALL_LANGUAGES)
    assert ("uk", "Запитати працівника") in seen
    page.context.close()


def test_opening_a_search_result_is_counted_for_staff(browser, server, folder):
    """Issue 15.12: the search page tells the server which search a result was opened from (a
    beacon, no cookie), so staff can see searches whose results nobody opens."""
    import time

    page = browser.new_page()
    page.goto(server + "/en/search?q=deposit")
    page.locator(".article-list a[href]").first.click()
    page.wait_for_url(re.compile(r"/en/housing/"))
    assert page.context.cookies() == []
    opened = []
    for _ in range(60):  # the writer thread flushes within a few seconds
        with sqlite3.connect(folder / "kiosk.sqlite3") as database:
            opened = database.execute("SELECT opened FROM daily_searches WHERE query = 'deposit'").fetchall()
        if opened and opened[0][0] >= 1:
            break
        time.sleep(0.5)
    assert opened and opened[0][0] == 1, opened
    page.close()
