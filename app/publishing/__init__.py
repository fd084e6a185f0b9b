"""Publishing across a region: one publishing server, followers that take only what it signed.

The studio's Publish (or ``flask content publish``) checks, builds and swaps, then records a
signed publication in git; every other server and counter runs ``flask content sync`` to take
the newest one, all or nothing, and reports what it serves with its heartbeat. No Flask here.
"""

from .publications import Publication, latest_publication, publication_history, read_publication
from .publish import (
    NeedsConfirmation,
    NothingToRollBack,
    PageAtRisk,
    Publisher,
    PublishRefused,
    content_errors,
    pages_at_risk,
)
from .reporting import counts_sent_from, local_counts, report
from .signing import PublicationRefused, SigningError, ensure_signing_key, normalised_public_key, verify_signature
from .sync import Follower, SyncBusy, SyncOutcome, SyncState, repository_url

__all__ = [
    "Follower",
    "NeedsConfirmation",
    "NothingToRollBack",
    "PageAtRisk",
    "Publication",
    "PublicationRefused",
    "PublishRefused",
    "Publisher",
    "SigningError",
    "SyncBusy",
    "SyncOutcome",
    "SyncState",
    "content_errors",
    "counts_sent_from",
    "ensure_signing_key",
    "latest_publication",
    "local_counts",
    "normalised_public_key",
    "pages_at_risk",
    "publication_history",
    "read_publication",
    "report",
    "repository_url",
    "verify_signature",
]
