"""A touchscreen counter in headless Chromium, with a fake clock: attract screen, browsing,
idle warning and reset, the on-screen keyboard, outside links, QR codes, print, read aloud,
no request outside the kiosk, and an axe-core scan of every screen."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from conftest import Gunicorn, article_file, make_content, udhr, write, write_config_file
from PIL import Image

from app.config import PROJECT_ROOT

COUNTER = "test-counter-1"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on the small test content, plus a Tigrinya article (a language with no voice)."""
    folder = tmp_path_factory.mktemp("counter")
    content = make_content(folder / "content")
    write(
        content / "housing" / "rental-deposit" / "ti.md",
        article_file("ውሕስ ክራይ", "ውሕስ ክራይ ኣብ ብራስልስ ከመይ ይሰርሕ።", udhr("ti", 25), translation=("en", 2, True)),
    )
    server = Gunicorn(folder / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(folder, content)))
    yield server.wait_until_ready()
    server.stop()


@pytest.fixture
def counter(browser, server):
    """A fresh counter browser (portrait screen) with a fake clock, at its start address."""
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.clock.install()
    # Chromium started at the start address has one history entry; Playwright's goto() from its
    # blank tab would add a second one, so the first page replaces the blank tab instead.
    with page.expect_navigation(url=f"**/kiosk/{COUNTER}"):
        page.evaluate("url => location.replace(url)", f"{server}/kiosk/{COUNTER}")
    assert page.evaluate("history.length") == 1
    yield page
    context.close()


def open_article(page, language="English", topic="Housing", title="Rental deposit"):
    page.locator("[data-attract]").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name=language, exact=True).click()
    page.wait_for_url("**/*/")
    page.get_by_role("link", name=topic).click()
    page.wait_for_url("**/housing/")
    page.get_by_role("link", name=title).click()
    page.wait_for_url("**/housing/rental-deposit")


def decode_qr(png: bytes) -> str:
    image = Image.open(io.BytesIO(png)).convert("L")
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found in the image"
    return results[0].text


def test_attract_then_language_topic_article(counter):
    page = counter
    cookies = page.context.cookies()
    assert [(c["name"], c["value"].split(".")[0], c["httpOnly"]) for c in cookies] == [("kiosk_counter", COUNTER, True)]
    shown = page.locator(".attract-invitation:visible")
    assert shown.count() == 1
    first = shown.get_attribute("lang")
    page.clock.run_for(2600)
    assert page.locator(".attract-invitation:visible").get_attribute("lang") != first  # it cycles
    assert page.locator(".attract-invitation").count() == 7  # every offered language

    open_article(page)
    assert page.locator("article h1").inner_text() == "Rental deposit"
    assert page.locator("body").get_attribute("class").endswith("on-counter")
    # Navigation replaces the history entry: the browser's Back leads nowhere...
    assert page.evaluate("history.length") == 1
    # ...and the on-screen Back button walks back through the visit.
    page.get_by_role("button", name="Back").click()
    page.wait_for_url("**/en/housing/")
    assert page.get_by_role("button", name="Ask a staff member").is_visible()


def test_idle_warning_then_full_reset(counter, server):
    page = counter
    open_article(page)
    # The visitor leaves traces: a kept page, a display preference, a cookie, typed text.
    page.get_by_role("button", name="Add to my pages").click()
    assert page.locator("[data-my-pages-count]").inner_text() == "1"
    page.get_by_role("button", name="Larger text").click()
    page.evaluate("document.cookie = 'visitor=1; path=/'")
    page.locator("#search-words").fill("deposit")
    assert page.evaluate("localStorage.length + sessionStorage.length") >= 2

    page.clock.run_for(89_000)
    assert not page.locator("#idle-dialog").is_visible()
    page.clock.run_for(2_000)
    dialog = page.locator("#idle-dialog")
    assert dialog.is_visible()
    assert dialog.get_by_role("heading").inner_text() == "Are you still there?"
    page.clock.run_for(5_000)
    assert int(dialog.locator("[data-countdown]").inner_text()) in (9, 10, 11)
    # Answering keeps the visit going.
    dialog.get_by_role("button", name="Yes, I am still here").click()
    assert not dialog.is_visible()
    assert page.locator("#search-words").input_value() == "deposit"

    # Nobody answers the second time: back to the attract screen, everything forgotten.
    page.clock.run_for(91_000)
    assert dialog.is_visible()
    with page.expect_navigation(url=f"**/kiosk/{COUNTER}"):
        page.clock.run_for(16_000)
    assert page.locator("[data-attract]").is_visible()
    assert page.evaluate("history.length") == 1
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    assert [c["name"] for c in page.context.cookies()] == ["kiosk_counter"]
    assert not page.evaluate("document.documentElement.classList.contains('text-large')")


