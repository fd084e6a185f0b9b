"""SQLAlchemy tables: only what is not in content files, and nothing about a person.

Privacy by design: no table has a column for an IP address, a user agent, a cookie or a visitor
id, and nothing is stored per visit. Views and searches are counts per day; search words are
stored normalised, with digit runs masked; feedback keeps the day, never the time. The schema
changes only through migrations (``migrations/``, ``flask --app wsgi db upgrade``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, MetaData, String, Text, UniqueConstraint, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so migrations can alter them the same way on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Lengths shared by the tables and the code that fills them (longer input is cut, not refused).
QUERY_LENGTH = 100
COMMENT_LENGTH = 500
COUNTER_LENGTH = 64
# A web visitor (not at a counter) is counted under this counter id.
WEB = ""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DailyPageView(Base):
    """How often a page was shown, per day, language, topic, article and counter."""

    __tablename__ = "daily_page_views"
    __table_args__ = (UniqueConstraint("day", "lang", "topic", "article", "counter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(100), default="")  # "" for the topics page
    article: Mapped[str] = mapped_column(String(100), default="")  # "" for a topic's page
    counter: Mapped[str] = mapped_column(String(COUNTER_LENGTH), default=WEB)
    count: Mapped[int] = mapped_column(Integer, default=0)


class DailySearch(Base):
    """How often a normalised query was searched, per day, language and counter, how many of
    those searches found nothing (what the content is missing) and how often a result was opened."""

    __tablename__ = "daily_searches"
    __table_args__ = (UniqueConstraint("day", "lang", "query", "counter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(16))
    query: Mapped[str] = mapped_column(String(QUERY_LENGTH))
    counter: Mapped[str] = mapped_column(String(COUNTER_LENGTH), default=WEB)
    count: Mapped[int] = mapped_column(Integer, default=0)
    nothing_found: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # How often a visitor opened one of its results (what was found was what they meant).
    opened: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MissingReport(Base):
    """A visitor's note, from the "nothing found" page, about what they were looking for."""

    __tablename__ = "missing_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(16))
    query: Mapped[str] = mapped_column(String(QUERY_LENGTH))
    message: Mapped[str] = mapped_column(Text, default="")  # digit runs masked, COMMENT_LENGTH at most


class Feedback(Base):
    """One "was this helpful?" answer. The day only: a time could be matched to a visit."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(100))
    article: Mapped[str] = mapped_column(String(100))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")  # digit runs masked, COMMENT_LENGTH at most


class UsedFormToken(Base):
    """The nonce of a public form's token whose answer was stored: one answer per token.
    The day only, and kept two days (a token is valid for one)."""

    __tablename__ = "used_form_tokens"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)


class ProvisionedCounter(Base):
    """A counter staff provisioned: only its heartbeats count. The key's SHA-256, never the key."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(COUNTER_LENGTH), primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CounterHeartbeat(Base):
    """The last sign of life of each provisioned counter: one row per counter, updated in place."""

    __tablename__ = "counter_heartbeats"

    counter: Mapped[str] = mapped_column(String(COUNTER_LENGTH), primary_key=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC, naive
    software_version: Mapped[str] = mapped_column(String(64), default="")
    content_revision: Mapped[str] = mapped_column(String(80), default="")
    # Sent by a follower's `content sync` (a counter's own server, another server of the region);
    # a counter's browser sends none of these and leaves them as they are.
    publication: Mapped[int | None] = mapped_column(Integer, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # UTC, naive
    sync_problem: Mapped[str] = mapped_column(String(500), default="", server_default="")


class PublicationRecord(Base):
    """A publication made on the publishing server (the signed record is in git, app/publishing):
    kept here so that every server's Counters page can tell who is behind, and since when."""

    __tablename__ = "publications"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[str] = mapped_column(String(64))  # the signed publication commit
    source: Mapped[str] = mapped_column(String(64))  # the content commit it was made from
    published_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive
    published_by: Mapped[str] = mapped_column(String(64), default="", server_default="")  # staff username
    restores: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a rollback: the one brought back


class SourceText(Base):
    """The text of an original article at one revision, kept so staff can see what changed
    in the source since a translation was made. ``edited`` is set when the file changed but
    its revision number did not (see ``flask content stamp --minor``)."""

    __tablename__ = "source_texts"
    __table_args__ = (UniqueConstraint("article", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article: Mapped[str] = mapped_column(String(200))  # topic/slug
    lang: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class StaffUser(Base):
    """A staff account. Only a salted, slow hash of the password is kept."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Sessions carry the generation they were opened in; signing out moves it on, which ends
    # every session of the account, copies of the cookie included.
    sign_in_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # admin, editor or translator (staff_accounts.Role); a translator works in ``languages``.
    role: Mapped[str] = mapped_column(String(16))
    languages: Mapped[str] = mapped_column(String(200), default="", server_default="")  # "ar,prs"
    # The language of the staff pages for this person; None: the browser's preference.
    staff_language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # A deactivated account cannot sign in; it is kept so the audit trail keeps its name.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class LoginAttempt(Base):
    """Failed staff logins, in the database so the limit holds across every worker and server.
    The username tried, the time and a keyed hash of the client, deleted after 15 minutes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    # A keyed hash of the client's address (staff_accounts.client_key), never the address.
    client: Mapped[str] = mapped_column(String(32), index=True, default="", server_default="")
    attempted_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEntry(Base):
    """What a staff account did to a content file in the studio, and the commit it made. About
    staff only: no visitor data. A deactivated account keeps its entries (accounts are never
    deleted from the studio)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC, naive
    username: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))  # studio.audit.ACTIONS
    path: Mapped[str] = mapped_column(String(300), index=True)  # in the content folder
    revision: Mapped[str] = mapped_column(String(64), default="", server_default="")  # the git commit
