"""Topic and interface pictograms: the Tabler icon set (outline style), inlined into pages (no
extra request, no external host). The icons come from PyPI (flask-tabler-icons ships the whole set
as one SVG sprite), so a Python install is all the kiosk and its fast tests need; we only read
that package's sprite file and never import it (it is a Flask extension we do not use)."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from markupsafe import Markup


def _installed_sprite() -> Path | None:
    spec = importlib.util.find_spec("flask_tabler_icons")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    # "nostroke": the outline icons with the stroke width left to the page (we set Tabler's 2).
    return Path(spec.submodule_search_locations[0]) / "static" / "tabler_icons" / "tabler-sprite-nostroke.svg"


SPRITE = _installed_sprite()
SYMBOL = re.compile(r'<symbol id="tabler-([a-z0-9-]+)"([^>]*)>(.*?)</symbol>', re.S)


class MissingAssets(RuntimeError):
    """The icon set is not installed."""


class Pictograms:
    """Reads the icon set once and hands out cleaned inline markup."""

    def __init__(self, sprite: Path | None = SPRITE):
        if sprite is None or not Path(sprite).is_file():
            raise MissingAssets(
                f"icon set not found ({sprite or 'package flask-tabler-icons'}): run 'make setup' "
                "(it installs the Python packages of requirements.lock)"
            )
        self.sprite = Path(sprite)
        self._symbols: dict[str, tuple[str, str]] | None = None
        self._cache: dict[str, Markup] = {}

    @property
    def symbols(self) -> dict[str, tuple[str, str]]:
        """Icon name -> (its attributes, its drawing), read at first use (5,000 icons, 2 MB)."""
        if self._symbols is None:
            version = self.sprite.stat()
            self._symbols = _read_symbols(self.sprite, version.st_mtime_ns, version.st_size)
        return self._symbols

    def names(self) -> list[str]:
        return sorted(self.symbols)

    def exists(self, name: str) -> bool:
        return bool(re.fullmatch(r"[a-z0-9-]+", name or "")) and name in self.symbols

    def svg(self, name: str, css_class: str = "icon") -> Markup:
        """Inline SVG markup, hidden from screen readers (the text next to it speaks)."""
        key = f"{name} {css_class}"
        if key not in self._cache:
            if not self.exists(name):
                return Markup("")
            attributes, drawing = self.symbols[name]
            if "stroke-width" not in attributes:
                attributes += ' stroke-width="2"'
            drawing = re.sub(r"\s+", " ", re.sub(r">\s+<", "><", drawing)).replace(" />", "/>").strip()
            self._cache[key] = Markup(
                f'<svg class="{css_class}" aria-hidden="true" focusable="false" '
                f'xmlns="http://www.w3.org/2000/svg"{attributes}>{drawing}</svg>'
            )
        return self._cache[key]


@functools.lru_cache(maxsize=4)
def _read_symbols(sprite: Path, mtime_ns: int, size: int) -> dict[str, tuple[str, str]]:
    """The sprite's icons, read once per process and file version: every app made in one process
    (a test run makes hundreds) would otherwise read and parse the 2 MB file again, some 45 ms.
    Never changed by its users (they read it)."""
    text = sprite.read_text("utf-8")
    return {m[1]: (m[2], m[3]) for m in SYMBOL.finditer(text)}
