"""An Arabic translator whose staff pages are in Arabic, in headless Chromium on a real gunicorn:
from the work list, she opens an outdated machine-drafted Arabic translation, corrects it in the
workspace, approves it, and finds her change in the article's history. Every studio page she
sees is right to left (`<html lang="ar" dir="rtl">`), the Arabic text fields too, the English
original beside them stays left to right, no English is left in the page's own words, and
axe-core finds no serious or critical problem. A page only editors use answers her 403.

(The searches report itself is not checked for English: its tables' titles and column names
come from app/reports.py, in English in every staff language.)"""

from __future__ import annotations

import re
import time

from sqlalchemy.orm import Session
from test_staff_browser import axe_violations
from test_studio_browser import PASSWORD

from app.database import make_engine
from app.staff_accounts import create_user

ARTICLE = "housing/rental-deposit"
ADDED = "اقرأ العقد قبل التوقيع."  # "Read the contract before signing.": what she adds

# The page's own words in Latin letters that an Arabic page may show: names, formats, codes.
ALLOWED_LATIN = {"XLIFF", "OmegaT", "Weblate", "Trados", "Markdown", "UTC", "https", "farida"}
LATIN_WORDS = r"""() => {
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    // Content in another language (the English original, an article key, a file name) is
    // marked as such or is code; only the page's own Arabic words are checked.
    if (parent.closest('[lang]').lang !== 'ar' || parent.closest('code, pre, bdi, [dir=ltr], [hidden]')) continue;
    if (!parent.checkVisibility()) continue;
    // An article's address (housing/rental-deposit) is a name, the same in every language,
    // and so is a version's number (a git commit's abbreviated hash).
    const text = node.textContent.replace(/[a-z0-9-]+\/[a-z0-9-]+/g, '').replace(/\b[0-9a-f]{7,40}\b/g, '');
    for (const word of text.match(/[A-Za-z]{3,}/g) || []) words.push(word);
  }
  return words;
}"""


def untranslated(page) -> list[str]:
    """Latin words in the page's own Arabic text: an English string left untranslated."""
    return sorted({word for word in page.evaluate(LATIN_WORDS) if word not in ALLOWED_LATIN})


def check_arabic_page(page) -> None:
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert untranslated(page) == [], (page.url, untranslated(page))
    assert axe_violations(page) == [], page.url


def test_an_arabic_translator_approves_a_translation_in_arabic_staff_pages(
    gunicorn_server, browser, tmp_path, content_dir
):
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    with Session(engine) as session, session.begin():
        create_user(session, "farida", PASSWORD, role="translator", languages=["ar"], staff_language="ar")
    engine.dispose()
    # Her browser asks for English: the account's language (Arabic) wins once she is signed in.
    page = browser.new_context(bypass_csp=True, locale="en-GB").new_page()
    steps: list[str] = []
    started = time.monotonic()
    page.goto(gunicorn_server + "/staff/login")
    page.locator("#username").fill("farida")
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_url(gunicorn_server + "/staff/")
    steps += ["username", "password", "sign in"]
    check_arabic_page(page)

    # The work list: her one language, the outdated machine draft in it.
    page.get_by_role("link", name="الترجمة", exact=True).click()
    steps.append("الترجمة (Translate)")
    page.wait_for_url("**/staff/translate/")
    row = page.get_by_role("row", name=re.compile("rental-deposit"))
    assert row.locator(".state").inner_text() == "قديمة"  # outdated
    check_arabic_page(page)
    row.get_by_role("link", name=re.compile("فتح مساحة الترجمة")).click()
    steps.append("فتح مساحة الترجمة (open the workspace)")
    page.wait_for_url(f"**/staff/translate/{ARTICLE}/ar")

    # The workspace: the English original left to right beside the Arabic fields right to left.
    fields = page.locator(".workspace-translation").locator("input, textarea")
    assert fields.count() >= 4
    for index in range(fields.count()):
        assert fields.nth(index).get_attribute("lang") == "ar"
        assert fields.nth(index).get_attribute("dir") == "rtl"
        assert fields.nth(index).evaluate("e => getComputedStyle(e).direction") == "rtl"
    original = page.locator(".workspace-original[lang=en]").first
    assert original.get_attribute("dir") == "ltr"
    assert original.evaluate("e => getComputedStyle(e).direction") == "ltr"
    check_arabic_page(page)

    summary = page.locator("#field-summary")
    summary.fill(summary.input_value() + " " + ADDED)
    steps.append("type")
    page.get_by_role("button", name="حفظ واعتماد").click()
    steps.append("حفظ واعتماد (save and approve)")
    page.wait_for_url("**/ar?done=approved")
    assert page.get_by_role("status").inner_text().startswith("حُفظت واعتُمدت")
    seconds = time.monotonic() - started
    print(f"\nArabic translator approves an outdated translation: {len(steps)} steps, {seconds:.1f} s: {steps}")
    saved = (content_dir / "housing" / "rental-deposit" / "ar.md").read_text("utf-8")
    assert ADDED in saved and "reviewed_by: farida" in saved and "machine: false" in saved
    check_arabic_page(page)

    # The history, reached from the workspace through the editor: her change, by her name.
    page.get_by_role("link", name="فتح في المحرر").click()
    page.wait_for_url(f"**/staff/content/{ARTICLE}/ar")
    assert page.locator("#field-body").get_attribute("dir") == "rtl"
    assert page.locator("#field-summary").get_attribute("dir") == "rtl"
    check_arabic_page(page)
    page.locator(".studio-links").get_by_role("link", name="السجل").click()
    page.wait_for_url(f"**/staff/content/{ARTICLE}/ar/history")
    newest = page.locator(".studio-change").first
    assert "farida" in newest.inner_text()
    assert ADDED in newest.locator("ins").all_inner_texts()[0]
    check_arabic_page(page)

    # A word visitors searched for, added as a synonym in her language (the page the searches
    # report's "Add as synonym" opens).
    page.goto(gunicorn_server + "/staff/searches/synonym/ar?q=" + "كفالة")
    assert page.locator("#word").input_value() == "كفالة"
    check_arabic_page(page)

    # Replacing a fact in every language is for editors.
    assert page.goto(gunicorn_server + "/staff/replace").status == 403
    check_arabic_page(page)  # and says so in Arabic
    assert page.goto(gunicorn_server + f"/staff/content/{ARTICLE}/en").status == 403  # an original
    page.context.close()
