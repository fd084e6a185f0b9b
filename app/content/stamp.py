"""Edit the revision marks in content files' front matter, keeping everything else as written.

``flask content stamp`` uses these after a review: a translation is marked as made from the
original's current revision, or an original gets a new revision (its translations become
outdated). A minor edit of an original keeps its revision; see app/cli.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from .frontmatter import FrontMatterError, split_front_matter

_REVISION = re.compile(r"^(?P<indent>\s*)revision:\s*\S.*$")
_MACHINE = re.compile(r"^(?P<indent>\s*)machine:\s*\S.*$")
_INLINE_TRANSLATION = re.compile(r"^translation:\s*\{(?P<body>.*)\}\s*$")


class StampError(ValueError):
    """The file's front matter is not in a form this command can edit safely."""


def _front_matter(path: Path) -> tuple[list[str], int]:
    """The file's lines and the index of the line closing its front matter."""
    text = path.read_text("utf-8")
    try:
        parts = split_front_matter(text)
    except FrontMatterError as error:
        raise StampError(f"{path}:{error.line}: {error.message}") from None
    return text.split("\n"), parts.closing_line - 1


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def bump_revision(path: Path) -> int:
    """Give an original its next revision number; returns the new number."""
    lines, end = _front_matter(path)
    for n in range(1, end):
        if lines[n].startswith("revision:"):
            try:
                revision = int(lines[n].split(":", 1)[1].split("#", 1)[0]) + 1
            except ValueError:
                raise StampError(f"{path}:{n + 1}: 'revision' is not a whole number") from None
            lines[n] = f"revision: {revision}"
            _write(path, lines)
            return revision
    # No revision line means revision 1.
    lines.insert(end, "revision: 2")
    _write(path, lines)
    return 2


def stamp_translation(path: Path, revision: int, reviewed: bool = False) -> None:
    """Mark a translation as made from ``revision`` of its original (and reviewed, if said)."""
    lines, end = _front_matter(path)
    start = next((n for n in range(1, end) if lines[n].startswith("translation:")), None)
    if start is None:
        raise StampError(f"{path}: no 'translation:' block; is this the original?")
    inline = _INLINE_TRANSLATION.match(lines[start])
    if inline:
        fields = dict(
            (part.split(":", 1)[0].strip(), part.split(":", 1)[1].strip())
            for part in inline["body"].split(",")
            if ":" in part
        )
        fields["revision"] = str(revision)
        if reviewed:
            fields["machine"] = "false"
        lines[start] = "translation: {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
        _write(path, lines)
        return
    block_end = start + 1
    while block_end < end and lines[block_end][:1] in (" ", "\t"):
        block_end += 1
    block = range(start + 1, block_end)
    indent = "  "
    found_revision = found_machine = False
    for n in block:
        if match := _REVISION.match(lines[n]):
            indent = match["indent"]
            lines[n] = f"{indent}revision: {revision}"
            found_revision = True
        elif reviewed and (match := _MACHINE.match(lines[n])):
            lines[n] = f"{match['indent']}machine: false"
            found_machine = True
    additions = [] if found_revision else [f"{indent}revision: {revision}"]
    if reviewed and not found_machine:
        additions.append(f"{indent}machine: false")
    lines[block_end:block_end] = additions
    _write(path, lines)
