"""Which on-screen keyboard each interface language gets.

Layouts come from the simple-keyboard-layouts package where it has one; the others are written
as data in app/static/keyboards/<name>.json (same shape: {"layout": {"default": [rows], …}}).
Every non-Latin keyboard has a key that switches to the Latin one, for names and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import PROJECT_ROOT
from .languages import facts_of

OWN_LAYOUTS_DIR = PROJECT_ROOT / "app" / "static" / "keyboards"


@dataclass(frozen=True)
class Keyboard:
    source: str  # "library" (simple-keyboard-layouts) or "own" (app/static/keyboards)
    name: str
    latin: bool  # already a Latin keyboard: no switch key needed


def keyboard_for(lang: str, script: str) -> Keyboard:
    """The keyboard for an interface language; the Latin one for a language not listed."""
    source, name = facts_of(lang).keyboard  # each language's record says which (app/languages)
    return Keyboard(source=source, name=name, latin=script == "Latn")


def missing_own_layouts(codes) -> list[str]:
    """Own layouts named by the languages' records whose data file does not exist (checked by the tests)."""
    return [
        name
        for source, name in (facts_of(code).keyboard for code in codes)
        if source == "own" and not (OWN_LAYOUTS_DIR / f"{name}.json").is_file()
    ]
