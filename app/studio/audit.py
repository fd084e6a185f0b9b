"""The audit trail in the database: which staff account did what to which content file, when,
and the commit it made. Staff only, never a visitor. The same facts are in the content's git
history; the table is what the staff pages query and what survives a content folder replaced
by hand."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEntry
from ..records import utcnow

# The ``action`` column: a short word for what the staff page did ("save", "restore", "approve").
ACTION_LENGTH = 16


def record(session: Session, username: str, action: str, path: str, revision: str | None) -> AuditEntry:
    """Add one entry (the caller commits)."""
    action = action.strip()[:ACTION_LENGTH]
    if not action:
        raise ValueError("an audit entry needs its action")
    entry = AuditEntry(
        at=utcnow(), username=username[:64], action=action, path=path[:300], revision=(revision or "")[:64]
    )
    session.add(entry)
    return entry


def entries(session: Session, path_prefix: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest entries first, for one file or folder (``path_prefix``) or all."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if path_prefix:
        query = query.where(AuditEntry.path.startswith(path_prefix, autoescape=True))
    return list(session.scalars(query))
