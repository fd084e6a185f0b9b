"""What visitors searched for: only searches made on several occasions (never one person's words)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    DailySearch,
    MissingReport,
)
from .tables import N_, TOP_SEARCHES, Table, week_start

# -- searches ------------------------------------------------------------------------------


# A search note's query that is not a common search yet, shown instead of the words.
RARE_SEARCH = "(a rare search, not shown)"


def common_searches(session: Session, min_occasions: int):
    """(lang, query) searched on at least ``min_occasions`` different (day, counter) occasions.

    Each DailySearch row is one occasion (its unique key is day, language, query and counter),
    so what one visitor typed on one day at one counter is never common.
    """
    return (
        select(DailySearch.lang, DailySearch.query)
        .group_by(DailySearch.lang, DailySearch.query)
        .having(func.count() >= min_occasions)
        .subquery()
    )


def _search_rows(
    session: Session, counted, lang: str | None, start: date, limit: int, common, none_opened: bool = False
) -> list[tuple]:
    """The week's searches by ``counted`` (all searches, or those that found nothing), most first;
    with ``none_opened``, only those none of whose results a visitor opened that week."""
    total = func.sum(counted).label("total")
    query = (
        select(DailySearch.lang, DailySearch.query, total)
        .join(common, (common.c.lang == DailySearch.lang) & (common.c.query == DailySearch.query))
        .where(DailySearch.day >= start, DailySearch.day < start + timedelta(days=7))
    )
    if lang:
        query = query.where(DailySearch.lang == lang)
    query = query.group_by(DailySearch.lang, DailySearch.query).having(total > 0)
    if none_opened:
        query = query.having(func.sum(DailySearch.opened) == 0)
    query = query.order_by(total.desc(), DailySearch.query).limit(limit)
    return [tuple(row) for row in session.execute(query)]


def search_tables(session: Session, lang: str | None, week: str, min_occasions: int = 3) -> list[Table]:
    """Top searches, searches that found nothing, and visitors' notes, for one week: only
    searches made on at least ``min_occasions`` occasions (names typed by one visitor never)."""
    start = week_start(week)
    common = common_searches(session, min_occasions)
    columns = (N_("language"), N_("search (normalised)"), N_("times"))
    is_common = select(common.c.query).where(common.c.lang == MissingReport.lang, common.c.query == MissingReport.query)
    notes = select(
        MissingReport.day, MissingReport.lang, MissingReport.query, is_common.exists(), MissingReport.message
    ).where(MissingReport.day >= start, MissingReport.day < start + timedelta(days=7))
    if lang:
        notes = notes.where(MissingReport.lang == lang)
    notes = notes.order_by(MissingReport.day.desc(), MissingReport.id.desc())
    return [
        Table(
            "top",
            N_("Top searches"),
            columns,
            _search_rows(session, DailySearch.count, lang, start, TOP_SEARCHES, common),
        ),
        Table(
            "zero",
            N_("Searches that found nothing"),
            columns,
            _search_rows(session, DailySearch.nothing_found, lang, start, 500, common),
        ),
        Table(
            "unopened",
            N_("Searches that found pages nobody opened"),
            columns,
            _search_rows(
                session, DailySearch.count - DailySearch.nothing_found, lang, start, 500, common, none_opened=True
            ),
        ),
        Table(
            "missing",
            N_("What visitors said was missing"),
            (N_("day"), N_("language"), N_("search (normalised)"), N_("note")),
            [(d.isoformat(), lg, q if ok else RARE_SEARCH, m) for d, lg, q, ok, m in session.execute(notes)],
        ),
    ]
