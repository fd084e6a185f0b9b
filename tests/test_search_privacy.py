"""Search statistics: a query is shown or exported only once it was searched on enough
different days or counters (a name typed once never is), and every row goes after N days."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import close_database
from sqlalchemy.orm import Session
from test_recorder_faults import stored
from test_staff import add_user, read_csv, sign_in

from app import create_app
from app.database import make_engine
from app.models import DailySearch
from app.records import add_searches
from app.reports import week_of

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def searched(database_url: str, occasions: list[tuple[date, str]], query: str, found: bool) -> None:
    """``query`` searched once on each (day, counter) occasion."""
    counts = Counter({(day, "en", query, counter): 1 for day, counter in occasions})
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        add_searches(session, counts, Counter() if found else counts)
    engine.dispose()


@pytest.fixture
def search_app(indexed_config, database_url):
    app = create_app(replace(indexed_config, database_url=database_url, search_min_occasions=3, search_days_kept=90))
    app.config.update(TESTING=True)
    yield app
    close_database(app)


@ON_BOTH_ENGINES
def test_a_name_typed_into_search_is_never_shown_or_exported(search_app, database_url):
    today = date.today()
    visitor = search_app.test_client()
    # A visitor types a name and an address, twice, on one counter and one day; then notes it.
    for _ in range(2):
        page = visitor.get("/en/search?q=Fatima+Benali+16").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    note = {"token": token, "q": "Fatima Benali 16", "message": "my file"}
    assert visitor.post("/en/search/missing", data=note).status_code == 303
    assert search_app.extensions["recorder"].flush()
    # "deposit" is searched on three occasions (two counters, two days); "bicycle" on two.
    yesterday = today - timedelta(days=1)
    searched(database_url, [(today, "bapa-1"), (today, "bon-2"), (yesterday, "bapa-1")], "deposit", True)
    searched(database_url, [(today, "bapa-1"), (yesterday, "bapa-1")], "bicycle", False)
    assert add_user(search_app).exit_code == 0
    staff = search_app.test_client()
    assert sign_in(staff).status_code == 302
    page = staff.get(f"/staff/searches?week={week_of(today)}").get_data(as_text=True)
    assert "deposit" in page
    assert "benali" not in page.lower() and "bicycle" not in page
    for table in ("top", "zero", "unopened", "missing"):
        exported = "\n".join(",".join(row) for row in read_csv(staff.get(f"/staff/searches.csv?table={table}")))
        assert "benali" not in exported.lower() and "bicycle" not in exported
    assert "deposit" in "\n".join(",".join(row) for row in read_csv(staff.get("/staff/searches.csv?table=top")))
    # The visitor's note is shown, without the words they searched.
    notes = read_csv(staff.get("/staff/searches.csv?table=missing"))
    assert [row[2:] for row in notes[1:]] == [["(a rare search, not shown)", "my file"]]
    # A third occasion: "bicycle" has become a common search and is shown, also as found nothing.
    searched(database_url, [(today, "bon-2")], "bicycle", False)
    zero = read_csv(staff.get("/staff/searches.csv?table=zero"))
    assert [row[:2] for row in zero[1:]] == [["en", "bicycle"]]


@ON_BOTH_ENGINES
def test_search_rows_are_purged_after_the_days_kept(search_app, database_url):
    today = date.today()
    old, recent = today - timedelta(days=91), today - timedelta(days=89)
    searched(database_url, [(old, "bapa-1"), (recent, "bapa-1")], "deposit", False)
    assert search_app.extensions["recorder"].purge()
    assert [(row.day, row.nothing_found) for row in stored(database_url, DailySearch)] == [(recent, 1)]


def test_the_settings_are_checked(tmp_path, content_dir):
    from conftest import make_config

    from app.config import ConfigError

    config = make_config(tmp_path, content_dir)
    assert (config.search_min_occasions, config.search_days_kept) == (3, 90)
    with pytest.raises(ConfigError, match="search_min_occasions"):
        make_config(tmp_path, content_dir, search_min_occasions=0)
    with pytest.raises(ConfigError, match="search_days_kept"):
        make_config(tmp_path, content_dir, search_days_kept="a year")
