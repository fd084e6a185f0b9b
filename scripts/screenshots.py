"""Take the README's screenshots with headless Chromium against a real gunicorn.

Usage: .venv/bin/python scripts/screenshots.py   (writes docs/screenshots/*.png)

Needs Debian's chromium and, for the printed page, poppler-utils (pdftoppm turns the PDF that
Chromium prints into a picture).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as index:
        env = os.environ | {"KIOSK_BIND": f"127.0.0.1:{port}", "KIOSK_WORKERS": "2", "KIOSK_INDEX_DIR": index}
        # A counter refuses to start while QR codes would point at this machine (issue 17.2).
        env |= {"KIOSK_PUBLIC_URL": os.environ.get("KIOSK_PUBLIC_URL", "https://info.example.be")}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                take_counter_shots(browser, base)
                take_phone_and_paper_shots(browser, base)
                for name, path, (width, height) in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + path)
                    page.evaluate("document.fonts.ready")
                    page.screenshot(path=OUT / name)
                    page.close()
                    print(f"wrote {OUT.relative_to(ROOT) / name}")
                browser.close()
        finally:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
