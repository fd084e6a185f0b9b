"""Build the front-end files the kiosk serves, from node_modules into app/static/vendor.

Fonts: Noto Sans for Latin and Cyrillic, Noto Sans Arabic, Noto Sans Ethiopic (@fontsource, OFL),
cut with fontTools down to the characters the kiosk's languages write, as woff2. Each @font-face
carries its unicode-range, and no two faces of a family share a character, so a browser
downloads only the scripts a page shows: an English page loads one Latin file per weight.
Language names shown in their own script in a page of another language (the language choice,
"also in: ትግርኛ · العربية") get a family of their own, "Kiosk Language Names", cut to the letters
of those names only: an English page that lists them loads a few kilobytes, not three scripts.
Run by `make setup`; the output is not committed.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from fontTools import subset as font_subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import load_config  # noqa: E402
from app.languages import LanguageSet  # noqa: E402

NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "app" / "static" / "vendor"

# The Arabic alphabet with its marks, digits and punctuation, and the letters Farsi and Dari (پ چ ژ
# گ ک ی ۀ), Pashto (ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې) and Sorani (ڕ ڵ ۆ ێ ە ڤ ھ) add: half of the Arabic
# block, whose other letters (Urdu, Sindhi, Kashmiri…) would double the file.
ARABIC_SCRIPT_LETTERS = (
    "U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,U+0660-066D,U+0670,U+067C,U+067E,U+0681,U+0685-0686,"
    "U+0689,U+0693,U+0695-0696,U+0698,U+069A,U+06A4,U+06A9,U+06AB,U+06AF,U+06B5,U+06BC,U+06BE,U+06C0,"
    "U+06C6,U+06CC-06CE,U+06D0,U+06D5,U+06F0-06F9,U+200C-200F,U+2010-2011"
)
# (package, fontsource subset, the characters kept). The kept ranges are what the 21 UI languages
# and the content write: Latin-1 and Latin Extended-A (Romanian, Turkish, Polish, Kurmanji…) with
# Romanian's comma letters and currency signs; basic Cyrillic with Ukrainian ґ; the letters above
# (no presentation forms: shaping does not need them); the Ethiopic syllables and punctuation
# (Tigrinya). Latin Extended-B/Additional, Greek,
# Vietnamese and the Arabic supplements are left out: nobody reads them at the counter.
FONT_SUBSETS = [
    ("@fontsource/noto-sans", "latin", None),
    ("@fontsource/noto-sans", "latin-ext", "U+0100-017F,U+0218-021B,U+20A0-20C0"),
    ("@fontsource/noto-sans", "cyrillic", None),
    ("@fontsource/noto-sans-arabic", "arabic", ARABIC_SCRIPT_LETTERS),
    ("@fontsource/noto-sans-ethiopic", "ethiopic", "U+1200-137F"),
]
FONT_WEIGHTS = (400, 700)
NAMES_FAMILY = "Kiosk Language Names"
SPACES = {0x20, 0xA0}


def language_name_letters() -> set[int]:
    """The letters of the offered languages' own names, beyond Latin-1 (which every page loads)."""
    languages = LanguageSet.from_codes(load_config().languages)
    return {ord(character) for language in languages for character in language.native_name if ord(character) > 0xFF}


def parse_ranges(text: str) -> set[int]:
    """The code points of a CSS unicode-range value ("U+0000-00FF,U+0131")."""
    points: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def format_ranges(points: set[int]) -> str:
    """The shortest unicode-range value for a set of code points."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in runs)


def fontsource_faces(package: str, weight: int) -> dict[str, tuple[str, set[int]]]:
    """{subset: (woff2 file name, code points)} from a package's <weight>.css."""
    css = (NODE_MODULES / package / f"{weight}.css").read_text("utf-8")
    faces = {}
    for block in re.findall(r"@font-face\s*{[^}]*}", css):
        name = re.search(r"url\(\./files/([^)]+\.woff2)\)", block).group(1)
        subset = name.removeprefix(package.split("/")[1] + "-").removesuffix(f"-{weight}-normal.woff2")
        unicode_range = re.search(r"unicode-range:\s*([^;]+);", block)
        if unicode_range:
            faces[subset] = (name, parse_ranges(unicode_range.group(1)))
    return faces


