"""How a touchscreen counter identifies itself, with no Flask.

A counter is started at /kiosk/<counter-id>. That page sets one cookie, the counter marker,
which is the only cookie the kiosk ever sets, and only on counters: it holds the counter's name
(chosen by staff, e.g. "bapa-molenbeek-1"), never anything about a visitor. Home browsers never
get it, so public pages stay cookie-free.
"""

from __future__ import annotations

import re

COUNTER_COOKIE = "kiosk_counter"
# Ten years: the marker must outlive reboots; a counter's browser runs in incognito mode, so the
# launcher opens the start address again at every start anyway.
COUNTER_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600
_COUNTER_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")


def valid_counter_id(text: str | None) -> str | None:
    """``text`` if it is a counter name (lower-case letters, digits, inner hyphens, ≤ 40), else None."""
    return text if text and _COUNTER_ID.fullmatch(text) else None


def parse_page_list(text: str, known_keys, limit: int = 12) -> list[str]:
    """Article keys ("topic/slug") from a "my pages" list in an address, known ones only, once each."""
    keys: list[str] = []
    for key in text.split(","):
        key = key.strip()
        if key in known_keys and key not in keys:
            keys.append(key)
        if len(keys) == limit:
            break
    return keys
