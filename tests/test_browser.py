"""A visitor in headless Chromium: choose Arabic, browse a topic, open an article."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_arabic_visitor_browses_a_topic_and_an_article(browser, gunicorn_server):
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(gunicorn_server + "/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"

    page.get_by_role("link", name="السكن").click()
    page.wait_for_url("**/ar/housing/")
    page.get_by_role("link", name="ضمان الإيجار").click()
    page.wait_for_url("**/ar/housing/rental-deposit")
    assert page.locator("article h1").inner_text() == "ضمان الإيجار"
    assert page.locator("article").get_attribute("dir") == "rtl"
    # The header starts on the right in a right-to-left page.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 1080 / 2

    origin = urlsplit(gunicorn_server).netloc
    assert requested and all(urlsplit(url).netloc == origin for url in requested), requested
    page.close()


def test_the_language_choice_says_its_heading_in_every_language(browser, real_server):
    page = browser.new_page()
    page.clock.install()
    page.goto(real_server + "/")
    shown = page.locator("h1 [data-cycle-languages] > :not([hidden])")
    assert shown.count() == 1 and shown.inner_text() == "Choose your language"
    said = set()
    for _ in range(21):
        said.add((shown.get_attribute("lang") or "en", shown.inner_text()))
        page.clock.run_for(3000)
    assert len(said) == 21 and len({text for _, text in said}) >= 20, said
    assert ("ar", page.locator('h1 [data-cycle-languages] > [lang="ar"]').inner_text()) in said
    assert page.locator('h1 [data-cycle-languages] > [lang="ar"]').get_attribute("dir") == "rtl"
    page.close()
    # Someone who asked their system for less motion gets one still heading.
    calm = browser.new_page(reduced_motion="reduce")
    calm.clock.install()
    calm.goto(real_server + "/")
    calm.clock.run_for(10_000)
    assert calm.locator("h1 [data-cycle-languages] > :not([hidden])").inner_text() == "Choose your language"
    calm.close()
