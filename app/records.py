"""Write anonymous records to the database: counts, feedback, notes, heartbeats, source texts.

No Flask here: every function takes a SQLAlchemy session and plain values, so the recorder's
thread, the views, the CLI and the tests all call the same code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .anonymise import clean_comment, normalise_query
from .content import ContentSet
from .content.frontmatter import FrontMatterError, split_front_matter
from .models import (
    CounterHeartbeat,
    DailyPageView,
    DailySearch,
    Feedback,
    MissingReport,
    ProvisionedCounter,
    PublicationRecord,
    SourceText,
    UsedFormToken,
)

ViewKey = tuple[date, str, str, str, str]  # day, lang, topic, article, counter
SearchKey = tuple[date, str, str, str]  # day, lang, normalised query, counter


def utcnow() -> datetime:
    """Naive UTC, the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def _add_counts(session: Session, model, keys: tuple[str, ...], counts: Mapping[str, Mapping[tuple, int]]) -> None:
    """Add to daily counters in one statement: insert, or add to the row that is there.
    ``counts``: for each counting column, the number to add per key."""
    every_key = {key for numbers in counts.values() for key in numbers}
    if not every_key:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model)
    columns = model.__table__.c
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: columns[name] + statement.excluded[name] for name in counts},
    )
    rows = [
        dict(zip(keys, key, strict=True), **{name: numbers.get(key, 0) for name, numbers in counts.items()})
        for key in every_key
    ]
    session.execute(statement, rows)


def add_page_views(session: Session, counts: Mapping[ViewKey, int]) -> None:
    _add_counts(session, DailyPageView, ("day", "lang", "topic", "article", "counter"), {"count": counts})


def add_searches(
    session: Session,
    counts: Mapping[SearchKey, int],
    nothing_found: Mapping[SearchKey, int],
    opened: Mapping[SearchKey, int] | None = None,
) -> None:
    keys = ("day", "lang", "query", "counter")
    _add_counts(session, DailySearch, keys, {"count": counts, "nothing_found": nothing_found, "opened": opened or {}})


class Row(NamedTuple):
    """A table and the values of one new row."""

    model: type
    values: dict
    # The nonce of the form token it was sent with: one row per nonce, however often it is sent.
    once: str | None = None


# Used form tokens are kept this long: a token is valid for a day.
USED_TOKENS_KEPT = timedelta(days=2)


def feedback_row(
    day: date, lang: str, topic: str, article: str, helpful: bool, comment: str, once: str | None = None
) -> Row:
    values = {"day": day, "lang": lang, "topic": topic, "article": article, "helpful": helpful}
    return Row(Feedback, values | {"comment": clean_comment(comment)}, once)


def missing_report_row(day: date, lang: str, query: str, message: str, once: str | None = None) -> Row:
    values = {"day": day, "lang": lang, "query": normalise_query(query), "message": clean_comment(message)}
    return Row(MissingReport, values, once)


def _first_use(session: Session, nonce: str, day: date) -> bool:
    """Note a form token's nonce as used; False if it was used before (by any worker or server)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(UsedFormToken).values(nonce=nonce[:32], day=day).on_conflict_do_nothing()
    return session.execute(statement.returning(UsedFormToken.nonce)).first() is not None


def add_rows(session: Session, rows: Iterable[Row]) -> None:
    """Insert new rows, one statement per table; a row whose form token was used before is left out."""
    by_table: dict[type, list[dict]] = {}
    for model, values, once in rows:
        if once is None or _first_use(session, once, values["day"]):
            by_table.setdefault(model, []).append(values)
    for model, values in by_table.items():
        session.execute(insert(model), values)


def purge(session: Session, today: date, search_days_kept: int = 90) -> None:
    """Delete what is kept only for a while: used form tokens, search rows, stray heartbeats."""
    session.execute(delete(UsedFormToken).where(UsedFormToken.day < today - USED_TOKENS_KEPT))
    session.execute(delete(DailySearch).where(DailySearch.day < today - timedelta(days=search_days_kept)))
    # Heartbeats of counters that are not (or no longer) provisioned.
    provisioned = select(ProvisionedCounter.name)
    session.execute(delete(CounterHeartbeat).where(CounterHeartbeat.counter.not_in(provisioned)))


def record_heartbeat(
    session: Session,
    counter: str,
    software_version: str,
    content_revision: str,
    now: datetime | None = None,
    status: Mapping | None = None,
) -> None:
    """Note that ``counter`` is alive now, with what it runs; ``status`` (a follower's sync:
    publication, published_at, sync_problem) only when it sent one, so a counter's browser,
    which sends none, leaves what its own server's sync reported."""
    now = now or utcnow()
    values = {"last_seen": now, "software_version": software_version[:64], "content_revision": content_revision[:80]}
    if status is not None:
        values |= {
            "publication": status.get("publication"),
            "published_at": status.get("published_at"),
            "sync_problem": (status.get("sync_problem") or "")[:500],
        }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CounterHeartbeat).values(counter=counter, first_seen=now, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["counter"], set_=values))


