"""Take the README's screenshots with headless Chromium against a real gunicorn.

Usage: .venv/bin/python scripts/screenshots.py [--staff]   (writes docs/screenshots/*.png;
--staff: only the staff studio's)

Needs Debian's chromium and, for the printed page, poppler-utils (pdftoppm turns the PDF that
Chromium prints into a picture).

The staff studio's pictures come from a second server on a copy of content/ in a temporary
folder (the repository's content/ is never written): the copy gets a git history with an
editor's change to an English original, staff accounts are made with the command line, and the
staff pages are used in French and in Arabic as staff would use them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.content.history import Author, ContentHistory, text_token  # noqa: E402
from app.content.stamp import bumped_revision_text  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SHOTS = [  # (file name, path, viewport)
    ("topics-fr.png", "/fr/", (1280, 1000)),
    ("topics-ar.png", "/ar/", (1280, 1000)),
    ("topics-ps.png", "/ps/", (1280, 1000)),
    ("topics-ti.png", "/ti/", (1280, 1000)),
    ("topics-uk.png", "/uk/", (1280, 1000)),
    ("languages.png", "/", (1280, 1000)),
    ("article-ar.png", "/ar/emergencies/emergency-numbers", (1080, 1920)),
]


PORTRAIT = {"width": 1080, "height": 1920}  # a counter's screen
PHONE = {"width": 390, "height": 844}


def _save(page, name: str) -> None:
    page.evaluate("document.fonts.ready")
    page.screenshot(path=OUT / name)
    print(f"wrote {OUT.relative_to(ROOT) / name}")


def take_counter_shots(browser, base: str) -> None:
    """A counter (portrait touchscreen) with a fake clock: attract, article + QR, idle warning, keyboard."""
    context = browser.new_context(viewport=PORTRAIT)
    page = context.new_page()
    page.clock.install()
    page.goto(base + "/kiosk/counter-1")
    _save(page, "counter-attract.png")

    page.goto(base + "/en/emergencies/emergency-numbers")
    page.locator(".article-tools").last.scroll_into_view_if_needed()
    # On a counter the page scrolls inside #main (the header and the help button stay put).
    page.evaluate("document.getElementById('main').scrollBy(0, 400)")
    _save(page, "counter-article-qr.png")

    page.clock.run_for(91_000)
    page.locator("#idle-dialog [data-countdown]").wait_for()
    page.clock.run_for(3_000)
    _save(page, "counter-idle-warning.png")

    page.goto(base + "/ar/")
    page.locator("#search-words").click()
    for key in "ضمان":
        page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{key}"]').click()
    page.locator(".suggestions a").first.wait_for()
    _save(page, "counter-keyboard-ar.png")

    # Tigrinya: a consonant shows its seven forms, a form types the letter: "ስራሕ" (work).
    page.goto(base + "/ti/")
    page.locator("#search-words").click()
    for consonant, form in [("ሰ", "ስ"), ("ረ", "ራ"), ("ሐ", "ሕ")]:
        page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{consonant}"]').first.click()
        page.locator(f'#on-screen-keyboard .hg-button[data-skbtn="{form}"]').first.click()
    page.wait_for_function("document.getElementById('search-words').value === 'ስራሕ'")
    page.locator("#on-screen-keyboard .hg-button").first.wait_for()
    _save(page, "counter-keyboard-ti.png")
    context.close()


def take_phone_and_paper_shots(browser, base: str) -> None:
    """An article on a phone, and the first printed page of "my pages" (Chromium's own PDF)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + "/uk/housing/rental-deposit")
    _save(page, "phone-article-uk.png")
    page.goto(base + "/fr/my-pages?pages=administration/commune-registration,housing/rental-deposit")
    page.evaluate("document.fonts.ready")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "my-pages.pdf"
        page.pdf(path=pdf, format="A4")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
            + [str(pdf), str(OUT / "printed-my-pages")],
            check=True,
        )
    print(f"wrote {OUT.relative_to(ROOT) / 'printed-my-pages.png'}")
    context.close()


# -- the staff studio -------------------------------------------------------------------------

STAFF_PASSWORD = "screenshots only, never a real account"
STAFF_VIEWPORT = {"width": 1280, "height": 900}
ARTICLE = "housing/rental-deposit"
# An editor's change to the English original, made a new revision (its translations become
# outdated): a clarification of what the article already says, no new fact.
ORIGINAL_CHANGES = [
    ("you get it back at the end if", "you get it back at the end of the lease if"),
    ("can help.", "can help if you do not have the money."),
]
# What staff type in the editors (a clarification, as above).
FRENCH_CHANGE = ("vous le récupérez à la fin si", "vous le récupérez à la fin du bail si")
FRENCH_SUMMARY_CHANGE = ("peuvent vous aider.", "peuvent vous aider si vous n’avez pas l’argent.")
ARABIC_CHANGE = ("تستعيده في النهاية", "تستعيده في نهاية عقد الإيجار")


