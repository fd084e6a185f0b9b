"""Provisioned counters: only a counter given a key by staff has its heartbeats counted. No Flask here.

Anyone can post a heartbeat; without a key it is refused, so nobody can show a dead counter as
online or fill the staff page with made-up counters. The key is shown once, when staff provision
the counter (`flask --app wsgi counters add NAME`); the database keeps only its SHA-256 (a
random 256-bit key needs no slow hash).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .counter import COUNTER_NAME_RULE, valid_counter_id
from .models import CounterHeartbeat, ProvisionedCounter
from .records import utcnow

# More counters than any region has: keeps the staff page and the heartbeats table small.
MAX_COUNTERS = 1000


class CounterError(ValueError):
    """A counter that cannot be provisioned; the message says why."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def provision_counter(session: Session, name: str, now: datetime | None = None) -> str:
    """Add a counter (or give it a new key) and return its key, which is not stored."""
    if valid_counter_id(name) is None:
        raise CounterError(f"a counter's name is {COUNTER_NAME_RULE}")
    counter = session.get(ProvisionedCounter, name)
    if counter is None:
        if session.scalar(select(func.count()).select_from(ProvisionedCounter)) >= MAX_COUNTERS:
            raise CounterError(f"there are already {MAX_COUNTERS} counters: remove one first")
        counter = ProvisionedCounter(name=name, created_at=now or utcnow())
        session.add(counter)
    key = secrets.token_urlsafe(32)
    counter.key_sha256 = _digest(key)
    return key


def remove_counter(session: Session, name: str) -> bool:
    """Forget a counter and its heartbeats; its key stops working."""
    session.execute(delete(CounterHeartbeat).where(CounterHeartbeat.counter == name))
    return session.execute(delete(ProvisionedCounter).where(ProvisionedCounter.name == name)).rowcount > 0


def counter_names(session: Session) -> list[str]:
    return list(session.scalars(select(ProvisionedCounter.name).order_by(ProvisionedCounter.name)))


def is_counter_key(session: Session, name: str, key: object) -> bool:
    """Whether ``key`` is the key of the provisioned counter ``name``."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    stored = session.scalar(select(ProvisionedCounter.key_sha256).where(ProvisionedCounter.name == name))
    return stored is not None and hmac.compare_digest(stored, _digest(key))
