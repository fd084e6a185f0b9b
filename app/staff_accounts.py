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

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

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
# Checked when the username does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class AccountError(ValueError):
    """A username or password that cannot be accepted; the message says why."""


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


def create_user(session: Session, username: str, password: str, now: datetime | None = None) -> StaffUser:
    """Add a staff account; raises AccountError for a bad or taken name or a short password."""
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise AccountError("a username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(StaffUser).where(StaffUser.username == username)):
        raise AccountError(f"there is already an account named {username!r}")
    user = StaffUser(username=username, password_hash=generate_password_hash(password), created_at=now or utcnow())
    session.add(user)
    return user


def remove_user(session: Session, username: str) -> bool:
    result = session.execute(delete(StaffUser).where(StaffUser.username == normalise_username(username)))
    return result.rowcount > 0


def end_sessions(session: Session, username: str) -> None:
    """Sign ``username`` out everywhere: every session opened before now stops working."""
    generation = StaffUser.sign_in_generation + 1
    session.execute(update(StaffUser).where(StaffUser.username == username).values(sign_in_generation=generation))


def session_generation(session: Session, username: str) -> int | None:
    """The generation a session of ``username`` must carry to be valid; None: no such account."""
    return session.scalar(select(StaffUser.sign_in_generation).where(StaffUser.username == username))


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
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
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
