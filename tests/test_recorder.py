"""The recorder on its own (no app): counts in memory, one write per flush, bounded waiting."""

from __future__ import annotations

from datetime import date

from app.database import make_engine
from app.models import DailyPageView, Feedback
from app.recorder import Recorder


def test_counts_are_added_up_in_memory_and_written_in_one_flush(database_url):
    recorder = Recorder(database_url, today=lambda: date(2026, 11, 26))
    for _ in range(1000):
        recorder.count_view("en", "housing", "rental-deposit", "")
    recorder.add_feedback("en", "housing", "rental-deposit", True, "ok")
    assert recorder._pending() == 2
    assert recorder.flush()
    assert recorder._pending() == 0
    engine = make_engine(database_url)
    with engine.connect() as connection:
        [view] = connection.execute(DailyPageView.__table__.select())
        assert (view.day, view.count) == (date(2026, 11, 26), 1000)
        assert len(list(connection.execute(Feedback.__table__.select()))) == 1
    engine.dispose()
    recorder.close()


def test_an_unreachable_database_keeps_a_bounded_number_of_waiting_rows():
    recorder = Recorder("postgresql://nobody@127.0.0.1:9/none", max_pending=10)
    for n in range(25):
        recorder.count_search("en", f"word{'x' * n}", "", found=False)
    recorder.add_feedback("en", "t", "a", False, "")
    assert recorder._pending() == 10 and recorder.dropped == 16
    recorder._closed = True  # no writer thread trying in the background during the test
    assert recorder.flush() is False
    assert recorder._pending() == 10  # put back for the next try
    # Known keys still count when full: a day of one popular search is never lost.
    recorder.count_search("en", "word", "", found=True)
    assert recorder._pending() == 10 and recorder.dropped == 16
    recorder.close()


def test_nothing_waiting_means_no_connection():
    recorder = Recorder("postgresql://nobody@127.0.0.1:9/none")
    assert recorder.flush() is True  # did not even try to connect
