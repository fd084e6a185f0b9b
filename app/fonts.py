"""Which web font files a page in each script needs at once. The page asks for them before its
stylesheet (``<link rel=preload>``), so its text is drawn in its own font from the first paint and
never moves when a font arrives late (scripts/build_assets.py cuts the files and says why each
family waits or not). No Flask here."""

from __future__ import annotations

FONT_FOLDER = "vendor/fonts"  # under app/static

# Every page uses the Latin cut (digits, punctuation, the space); headings are bold.
_LATIN = ("noto-sans-latin-400-normal.woff2",)
_FILES = {
    "Latn": (*_LATIN, "noto-sans-latin-700-normal.woff2"),
    "Cyrl": (*_LATIN, "noto-sans-cyrillic-400-normal.woff2", "noto-sans-cyrillic-700-normal.woff2"),
    "Arab": (*_LATIN, "noto-sans-arabic-arabic-400-normal.woff2", "noto-sans-arabic-arabic-700-normal.woff2"),
    "Ethi": (*_LATIN, "noto-sans-ethiopic-ethiopic-400-normal.woff2", "noto-sans-ethiopic-ethiopic-700-normal.woff2"),
}


def fonts_to_preload(script: str) -> tuple[str, ...]:
    """Paths under the static folder of the font files a page in ``script`` (ISO 15924) needs first."""
    return tuple(f"{FONT_FOLDER}/{name}" for name in _FILES.get(script, _FILES["Latn"]))
