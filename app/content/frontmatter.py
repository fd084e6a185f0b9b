"""Content files: where the front matter ends and the Markdown body begins (the one rule for it),
and the one way the kiosk edits and saves such a file.

A file starts with a line ``---``; the front matter runs to the next line ``---``; everything
after that line is the body, including any later ``---`` (a Markdown horizontal rule).
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

DELIMITER = "---"


class FrontMatterError(ValueError):
    """The text has no front matter, or it is not closed; ``line`` is where to look."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parts:
    front: str  # the YAML between the two delimiters, without them
    body: str  # everything after the closing delimiter
    front_first_line: int  # the file line where the YAML starts (2)
    closing_line: int  # the file line of the closing delimiter


def split_front_matter(text: str) -> Parts:
    """Split a content file's text into its front matter and its body."""
    lines = text.split("\n")
    if lines[0].strip() != DELIMITER:
        raise FrontMatterError(1, "missing front matter: the file must start with a line '---'")
    for end in range(1, len(lines)):
        if lines[end].strip() == DELIMITER:
            return Parts("\n".join(lines[1:end]), "\n".join(lines[end + 1 :]), 2, end + 1)
    raise FrontMatterError(1, "front matter is not closed: add a line '---' after it")


# -- Editing a file: the one writer --------------------------------------------------------------
# Content files are written by hand and by the kiosk (`content stamp`, the staff studio). The
# kiosk edits them through ruamel.yaml's round trip, so that a file it saves looks like one written
# by hand: key order, comments, quotes and flow mappings stay as they were. Reading for serving
# stays with the strict PyYAML reader (app/content/yamlsafe.py); this side is only for editing.


def _round_trip_yaml(text: str):
    """A round-trip reader/writer laid out like ``text`` (files differ in how lists are indented)."""
    from ruamel.yaml import YAML  # imported here: serving content never needs it
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, dash_offset = load_yaml_guess_indent(text)
    except Exception:  # noqa: BLE001 - not YAML at all: the real load below says where
        indent, dash_offset = 2, 0
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line of text
    yaml.indent(mapping=2, sequence=indent if dash_offset is not None else 2, offset=dash_offset or 0)
    return yaml


class ContentDocument:
    """A content file opened for editing: ``fields`` (the front matter, a mapping that keeps its
    comments and order) and ``body`` (the Markdown). ``text()`` gives the file back; unchanged,
    it is the same text byte for byte."""

    def __init__(self, text: str):
        self.original = text
        parts = split_front_matter(text)
        self._yaml = _round_trip_yaml(parts.front)
        try:
            self.fields = self._yaml.load(parts.front) if parts.front.strip() else None
        except Exception as error:  # noqa: BLE001 - any YAML error: reported with its line
            line = _line_of(error, parts.front_first_line)
            raise FrontMatterError(line, f"the front matter is not valid YAML: {error}") from None
        if self.fields is None:
            from ruamel.yaml.comments import CommentedMap

            self.fields = CommentedMap()
        elif not isinstance(self.fields, dict):
            raise FrontMatterError(parts.front_first_line, "the front matter must be a mapping of fields")
        self.body = parts.body
        self._front, self._body = parts.front, parts.body

    def _front_text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.fields, out)
        return out.getvalue()

    def text(self) -> str:
        front = self._front_text()
        if front.rstrip("\n") == self._front.rstrip("\n") and self.body == self._body:
            return self.original  # nothing changed: not even the delimiters' spacing
        return f"{DELIMITER}\n{front}{DELIMITER}\n{self.body}"


class DataDocument:
    """A YAML data file (a place, an event, the topic list) opened for editing, like ContentDocument."""

    def __init__(self, text: str):
        self.original = text
        self._yaml = _round_trip_yaml(text)
        self.data = self._yaml.load(text)

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()


def _line_of(error: Exception, first_line: int) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return first_line + mark.line if mark is not None else first_line


def open_document(path: Path) -> ContentDocument:
    return ContentDocument(Path(path).read_text("utf-8"))


def save_text(path: Path, text: str) -> None:
    """Write a file atomically: a crash leaves the old file or the new one, never half of each."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
