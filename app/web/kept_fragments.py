"""Parts of pages rendered once and kept, cut where the values that change from page to page go:
a search result's card (its snippet), the site header (the search words), the page frame (the
page's title, header and main part).

The part is rendered with slots, markers no rendered text can hold (new in every process), and
kept as the texts between them; a page puts its own (escaped) values between the texts. Kept per
key, up to a bounded number (emptied when full), and not at all while templates are read again
from disk (auto_reload, in development), where a kept part would hide a changed template. The
page cache's form-token slots (app/public_forms.py) are the same idea for whole pages of bytes.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Hashable, Mapping
from types import SimpleNamespace

from flask import current_app
from markupsafe import Markup


class KeptFragments:
    """Fragments with one slot (``slot``, ``cut``) or several named ones (``slots``, ``pieces``)."""

    def __init__(self, name: str, size: int, slots: tuple[str, ...] = ()):
        self.size = size
        token = secrets.token_hex(16)
        self.slot = Markup(f"{name}-slot-{token}")
        markers = {slot: Markup(f"{name}-{slot}-slot-{token}") for slot in slots}
        self.slots = SimpleNamespace(**markers)  # what a template's render is given: slots.title
        self._names = {str(marker): slot for slot, marker in markers.items()} or {str(self.slot): ""}
        self._between = re.compile("(" + "|".join(map(re.escape, self._names)) + ")")
        self._kept: dict[Hashable, tuple[str, ...]] = {}
        self._revision: Hashable = None
        self._lock = threading.Lock()

    def cut(
        self, key: Hashable, render: Callable[[Markup], object], revision: Hashable = None, reuse: bool | None = None
    ) -> tuple[str, str]:
        """The text before and after the slot of what ``render`` makes when given the slot (all of
        it before, when it shows no slot: a card without a snippet)."""
        pieces = self.pieces(key, lambda: render(self.slot), revision, reuse)
        return pieces[0], "".join(pieces[2:])

    def pieces(
        self, key: Hashable, render: Callable[[], object], revision: Hashable = None, reuse: bool | None = None
    ) -> tuple[str, ...]:
        """What ``render`` makes, rendered once per ``key`` and cut at its slots: text, slot
        name, text, …, text. A new ``revision`` (of what the parts show: the content) drops
        every part kept of another. ``reuse``: whether kept parts may be used (``reusable()``),
        for a caller that asks for many parts in one rendering."""
        if revision != self._revision:  # looked at again under the lock: another thread may be here too
            with self._lock:
                if revision != self._revision:
                    self._kept.clear()
                    self._revision = revision
        kept = self._kept.get(key)
        if reuse is None:
            reuse = self.reusable()
        if kept is None or not reuse:
            cut = self._between.split(str(render()))
            kept = tuple(self._names[piece] if index % 2 else piece for index, piece in enumerate(cut))
            with self._lock:
                # Not kept if rendered from content replaced meanwhile, nor in development.
                if reuse and revision == self._revision:
                    if len(self._kept) >= self.size:
                        self._kept.clear()
                    self._kept[key] = kept
        return kept

    @staticmethod
    def reusable() -> bool:
        """Whether kept parts may be used: not while templates are read again from disk."""
        return not current_app.jinja_env.auto_reload

    @staticmethod
    def fill(pieces: tuple[str, ...], values: Mapping[str, Callable[[], str]]) -> Markup:
        """The pieces with each slot's value (made only for the slots the pieces hold)."""
        return Markup("".join(values[piece]() if index % 2 else piece for index, piece in enumerate(pieces)))

    def __len__(self) -> int:
        return len(self._kept)
