"""Staff accounts and the login limit. No Flask here.

Failed logins are counted in the database, so the limit holds however many gunicorn workers or
servers answer. Each failure keeps the username tried and a keyed hash of where it came from
(``client_key``), never the address itself, and only for the 15 minutes of the window. The
limits stop a guesser without letting anyone lock a colleague out:

- one client (address, or IPv6 /64 network) is refused after 10 failures, whatever the names,
  so a flood of made-up names stops the flooder and nobody else;
- one client is refused for one username after 5 failures on it: others still sign in;
- a username is refused after 25 failures from all clients together (a guesser with many
  addresses), except on a browser where that person signed in before (``trusted``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import LoginAttempt, StaffUser
from .records import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 12
LIMIT_WINDOW = timedelta(minutes=15)
# Failed attempts within the window after which a client is refused for one username.
MAX_FAILURES_PER_USER = 5
# Failed attempts of one client on any usernames: stops someone trying many names.
MAX_FAILURES_PER_CLIENT = 10
# Failed attempts on one username from every client together (many addresses guessing).
MAX_FAILURES_PER_USER_ALL_CLIENTS = 25
# A browser that signed in as someone is trusted for that name this long (see is_locked).
TRUSTED_DEVICE_SECONDS = 180 * 24 * 3600
# werkzeug's scrypt at its own default cost, written out. A stored hash carries the cost it was
# made with, so a password is always checked at that cost. The tests lower it (tests/conftest.py):
# at this cost each hash takes some 140 ms here, and the fast tier made 250 of them.
PASSWORD_METHOD = "scrypt:32768:8:1"


# The staff pages are translated into these (translations/*/messages.po); another choice would
# show them mostly in English.
STAFF_LANGUAGES = ("en", "fr", "nl", "ar")


class AccountError(ValueError):
    """A username or password that cannot be accepted; the message says why in English (the
    command line), ``reason`` and ``details`` let the staff pages say it in the person's language."""

    def __init__(self, message: str, reason: str, **details):
        super().__init__(message)
        self.reason = reason
        self.details = details


class Role(StrEnum):
    """What an account may do. An admin does everything an editor does, and an editor everything
    a translator does, in every language."""

    ADMIN = "admin"
    EDITOR = "editor"
    TRANSLATOR = "translator"


_RANK = {Role.TRANSLATOR: 0, Role.EDITOR: 1, Role.ADMIN: 2}


def has_role(user: StaffUser, needed: Role) -> bool:
    """Whether ``user`` may do what ``needed`` may (an admin may do what an editor may…)."""
    try:
        return user.active and _RANK[Role(user.role)] >= _RANK[needed]
    except ValueError:  # a role this version does not know grants nothing
        return False


def may_translate(user: StaffUser, lang: str) -> bool:
    """Translators work in their own languages; editors and admins in all of them."""
    return has_role(user, Role.EDITOR) or (has_role(user, Role.TRANSLATOR) and lang in languages_of(user))


def languages_of(user: StaffUser) -> list[str]:
    return [code for code in user.languages.split(",") if code]


def _checked_role(role: str, languages: list[str], offered: set[str] | None) -> tuple[Role, str]:
    """The role and the stored languages, or AccountError: a translator needs offered languages."""
    try:
        role = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise AccountError(f"a role is one of: {roles}", "role", roles=roles) from None
    languages = list(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if role is Role.TRANSLATOR and not languages:
        raise AccountError("a translator needs at least one language", "no_language")
    unknown = [code for code in languages if offered is not None and code not in offered]
    if unknown:
        codes = ", ".join(unknown)
        raise AccountError(f"not a language of this kiosk: {codes}", "unknown_language", codes=codes)
    return role, ",".join(languages) if role is Role.TRANSLATOR else ""


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", "short_password", count=MIN_PASSWORD_LENGTH
        )
    return generate_password_hash(password, PASSWORD_METHOD)


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked when the username does not exist, so a wrong name takes as long as a wrong password."""
    return generate_password_hash("not a password of anyone", method)


def new_password() -> str:
    """A password an admin hands over once: 16 characters without look-alikes (0/O, 1/l/I)."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


class LoginResult(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Login:
    result: LoginResult
    user: StaffUser | None = None


def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_user(
    session: Session,
    username: str,
    password: str,
    now: datetime | None = None,
    *,
    role: str = Role.ADMIN,
    languages: list[str] = (),
    offered: set[str] | None = None,
    staff_language: str | None = None,
) -> StaffUser:
    """Add a staff account; raises AccountError for a bad or taken name, a short password, an
    unknown role or a translator without languages (``offered``: the kiosk's language codes)."""
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise AccountError("a username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'", "username")
    password_hash = _checked_password(password)
    role, stored_languages = _checked_role(role, list(languages), offered)
    if session.scalar(select(StaffUser).where(StaffUser.username == username)):
        raise AccountError(f"there is already an account named {username!r}", "taken", name=username)
    user = StaffUser(
        username=username,
        password_hash=password_hash,
        created_at=now or utcnow(),
        role=role.value,
        languages=stored_languages,
        staff_language=staff_language if staff_language in STAFF_LANGUAGES else None,
        active=True,
    )
    session.add(user)
    return user


def find_user(session: Session, username: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))


