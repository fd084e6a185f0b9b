"""Edit the revision marks in content files' front matter, keeping everything else as written.

``flask content stamp`` uses these after a review: a translation is marked as made from the
original's current revision, or an original gets a new revision (its translations become
outdated). A minor edit of an original keeps its revision; see app/cli/content.py. The studio's
translation workspace approves a translation with the same functions, on text, then saves it
through the content history. The files are edited through the one content writer
(app/content/frontmatter.py): comments, key order and the layout of the rest of the file stay as
they were. Stamping also moves the "updated" date to the day of the stamp: visitors read it as
"Last updated".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .frontmatter import ContentDocument, FrontMatterError, save_text


class StampError(ValueError):
    """The file's front matter is not in a form this command can edit safely."""


def _document(text: str, where: str) -> ContentDocument:
    try:
        return ContentDocument(text)
    except FrontMatterError as error:
        raise StampError(f"{where}:{error.line}: {error.message}") from None
    except ValueError as error:  # YAML the round-trip reader refuses (the check reports it too)
        raise StampError(f"{where}: the front matter cannot be edited: {error}") from None


def _open(path: Path) -> ContentDocument:
    return _document(Path(path).read_text("utf-8"), str(path))


def _date_updated(document: ContentDocument, today: date | None) -> None:
    if today is not None:
        document.fields["updated"] = today


def dated_today(text: str, today: date, where: str = "file") -> str:
    """The file's text with ``today`` as its "last updated" date (a studio save that changed it)."""
    document = _document(text, where)
    _date_updated(document, today)
    return document.text()


def bumped_revision_text(text: str, today: date | None = None, where: str = "file") -> tuple[str, int]:
    """An original's text with its next revision number (and ``today`` as its date), and that number."""
    document = _document(text, where)
    current = document.fields.get("revision", 1)  # no revision field means revision 1
    if not isinstance(current, int) or isinstance(current, bool):
        raise StampError(f"{where}: 'revision' is not a whole number")
    document.fields["revision"] = current + 1
    _date_updated(document, today)
    return document.text(), current + 1


def bump_revision(path: Path, today: date | None = None) -> int:
    """Give an original its next revision number; returns the new number."""
    text, revision = bumped_revision_text(Path(path).read_text("utf-8"), today, str(path))
    save_text(path, text)
    return revision


def stamped_translation_text(
    text: str,
    revision: int,
    reviewed: bool = False,
    *,
    reviewed_by: str | None = None,
    today: date | None = None,
    where: str = "file",
) -> str:
    """A translation's text marked as made from ``revision`` of its original (reviewed, if said:
    by ``reviewed_by`` on ``today`` when given), dated ``today`` when given."""
    document = _document(text, where)
    translation = document.fields.get("translation")
    if not isinstance(translation, dict):
        raise StampError(f"{where}: no 'translation:' block; is this the original?")
    translation["revision"] = revision
    if reviewed:
        translation["machine"] = False
        if reviewed_by:
            translation["reviewed_by"] = reviewed_by
            day = today or date.today()
            # A date object of its own: one shared with "updated" would be written as a YAML alias.
            translation["reviewed_on"] = date(day.year, day.month, day.day)
    _date_updated(document, today)
    return document.text()


def stamp_translation(
    path: Path, revision: int, reviewed: bool = False, *, reviewed_by: str | None = None, today: date | None = None
) -> None:
    """Mark a translation as made from ``revision`` of its original (and reviewed, if said)."""
    text = stamped_translation_text(
        Path(path).read_text("utf-8"), revision, reviewed, reviewed_by=reviewed_by, today=today, where=str(path)
    )
    save_text(path, text)
