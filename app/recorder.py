"""Recording that is never in the way of a visitor. No Flask here.

A page only adds to counters in memory; a thread of each worker writes them to the database
every few seconds in one transaction. When the database is down the counts wait (up to a
limit, past which dropping is logged) and the pages do not notice; a worker that stops saves
what is still waiting in the spool (app/spool.py). A visitor's answer (feedback, a note) is
written at once, with a short wait; when the database cannot take it, it is kept in the spool
on disk before the visitor is thanked, and written from there later. A SIGKILLed worker loses
the counts of its last few seconds (at most FLUSH_SECONDS), never an acknowledged answer.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from . import records
from .anonymise import normalise_query
from .database import REQUEST_WAIT_SECONDS, ProcessSessions, is_missing_schema, upgrade
from .process import process_id
from .spool import Spool

log = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0
# Past this many waiting rows (the database has been down for long), new ones are dropped.
MAX_PENDING = 20_000
# Log a failing database once in this many seconds, not on every flush.
LOG_EVERY_SECONDS = 60.0
# What is kept only for a while (used form tokens…) is deleted this often, by each worker.
PURGE_SECONDS = 3600.0
# A database whose tables went missing (a SQLite file deleted) is migrated again at most this often.
REMIGRATE_SECONDS = 60.0
# close() waits this long for a flush the writer thread has begun (a slow database).
CLOSE_WAIT_SECONDS = 10


class Recorder:
    def __init__(
        self,
        database_url: str,
        flush_seconds: float = FLUSH_SECONDS,
        max_pending: int = MAX_PENDING,
        today: Callable[[], date] = date.today,
        search_days_kept: int = 90,
        spool_dir: Path | None = None,
    ):
        self.database_url = database_url
        self.flush_seconds = flush_seconds
        self.max_pending = max_pending
        self.today = today
        self.search_days_kept = search_days_kept
        # Without a spool (tests of the recorder alone), answers wait in memory like counts.
        self.spool = Spool(spool_dir) if spool_dir is not None else None
        self.session = ProcessSessions(database_url)
        # For a visitor's request: waits only briefly for a locked database.
        self._quick_session = ProcessSessions(database_url, REQUEST_WAIT_SECONDS)
        self._last_migration = 0.0
        self._migrating = threading.Lock()
        self._last_drop_log = 0.0
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._wake = threading.Event()
        self._views: Counter = Counter()
        self._searches: Counter = Counter()
        self._nothing_found: Counter = Counter()
        self._opened: Counter = Counter()
        self._rows: list = []
        self._heartbeats: dict[str, records.Heartbeat] = {}
        self._content = None
        self._recorded_fingerprint: str | None = None
        self._last_error_log = 0.0
        self._next_purge = 0.0
        self.dropped = 0
        self._closed = False

    # -- what pages call: memory only ------------------------------------------------------

    def count_view(self, lang: str, topic: str, article: str, counter: str) -> None:
        self._add((self.today(), lang, topic, article, counter), self._views)

    def count_search(self, lang: str, text: str, counter: str, found: bool) -> None:
        query = normalise_query(text)
        if query:
            key = (self.today(), lang, query, counter)
            self._add(key, self._searches, *(() if found else (self._nothing_found,)))

    def count_search_opened(self, lang: str, text: str, counter: str) -> None:
        """A visitor opened one of the results of the search ``text``."""
        query = normalise_query(text)
        if query:
            self._add((self.today(), lang, query, counter), self._opened)

    def add_feedback(
        self, lang: str, topic: str, article: str, helpful: bool, comment: str, once: str | None = None
    ) -> bool:
        """A "was this helpful?" answer; ``once``: its form token's nonce (one answer per token).
        True once it is stored (database or spool): only then may the visitor be thanked."""
        return self._store(records.feedback_row(self.today(), lang, topic, article, helpful, comment, once))

    def add_missing_report(self, lang: str, query: str, message: str, once: str | None = None) -> bool:
        return self._store(records.missing_report_row(self.today(), lang, query, message, once))

    def _store(self, row: records.Row) -> bool:
        if self.spool is None:
            self._add_row(row)
            return True
        try:
            # In the visitor's request: a short wait for a locked database, then the spool.
            with self._quick_session() as session, session.begin():
                records.add_rows(session, [row])
            return True
        except Exception as error:  # noqa: BLE001 - the database cannot take it now: keep it on disk
            self._failed("an answer was kept in the spool, to be written later", error)
            kept = self.spool.append_rows([row])
            self._start()  # the writer thread retries the spool at its next flush
            return kept

    def note_heartbeat(
        self, counter: str, software_version: str, content_revision: str, status: dict | None = None
    ) -> None:
        """A provisioned counter's sign of life, written with the next flush (the latest one wins).
        ``status``: what a follower's sync reported (records.record_heartbeat)."""
        with self._lock:
            if counter not in self._heartbeats and self._pending() >= self.max_pending:
                self._drop()
                return
            self._heartbeats[counter] = (software_version, content_revision, records.utcnow(), status)
        self._start()

    def note_content(self, content) -> None:
        """Ask for the originals' texts of this content to be kept (once per content version)."""
        if content.fingerprint != self._recorded_fingerprint and content is not self._content:
            self._content = content
            self._start()
            self._wake.set()

    def _pending(self) -> int:
        return len(self._views) + len(self._searches) + len(self._opened) + len(self._rows) + len(self._heartbeats)

    def _drop(self) -> None:
        """Count (and log, once a minute at most) what is dropped for lack of room; under the lock."""
        self.dropped += 1
        if time.monotonic() - self._last_drop_log > LOG_EVERY_SECONDS:
            self._last_drop_log = time.monotonic()
            log.warning("database unavailable for long: %d statistics dropped so far by this worker", self.dropped)

    def _add(self, key: tuple, counter: Counter, *also: Counter) -> None:
        """Count ``key`` in ``counter`` (and in ``also``), unless it is new and too much waits."""
        with self._lock:
            if key not in counter and self._pending() >= self.max_pending:
                self._drop()
                return
            for each in (counter, *also):
                each[key] += 1
        self._start()

    def _add_row(self, row: records.Row) -> None:
        with self._lock:
            if row.once is not None and any(r.once == row.once for r in self._rows):
                return  # the same form sent again before it was written: stored once anyway
            if self._pending() >= self.max_pending:
                self._drop()
                return
            self._rows.append(row)
        self._start()
        self._wake.set()  # a visitor's answer is written at once, not in a few seconds

    # -- the writer ------------------------------------------------------------------------

    def flush(self) -> bool:
        """Write what is waiting; True when nothing is left waiting."""
        with self._flushing:
            if self.spool is not None:
                self._put_back(*self.spool.take_counts(), rows=[], beats={})  # saved by workers that stopped
                self._write_spooled_rows()
            with self._lock:
                views, self._views = self._views, Counter()
                searches, self._searches = self._searches, Counter()
                nothing_found, self._nothing_found = self._nothing_found, Counter()
                opened, self._opened = self._opened, Counter()
                rows, self._rows = self._rows, []
                beats, self._heartbeats = self._heartbeats, {}
            content = self._content
            if content is not None and content.fingerprint == self._recorded_fingerprint:
                content = None
            if not (views or searches or opened or rows or beats or content):
                return True
            if views or searches or opened or rows or beats:
                try:
                    with self.session() as session, session.begin():
                        records.add_page_views(session, views)
                        records.add_searches(session, searches, nothing_found, opened)
                        records.add_rows(session, rows)
                        records.record_heartbeats(session, beats)
                except Exception as error:  # noqa: BLE001 - the database is down or broken: keep counting
                    self._put_back(views, searches, nothing_found, opened, rows=rows, beats=beats)
                    self._failed("statistics not written, will retry", error)
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
            self._failed("source texts not recorded, will retry", error)
            return False
        self._recorded_fingerprint = content.fingerprint
        return True

    def _write_spooled_rows(self) -> None:
        """Write the answers kept in the spool; each file goes once its rows are stored."""
        for path, rows in self.spool.take_rows():
            try:
                with self.session() as session, session.begin():
                    records.add_rows(session, rows)  # one row per form token: rewriting is harmless
            except Exception as error:  # noqa: BLE001 - still unavailable: the file stays for next time
                self._failed("answers kept in the spool not written yet, will retry", error)
                return
            self.spool.done(path)

    def _failed(self, what: str, error: Exception) -> None:
        # Once a minute at most, and only the kind of error: never the values being written.
        if time.monotonic() - self._last_error_log > LOG_EVERY_SECONDS:
            self._last_error_log = time.monotonic()
            log.warning("%s: %s", what, type(error).__name__)
        # A SQLite file deleted (and made again, empty) or replaced by an older one: migrate it.
        if is_missing_schema(error):
            self._migrate_again()

    def _migrate_again(self) -> None:
        # Under a lock: a thread that finds the tables gone while another one is making them
        # waits for that migration instead of going on as if the tables were there.
        with self._migrating:
            if time.monotonic() - self._last_migration <= REMIGRATE_SECONDS:
                return
            self._last_migration = time.monotonic()
            try:
                upgrade(self.database_url)
                log.warning("the database had lost its tables: migrated again")
            except Exception as migration_error:  # noqa: BLE001 - still broken: the next failure tries again
                log.warning("the database could not be migrated again: %s", type(migration_error).__name__)

    def _put_back(
        self, views: Counter, searches: Counter, nothing_found: Counter, opened: Counter, *, rows: list, beats: dict
    ) -> None:
        with self._lock:
            self._heartbeats = beats | self._heartbeats  # a newer heartbeat of a counter wins
            self._views.update(views)
            self._searches.update(searches)
            self._nothing_found.update(nothing_found)
            self._opened.update(opened)
            self._rows[:0] = rows
            while self._pending() > self.max_pending and self._rows:
                self._rows.pop()
                self._drop()

    def _start(self) -> None:
        """Start this process's writer thread on first use (threads do not survive a fork)."""
        if getattr(self, "_thread_pid", None) == process_id():
            return
        with self._lock:
            if getattr(self, "_thread_pid", None) == process_id():
                return
            self._thread_pid = process_id()
            self._thread = threading.Thread(target=self._run, name="kiosk-recorder", daemon=True)
            self._thread.start()
            atexit.register(self._write_or_save_unless_closed)

    def _write_or_save_unless_closed(self) -> None:
        # close() already wrote what was waiting and let go of the connections; writing again
        # at exit would open a new engine nobody disposes of.
        if not self._closed:
            self._write_or_save()

    def _write_or_save(self) -> None:
        """Write what is waiting; what the database cannot take is saved in the spool."""
        if self.flush() or self.spool is None:
            return
        with self._flushing, self._lock:
            views, self._views = self._views, Counter()
            searches, self._searches = self._searches, Counter()
            nothing_found, self._nothing_found = self._nothing_found, Counter()
            opened, self._opened = self._opened, Counter()
            rows, self._rows = self._rows, []
            self._heartbeats = {}  # a stopped counter's last heartbeat is of no use later
        if rows:
            self.spool.append_rows(rows)
        if (views or searches or opened) and not self.spool.save_counts(views, searches, nothing_found, opened):
            log.error("%d statistics lost at shutdown", len(views) + len(searches) + len(opened))

    def close(self) -> None:
        """Write (or save) what is waiting, stop the writer thread and let go of the connections."""
        self._closed = True
        self._wake.set()
        # The writer may be between its check of _closed and a flush: wait for it, or its flush
        # would open a new engine after the dispose below and leave its connection open.
        thread = getattr(self, "_thread", None)
        if thread is not None and self._thread_pid == process_id() and thread is not threading.current_thread():
            thread.join(CLOSE_WAIT_SECONDS)
            if thread.is_alive():
                log.warning("the recorder's writer did not stop within %d s", CLOSE_WAIT_SECONDS)
        self._write_or_save()
        self.session.close()
        self._quick_session.close()

    def purge(self) -> bool:
        """Delete what is kept only for a while (records.purge); False if the database failed."""
        try:
            with self.session() as session, session.begin():
                records.purge(session, self.today(), self.search_days_kept)
            return True
        except Exception as error:  # noqa: BLE001 - the database is down or broken: next time
            self._failed("old records not purged, will retry", error)
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