def all_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))


def change_role(user: StaffUser, role: str, languages: list[str], offered: set[str] | None = None) -> None:
    role, user.languages = _checked_role(role, languages, offered)
    user.role = role.value


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    """Deactivating signs the person out everywhere; the account stays, so its name does too."""
    user.active = active
    if not active:
        end_sessions(session, user.username)


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """A new password (set by an admin, or by the person): every open session of it ends."""
    user.password_hash = _checked_password(password)
    end_sessions(session, user.username)


def set_staff_language(user: StaffUser, code: str | None) -> None:
    user.staff_language = code if code in STAFF_LANGUAGES else None


def remove_user(session: Session, username: str) -> bool:
    result = session.execute(delete(StaffUser).where(StaffUser.username == normalise_username(username)))
    return result.rowcount > 0


def end_sessions(session: Session, username: str) -> None:
    """Sign ``username`` out everywhere: every session opened before now stops working."""
    generation = StaffUser.sign_in_generation + 1
    session.execute(
        update(StaffUser)
        .where(StaffUser.username == username)
        .values(sign_in_generation=generation)
        .execution_options(synchronize_session="fetch")  # a loaded account sees its new generation
    )


def session_generation(session: Session, username: str) -> int | None:
    """The generation a session of ``username`` must carry to be valid; None: no such account,
    or a deactivated one."""
    return session.scalar(
        select(StaffUser.sign_in_generation).where(StaffUser.username == username, StaffUser.active.is_(True))
    )


def client_key(address: str | None, secret: str) -> str:
    """What a failed login keeps of where it came from: a keyed hash, never the address.

    An IPv6 client is its /64 network, which one household or attacker gets whole.
    """
    try:
        ip = ipaddress.ip_address(address or "")
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    except ValueError:
        network = ""
    return hmac.new(secret.encode(), b"login-client\0" + network.encode(), hashlib.sha256).hexdigest()[:32]


def is_locked(session: Session, username: str, client: str, trusted: bool = False, now: datetime | None = None) -> bool:
    """Whether ``client`` may not try ``username`` now (see the limits at the top)."""
    since = (now or utcnow()) - LIMIT_WINDOW
    recent = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.attempted_at > since)
    if session.scalar(recent.where(LoginAttempt.client == client)) >= MAX_FAILURES_PER_CLIENT:
        return True
    on_user = recent.where(LoginAttempt.username == username)
    if session.scalar(on_user.where(LoginAttempt.client == client)) >= MAX_FAILURES_PER_USER:
        return True
    return not trusted and session.scalar(on_user) >= MAX_FAILURES_PER_USER_ALL_CLIENTS


def check_login(
    session: Session,
    username: str,
    password: str,
    client: str = "",
    trusted: bool = False,
    now: datetime | None = None,
) -> Login:
    """Check a login from ``client`` (a ``client_key``) and count a failure; a locked one is
    refused before any check. ``trusted``: this browser signed in as ``username`` before."""
    now = now or utcnow()
    username = normalise_username(username)[:64]
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= now - LIMIT_WINDOW))
    if is_locked(session, username, client, trusted, now):
        return Login(LoginResult.LOCKED)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    # A deactivated account is answered like a wrong password: it tells nothing to whoever tries.
    right = check_password_hash(user.password_hash if user else _dummy_hash(PASSWORD_METHOD), password)
    if not right or user is None or not user.active:
        session.add(LoginAttempt(username=username, client=client, attempted_at=now))
        return Login(LoginResult.WRONG)
    # This client's own mistakes are forgiven; what others tried on this name still counts.
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.client == client))
    user.last_login_at = now
    return Login(LoginResult.OK, user)


def trusted_device_token(secret: str, username: str) -> str:
    """Given to a browser that signed in as ``username``: it is not locked out by others' guesses."""
    return URLSafeTimedSerializer(secret, salt="kiosk-staff-device").dumps(normalise_username(username))


def is_trusted_device(secret: str, token: str | None, username: str) -> bool:
    if not token:
        return False
    try:
        signed = URLSafeTimedSerializer(secret, salt="kiosk-staff-device").loads(token, max_age=TRUSTED_DEVICE_SECONDS)
    except BadSignature:  # also an expired token
        return False
    return signed == normalise_username(username)[:64]
