"""Replace a fact everywhere: a phone number, an address or a web address changed, in one article
or in all content, in every language at once, after a preview of each change. No Flask here.

A fact is not a new text to translate: the originals keep their revision, so no translation
becomes outdated. Article files are edited through ContentDocument (front matter fields and body
lines), places and events through DataDocument (every text value, at any depth), so a file keeps
its comments, key order and quotes. Each change is one line of one file; staff choose which to
apply, and all chosen ones are written as one commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.frontmatter import ContentDocument, DataDocument, FrontMatterError, split_front_matter
from ..content.history import text_token
from ..content.loader import OTHER_FOLDERS

DATA_FOLDERS = ("places", "events")
# A change is shown with this much of the text around it.
CONTEXT_CHARS = 80


@dataclass(frozen=True)
class Occurrence:
    """One place where the old text is: a line of a body, or a text value of the front matter or
    of a data file (``where`` says which: "body:12", "field:title", "field:hours/note/fr")."""

    path: str  # relative to the content folder
    line: int
    where: str
    before: str
    after: str

    @property
    def id(self) -> str:
        return f"{self.path}|{self.where}"


@dataclass(frozen=True)
class Preview:
    old: str
    new: str
    occurrences: tuple[Occurrence, ...]
    tokens: dict[str, str]  # path → text_token of the file as previewed

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.path for o in self.occurrences))


class ReplaceError(ValueError):
    """Nothing can be replaced as asked; the message says why."""


def _article_files(root: Path, article: str | None) -> list[Path]:
    if article is not None:
        folder = root / article
        return sorted(folder.glob("*.md")) if folder.is_dir() else []
    files = []
    for path in sorted(root.glob("*/*/*.md")):
        if path.relative_to(root).parts[0] not in OTHER_FOLDERS and not path.name.startswith("."):
            files.append(path)
    return files


def _data_files(root: Path) -> list[Path]:
    return [path for folder in DATA_FOLDERS for path in sorted((root / folder).glob("*.yaml"))]


def _shown(text: str, old: str, new: str | None = None) -> str:
    """The text around the first place ``old`` is, with it replaced when ``new`` is given."""
    at = text.find(old)
    start, end = max(0, at - CONTEXT_CHARS), min(len(text), at + len(old) + CONTEXT_CHARS)
    piece = text[start:end]
    piece = piece if new is None else piece.replace(old, new)
    return ("…" if start else "") + piece.strip() + ("…" if end < len(text) else "")


def _strings(node, path: tuple, line: int):
    """Every text value under ``node`` with its path of keys and its line (0-based, ruamel's)."""
    if isinstance(node, dict):
        for key, value in node.items():
            at = node.lc.value(key)[0] if hasattr(node, "lc") and node.lc.data and key in node.lc.data else line
            yield from _strings(value, (*path, str(key)), at)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            at = node.lc.item(index)[0] if hasattr(node, "lc") and node.lc.data and index in node.lc.data else line
            yield from _strings(value, (*path, str(index)), at)
    elif isinstance(node, str):
        yield path, line, node


def _replace_at(node, path: tuple, old: str, new: str) -> None:
    *parents, last = path
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    key = int(last) if isinstance(node, list) else last
    value = node[key]
    # A quoted or block string keeps its style: ruamel marks it by the value's own type.
    node[key] = type(value)(value.replace(old, new)) if type(value) is not str else value.replace(old, new)


def preview_replacement(root: Path, old: str, new: str, article: str | None = None) -> Preview:
    """Every place ``old`` is written, in the article (``topic/slug``) or in all content."""
    if not old.strip():
        raise ReplaceError("the text to replace is empty")
    if old == new:
        raise ReplaceError("the new text is the same as the old one")
    root = Path(root)
    occurrences, tokens = [], {}
    files = _article_files(root, article) + ([] if article is not None else _data_files(root))
    for path in files:
        relative = path.relative_to(root).as_posix()
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `content check` reports an unreadable file
        if old not in text:
            continue
        found = _occurrences(relative, text, old, new)
        if found:
            occurrences += found
            tokens[relative] = text_token(text)
    return Preview(old, new, tuple(occurrences), tokens)


def _occurrences(relative: str, text: str, old: str, new: str) -> list[Occurrence]:
    found = []
    try:
        if relative.endswith(".md"):
            document = ContentDocument(text)
            parts = split_front_matter(text)
            for path, line, value in _strings(document.fields, (), 0):
                if old in value:
                    where = "field:" + "/".join(path)
                    found.append(
                        Occurrence(
                            relative, parts.front_first_line + line, where, _shown(value, old), _shown(value, old, new)
                        )
                    )
            for number, body_line in enumerate(document.body.split("\n"), start=parts.closing_line + 1):
                if old in body_line:
                    found.append(
                        Occurrence(
                            relative, number, f"body:{number}", body_line.strip(), body_line.replace(old, new).strip()
                        )
                    )
        else:
            document = DataDocument(text)
            for path, line, value in _strings(document.data, (), 0):
                if old in value:
                    where = "field:" + "/".join(path)
                    found.append(Occurrence(relative, line + 1, where, _shown(value, old), _shown(value, old, new)))
    except (FrontMatterError, ValueError):
        return []  # a file the reader refuses: `content check` says why; never edited blindly
    return found


def apply_replacement(root: Path, preview: Preview, chosen: set[str], today: date) -> dict[str, str]:
    """The new texts of the files with chosen changes (Occurrence.id), ready for one commit.

    An article file that changed gets ``today`` as its "updated" date; its revision (and so its
    translations' state) stays as it was.
    """
    root = Path(root)
    by_file: dict[str, list[Occurrence]] = {}
    for occurrence in preview.occurrences:
        if occurrence.id in chosen:
            by_file.setdefault(occurrence.path, []).append(occurrence)
    texts = {}
    for relative, occurrences in by_file.items():
        text = (root / relative).read_text("utf-8")
        if relative.endswith(".md"):
            document = ContentDocument(text)
            first_body_line = split_front_matter(text).closing_line + 1
            lines = document.body.split("\n")
            for occurrence in occurrences:
                kind, _, rest = occurrence.where.partition(":")
                if kind == "body":
                    index = int(rest) - first_body_line
                    lines[index] = lines[index].replace(preview.old, preview.new)
                else:
                    _replace_at(document.fields, tuple(rest.split("/")), preview.old, preview.new)
            document.body = "\n".join(lines)
            document.fields["updated"] = today  # visitors read it as "Last updated"
            texts[relative] = document.text()
        else:  # a place's or event's "updated" says when it was last checked: not by this
            document = DataDocument(text)
            for occurrence in occurrences:
                _replace_at(
                    document.data, tuple(occurrence.where.partition(":")[2].split("/")), preview.old, preview.new
                )
            texts[relative] = document.text()
    return texts
