"""What staff see of the changes to an article file: its history, each change with what it did,
and, after a conflict, the other person's version beside theirs. No Flask."""

from __future__ import annotations

from typing import NamedTuple

from ..content.history import Change, ContentHistory, EditConflict, text_token
from .articles import OpenedFile
from .diff import DiffLine, line_diff, word_diff
from .editor_fields import EditorFields

# The editor's one-line fields, compared word by word after a conflict (the body line by line).
_SHORT_FIELDS = ("title", "summary", "keywords", "source", "publish_on", "expires_on")


class HistoryEntry(NamedTuple):
    change: Change
    diff: list[DiffLine]  # from the version before it
    restorable: bool  # an earlier version that still has a text


def history_entries(history: ContentHistory, path: str) -> list[HistoryEntry]:
    """The file's changes, newest first, each with what it changed (following renames)."""
    changes = history.log(path)
    entries = []
    for number, change in enumerate(changes):
        new = history.text_at(change.paths[0] if change.paths else path, change.revision)
        older = changes[number + 1] if number + 1 < len(changes) else None
        old = history.text_at(older.paths[0] if older.paths else path, older.revision) if older else None
        entries.append(HistoryEntry(change, line_diff(old, new), new is not None and number > 0))
    return entries


def conflict_details(conflict: EditConflict, fields: EditorFields) -> tuple[OpenedFile, dict]:
    """Someone saved the file after it was opened: the file as they left it (its token, so that
    the next save goes over theirs only once this person has seen it), and what differs."""
    theirs = conflict.current_text
    try:
        their_fields = EditorFields.from_text(theirs) if theirs is not None else EditorFields()
    except Exception:  # noqa: BLE001 - an unreadable file: shown as its text only
        their_fields = EditorFields(body=theirs or "")
    differences = {
        name: word_diff(getattr(their_fields, name), getattr(fields, name))
        for name in _SHORT_FIELDS
        if getattr(their_fields, name) != getattr(fields, name)
    }
    details = {
        "change": conflict.change,
        "theirs": their_fields,
        "differences": differences,
        "body_diff": line_diff(their_fields.body, fields.body),
    }
    return OpenedFile(conflict.path, theirs, text_token(theirs), fields), details
