"""An article's text checked with the rules of `content check`, each problem tied to the editor
field it is about, and the article as visitors would get it with that text (the preview). No Flask."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..content.checks import check_article_version
from ..content.frontmatter import FrontMatterError, split_front_matter
from ..content.loader import read_article_text
from ..content.model import Article, ContentSet
from .address import ArticleAddress
from .editor_fields import EDITED_FIELDS

# Problems about the file as a whole or fields the editor does not show (revision, translation…).
WHOLE_FILE = "file"
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_QUOTED_FIELD = re.compile(r"'([a-z_]+)'")


@dataclass(frozen=True)
class FieldProblem:
    """A problem `content check` would report, tied to the editor field it is about."""

    field: str  # one of EDITED_FIELDS, or WHOLE_FILE
    line: int
    message: str
    blocking: bool  # an error (nothing is saved) rather than a warning

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def check_text(
    root: Path, languages: Collection[str], content: ContentSet, address: ArticleAddress, lang: str, text: str
) -> list[FieldProblem]:
    """What `content check` would say of the file ``text`` at its place, with the article's other
    files as they are on disk; errors first."""
    path = Path(root) / address.file(lang)
    version, problems = read_article_text(root, path, text, languages, content.article(address.topic, address.slug))
    if version is not None:
        problems += check_article_version(content, languages, address.key, version, text)
    found = [FieldProblem(_field_of(text, p.line, p.message), p.line, p.message, not p.warning) for p in problems]
    order = {field: number for number, field in enumerate(EDITED_FIELDS)}
    return sorted(found, key=lambda p: (not p.blocking, order.get(p.field, -1)))


def _field_of(text: str, line: int, message: str) -> str:
    """The editor field a problem at ``line`` is about: the front matter key there, the body
    below it, or the field a "missing 'x'" message names."""
    try:
        parts = split_front_matter(text)
    except FrontMatterError:
        return WHOLE_FILE
    if line > parts.closing_line:
        return "body"
    key = None
    for number, row in enumerate(parts.front.split("\n"), start=parts.front_first_line):
        found = _KEY.match(row)
        if number > line:
            break
        if found:
            key = found.group(1)
    if line < parts.front_first_line or key is None:
        quoted = _QUOTED_FIELD.search(message)
        key = quoted.group(1) if quoted else None
    return key if key in EDITED_FIELDS else WHOLE_FILE


def article_with_text(
    root: Path, languages: Collection[str], content: ContentSet, address: ArticleAddress, lang: str, text: str
) -> Article | None:
    """The article as visitors would get it with ``text`` saved in ``lang`` (a preview), or None
    when the text cannot be read as an article file at all."""
    path = Path(root) / address.file(lang)
    version, _ = read_article_text(root, path, text, languages)
    if version is None:
        return None
    saved = content.article(address.topic, address.slug)
    versions = dict(saved.versions) if saved else {}
    versions[lang] = version
    return Article(address.topic, address.slug, versions, dict(saved.recordings) if saved else {})