Heartbeat = tuple[str, str, datetime, Mapping | None]  # software version, content revision, when (UTC), status


def record_heartbeats(session: Session, beats: Mapping[str, Heartbeat]) -> None:
    """The latest heartbeat of each counter, as the recorder collected them."""
    for counter, (software_version, content_revision, when, status) in beats.items():
        record_heartbeat(session, counter, software_version, content_revision, when, status)


def replace_counter_totals(session: Session, counter: str, views: Iterable[tuple], searches: Iterable[tuple]) -> int:
    """A counter's own daily totals, as it counted them: each replaces the row for (counter, day,
    key), never adds to it, so totals sent twice count once. ``views``: (day, lang, topic,
    article, count); ``searches``: (day, lang, query, count, nothing_found). Returns rows stored."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stored = 0
    for model, keys, counting, rows in (
        (DailyPageView, ("day", "lang", "topic", "article"), ("count",), list(views)),
        (DailySearch, ("day", "lang", "query"), ("count", "nothing_found"), list(searches)),
    ):
        if not rows:
            continue
        values = [dict(zip((*keys, *counting), row, strict=True), counter=counter) for row in rows]
        statement = insert(model)
        statement = statement.on_conflict_do_update(
            index_elements=[*keys, "counter"], set_={name: statement.excluded[name] for name in counting}
        )
        session.execute(statement, values)
        stored += len(rows)
    return stored


def record_publication(session: Session, publication, published_by: str = "") -> None:
    """Keep a publication (app/publishing.Publication) for the Counters page; once per number."""
    if session.get(PublicationRecord, publication.number) is not None:
        return
    session.add(
        PublicationRecord(
            number=publication.number,
            revision=publication.revision,
            source=publication.source,
            published_at=publication.published_at.astimezone(UTC).replace(tzinfo=None),
            published_by=published_by[:64],
            restores=publication.restores,
        )
    )


def source_text(version) -> str:
    """What staff compare between revisions: title, summary and the Markdown body as written."""
    raw = version.path.read_text("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        body = split_front_matter(raw).body
    except FrontMatterError:
        body = raw  # the file lost its front matter since it was loaded: all of it is text
    return f"# {version.title}\n\n{version.summary}\n\n{body.strip()}\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_source_texts(session: Session, content: ContentSet, now: datetime | None = None) -> int:
    """Keep the text of each original at its current revision, once; returns rows added."""
    known = {(a, r) for a, r in session.execute(select(SourceText.article, SourceText.revision))}
    added = 0
    for article in content.articles.values():
        original = article.original
        if original is None or original.revision is None or (article.key, original.revision) in known:
            continue
        try:
            text = source_text(original)
        except OSError:
            continue  # the file went away since loading; the next load records it
        session.add(
            SourceText(
                article=article.key,
                lang=original.lang,
                revision=original.revision,
                text=text,
                sha256=_sha256(text),
                recorded_at=now or utcnow(),
            )
        )
        added += 1
    return added


def replace_source_text(session: Session, article, now: datetime | None = None) -> None:
    """After a minor edit: the current text becomes the text of the current revision."""
    original = article.original
    text = source_text(original)
    row = session.scalar(
        select(SourceText).where(SourceText.article == article.key, SourceText.revision == original.revision)
    )
    if row is None:
        row = SourceText(article=article.key, lang=original.lang, revision=original.revision)
        session.add(row)
    row.text, row.sha256, row.recorded_at = text, _sha256(text), now or utcnow()


def stored_source_texts(session: Session, keys: Iterable[str]) -> dict[tuple[str, int], SourceText]:
    keys = list(keys)
    if not keys:
        return {}
    rows = session.scalars(select(SourceText).where(SourceText.article.in_(keys)))
    return {(row.article, row.revision): row for row in rows}
