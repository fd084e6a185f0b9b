"""The recorder when part of a write fails: what was committed is never written again."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import LANGUAGES, make_content, stored
from sqlalchemy import text

from app.content import load_content
from app.database import make_engine
from app.models import DailyPageView, SourceText
from app.recorder import Recorder

# Every database test runs on SQLite and on a real PostgreSQL server.
ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def execute(database_url: str, statement: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@ON_BOTH_ENGINES
def test_a_view_is_stored_once_when_recording_the_source_texts_fails(database_url, tmp_path):
    content = load_content(make_content(tmp_path / "content"), LANGUAGES, lambda name: True)
    assert any(a.original and a.original.revision for a in content.articles.values())
    # The source texts' table is gone (a broken database): recording them fails after the counts
    # were committed.
    execute(database_url, "ALTER TABLE source_texts RENAME TO source_texts_away")
    recorder = Recorder(database_url, flush_seconds=3600, today=lambda: date(2026, 11, 26))
    recorder.count_view("en", "housing", "rental-deposit", "")
    recorder.note_content(content)
    recorder.flush()
    recorder.flush()
    assert [row.count for row in stored(database_url, DailyPageView)] == [1]
    # The texts are recorded at a later flush, once the table is back; the view is not counted again.
    execute(database_url, "ALTER TABLE source_texts_away RENAME TO source_texts")
    assert recorder.flush() is True
    assert stored(database_url, SourceText)
    assert [row.count for row in stored(database_url, DailyPageView)] == [1]
    recorder.close()
