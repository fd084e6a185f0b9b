"""Where a content file's front matter ends and its Markdown body begins: the one rule for it.

A file starts with a line ``---``; the front matter runs to the next line ``---``; everything
after that line is the body, including any later ``---`` (a Markdown horizontal rule).
"""

from __future__ import annotations

from dataclasses import dataclass

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
