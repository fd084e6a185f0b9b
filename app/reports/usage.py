"""Feedback answers and page views over time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import (
    WEB,
    DailyPageView,
    Feedback,
)
from .tables import N_, Table, week_of

# -- feedback ------------------------------------------------------------------------------


def feedback_tables(session: Session, since: date) -> list[Table]:
    helpful = func.sum(case((Feedback.helpful, 1), else_=0))
    answers = func.count()
    summary = session.execute(
        select(Feedback.topic, Feedback.article, Feedback.lang, answers, helpful)
        .where(Feedback.day >= since)
        .group_by(Feedback.topic, Feedback.article, Feedback.lang)
        .order_by(answers.desc(), Feedback.topic, Feedback.article, Feedback.lang)
    )
    rows = [
        (f"{t}/{a}", lang, n, int(yes or 0), n - int(yes or 0), round(100 * int(yes or 0) / n))
        for t, a, lang, n, yes in summary
    ]
    comments = session.execute(
        select(Feedback.day, Feedback.topic, Feedback.article, Feedback.lang, Feedback.helpful, Feedback.comment)
        .where(Feedback.day >= since, Feedback.comment != "")
        .order_by(Feedback.day.desc(), Feedback.id.desc())
    )
    return [
        Table(
            "answers",
            N_("Was this helpful?"),
            (N_("article"), N_("language"), N_("answers"), N_("yes"), N_("no"), N_("yes, percent")),
            rows,
        ),
        Table(
            "comments",
            N_("Comments"),
            (N_("day"), N_("article"), N_("language"), N_("helpful"), N_("comment")),
            [(d.isoformat(), f"{t}/{a}", lang, "yes" if h else "no", c) for d, t, a, lang, h, c in comments],
        ),
    ]


# -- use over time -------------------------------------------------------------------------

DIMENSIONS = {"topic": DailyPageView.topic, "language": DailyPageView.lang, "counter": DailyPageView.counter}
USAGE_TITLES = {
    "topic": N_("Page views per week by topic"),
    "language": N_("Page views per week by language"),
    "counter": N_("Page views per week by counter"),
}
DIMENSION_NAMES = {"topic": N_("topic"), "language": N_("language"), "counter": N_("counter")}


@dataclass(frozen=True)
class Usage:
    weeks: list[str]
    series: dict[str, list[int]]  # name → views per week, biggest first
    table: Table


def usage(session: Session, by: str, weeks: int, today: date) -> Usage:
    """Page views per week over the last ``weeks`` weeks, split by topic, language or counter."""
    column = DIMENSIONS[by]
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    labels = [week_of(first + timedelta(weeks=n)) for n in range(weeks)]
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    rows = session.execute(
        select(column, DailyPageView.day, func.sum(DailyPageView.count))
        .where(DailyPageView.day >= first)
        .group_by(column, DailyPageView.day)
    )
    for name, day, count in rows:
        if by == "topic" and not name:
            name = "(topics page)"
        elif by == "counter" and name == WEB:
            name = "(web)"
        totals[name][(day - first).days // 7] += int(count)
    series = dict(sorted(totals.items(), key=lambda item: (-sum(item[1]), item[0])))
    table = Table("usage", USAGE_TITLES[by], (by, *labels, N_("total")), [(n, *c, sum(c)) for n, c in series.items()])
    return Usage(labels, series, table)