def _content_with_history(folder: Path) -> Path:
    """A copy of content/ made a git repository, then an editor's new revision of one original."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    history = ContentHistory(content)
    history.ensure_repository()
    path = f"{ARTICLE}/en.md"
    text = history.read(path)
    changed = text
    for old, new in ORIGINAL_CHANGES:
        assert old in changed, old
        changed = changed.replace(old, new)
    changed, _ = bumped_revision_text(changed)
    history.save({path: changed}, Author("amelie"), "Say when the guarantee comes back", {path: text_token(text)})
    return content


@contextmanager
def _server(env: dict):
    """gunicorn with the project's configuration and ``env``, until the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env
    )
    try:
        base = f"http://{env['KIOSK_BIND']}"
        for _ in range(1800):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def _add_staff(env: dict, name: str, role: str, languages: str = "") -> None:
    """A staff account made as an administrator would: the command line, password on stdin."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "staff", "add-user", name, "--role", role]
    if languages:
        command += ["--languages", languages]
    subprocess.run(command, cwd=ROOT, env=env, input=STAFF_PASSWORD + "\n", text=True, check=True)


def _sign_in(browser, base: str, name: str, locale: str):
    """A signed-in page; the staff pages follow the browser's language (fr, nl, en, ar)."""
    page = browser.new_context(viewport=STAFF_VIEWPORT, locale=locale).new_page()
    page.goto(base + "/staff/login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_url(base + "/staff/")
    return page


def _type_and_wait_for_previews(page, change: tuple[str, str]) -> None:
    """Change the text in the editor; both live previews show it before it is saved."""
    body = page.locator("#field-body")
    old, new = change
    assert old in body.input_value(), old
    body.fill(body.input_value().replace(old, new))
    for frame in ("preview-counter", "preview-phone"):
        page.wait_for_function(
            "([name, text]) => { const f = window.frames[name]; "
            "return f && f.document.body && f.document.body.innerText.includes(text); }",
            arg=[frame, new],
            timeout=30000,
        )
    body.evaluate("e => { e.setSelectionRange(0, 0); e.scrollTop = 0; }")  # the changed line in view
    page.evaluate("document.fonts.ready")


def _save_clip(page, name: str, top_selector: str, bottom_selector: str, at_most: int = 1400, margin: int = 16):
    """A picture of the page from one element's top to another's bottom, the page's full width."""
    page.evaluate("document.fonts.ready")
    top = page.locator(top_selector).first.bounding_box()
    bottom = page.locator(bottom_selector).first.bounding_box()
    scrolled = page.evaluate("window.scrollY")  # boxes are in the viewport, the clip in the page
    y = max(0, top["y"] + scrolled - margin)
    clip = {
        "x": 0,
        "y": y,
        "width": STAFF_VIEWPORT["width"],
        "height": min(at_most, bottom["y"] + scrolled + bottom["height"] + margin - y),
    }
    page.screenshot(path=OUT / name, clip=clip, full_page=True)
    print(f"wrote {OUT.relative_to(ROOT) / name}")


def take_staff_shots(browser, env: dict, folder: Path) -> None:
    """The editor with its live previews, the translation workspace and the history in French
    staff pages; the editor of an Arabic translation in Arabic staff pages."""
    content = _content_with_history(folder)
    env = env | {
        "KIOSK_CONTENT_DIR": str(content),
        "DATABASE_URL": f"sqlite:///{folder / 'kiosk.sqlite3'}",
        "KIOSK_BIND": f"127.0.0.1:{_free_port()}",
    }
    with _server(env) as base:  # its start brings the new database up to date
        _add_staff(env, "amelie", "editor")
        _add_staff(env, "farida", "translator", "ar")

        amelie = _sign_in(browser, base, "amelie", "fr-BE")
        amelie.goto(base + f"/staff/content/{ARTICLE}/fr")
        _type_and_wait_for_previews(amelie, FRENCH_CHANGE)
        _save_clip(amelie, "studio-editor-fr.png", "h1", ".studio-editor", at_most=1100)
        amelie.locator("#field-message").fill("Préciser quand la garantie revient")
        amelie.locator("button[name=save]").click()
        amelie.wait_for_url("**/fr?done=saved")
        summary = amelie.locator("#field-summary")  # a second change, so the history has one to restore
        summary.fill(summary.input_value().replace(*FRENCH_SUMMARY_CHANGE))
        amelie.locator("button[name=save]").click()
        amelie.wait_for_url("**/fr?done=saved")

        amelie.goto(base + f"/staff/content/{ARTICLE}/fr/history")
        _save_clip(amelie, "studio-history-fr.png", "h1", ".studio-change:nth-child(2) .button")

        amelie.goto(base + f"/staff/translate/{ARTICLE}/fr")
        _save_clip(amelie, "studio-translate-fr.png", "h1", ".workspace-row.workspace-changed >> nth=-1")
        amelie.context.close()

        farida = _sign_in(browser, base, "farida", "ar")
        farida.goto(base + f"/staff/content/{ARTICLE}/ar")
        _type_and_wait_for_previews(farida, ARABIC_CHANGE)
        _save_clip(farida, "studio-editor-ar.png", "h1", ".studio-editor", at_most=1100)
        farida.context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    only_staff = "--staff" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = os.environ | {"KIOSK_BIND": f"127.0.0.1:{_free_port()}", "KIOSK_WORKERS": "2"}
        env |= {"KIOSK_INDEX_DIR": str(folder / "index")}
        # A counter refuses to start while QR codes would point at this machine (issue 17.2).
        env |= {"KIOSK_PUBLIC_URL": os.environ.get("KIOSK_PUBLIC_URL", "https://info.example.be")}
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            if not only_staff:
                with _server(env) as base:
                    take_counter_shots(browser, base)
                    take_phone_and_paper_shots(browser, base)
                    for name, path, (width, height) in SHOTS:
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto(base + path)
                        page.evaluate("document.fonts.ready")
                        page.screenshot(path=OUT / name)
                        page.close()
                        print(f"wrote {OUT.relative_to(ROOT) / name}")
            staff_env = env | {"KIOSK_INDEX_DIR": str(folder / "staff-index")}
            take_staff_shots(browser, staff_env, folder / "staff")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
