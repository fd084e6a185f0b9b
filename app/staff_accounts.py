"""Staff accounts and the login limit. No Flask here.

Failed logins are counted in the database, so the limit holds however many gunicorn workers or
servers answer. Attempts are counted per username (and, with a higher limit, in total), never
per address: the kiosk keeps no IP addresses, not even of staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import LoginAttempt, StaffUser
from .records import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 12
LIMIT_WINDOW = timedelta(minutes=15)
# Failed attempts within the window after which a username is refused, whatever the password.
MAX_FAILURES_PER_USER = 5
# Failed attempts on all usernames together: stops someone trying many names.
MAX_FAILURES_TOTAL = 100
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


def is_locked(session: Session, username: str, now: datetime | None = None) -> bool:
    since = (now or utcnow()) - LIMIT_WINDOW
    recent = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.attempted_at > since)
    if session.scalar(recent.where(LoginAttempt.username == username)) >= MAX_FAILURES_PER_USER:
        return True
    return session.scalar(recent) >= MAX_FAILURES_TOTAL


def check_login(session: Session, username: str, password: str, now: datetime | None = None) -> Login:
    """Check a login and count a failure; a locked username is refused before any check."""
    now = now or utcnow()
    username = normalise_username(username)[:64]
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at <= now - LIMIT_WINDOW))
    if is_locked(session, username, now):
        return Login(LoginResult.LOCKED)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        session.add(LoginAttempt(username=username, attempted_at=now))
        return Login(LoginResult.WRONG)
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    user.last_login_at = now
    return Login(LoginResult.OK, user)
