"""Which on-screen keyboard each interface language gets.

Layouts come from the simple-keyboard-layouts package where it has one; the others are written
as data in app/static/keyboards/<name>.json (same shape: {"layout": {"default": [rows], …}}).
Every non-Latin keyboard has a key that switches to the Latin one, for names and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import PROJECT_ROOT

OWN_LAYOUTS_DIR = PROJECT_ROOT / "app" / "static" / "keyboards"
LATIN_LAYOUT = "english"

# language code → (where the layout comes from, its name there)
_LAYOUTS = {
    "fr": ("library", "french"),
    "nl": ("own", "dutch-belgian"),  # Belgian AZERTY, the keyboard sold in Belgium
    "en": ("library", "english"),
    "ar": ("library", "arabic"),
    "prs": ("library", "farsi"),  # Dari is typed on the Persian keyboard
    "fa": ("library", "farsi"),
    "ps": ("own", "pashto"),
    "ti": ("own", "tigrinya"),
    "so": ("own", "somali"),
    "uk": ("library", "ukrainian"),
    "ru": ("library", "russian"),
    "tr": ("library", "turkish"),
    "es": ("library", "spanish"),
    "ro": ("own", "romanian"),
    "de": ("library", "german"),
    "pt": ("library", "brazilian"),
    "bg": ("own", "bulgarian"),
    "pl": ("library", "polish"),
    "sq": ("own", "albanian"),
    "ckb": ("library", "kurdish"),  # the package's Kurdish layout is Sorani, in Arabic script
    "ku": ("own", "kurmanji"),
}


@dataclass(frozen=True)
class Keyboard:
    source: str  # "library" (simple-keyboard-layouts) or "own" (app/static/keyboards)
    name: str
    latin: bool  # already a Latin keyboard: no switch key needed


def keyboard_for(lang: str, script: str) -> Keyboard:
    """The keyboard for an interface language; the Latin one for a language not listed."""
    source, name = _LAYOUTS.get(lang, ("library", LATIN_LAYOUT))
    return Keyboard(source=source, name=name, latin=script == "Latn")


def missing_own_layouts(codes) -> list[str]:
    """Own layouts named above whose data file does not exist (checked by the tests)."""
    return [
        name
        for source, name in (_LAYOUTS.get(code, ("library", LATIN_LAYOUT)) for code in codes)
        if source == "own" and not (OWN_LAYOUTS_DIR / f"{name}.json").is_file()
    ]
