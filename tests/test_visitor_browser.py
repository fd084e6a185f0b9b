"""What a newcomer meets at a counter, on a phone and on paper (issue 17), in headless Chromium:
the on-screen keyboard under a finger, the phone layout, the tools at the top of an article,
the staff button, print, and words in other languages marked as such."""

from __future__ import annotations

import pytest
from conftest import Gunicorn, article_file, make_content, udhr, write, write_config_file

pytestmark = pytest.mark.browser

COUNTER = "visitor-counter-1"
PHONE = {"width": 390, "height": 844}
COUNTER_SCREEN = {"width": 1080, "height": 1920}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on the small test content, with a Tigrinya housing topic long enough that its
    article cards go on under the on-screen keyboard."""
    folder = tmp_path_factory.mktemp("visitor")
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
    server = Gunicorn(folder / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(folder, content)))
    yield server.wait_until_ready()
    server.stop()


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
    box = page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{key}"]').bounding_box()
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
