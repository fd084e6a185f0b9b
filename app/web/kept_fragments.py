"""Parts of pages rendered once and kept, cut where the one value that changes from page to page
goes: a search result's card (its snippet), the site header (the search words).

The part is rendered with a slot, a marker no rendered text can hold (new in every process), and
kept as the text before and after it; a page puts its own (escaped) value between the two. Kept
per key, up to a bounded number (emptied when full), and not at all while templates are read
again from disk (auto_reload, in development), where a kept part would hide a changed template.
The page cache's form-token slots (app/public_forms.py) are the same idea for whole pages of
bytes with several slots; these are for one slot in a fragment of a template.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable

from flask import current_app
from markupsafe import Markup


class KeptFragments:
    def __init__(self, name: str, size: int):
        self.size = size
        self.slot = Markup(f"{name}-slot-{secrets.token_hex(16)}")
        self._kept: dict[Hashable, tuple[str, str]] = {}
        self._revision: Hashable = None
        self._lock = threading.Lock()

    def cut(self, key: Hashable, render: Callable[[Markup], object], revision: Hashable = None) -> tuple[str, str]:
        """The text before and after the slot of what ``render`` makes when given the slot,
        rendered once per ``key``. A new ``revision`` (of what the parts show: the content)
        drops every part kept of another."""
        with self._lock:
            if revision != self._revision:
                self._kept.clear()
                self._revision = revision
        reuse = not current_app.jinja_env.auto_reload
        kept = self._kept.get(key) if reuse else None
        if kept is None:
            before, _slot, after = str(render(self.slot)).partition(self.slot)
            kept = (before, after)
            with self._lock:
                if revision == self._revision:  # not rendered from content replaced meanwhile
                    if len(self._kept) >= self.size:
                        self._kept.clear()
                    self._kept[key] = kept
        return kept

    def __len__(self) -> int:
        return len(self._kept)
