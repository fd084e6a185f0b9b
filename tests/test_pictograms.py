"""The pictograms come from the installed icon set (PyPI), with nothing from npm: every icon a
template names is in it, and the markup is inline SVG hidden from screen readers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app.pictograms import MissingAssets, Pictograms

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"


def named_in_templates() -> set[str]:
    names = set()
    for template in TEMPLATES.rglob("*.html"):
        names.update(re.findall(r"""\bicon\(\s*["']([a-z0-9-]+)["']""", template.read_text("utf-8")))
    return names


def test_every_icon_a_template_names_is_in_the_set():
    pictograms = Pictograms()
    names = named_in_templates()
    assert len(names) > 30  # the regular expression still finds the templates' icons
    assert sorted(name for name in names if not pictograms.exists(name)) == []


def test_an_icon_is_inline_svg_with_its_drawing_and_hidden_from_screen_readers():
    markup = str(Pictograms().svg("home", "icon topic-icon"))
    assert markup.startswith('<svg class="icon topic-icon" aria-hidden="true" focusable="false"')
    assert 'viewBox="0 0 24 24"' in markup and 'stroke-width="2"' in markup
    assert markup.count("<path") >= 3 and markup.endswith("</svg>")
    assert "width=" not in markup.replace("stroke-width", "")  # sized by the page's CSS


def test_unknown_or_hostile_names_give_nothing():
    pictograms = Pictograms()
    assert not pictograms.exists("no-such-icon") and str(pictograms.svg("no-such-icon")) == ""
    assert not pictograms.exists('home" onload="x') and str(pictograms.svg('home" onload="x')) == ""


def test_a_missing_icon_set_is_a_clear_error(tmp_path):
    with pytest.raises(MissingAssets, match="make setup"):
        Pictograms(tmp_path / "nothing.svg")


def test_the_icon_set_is_read_once_per_process_and_again_when_its_file_changes(tmp_path):
    sprite = tmp_path / "sprite.svg"
    sprite.write_text('<svg><symbol id="tabler-home" viewBox="0 0 24 24"><path d="M1 1"/></symbol></svg>', "utf-8")
    first, second = Pictograms(sprite), Pictograms(sprite)
    assert first.symbols is second.symbols  # one reading for every app of the process
    sprite.write_text('<svg><symbol id="tabler-bank" viewBox="0 0 24 24"><path d="M2 2"/></symbol></svg>', "utf-8")
    os.utime(sprite, ns=(sprite.stat().st_mtime_ns + 10**9,) * 2)
    assert Pictograms(sprite).names() == ["bank"] and first.names() == ["home"]
