"""Every offered language in headless Chromium: lang/dir, translated interface, no overflow,
and the intended web font for its script (not a system fallback)."""

from __future__ import annotations

import pytest

from app.config import load_config
from app.languages import LanguageSet

LANGUAGES = list(LanguageSet.from_codes(load_config(environ={}).languages))
FONT_FOR_SCRIPT = {"Latn": "Noto Sans", "Cyrl": "Noto Sans", "Arab": "Noto Sans Arabic", "Ethi": "Noto Sans Ethiopic"}
VIEWPORTS = [{"width": 1080, "height": 1920}, {"width": 1920, "height": 1080}]


def used_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really used to draw an element's text (CDP), web font or system."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument", {"depth": -1})
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return fonts


def interface_texts(page) -> list[str]:
    return [
        page.locator("h1").inner_text(),
        page.locator(".search-form button").inner_text(),
        page.locator("#search-words").get_attribute("placeholder"),
        page.title(),
    ]


@pytest.fixture(scope="module")
def english_texts(browser, real_server):
    page = browser.new_page()
    page.goto(real_server + "/en/")
    texts = interface_texts(page)
    page.close()
    return texts


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_topics_page_in_every_language(browser, real_server, english_texts, language):
    for viewport in VIEWPORTS:
        page = browser.new_page(viewport=viewport)
        page.goto(f"{real_server}/{language.code}/")
        page.evaluate("document.fonts.ready")
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language.code, language.direction)
        if language.code != "en":
            texts = interface_texts(page)
            untranslated = [t for t, english in zip(texts, english_texts, strict=True) if t == english]
            assert untranslated == [], untranslated
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (viewport, overflow)
        # The topic titles are drawn with the web font of the language's script. Their faces are
        # loaded first (a face is fetched only when text needs it, so checking before it arrived
        # was a race): load() gives the faces that cover the text, none if no web face does.
        expected = FONT_FOR_SCRIPT[language.script]
        faces = page.evaluate(
            '([family, text]) => document.fonts.load(`16px "${family}"`, text).then(faces => faces.length)',
            [expected, page.locator(".topic-title").first.text_content()],
        )
        assert faces >= 1, (expected, language.code)
        fonts = used_fonts(page, ".topic-title")
        assert fonts and fonts[0]["familyName"] == expected and fonts[0]["isCustomFont"], fonts
        assert page.evaluate(
            f"document.fonts.check('16px \"{expected}\"', document.querySelector('.topic-title').textContent)"
        )
        page.close()


def test_directional_icons_are_mirrored_in_rtl(browser, real_server):
    page = browser.new_page()
    page.goto(real_server + "/ar/health/")
    transform = page.evaluate("getComputedStyle(document.querySelector('.icon-directional')).transform")
    assert transform.startswith("matrix(-1")
    page.goto(real_server + "/fr/health/")
    assert page.evaluate("getComputedStyle(document.querySelector('.icon-directional')).transform") == "none"
    page.close()


def test_numbers_stay_in_order_inside_arabic_text(browser, real_server):
    page = browser.new_page()
    page.goto(real_server + "/ar/emergencies/emergency-numbers")
    bdi = page.locator("article bdi", has_text="070 245 245").first
    assert bdi.get_attribute("dir") == "ltr"
    # Drawn left to right: "070" starts to the left of the last "245".
    box = page.evaluate(
        """(el) => { const r = document.createRange(); const t = el.firstChild;
        r.setStart(t, 0); r.setEnd(t, 3); const a = r.getBoundingClientRect().x;
        r.setStart(t, t.length - 3); r.setEnd(t, t.length); return [a, r.getBoundingClientRect().x]; }""",
        bdi.element_handle(),
    )
    assert box[0] < box[1]
    page.close()
