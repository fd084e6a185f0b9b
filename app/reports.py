"""What the staff pages show, as tables that are also exported as CSV. No Flask here.

Each report returns ``Table`` objects: the page renders them, ``to_csv`` exports the same rows,
so a figure on screen and in a spreadsheet can never disagree.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .content import ContentSet
from .content.status import translation_status, used_languages
from .models import (
    WEB,
    CounterHeartbeat,
    DailyPageView,
    DailySearch,
    Feedback,
    MissingReport,
    ProvisionedCounter,
    PublicationRecord,
)
from .records import source_text, stored_source_texts

# A counter sends a heartbeat every minute; one that has been silent this long is offline.
ONLINE_SECONDS = 180
TOP_SEARCHES = 50


def N_(text: str) -> str:
    """Marks a table's title or column name for the catalogs (`make translations` extracts N_);
    the staff pages show it translated, CSV exports keep the English, which scripts rely on."""
    return text


@dataclass(frozen=True)
class Table:
    name: str  # the ?table= of its CSV export
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


# What starts a formula in a spreadsheet, also in full width (some spreadsheets read ＝ as =).
_FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def _spreadsheet_safe(cell):
    """``cell`` with a ' in front if a spreadsheet would run it as a formula.

    Spreadsheets skip spaces and invisible characters (zero-width spaces, direction marks, a
    byte order mark) before they look for "=": so does this check.
    """
    if not isinstance(cell, str):
        return cell
    visible = next((c for c in cell if unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp")), "")
    if cell[:1] in _FORMULA_STARTS or visible in _FORMULA_STARTS:
        return "'" + cell
    return cell


def to_csv(table: Table, delimiter: str = ",") -> str:
    """RFC 4180 CSV (or with ``;`` between cells, as spreadsheets set up for Belgium expect);
    cells that a spreadsheet would run as a formula are quoted with a '."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


# -- weeks ---------------------------------------------------------------------------------


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """Monday of an ISO week written 2026-W48; ValueError for anything else."""
    return datetime.strptime(week + "-1", "%G-W%V-%u").date()


# -- translation status --------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "remove", "context" or "hunk"
    text: str


@dataclass(frozen=True)
class OutdatedTranslation:
    article: str
    lang: str
    translated_from: int
    current_revision: int
    diff: list[DiffLine] | None  # None: the old revision's text was never recorded


@dataclass(frozen=True)
class TranslationReport:
    languages: tuple[str, ...]
    status: Table
    outdated: list[OutdatedTranslation]
    outdated_table: Table
    edited_originals: Table  # the file changed but its revision number did not


def text_diff(old: str, new: str) -> list[DiffLine]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    kinds = {"+": "add", "-": "remove", " ": "context", "@": "hunk"}
    return [DiffLine(kinds[line[0]], line[1:]) for line in lines if line[:3] not in ("---", "+++") and line]


def translation_report(session: Session, content: ContentSet, languages: tuple[str, ...]) -> TranslationReport:
    rows = translation_status(content, languages)
    shown = used_languages(rows, languages)
    status = Table(
        "status",
        N_("Articles × languages"),
        (N_("article"), *shown),
        [(row.article.key, *(row.states[c] for c in shown)) for row in rows],
    )
    texts = stored_source_texts(session, (row.article.key for row in rows))
    outdated, edited = [], []
    for row in rows:
        article, original = row.article, row.article.original
        if original is None or original.revision is None:
            continue
        try:
            current_text = source_text(original)
        except OSError:
            continue
        stored = texts.get((article.key, original.revision))
        if stored and stored.sha256 != hashlib.sha256(current_text.encode("utf-8")).hexdigest():
            edited.append((article.key, original.lang, original.revision, stored.recorded_at.date().isoformat()))
        for code, state in row.states.items():
            if state != "outdated":
                continue
            old = texts.get((article.key, article.versions[code].translation.source_revision))
            diff = text_diff(old.text, current_text) if old else None
            outdated.append(
                OutdatedTranslation(
                    article.key, code, article.versions[code].translation.source_revision, original.revision, diff
                )
            )
    outdated_table = Table(
        "outdated",
        N_("Outdated translations"),
        (
            N_("article"),
            N_("language"),
            N_("translated from revision"),
            N_("original revision"),
            N_("source text of that revision"),
        ),
        [
            (o.article, o.lang, o.translated_from, o.current_revision, "kept" if o.diff is not None else "not recorded")
            for o in outdated
        ],
    )
    edited_table = Table(
        "edited",
        N_("Originals edited without a new revision"),
        (N_("article"), N_("language"), N_("revision"), N_("revision recorded on")),
        edited,
    )
    return TranslationReport(shown, status, outdated, outdated_table, edited_table)


