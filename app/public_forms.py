"""CSRF protection for the public forms, without a cookie. No Flask here.

Public pages set no cookie, so the usual session-bound CSRF token cannot be used. Instead each
form carries a token signed with the server's secret key, bound to the address the form posts
to and valid for a limited time: another site cannot make one, and a token for one article's
form is refused by every other form.

Each token also carries a random nonce, and a form's answer is stored once per nonce (the
recorder keeps the nonces it has used for two days): a token posted 300 times stores one
answer. Pages are cached, so a page keeps a slot where its form's token goes (``slot``) and
every answer fills it with a new token (``fill_slots``): two visitors of one cached page never
share a token.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache

from itsdangerous import BadSignature, Serializer, SignatureExpired, Signer, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes

# A counter may show a page for a long time before someone answers; a day is plenty.
TOKEN_SECONDS = 24 * 3600


class _KeyOnceSigner(TimestampSigner):
    """itsdangerous's timed signer, deriving its key from the secret once, not for every token."""

    @cached_property
    def _derived_key(self) -> bytes:
        return super().derive_key()

    def derive_key(self, secret_key=None) -> bytes:
        return self._derived_key if secret_key is None else super().derive_key(secret_key)


class _ShortTokens(URLSafeTimedSerializer):
    """itsdangerous's URL-safe tokens, never compressed: a token is a few dozen bytes, which zlib
    never shortens, yet trying costs more than the rest of the token, and a cached page makes one
    for every answer. Tokens read as before (a compressed one would still be read). One signer
    signs them all (itsdangerous makes a new one, and derives its key again, for every token)."""

    default_signer = _KeyOnceSigner

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))

    @cached_property
    def _signer(self) -> Signer:
        return super().make_signer()

    def make_signer(self, salt=None) -> Signer:
        return self._signer if salt is None or salt == self.salt else super().make_signer(salt)


@lru_cache(maxsize=4096)
def _payload_opening(target: str) -> bytes:
    """The JSON of ``[target, nonce]`` up to the nonce, as itsdangerous writes it (compact)."""
    return b"[" + json.dumps(target, ensure_ascii=False).encode("utf-8") + b',"'


class FormTokens:
    def __init__(self, secret_key: str, max_age: int = TOKEN_SECONDS):
        self._serializer = _ShortTokens(secret_key, salt="kiosk-public-form")
        self.max_age = max_age
        signer = self._serializer.make_signer()
        self._keyed_mac = hmac.new(signer.derive_key(), digestmod=signer.digest_method)

    def token_for(self, target: str) -> str:
        """A token for a form whose action is ``target`` (a path such as /en/x/y/feedback).

        The very bytes ``self._serializer.dumps([target, nonce])`` makes (tests/test_form_tokens.py
        compares them), in half its time (3 µs instead of 6): a cached page makes one on every answer, and
        itsdangerous's layers (a JSON encoder made per call, the key padded into a new HMAC for
        every signature) were about a tenth of the cost of serving a cached article. Reading a token
        stays with itsdangerous (``nonce``)."""
        # token_urlsafe's letters need no escaping in JSON.
        payload = base64_encode(_payload_opening(target) + secrets.token_urlsafe(12).encode() + b'"]')
        signed = payload + b"." + base64_encode(int_to_bytes(int(time.time())))
        mac = self._keyed_mac.copy()
        mac.update(signed)
        return (signed + b"." + base64_encode(mac.digest())).decode("ascii")

    def nonce(self, token: str | None, target: str) -> str | None:
        """The token's nonce if ``token`` was made by this site, for ``target``, within ``max_age``."""
        if not token:
            return None
        try:
            payload = self._serializer.loads(token, max_age=self.max_age)
        except (SignatureExpired, BadSignature):
            return None
        if isinstance(payload, list) and len(payload) == 2 and payload[0] == target and isinstance(payload[1], str):
            return payload[1]
        return None

    def check(self, token: str | None, target: str) -> bool:
        """True if ``token`` was made by this site, for ``target``, within ``max_age``."""
        return self.nonce(token, target) is not None


SLOT_PREFIX = "kiosk-form-token-slot-"


def slot(slots: dict[str, str], target: str) -> str:
    """A placeholder for the token of a form posting to ``target``, noted in ``slots``."""
    name = f"{SLOT_PREFIX}{len(slots)}-{secrets.token_hex(4)}"
    slots[name] = target
    return name


def split_at_slots(body: bytes, names: Iterable[str]) -> tuple[bytes, ...]:
    """The page cut at its slots, once: text, slot name, text, …, text (see ``fill_split``)."""
    if not names:
        return (body,)
    pattern = re.compile(b"(" + b"|".join(re.escape(name.encode()) for name in names) + b")")
    return tuple(pattern.split(body))


def fill_split(pieces: tuple[bytes, ...], slots: Mapping[str, str], tokens: FormTokens) -> bytes:
    """A page cut by ``split_at_slots`` put together with a new token in each slot: a cached page
    is filled on every answer, without searching it for its slots again."""
    if len(pieces) == 1:
        return pieces[0]
    new = {name.encode(): tokens.token_for(target).encode() for name, target in slots.items()}
    filled = list(pieces)
    filled[1::2] = [new[name] for name in pieces[1::2]]
    return b"".join(filled)


def fill_slots(body: bytes, slots: Mapping[str, str], tokens: FormTokens) -> bytes:
    """The page with a new token in each of its slots."""
    return fill_split(split_at_slots(body, slots), slots, tokens)
