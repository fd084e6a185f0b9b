"""Recording that is never in the way of a visitor. No Flask here.

A page only adds to counters in memory; a thread of each worker writes them to the database
every few seconds in one transaction. When the database is down the counts wait (up to a
limit) and the pages do not notice. Feedback and notes are written at once, by the same thread.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from . import records
from .anonymise import normalise_query
from .database import make_engine

log = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0
# Past this many waiting rows (the database has been down for long), new ones are dropped.
MAX_PENDING = 20_000
# Log a failing database once in this many seconds, not on every flush.
LOG_EVERY_SECONDS = 60.0
# What is kept only for a while (used form tokens…) is deleted this often, by each worker.
PURGE_SECONDS = 3600.0


class Recorder:
    def __init__(
        self,
        database_url: str,
        flush_seconds: float = FLUSH_SECONDS,
        max_pending: int = MAX_PENDING,
        today: Callable[[], date] = date.today,
        search_days_kept: int = 90,
    ):
        self.database_url = database_url
        self.flush_seconds = flush_seconds
        self.max_pending = max_pending
        self.today = today
        self.search_days_kept = search_days_kept
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._wake = threading.Event()
        self._views: Counter = Counter()
        self._searches: Counter = Counter()
        self._nothing_found: Counter = Counter()
        self._rows: list = []
        self._heartbeats: dict[str, records.Heartbeat] = {}
        self._content = None
        self._recorded_fingerprint: str | None = None
        self._pid: int | None = None
        self._sessions: sessionmaker | None = None
        self._last_error_log = 0.0
        self._next_purge = 0.0
        self.dropped = 0
        self._closed = False

    # -- what pages call: memory only ------------------------------------------------------

    def count_view(self, lang: str, topic: str, article: str, counter: str) -> None:
        self._add(self._views, (self.today(), lang, topic, article, counter))

    def count_search(self, lang: str, text: str, counter: str, found: bool) -> None:
        query = normalise_query(text)
        if not query:
            return
        key = (self.today(), lang, query, counter)
        with self._lock:
            if key not in self._searches and self._pending() >= self.max_pending:
                self.dropped += 1
                return
            self._searches[key] += 1
            if not found:
                self._nothing_found[key] += 1
        self._start()

    def add_feedback(
        self, lang: str, topic: str, article: str, helpful: bool, comment: str, once: str | None = None
    ) -> None:
        """A "was this helpful?" answer; ``once``: its form token's nonce (one answer per token)."""
        self._add_row(records.feedback_row(self.today(), lang, topic, article, helpful, comment, once))

    def add_missing_report(self, lang: str, query: str, message: str, once: str | None = None) -> None:
        self._add_row(records.missing_report_row(self.today(), lang, query, message, once))

    def note_heartbeat(self, counter: str, software_version: str, content_revision: str) -> None:
        """A provisioned counter's sign of life, written with the next flush (the latest one wins)."""
        with self._lock:
            if counter not in self._heartbeats and self._pending() >= self.max_pending:
                self.dropped += 1
                return
            self._heartbeats[counter] = (software_version, content_revision, records.utcnow())
        self._start()

    def note_content(self, content) -> None:
        """Ask for the originals' texts of this content to be kept (once per content version)."""
        if content.fingerprint != self._recorded_fingerprint and content is not self._content:
            self._content = content
            self._start()
            self._wake.set()

    def _pending(self) -> int:
        return len(self._views) + len(self._searches) + len(self._rows) + len(self._heartbeats)

    def _add(self, counter: Counter, key: tuple) -> None:
        with self._lock:
            if key not in counter and self._pending() >= self.max_pending:
                self.dropped += 1
                return
            counter[key] += 1
        self._start()

    def _add_row(self, row: records.Row) -> None:
        with self._lock:
            if row.once is not None and any(r.once == row.once for r in self._rows):
                return  # the same form sent again before it was written: stored once anyway
            if self._pending() >= self.max_pending:
                self.dropped += 1
                return
            self._rows.append(row)
        self._start()
        self._wake.set()  # a visitor's answer is written at once, not in a few seconds

    # -- the writer ------------------------------------------------------------------------

    def session(self) -> Session:
        """A session on this process's own engine (connections never cross a fork)."""
        if self._pid != os.getpid():
            self._sessions = sessionmaker(make_engine(self.database_url))
            self._pid = os.getpid()
        return self._sessions()

    def flush(self) -> bool:
        """Write what is waiting; True when nothing is left waiting."""
        with self._flushing:
            with self._lock:
                views, self._views = self._views, Counter()
                searches, self._searches = self._searches, Counter()
                nothing_found, self._nothing_found = self._nothing_found, Counter()
                rows, self._rows = self._rows, []
                beats, self._heartbeats = self._heartbeats, {}
            content = self._content
            if content is not None and content.fingerprint == self._recorded_fingerprint:
                content = None
            if not (views or searches or rows or beats or content):
                return True
            if views or searches or rows or beats:
                try:
                    with self.session() as session, session.begin():
                        records.add_page_views(session, views)
                        records.add_searches(session, searches, nothing_found)
                        records.add_rows(session, rows)
                        records.record_heartbeats(session, beats)
                except Exception as error:  # noqa: BLE001 - the database is down or broken: keep counting
                    self._put_back(views, searches, nothing_found, rows, beats)
                    self._log_failure("statistics not written, will retry", error)
                    return False
            # Committed above: from here on, nothing of it may be put back (it would count twice).
            return content is None or self._record_source_texts(content)

    def _record_source_texts(self, content) -> bool:
        """Keep the originals' texts of ``content``; on failure it is tried again at the next flush."""
        try:
            with self.session() as session, session.begin():
                records.record_source_texts(session, content)
        except IntegrityError:
            pass  # another worker or server recorded the same revision first
        except Exception as error:  # noqa: BLE001 - the database is down or broken: try again later
            self._log_failure("source texts not recorded, will retry", error)
            return False
        self._recorded_fingerprint = content.fingerprint
        return True

    def _log_failure(self, what: str, error: Exception) -> None:
        # Once a minute at most, and only the kind of error: never the values being written.
        if time.monotonic() - self._last_error_log > LOG_EVERY_SECONDS:
            self._last_error_log = time.monotonic()
            log.warning("%s: %s", what, type(error).__name__)

    def _put_back(self, views: Counter, searches: Counter, nothing_found: Counter, rows: list, beats: dict) -> None:
        with self._lock:
            self._heartbeats = beats | self._heartbeats  # a newer heartbeat of a counter wins
            self._views.update(views)
            self._searches.update(searches)
            self._nothing_found.update(nothing_found)
            self._rows[:0] = rows
            while self._pending() > self.max_pending and self._rows:
                self._rows.pop()
                self.dropped += 1

    def _start(self) -> None:
        """Start this process's writer thread on first use (threads do not survive a fork)."""
        if getattr(self, "_thread_pid", None) == os.getpid():
            return
        with self._lock:
            if getattr(self, "_thread_pid", None) == os.getpid():
                return
            self._thread_pid = os.getpid()
            threading.Thread(target=self._run, name="kiosk-recorder", daemon=True).start()
            atexit.register(self.flush)

    def close(self) -> None:
        """Write what is waiting, stop the writer thread and let go of the connections."""
        self._closed = True
        self._wake.set()
        self.flush()
        if self._sessions is not None and self._pid == os.getpid():
            self._sessions.kw["bind"].dispose()
            self._sessions, self._pid = None, None

    def purge(self) -> bool:
        """Delete what is kept only for a while (records.purge); False if the database failed."""
        try:
            with self.session() as session, session.begin():
                records.purge(session, self.today(), self.search_days_kept)
            return True
        except Exception as error:  # noqa: BLE001 - the database is down or broken: next time
            self._log_failure("old records not purged, will retry", error)
            return False

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            if not self._closed:
                self.flush()
            if not self._closed and time.monotonic() >= self._next_purge:
                self._next_purge = time.monotonic() + PURGE_SECONDS
                self.purge()
