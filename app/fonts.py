"""Which web font files a page in each script needs at once. The page asks for them before its
stylesheet (``<link rel=preload>``), so its text is drawn in its own font from the first paint and
never moves when a font arrives late (scripts/build_assets.py cuts the files and says why each
family waits or not). No Flask here."""

from __future__ import annotations

FONT_FOLDER = "vendor/fonts"  # under app/static

# The regular weight of the page's own script only: it draws most of the text, and every
# preloaded file competes with the page itself for the first paint (the bold cut and the Latin
# cut of a non-Latin page come when a heading or a Latin word needs them).
_FILES = {
    "Latn": ("noto-sans-latin-400-normal.woff2",),
    "Cyrl": ("noto-sans-cyrillic-400-normal.woff2",),
    "Arab": ("noto-sans-arabic-arabic-400-normal.woff2",),
    "Ethi": ("noto-sans-ethiopic-ethiopic-400-normal.woff2",),
}


def fonts_to_preload(script: str) -> tuple[str, ...]:
    """Paths under the static folder of the font files a page in ``script`` (ISO 15924) needs first."""
    return tuple(f"{FONT_FOLDER}/{name}" for name in _FILES.get(script, _FILES["Latn"]))