@pytest.mark.parametrize(
    ("language", "keys", "expected_title"),
    [
        ("العربية", ["ض", "م", "ا", "ن"], "ضمان الإيجار"),
        ("Українська", ["г", "а", "р", "а", "н", "т", "і", "я"], "Гарантія оренди"),
    ],
)
def test_typing_on_the_on_screen_keyboard(counter, language, keys, expected_title):
    page = counter
    page.locator("[data-attract]").click()
    page.get_by_role("link", name=language, exact=True).click()
    page.wait_for_url("**/*/")
    page.locator("#search-words").click()
    keyboard = page.locator("#on-screen-keyboard")
    assert keyboard.is_visible()
    for key in keys:
        keyboard.locator(f'.hg-button[data-skbtn="{key}"]').click()
    assert page.locator("#search-words").input_value() == "".join(keys)
    # Suggestions appear under the field as the visitor types.
    suggestion = page.locator(".suggestions a", has_text=expected_title)
    suggestion.first.wait_for()
    # The key with the Latin letters switches, and switches back.
    keyboard.locator('.hg-button[data-skbtn="{latin}"]').click()
    assert keyboard.locator('.hg-button[data-skbtn="q"]').is_visible()
    keyboard.locator('.hg-button[data-skbtn="{native}"]').click()
    assert keyboard.locator(f'.hg-button[data-skbtn="{keys[0]}"]').is_visible()
    keyboard.locator('.hg-button[data-skbtn="{enter}"]').click()
    page.wait_for_url("**/search?q=*")
    assert page.locator(".article-card-title", has_text=expected_title).count() >= 1


def test_tigrinya_keyboard_types_syllables(counter):
    page = counter
    page.locator("[data-attract]").click()
    page.get_by_role("link", name="ትግርኛ", exact=True).click()
    page.wait_for_url("**/ti/")
    page.locator("#search-words").click()
    keyboard = page.locator("#on-screen-keyboard")
    keyboard.locator('.hg-button[data-skbtn="ወ"]').click()  # a consonant opens its forms
    keyboard.locator('.hg-button[data-skbtn="ው"]').click()
    keyboard.locator('.hg-button[data-skbtn="ሐ"]').click()
    keyboard.locator('.hg-button[data-skbtn="ሕ"]').click()
    assert page.locator("#search-words").input_value() == "ውሕ"


def test_outside_link_shows_a_qr_code_instead_of_leaving(counter, server):
    page = counter
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).netloc == "logement.brussels" else None)
    open_article(page)
    page.locator(".article-body a", has_text="official page").click()
    dialog = page.locator("#outside-dialog")
    dialog.wait_for()
    assert page.url.endswith("/en/housing/rental-deposit")
    assert outside == []
    image = dialog.locator("img[data-outside-qr]")
    page.wait_for_function("document.querySelector('[data-outside-qr]').naturalWidth > 0")
    assert decode_qr(image.screenshot()) == "https://logement.brussels/"


def test_article_qr_code_decodes_to_its_public_address(counter):
    page = counter
    open_article(page)
    qr = page.locator(".page-qr svg.qr-code")
    assert decode_qr(qr.screenshot()) == "http://kiosk.example/en/housing/rental-deposit"


