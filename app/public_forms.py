"""CSRF protection for the public forms, without a cookie. No Flask here.

Public pages set no cookie, so the usual session-bound CSRF token cannot be used. Instead each
form carries a token signed with the server's secret key, bound to the address the form posts
to and valid for a limited time: another site cannot make one, and a token for one article's
form is refused by every other form.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# A counter may show a page for a long time before someone answers; a day is plenty.
TOKEN_SECONDS = 24 * 3600


class FormTokens:
    def __init__(self, secret_key: str, max_age: int = TOKEN_SECONDS):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="kiosk-public-form")
        self.max_age = max_age

    def token_for(self, target: str) -> str:
        """A token for a form whose action is ``target`` (a path such as /en/x/y/feedback)."""
        return self._serializer.dumps(target)

    def check(self, token: str | None, target: str) -> bool:
        """True if ``token`` was made by this site, for ``target``, within ``max_age``."""
        if not token:
            return False
        try:
            return self._serializer.loads(token, max_age=self.max_age) == target
        except (SignatureExpired, BadSignature):
            return False