def cut_font(source: Path, target: Path, points: set[int]) -> None:
    """Keep only these characters, with every OpenType feature (Arabic joining, marks, kerning)."""
    options = font_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False  # browsers draw web fonts unhinted at these sizes
    options.name_IDs = ["*"]  # keep the copyright and licence names of the OFL
    font = TTFont(source)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)


# How long text waits for its font (CSS font-display). Pages preload their own script's regular
# cut (app/fonts.py), so it is nearly always there before the first paint; what differs is what
# happens when a font is late:
# - Arabic and Ethiopic text waits for its font ("block"): a counter's system may have no font
#   for them at all, and boxes instead of letters are worse than a short wait.
# - Latin and Cyrillic text, and the language names, show in a system font and change to their
#   own ("swap"): every system draws them. ("optional" kept a system font for the whole page
#   view whenever the bold cut came a moment late, which the browser tests caught.)
FONT_DISPLAY = {"Noto Sans Arabic": "block", "Noto Sans Ethiopic": "block"}


def font_face(family: str, weight: int, file_name: str, points: set[int]) -> str:
    return (
        "@font-face {\n"
        f"  font-family: '{family}';\n"
        "  font-style: normal;\n"
        f"  font-display: {FONT_DISPLAY.get(family, 'swap')};\n"
        f"  font-weight: {weight};\n"
        f"  src: url(./{file_name}) format('woff2');\n"
        f"  unicode-range: {format_ranges(points)};\n"
        "}"
    )


def build_fonts() -> Path:
    target = VENDOR / "fonts"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    css = ["/* Generated by scripts/build_assets.py from @fontsource packages (OFL-1.1), cut with fontTools. */"]
    name_letters = language_name_letters()
    for weight in FONT_WEIGHTS:
        taken: dict[str, set[int]] = {}  # per family: characters a face already draws
        for package, subset, kept in FONT_SUBSETS:
            name, points = fontsource_faces(package, weight)[subset]
            family = "Noto Sans" + package.removeprefix("@fontsource/noto-sans").replace("-", " ").title()
            # The word spaces of Arabic or Ethiopic text come from the script's own font: taken from
            # Noto Sans, they would load its Latin file (in bold too) just for spaces.
            points |= SPACES
            if kept is not None:
                points &= parse_ranges(kept) | SPACES
            # Overlapping faces would each be downloaded for the shared characters.
            points -= taken.setdefault(family, set())
            taken[family] |= points
            source = NODE_MODULES / package / "files" / name
            cut_font(source, target / name, points)
            css.append(font_face(family, weight, name, points))
            if names := points & name_letters:
                names_file = name.replace(f"-{weight}-normal", f"-names-{weight}-normal")
                cut_font(source, target / names_file, names)
                css.append(font_face(NAMES_FAMILY, weight, names_file, names))
    for package in {package for package, _, _ in FONT_SUBSETS}:
        shutil.copy2(NODE_MODULES / package / "LICENSE", target / f"LICENSE-{package.split('/')[-1]}")
    (target / "fonts.css").write_text("\n".join(css) + "\n", encoding="utf-8")
    return target


def build_keyboard() -> Path:
    """simple-keyboard and its layouts (MIT), as the browser bundles they publish."""
    target = VENDOR / "simple-keyboard"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(NODE_MODULES / "simple-keyboard" / "build" / "index.js", target / "index.js")
    shutil.copy2(NODE_MODULES / "simple-keyboard" / "build" / "css" / "index.css", target / "index.css")
    shutil.copy2(NODE_MODULES / "simple-keyboard-layouts" / "build" / "index.js", target / "layouts.js")
    shutil.copy2(NODE_MODULES / "simple-keyboard" / "LICENSE", target / "LICENSE-simple-keyboard")
    shutil.copy2(NODE_MODULES / "simple-keyboard-layouts" / "LICENSE", target / "LICENSE-simple-keyboard-layouts")
    return target


def main() -> int:
    if not NODE_MODULES.is_dir():
        print("node_modules is missing: run `npm ci` first", file=sys.stderr)
        return 1
    fonts = build_fonts()
    sizes = sorted((path.stat().st_size, path.name) for path in fonts.glob("*.woff2"))
    print(f"fonts: {len(sizes)} files in {fonts.relative_to(ROOT)}, {sum(s for s, _ in sizes) // 1024} KiB in all")
    print(f"keyboard: {build_keyboard().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
