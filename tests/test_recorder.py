"""The recorder on its own (no app): counts in memory, one write per flush, bounded waiting.
Everything is observed where it lands: in the database."""

from __future__ import annotations

import threading
import time
from datetime import date

from conftest import stored

from app.database import upgrade
from app.models import DailyPageView, DailySearch, Feedback
from app.recorder import Recorder

NEVER = 3600.0  # no background flush during a test: the test flushes


def test_counts_are_added_up_in_memory_and_written_in_one_flush(database_url):
    recorder = Recorder(database_url, flush_seconds=NEVER, today=lambda: date(2026, 11, 26))
    for _ in range(1000):
        recorder.count_view("en", "housing", "rental-deposit", "")
    assert stored(database_url, DailyPageView) == []  # in memory until the flush
    # A visitor's answer wakes the writer thread at once (it is written without waiting), so
    # from here on the counts may land before this test's own flush: either way, once.
    recorder.add_feedback("en", "housing", "rental-deposit", True, "ok")
    assert recorder.flush()
    [view] = stored(database_url, DailyPageView)
    assert (view.day, view.count) == (date(2026, 11, 26), 1000)
    assert len(stored(database_url, Feedback)) == 1
    assert recorder.flush()  # nothing left: nothing written twice
    assert [v.count for v in stored(database_url, DailyPageView)] == [1000]
    recorder.close()


def test_an_unreachable_database_keeps_a_bounded_number_of_waiting_rows(tmp_path):
    # A file stands where the database's folder should be: the database cannot be opened.
    (tmp_path / "not-yet").write_text("in the way")
    url = f"sqlite:///{tmp_path / 'not-yet' / 'kiosk.sqlite3'}"
    recorder = Recorder(url, flush_seconds=NEVER, max_pending=10)
    for n in range(25):
        recorder.count_search("en", f"word{'x' * n}", "", found=False)
    recorder.add_feedback("en", "t", "a", False, "")
    assert recorder.dropped == 16  # 15 searches and the answer: past the 10 waiting rows
    assert recorder.flush() is False  # kept for the next try
    # Known keys still count when full: a day of one popular search is never lost.
    recorder.count_search("en", "word", "", found=True)
    assert recorder.dropped == 16
    # The database is back: what waited is written, and only that.
    (tmp_path / "not-yet").unlink()
    (tmp_path / "not-yet").mkdir()
    upgrade(url)
    assert recorder.flush() is True
    searches = {row.query: row.count for row in stored(url, DailySearch)}
    assert len(searches) == 10 and searches["word"] == 2
    assert stored(url, Feedback) == []
    recorder.close()


def test_nothing_waiting_means_no_connection():
    recorder = Recorder("postgresql://nobody@127.0.0.1:9/none")
    assert recorder.flush() is True  # did not even try to connect


def test_a_writer_that_finds_the_tables_gone_waits_for_the_migration_under_way(tmp_path, monkeypatch):
    import app.recorder

    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"  # a new, empty file: no tables yet
    migrating = threading.Event()

    def slow_upgrade(database_url):
        migrating.set()
        time.sleep(0.5)  # a migration under way in another thread (the writer's purge found no tables)
        upgrade(database_url)

    monkeypatch.setattr(app.recorder, "upgrade", slow_upgrade)
    recorder = Recorder(url, flush_seconds=NEVER)
    purging = threading.Thread(target=recorder.purge)
    purging.start()
    assert migrating.wait(5)
    recorder.count_view("en", "housing", "rental-deposit", "")
    assert recorder.flush() is False  # no tables yet: kept, and this flush waits for the migration
    assert recorder.flush() is True  # so the next one finds the tables
    purging.join()
    assert [v.count for v in stored(url, DailyPageView)] == [1]
    recorder.close()


def test_close_waits_for_a_flush_the_writer_has_begun_and_leaves_no_connection_open(tmp_path):
    # A writer thread that checked "not closed" just before close() must finish its flush
    # before close() lets go of the engines; a flush after that would open a new engine that
    # nobody closes (on PostgreSQL a connection left open, reported when it is collected).
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    upgrade(url)
    recorder = Recorder(url, flush_seconds=0.01, today=lambda: date(2026, 11, 26))
    real_flush, writer_began, writers = recorder.flush, threading.Event(), []

    def flush_that_starts_late():
        if threading.current_thread().name == "kiosk-recorder" and not writer_began.is_set():
            writers.append(threading.current_thread())
            writer_began.set()
            while not recorder._closed:
                time.sleep(0.01)
            time.sleep(0.2)  # close() is under way: this flush comes after its check of _closed
        return real_flush()

    recorder.flush = flush_that_starts_late
    recorder.count_view("en", "housing", "rental-deposit", "")  # starts the writer
    assert writer_began.wait(5)
    recorder.close()
    assert not writers[0].is_alive()
    assert not recorder.session.open and not recorder._quick_session.open
    [view] = stored(url, DailyPageView)
    assert view.count == 1
