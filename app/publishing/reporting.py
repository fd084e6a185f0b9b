"""A follower's heartbeat to the server it follows: what it serves, how its sync went, and, for
a counter that runs its own server, its anonymous daily counts. No Flask here.

Counts are sent as running totals per (day, key): the server replaces its row for (counter, day,
key) with the total sent, never adds to it, so a heartbeat sent twice, or again after an answer
that was lost, counts once. The counter keeps its counts in its own database meanwhile (nothing
is lost while it is offline) and sends every day from the first one not yet acknowledged, the
day of the last acknowledged heartbeat included (counts made late that day reach the server too).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DailyPageView, DailySearch
from .sync import SyncState

log = logging.getLogger(__name__)
COUNTS_STATE = "counts.json"
# Rows per heartbeat: a heartbeat stays well under the server's 64 KiB body limit.
ROWS_PER_HEARTBEAT = 250
TIMEOUT_SECONDS = 20


def status_of(state: SyncState) -> dict:
    """The heartbeat's fields about content: publication served, when published, the last problem."""
    return {
        "publication": state.publication,
        "published_at": state.published_at or None,
        "sync_problem": state.problem,
    }


def local_counts(session: Session, counter: str, since: date | None) -> list[list]:
    """A counter's daily totals from ``since`` on: ["view", day, lang, topic, article, count] and
    ["search", day, lang, query, count, nothing_found] rows."""
    views = select(DailyPageView).where(DailyPageView.counter == counter)
    searches = select(DailySearch).where(DailySearch.counter == counter)
    if since is not None:
        views, searches = views.where(DailyPageView.day >= since), searches.where(DailySearch.day >= since)
    rows = [["view", r.day.isoformat(), r.lang, r.topic, r.article, r.count] for r in session.scalars(views)]
    rows += [
        ["search", r.day.isoformat(), r.lang, r.query, r.count, r.nothing_found] for r in session.scalars(searches)
    ]
    return sorted(rows, key=lambda row: row[1])


def counts_sent_from(sync_dir: Path) -> date | None:
    """The first day whose counts the server has not acknowledged in full (None: never sent)."""
    try:
        return date.fromisoformat(json.loads((Path(sync_dir) / COUNTS_STATE).read_text("utf-8"))["from"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acknowledge_counts(sync_dir: Path, day: date) -> None:
    from ..content.frontmatter import save_text

    save_text(Path(sync_dir) / COUNTS_STATE, json.dumps({"from": day.isoformat()}))


def post_heartbeat(server: str, payload: dict, timeout: float = TIMEOUT_SECONDS) -> dict:
    """POST one heartbeat; the server's JSON answer. urllib's errors are raised as they come."""
    request = urllib.request.Request(
        server.rstrip("/") + "/api/heartbeat",
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - the configured server
        return json.loads(answer.read() or b"{}")


def report(
    server: str,
    name: str,
    key: str,
    software_version: str,
    state: SyncState,
    sync_dir: Path,
    counts: list[list] | None = None,
    today: date | None = None,
) -> bool:
    """Send the heartbeat (in several parts when there are many counts); True when all arrived.
    Counts are acknowledged (not sent again from before ``today``) only when every part arrived."""
    today = today or date.today()
    base = {
        "counter": name,
        "key": key,
        "software_version": software_version,
        "content_revision": f"publication-{state.publication}" if state.publication else "",
        **status_of(state),
    }
    parts = [counts[i : i + ROWS_PER_HEARTBEAT] for i in range(0, len(counts or []), ROWS_PER_HEARTBEAT)] or [None]
    try:
        for part in parts:
            answer = post_heartbeat(server, base | ({"counts": part} if part is not None else {}))
            if part is not None and answer.get("counts_stored") != len(part):
                log.warning("the server took %s of %d counts; sending them again next time", answer, len(part))
                return False
    except (urllib.error.URLError, OSError, ValueError) as error:
        log.warning("heartbeat to %s not sent (%s); counts are kept and sent later", server, error)
        return False
    if counts is not None:
        acknowledge_counts(sync_dir, today)
    return True
