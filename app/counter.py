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
# The one rule for a counter's name, wherever it comes from (start address, marker, `flask
# counters add`, heartbeat, proxy header): it must fit the database's counter columns.
COUNTER_NAME_LENGTH = 40
COUNTER_NAME_RULE = f"lower-case letters, digits and inner hyphens, {COUNTER_NAME_LENGTH} at most"
_COUNTER_ID = re.compile(rf"[a-z0-9](?:[a-z0-9-]{{0,{COUNTER_NAME_LENGTH - 2}}}[a-z0-9])?")


def valid_counter_id(text: object) -> str | None:
    """``text`` if it is a counter name (COUNTER_NAME_RULE), else None."""
    return text if isinstance(text, str) and _COUNTER_ID.fullmatch(text) else None


def counter_id_sent(value: object) -> str | None:
    """A counter's name as another program sent it (a heartbeat, a proxy header), trimmed and
    lower-cased, if it follows the rule; else None."""
    return valid_counter_id(value.strip().lower()) if isinstance(value, str) else None


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