# -- content check -------------------------------------------------------------------------


def content_problems(content: ContentSet, checked: list | tuple = ()) -> Table:
    """The loader's problems and those of ``checked`` (content.checks), in file order."""
    found = sorted([*content.problems, *checked], key=lambda p: (str(p.path), p.line))
    rows = [
        (
            str(p.path.relative_to(content.root.parent)) if p.path.is_relative_to(content.root.parent) else str(p.path),
            p.line,
            "file skipped" if p.fatal else "warning",
            p.message,
        )
        for p in found
    ]
    return Table("problems", N_("Content check"), (N_("file"), N_("line"), N_("effect"), N_("problem")), rows)


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
            (N_("article"), N_("language"), N_("answers"), N_("yes"), N_("no"), N_("% yes")),
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


# -- counters ------------------------------------------------------------------------------


def age_text(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)} s"
    if seconds < 7200:
        return f"{int(seconds // 60)} min"
    if seconds < 172800:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


def counters_table(session: Session, now: datetime, online_seconds: int = ONLINE_SECONDS) -> Table:
    """Every provisioned counter (at most counter_keys.MAX_COUNTERS), with its last heartbeat."""
    rows = []
    provisioned = (
        select(ProvisionedCounter.name, CounterHeartbeat)
        .outerjoin(CounterHeartbeat, CounterHeartbeat.counter == ProvisionedCounter.name)
        .order_by(ProvisionedCounter.name)
    )
    for name, beat in session.execute(provisioned):
        if beat is None:
            rows.append((name, "offline", "never", "", "", ""))
            continue
        age = max(0.0, (now - beat.last_seen).total_seconds())
        rows.append(
            (
                name,
                "online" if age <= online_seconds else "offline",
                beat.last_seen.strftime("%Y-%m-%d %H:%M:%S UTC"),
                age_text(age),
                beat.software_version,
                beat.content_revision,
            )
        )
    rows.sort(key=lambda row: (row[1] == "online", row[0]))  # offline first: they need someone
    return Table(
        "counters",
        N_("Counters"),
        (
            N_("counter"),
            N_("status"),
            N_("last heartbeat"),
            N_("silent for"),
            N_("software version"),
            N_("content revision"),
        ),
        rows,
    )


@dataclass(frozen=True)
class ContentServed:
    """What one counter or server serves, as its last heartbeat said (app/publishing)."""

    name: str
    publication: int | None  # None: it has not reported one (a counter's browser, or never synced)
    published_at: datetime | None  # of the publication it serves (UTC, naive)
    behind_since: datetime | None  # when the first publication it has not taken was published
    last_seen: datetime | None
    software_version: str
    problem: str


def content_served(session: Session) -> tuple[PublicationRecord | None, list[ContentServed]]:
    """The newest publication, and for every provisioned counter or server what it serves."""
    publications = list(session.scalars(select(PublicationRecord).order_by(PublicationRecord.number)))
    newest = publications[-1] if publications else None
    rows = []
    provisioned = (
        select(ProvisionedCounter.name, CounterHeartbeat)
        .outerjoin(CounterHeartbeat, CounterHeartbeat.counter == ProvisionedCounter.name)
        .order_by(ProvisionedCounter.name)
    )
    for name, beat in session.execute(provisioned):
        served = beat.publication if beat is not None else None
        behind = None
        if served is not None:
            behind = next((p.published_at for p in publications if p.number > served), None)
        rows.append(
            ContentServed(
                name,
                served,
                beat.published_at if beat is not None else None,
                behind,
                beat.last_seen if beat is not None else None,
                beat.software_version if beat is not None else "",
                beat.sync_problem if beat is not None else "",
            )
        )
    # Behind (longest first) and with problems first: they need someone.
    rows.sort(
        key=lambda row: (row.behind_since is None and not row.problem, row.behind_since or datetime.max, row.name)
    )
    return newest, rows