def test_my_pages_go_home_in_one_qr_code(counter, server):
    page = counter
    open_article(page)
    page.get_by_role("button", name="Add to my pages").click()
    page.get_by_role("link", name="My pages").click()
    page.wait_for_url("**/en/my-pages?pages=*")
    assert page.locator(".article-card-title").all_inner_texts() == ["Rental deposit"]
    address = decode_qr(page.locator(".page-qr svg.qr-code").screenshot())
    assert address == "http://kiosk.example/en/my-pages?pages=housing/rental-deposit"
    # The address is a public page listing the same pages, with no cookie and nothing stored.
    public = page.context.browser.new_page()
    response = public.goto(server + urlsplit(address).path + "?" + urlsplit(address).query)
    assert "set-cookie" not in response.headers
    assert public.locator(".article-card-title").all_inner_texts() == ["Rental deposit"]
    public.close()


def test_print_in_arabic(counter):
    page = counter
    open_article(page, "العربية", "السكن", "ضمان الإيجار")
    page.emulate_media(media="print")
    assert page.locator("html").get_attribute("dir") == "rtl"
    for hidden in (".site-header", ".staff-button", ".read-aloud", ".take-home-actions"):
        assert page.locator(hidden).evaluate("e => getComputedStyle(e).display") == "none", hidden
    assert page.locator("article h1").is_visible()
    qr = page.locator(".page-qr svg.qr-code")
    assert qr.is_visible()
    assert decode_qr(qr.screenshot()) == "http://kiosk.example/ar/housing/rental-deposit"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_read_aloud_in_french_and_not_available_in_tigrinya(counter, server):
    page = counter
    open_article(page, "Français", "Logement", "Garantie locative")
    with page.expect_response("**/fr/housing/rental-deposit/audio") as answer:
        page.locator(".read-aloud [data-action='play']").click()  # its label is in French here
    response = answer.value
    assert response.status in (200, 206)
    assert response.headers["content-type"] == "audio/wav"
    assert page.locator(".read-aloud [data-speed='0.75']").is_visible()
    page.locator(".read-aloud [data-speed='0.75']").click()
    assert page.evaluate("document.querySelector('.read-aloud audio').playbackRate") == 0.75

    page.goto(f"{server}/ti/housing/rental-deposit")
    assert page.locator("article").get_attribute("lang") == "ti"
    assert page.locator(".read-aloud-none").is_visible()
    assert page.locator(".read-aloud button").count() == 0
    assert page.request.get(f"{server}/ti/housing/rental-deposit/audio").status == 404


def test_no_request_leaves_the_kiosk_over_ten_pages(counter, server):
    page = counter
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_article(page)  # attract, languages, topics, topic, article: 5 pages
    page.locator(".article-body a", has_text="official page").click()  # outside link: a QR code
    page.get_by_role("button", name="Close").first.click()
    page.get_by_role("button", name="Listen").first.click()  # the one above the article
    for path in ("/en/health/", "/en/search?q=doctor", "/en/my-pages", "/fr/", "/ar/housing/rental-deposit"):
        page.goto(server + path)
    origin = urlsplit(server).netloc
    assert len({urlsplit(u).path for u in requested if "/static/" not in u and "/api/" not in u}) >= 10
    assert [u for u in requested if urlsplit(u).netloc != origin] == []


SCREENS = [
    ("attract", "/kiosk/" + COUNTER),
    ("languages", "/"),
]
for _lang in ("en", "ar", "ti"):
    SCREENS += [
        (f"topics-{_lang}", f"/{_lang}/"),
        (f"topic-{_lang}", f"/{_lang}/housing/"),
        (f"article-{_lang}", f"/{_lang}/housing/rental-deposit"),
        (f"search-{_lang}", f"/{_lang}/search?q=" + {"en": "deposit", "ar": "ضمان", "ti": "ውሕስ"}[_lang]),
    ]


@pytest.mark.parametrize(("name", "path"), SCREENS, ids=[name for name, _ in SCREENS])
def test_axe_finds_no_serious_violation(counter, server, name, path):
    page = counter
    # An init script is added by the browser itself, so the site's strict CSP (no inline
    # scripts) does not have to be loosened for the scan.
    page.add_init_script(path=str(AXE))
    page.goto(server + path)
    page.evaluate("document.fonts.ready")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
