"""What changed between two versions of a text, for people: changed lines with the words that
changed marked inside them, one line of context, long unchanged stretches left out. The result
is data (kinds and plain text); templates escape it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words, runs of spaces and single signs: a phone number "02 123 45 67" changes digit group by group.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffLine:
    """One line of a difference. ``kind``: "same" (context), "added", "removed", "changed" (old
    and new words in one line) or "gap" (unchanged lines left out). ``parts``: (kind, text) with
    kind "same", "added" or "removed"."""

    kind: str
    parts: tuple[tuple[str, str], ...] = ()


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """``old`` to ``new`` as (kind, text) parts, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(parts, "same", "".join(a[i1:i2]))
        else:
            _add(parts, "removed", "".join(a[i1:i2]))
            _add(parts, "added", "".join(b[j1:j2]))
    return tuple(parts)


def _add(parts: list[tuple[str, str]], kind: str, text: str) -> None:
    if not text:
        return
    if parts and parts[-1][0] == kind:
        parts[-1] = (kind, parts[-1][1] + text)
    else:
        parts.append((kind, text))


def line_diff(old: str | None, new: str | None, context: int = 1) -> list[DiffLine]:
    """The changed lines of ``old`` to ``new`` (None: no file), with ``context`` lines around them."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine] = []
    for group in SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", (("same", line),)) for line in a[i1:i2]]
                continue
            old_lines, new_lines = a[i1:i2], b[j1:j2]
            paired = min(len(old_lines), len(new_lines)) if tag == "replace" else 0
            pairs = zip(old_lines[:paired], new_lines[:paired], strict=True)
            lines += [DiffLine("changed", word_diff(o, n)) for o, n in pairs]
            lines += [DiffLine("removed", (("removed", line),)) for line in old_lines[paired:]]
            lines += [DiffLine("added", (("added", line),)) for line in new_lines[paired:]]
    return lines
