"""Translation status and the content check, as tables."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..content import ContentSet
from ..content.status import translation_status, used_languages
from ..records import source_text, stored_source_texts
from .tables import N_, Table

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
