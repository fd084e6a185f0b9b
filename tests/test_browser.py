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
