"""How a touchscreen counter identifies itself, with no Flask.

A counter is started at /kiosk/<counter-id>. That page sets one cookie, the counter marker,
which is the only cookie the kiosk ever sets, and only on counters: it holds the counter's name
(chosen by staff, e.g. "bapa-molenbeek-1"), never anything about a visitor. Home browsers never
get it, so public pages stay cookie-free.

Only provisioned counters are marked: a browser on the server's own machine (a counter that is
its own server), or one whose start address carries the ``counter_key`` of the configuration.
The marker is signed with the site's key, so a marker the site did not give (or gave before
counters were provisioned) is not a counter's.
"""

from __future__ import annotations

import hmac
import re

from itsdangerous import BadSignature, Signer

COUNTER_COOKIE = "kiosk_counter"
# Ten years: the marker must outlive reboots; a counter's browser runs in incognito mode, so the
# launcher opens the start address again at every start anyway.
COUNTER_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600
_COUNTER_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")


def valid_counter_id(text: str | None) -> str | None:
    """``text`` if it is a counter name (lower-case letters, digits, inner hyphens, ≤ 40), else None."""
    return text if text and _COUNTER_ID.fullmatch(text) else None


def is_provisioning_key(given: str | None, counter_key: str) -> bool:
    """Whether ``given`` is the configured counter key (never true when none is configured)."""
    return bool(counter_key) and hmac.compare_digest((given or "").encode(), counter_key.encode())


def _signer(secret_key: str) -> Signer:
    return Signer(secret_key, salt="kiosk-counter-marker")


def counter_marker(secret_key: str, counter_id: str) -> str:
    """The marker cookie's value for ``counter_id``: its name, signed."""
    return _signer(secret_key).sign(counter_id).decode()


def counter_from_marker(secret_key: str, marker: str | None) -> str | None:
    """The counter named by a marker this site signed, else None."""
    if not marker:
        return None
    try:
        return valid_counter_id(_signer(secret_key).unsign(marker).decode())
    except (BadSignature, UnicodeDecodeError):
        return None


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
