"""What a publication is, and how it is written in git. No Flask here.

A publication is a signed commit on the branch ``published``. Its tree is the content folder as
published; its parent is the previous publication (not the staff's edits, so the repository
followers fetch holds published content only: no drafts in between, no staff names); its
message says its number, when it was published, the content commit it was made from and, for a
rollback, which publication's content it brings back::

    Publication 12

    Kiosk-Publication: 12
    Kiosk-Published-At: 2026-12-03T10:15:00+00:00
    Kiosk-Source: 3f1c…
    Kiosk-Restores: 10
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..content.history import HistoryError, run_git
from .signing import PublicationRefused

PUBLISHED_BRANCH = "published"
PUBLISHED_REF = f"refs/heads/{PUBLISHED_BRANCH}"
# Publications never sign as a person: the repository followers fetch names nobody.
PUBLISHER_NAME = "Kiosk publishing"
PUBLISHER_EMAIL = "publishing@kiosk.invalid"
_TRAILER = re.compile(r"^Kiosk-([A-Za-z-]+): *(.*)$")
_HEX = re.compile(r"^[0-9a-f]{40,64}$")


@dataclass(frozen=True)
class Publication:
    number: int
    revision: str  # the signed publication commit
    tree: str  # the content as published
    source: str  # the content repository's commit it was made from
    published_at: datetime  # aware, UTC
    previous: str | None = None  # the previous publication's commit
    restores: int | None = None  # a rollback: the publication whose content it brings back

    @property
    def is_rollback(self) -> bool:
        return self.restores is not None


def publication_message(number: int, source: str, published_at: datetime, restores: int | None) -> str:
    lines = [
        f"Publication {number}",
        "",
        f"Kiosk-Publication: {number}",
        f"Kiosk-Published-At: {published_at.astimezone(UTC).isoformat(timespec='seconds')}",
        f"Kiosk-Source: {source}",
    ]
    if restores is not None:
        lines.append(f"Kiosk-Restores: {restores}")
    return "\n".join(lines) + "\n"


def read_publication(repository: Path, revision: str) -> Publication:
    """The publication a commit records; PublicationRefused when it is not one."""
    try:
        raw = run_git(repository, "cat-file", "commit", revision)
    except HistoryError as error:
        raise PublicationRefused(f"{revision[:12]} cannot be read: {error}") from None
    header, _, message = raw.partition("\n\n")
    tree = parents = None
    parents = []
    for line in header.splitlines():
        if line.startswith("tree "):
            tree = line[5:].strip()
        elif line.startswith("parent "):
            parents.append(line[7:].strip())
    fields = {}
    for line in message.splitlines():
        found = _TRAILER.match(line.strip())
        if found:
            fields[found.group(1).lower()] = found.group(2).strip()
    try:
        number = int(fields["publication"])
        published_at = datetime.fromisoformat(fields["published-at"])
        source = fields["source"]
        restores = int(fields["restores"]) if "restores" in fields else None
    except (KeyError, ValueError):
        raise PublicationRefused(f"{revision[:12]} is not a publication (its message has no number and date)") from None
    if number < 1 or published_at.tzinfo is None or not tree or not _HEX.match(source):
        raise PublicationRefused(f"{revision[:12]} is not a well-formed publication")
    return Publication(number, revision, tree, source, published_at, parents[0] if parents else None, restores)


def latest_publication(repository: Path) -> Publication | None:
    """The newest publication in a repository (its ``published`` branch), or None."""
    revision = run_git(repository, "rev-parse", "--verify", "--quiet", PUBLISHED_REF, check=False).strip()
    return read_publication(repository, revision) if revision else None


def publication_history(repository: Path, limit: int = 20) -> list[Publication]:
    """The newest ``limit`` publications, newest first."""
    revisions = run_git(
        repository, "rev-list", f"--max-count={limit}", "--first-parent", PUBLISHED_REF, check=False
    ).split()
    return [read_publication(repository, revision) for revision in revisions]
