"""Counters and servers: online or not, and the content each serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    CounterHeartbeat,
    ProvisionedCounter,
    PublicationRecord,
)
from .tables import N_, ONLINE_SECONDS, Table

# -- counters ------------------------------------------------------------------------------


def age_text(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)} s"
    if seconds < 7200:
        return f"{int(seconds // 60)} min"
    if seconds < 172800:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


def _provisioned_with_heartbeats(session: Session):
    """(name, its last heartbeat or None) of every provisioned counter or server, by name."""
    return session.execute(
        select(ProvisionedCounter.name, CounterHeartbeat)
        .outerjoin(CounterHeartbeat, CounterHeartbeat.counter == ProvisionedCounter.name)
        .order_by(ProvisionedCounter.name)
    )


def counters_table(session: Session, now: datetime, online_seconds: int = ONLINE_SECONDS) -> Table:
    """Every provisioned counter (at most counter_keys.MAX_COUNTERS), with its last heartbeat."""
    rows = []
    for name, beat in _provisioned_with_heartbeats(session):
        if beat is None:
            rows.append((name, "offline", "never", "", "", ""))
            continue
        age = max(0.0, (now - beat.last_seen).total_seconds())
        rows.append(
            (
                name,
                "online" if age <= online_seconds else "offline",
                beat.last_seen.strftime("%Y-%m-%d %H:%M:%S UTC"),
                age_text(age),
                beat.software_version,
                beat.content_revision,
            )
        )
    rows.sort(key=lambda row: (row[1] == "online", row[0]))  # offline first: they need someone
    return Table(
        "counters",
        N_("Counters"),
        (
            N_("counter"),
            N_("status"),
            N_("last heartbeat"),
            N_("silent for"),
            N_("software version"),
            N_("content revision"),
        ),
        rows,
    )


@dataclass(frozen=True)
class ContentServed:
    """What one counter or server serves, as its last heartbeat said (app/publishing)."""

    name: str
    publication: int | None  # None: it has not reported one (a counter's browser, or never synced)
    published_at: datetime | None  # of the publication it serves (UTC, naive)
    behind_since: datetime | None  # when the first publication it has not taken was published
    last_seen: datetime | None
    software_version: str
    problem: str


def content_served(session: Session) -> tuple[PublicationRecord | None, list[ContentServed]]:
    """The newest publication, and for every provisioned counter or server what it serves."""
    publications = list(session.scalars(select(PublicationRecord).order_by(PublicationRecord.number)))
    newest = publications[-1] if publications else None
    rows = []
    for name, beat in _provisioned_with_heartbeats(session):
        served = beat.publication if beat is not None else None
        behind = None
        if served is not None:
            behind = next((p.published_at for p in publications if p.number > served), None)
        rows.append(
            ContentServed(
                name,
                served,
                beat.published_at if beat is not None else None,
                behind,
                beat.last_seen if beat is not None else None,
                beat.software_version if beat is not None else "",
                beat.sync_problem if beat is not None else "",
            )
        )
    # Behind (longest first) and with problems first: they need someone.
    rows.sort(
        key=lambda row: (row.behind_since is None and not row.problem, row.behind_since or datetime.max, row.name)
    )
    return newest, rows
