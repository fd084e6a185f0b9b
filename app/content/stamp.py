"""Edit the revision marks in content files' front matter, keeping everything else as written.

``flask content stamp`` uses these after a review: a translation is marked as made from the
original's current revision, or an original gets a new revision (its translations become
outdated). A minor edit of an original keeps its revision; see app/cli.py. The files are edited
through the one content writer (app/content/frontmatter.py): comments, key order and the
layout of the rest of the file stay as they were.
"""

from __future__ import annotations

from pathlib import Path

from .frontmatter import ContentDocument, FrontMatterError, save_text


class StampError(ValueError):
    """The file's front matter is not in a form this command can edit safely."""


def _open(path: Path) -> ContentDocument:
    try:
        return ContentDocument(Path(path).read_text("utf-8"))
    except FrontMatterError as error:
        raise StampError(f"{path}:{error.line}: {error.message}") from None
    except ValueError as error:  # YAML the round-trip reader refuses (the check reports it too)
        raise StampError(f"{path}: the front matter cannot be edited: {error}") from None


def bump_revision(path: Path) -> int:
    """Give an original its next revision number; returns the new number."""
    document = _open(path)
    current = document.fields.get("revision", 1)  # no revision field means revision 1
    if not isinstance(current, int) or isinstance(current, bool):
        raise StampError(f"{path}: 'revision' is not a whole number")
    document.fields["revision"] = current + 1
    save_text(path, document.text())
    return current + 1


def stamp_translation(path: Path, revision: int, reviewed: bool = False) -> None:
    """Mark a translation as made from ``revision`` of its original (and reviewed, if said)."""
    document = _open(path)
    translation = document.fields.get("translation")
    if not isinstance(translation, dict):
        raise StampError(f"{path}: no 'translation:' block; is this the original?")
    translation["revision"] = revision
    if reviewed:
        translation["machine"] = False
    save_text(path, document.text())
