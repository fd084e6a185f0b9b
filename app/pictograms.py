"""Topic and interface pictograms: SVG files from the Tabler icon set, installed from npm
and inlined into pages (no extra request, no external host)."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from .config import PROJECT_ROOT

ICONS_DIR = PROJECT_ROOT / "node_modules" / "@tabler" / "icons" / "icons" / "outline"

# Interface icons used by templates, besides the topic pictograms named in topics.yaml.
INTERFACE_ICONS = (
    "language",
    "search",
    # Emergency numbers on the first screens
    "urgent",
    "ambulance",
    "shield",
    "stethoscope",
    "home",
    "arrow-left",
    "arrow-right",
    "chevron-right",
    "chevron-left",
    "external-link",
    "calendar",
    "info-circle",
    "world",
    "alert-triangle",
    "mood-sad",
    # Places and events
    "map-pin",
    "map",
    "clock",
    "phone",
    "mail",
    "world-www",
    "calendar-plus",
    "calendar-event",
    "wheelchair",
    "building",
)


class MissingAssets(RuntimeError):
    """The front-end packages have not been installed."""


class Pictograms:
    """Reads each SVG once and hands out cleaned inline markup."""

    def __init__(self, icons_dir: Path = ICONS_DIR):
        self.icons_dir = Path(icons_dir)
        if not self.icons_dir.is_dir():
            raise MissingAssets(
                f"icon set not found at {self.icons_dir}: run 'make setup' (it installs the "
                "front-end packages with npm ci)"
            )
        self._cache: dict[str, Markup] = {}

    def exists(self, name: str) -> bool:
        return bool(re.fullmatch(r"[a-z0-9-]+", name or "")) and (self.icons_dir / f"{name}.svg").is_file()

    def svg(self, name: str, css_class: str = "icon") -> Markup:
        """Inline SVG markup, hidden from screen readers (the text next to it speaks)."""
        key = f"{name} {css_class}"
        if key not in self._cache:
            if not self.exists(name):
                return Markup("")
            svg = (self.icons_dir / f"{name}.svg").read_text("utf-8")
            svg = re.sub(r'\s(width|height|class)="[^"]*"', "", svg)
            svg = svg.replace("<svg", f'<svg class="{css_class}" aria-hidden="true" focusable="false"', 1)
            self._cache[key] = Markup(re.sub(r"\s+", " ", re.sub(r">\s+<", "><", svg)).replace(" >", ">").strip())
        return self._cache[key]
