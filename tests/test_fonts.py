"""The web fonts cut at setup (scripts/build_assets.py): every character the kiosk writes in a
language is drawn by a font of that language's stack, faces of one family never overlap (or the
browser fetches both), and a page fetches only the files of the scripts it shows."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from app.config import PROJECT_ROOT, load_config
from app.content import load_content
from app.languages import LanguageSet

FONTS = PROJECT_ROOT / "app" / "static" / "vendor" / "fonts"
CONFIG = load_config(environ={})
LANGUAGES = list(LanguageSet.from_codes(CONFIG.languages))
# Every test here reads the fonts cut by scripts/build_assets.py from npm packages (make setup).
pytestmark = pytest.mark.assets
# The font-family stacks of kiosk.css, per script of the page.
STACKS = {
    "Latn": ["Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic"],
    "Cyrl": ["Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic"],
    "Arab": ["Noto Sans Arabic", "Noto Sans"],
    "Ethi": ["Noto Sans Ethiopic", "Noto Sans"],
}


def ranges(value: str) -> set[int]:
    points = set()
    for part in value.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


@functools.cache
def font_faces() -> list[dict]:
    """The faces of the built fonts.css (read when a test needs them, not at collection)."""
    css = (FONTS / "fonts.css").read_text("utf-8")
    faces = []
    for block in re.findall(r"@font-face\s*{[^}]*}", css):
        faces.append(
            {
                "family": re.search(r"font-family:\s*'([^']+)'", block).group(1),
                "weight": int(re.search(r"font-weight:\s*(\d+)", block).group(1)),
                "file": re.search(r"url\(\./([^)]+)\)", block).group(1),
                "points": ranges(re.search(r"unicode-range:\s*([^;]+);", block).group(1)),
            }
        )
    return faces


def drawn_by(stack: list[str], weight: int) -> dict[int, str]:
    """{code point: file} as a browser picks: the first family in the stack whose range has it."""
    chosen: dict[int, str] = {}
    for family in reversed(stack):
        for face in font_faces():
            if face["family"] == family and face["weight"] == weight:
                chosen.update(dict.fromkeys(face["points"], face["file"]))
    return chosen


@functools.cache
def real_content():
    return load_content(CONFIG.content_dir, [lang.code for lang in LANGUAGES])


@functools.cache
def written_characters(language) -> set[str]:
    """Every character of the language's interface catalog and of its content."""
    text = []
    with (PROJECT_ROOT / "translations" / language.babel_locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        for message in read_po(f, locale=language.babel_locale):
            if message.id:
                text.extend([message.string] if isinstance(message.string, str) else message.string)
    content = real_content()
    for article in content.articles.values():
        version = article.versions.get(language.code)
        if version is not None:
            text.extend([version.title, version.summary, version.body_text])
    text.extend(topic.titles.get(language.code, "") for topic in content.topics)
    return {c for c in "".join(text) if not unicodedata.category(c).startswith(("C", "Z")) or c == " "}


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_every_character_the_kiosk_writes_has_a_web_font(language):
    cmaps = {}
    for weight in (400, 700):
        chosen = drawn_by(STACKS[language.script], weight)
        missing = sorted(c for c in written_characters(language) if ord(c) not in chosen)
        assert missing == [], [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in missing]
        # …and the file the browser would fetch for it really has a glyph for it.
        for character in written_characters(language):
            file = chosen[ord(character)]
            if file not in cmaps:
                cmaps[file] = TTFont(FONTS / file).getBestCmap()
            assert ord(character) in cmaps[file], (file, f"U+{ord(character):04X}")


def test_faces_of_a_family_never_share_a_character():
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for face in font_faces():
        key = (face["family"], face["weight"])
        assert not seen[key] & face["points"], face["file"]
        seen[key] |= face["points"]


def test_language_names_font_has_every_name():
    names = drawn_by(["Kiosk Language Names", "Noto Sans"], 400)
    for language in LANGUAGES:
        assert all(ord(c) in names for c in language.native_name if c != " "), language.code


def test_font_files_are_small_cuts():
    sizes = {face["file"]: (FONTS / face["file"]).stat().st_size for face in font_faces()}
    assert max(size for file, size in sizes.items() if "ethiopic" not in file) < 30_000, sizes
    assert max(size for file, size in sizes.items() if "names" in file) < 8_000, sizes


def fetched_fonts(browser, url: str) -> list[str]:
    page = browser.new_page()
    files = []
    page.on("requestfinished", lambda request: files.append(request.url.rsplit("/", 1)[-1].split("?")[0]))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.close()
    return sorted(file for file in files if file.endswith(".woff2"))


def test_a_page_fetches_only_the_fonts_of_the_scripts_it_shows(browser, real_server):
    # An English article that exists in Arabic, Tigrinya, Ukrainian… lists those names: they come
    # from the small names font, not from three whole scripts.
    fonts = fetched_fonts(browser, real_server + "/en/health/health-insurance")
    assert all(re.fullmatch(r"noto-sans-(latin|[\w-]+-names)-\d00-normal\.woff2", file) for file in fonts), fonts
    assert any("names" in file for file in fonts), fonts
    fonts = fetched_fonts(browser, real_server + "/uk/")
    assert {re.sub(r"-\d00-normal.woff2", "", file) for file in fonts} <= {"noto-sans-latin", "noto-sans-cyrillic"}
    fonts = fetched_fonts(browser, real_server + "/ar/")
    assert "noto-sans-arabic-arabic-400-normal.woff2" in fonts
    assert not any("ethiopic" in file or "cyrillic" in file for file in fonts), fonts


def test_the_language_choice_draws_every_name_with_the_names_font(browser, real_server):
    fonts = fetched_fonts(browser, real_server + "/")
    assert all(re.fullmatch(r"noto-sans-(latin|[\w-]+-names)-\d00-normal\.woff2", file) for file in fonts), fonts
    page = browser.new_page()
    page.goto(real_server + "/")
    page.evaluate("document.fonts.ready")
    for language in LANGUAGES:
        # check() is true only when the faces that cover the text are loaded, not a system fallback.
        assert page.evaluate(
            "([name]) => document.fonts.check('600 20px \"Kiosk Language Names\"', name)",
            [language.native_name.replace(" ", "")],
        ), language.code
        family = page.locator(f'a[hreflang="{language.code}"]').evaluate("el => getComputedStyle(el).fontFamily")
        assert family.startswith('"Kiosk Language Names"'), family
    page.close()


@pytest.mark.parametrize("script", sorted(STACKS))
def test_the_fonts_a_page_preloads_exist_and_wait_as_designed(script):
    """A page asks first for the files of its own script (app/fonts.py); Arabic and Ethiopic text
    waits for its font (a counter may have none for them), Latin and Cyrillic text swaps."""
    from app.fonts import fonts_to_preload

    files = fonts_to_preload(script)
    assert files and all((PROJECT_ROOT / "app" / "static" / file).is_file() for file in files), files
    css = (FONTS / "fonts.css").read_text("utf-8")
    display = dict(re.findall(r"font-family: '([^']+)';\s+font-style: normal;\s+font-display: (\w+);", css))
    assert display == {
        "Noto Sans": "swap",
        "Noto Sans Arabic": "block",
        "Noto Sans Ethiopic": "block",
        "Kiosk Language Names": "swap",
    }
