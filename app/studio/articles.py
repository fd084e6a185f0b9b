"""Article files as the studio edits them: open one, put the editor's fields into its text
through the one front-matter writer (layout and comments kept), check the result with the rules
of `content check` (each problem tied to the field it is about), save it as a commit, and
create, move or archive articles (their old addresses kept in redirects.yaml)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from ..content.checks import check_article_version
from ..content.frontmatter import ContentDocument, DataDocument, FrontMatterError, split_front_matter
from ..content.history import Author, Change, ContentHistory, text_token
from ..content.loader import REDIRECTS_FILE, read_article_text
from ..content.model import SHORT_NAME, Article, ContentSet

# The fields of the editor, in the order of the form; "body" is the Markdown under the front matter.
EDITED_FIELDS = ("title", "summary", "keywords", "source", "draft", "publish_on", "expires_on", "body")
# Problems about the file as a whole or fields the editor does not show (revision, translation…).
WHOLE_FILE = "file"
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_QUOTED_FIELD = re.compile(r"'([a-z_]+)'")
REDIRECTS_HEADER = (
    "# Old addresses of articles, kept by the staff studio. 'moved': a visitor at the old address\n"
    "# is sent to the new one (301). 'archived': the address answers 410 with a link to its topic.\n"
)


class StudioError(ValueError):
    """A request the studio cannot carry out; ``reason`` and ``details`` let the staff pages say
    why in the staff member's language."""

    def __init__(self, message: str, reason: str, **details):
        super().__init__(message)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class ArticleAddress:
    """Where an article lives: content/<topic>/<slug>/, and /<lang>/<topic>/<slug> for visitors."""

    topic: str
    slug: str

    @classmethod
    def checked(cls, topic: str, slug: str) -> ArticleAddress:
        """The address, or StudioError when the topic or slug is not lower-case words with hyphens."""
        for value in (topic, slug):
            if not isinstance(value, str) or not SHORT_NAME.match(value) or len(value) > 100:
                raise StudioError(f"not a valid name: {value!r}", "slug", value=value)
        return cls(topic, slug)

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.slug}"

    def file(self, lang: str) -> str:
        return f"{self.topic}/{self.slug}/{lang}.md"


@dataclass
class EditorFields:
    """What the editor's form holds, as text (dates as typed: the check says what is wrong)."""

    title: str = ""
    summary: str = ""
    keywords: str = ""  # comma-separated, as typed
    source: str = ""
    body: str = ""
    draft: bool = False
    publish_on: str = ""
    expires_on: str = ""

    @classmethod
    def from_text(cls, text: str) -> EditorFields:
        document = ContentDocument(text)
        front = document.fields
        keywords = front.get("keywords")
        if isinstance(keywords, list):
            keywords = ", ".join(str(k) for k in keywords)
        return cls(
            title=_as_text(front.get("title")),
            summary=_as_text(front.get("summary")),
            keywords=_as_text(keywords),
            source=_as_text(front.get("source")),
            body=document.body,
            draft=front.get("draft") is True,
            publish_on=_as_text(front.get("publish_on")),
            expires_on=_as_text(front.get("expires_on")),
        )

    @classmethod
    def from_form(cls, form: dict) -> EditorFields:
        """From submitted values (a browser's textarea sends CRLF line ends)."""
        values = {}
        for field in fields(cls):
            value = form.get(field.name, "")
            values[field.name] = value in ("y", "on", "true", True) if field.type == "bool" else _typed(value)
        return cls(**values)


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _typed(value) -> str:
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class OpenedFile:
    """An article file as the editor opens it; ``token`` goes back with the save (two people at once)."""

    path: str  # inside the content folder: topic/slug/lang.md
    text: str | None  # None: a new file
    token: str
    fields: EditorFields

    @property
    def exists(self) -> bool:
        return self.text is not None


def open_file(history: ContentHistory, address: ArticleAddress, lang: str) -> OpenedFile:
    """The file in ``lang`` as it is on disk now (a new article's starts as a draft)."""
    path = address.file(lang)
    text = history.read(path)
    try:
        fields = EditorFields.from_text(text) if text is not None else EditorFields(draft=True)
    except FrontMatterError as error:
        # Broken by hand or by a merge: the history can bring back a good version.
        raise StudioError(f"{path}:{error.line}: {error.message}", "unreadable", line=error.line) from None
    return OpenedFile(path, text, text_token(text), fields)


def new_file_text(today: date) -> str:
    """What a new article's file starts from: the fields every original has, in the usual order."""
    return f"---\ntitle:\nsummary:\nkeywords: []\nsource:\nupdated: {today.isoformat()}\nrevision: 1\n---\n"


def with_fields(text: str | None, edited: EditorFields, today: date) -> str:
    """The file's text with the editor's fields put in; what the editor does not show (revision,
    translation, places, comments, key order, quotes) stays as it was."""
    document = ContentDocument(text if text is not None else new_file_text(today))
    front = document.fields
    for key in ("title", "summary"):
        value = " ".join(getattr(edited, key).split())
        if " ".join(_as_text(front.get(key)).split()) != value:
            front[key] = value
    _put_keywords(front, [k.strip() for k in edited.keywords.replace("\n", ",").split(",") if k.strip()])
    _put_or_drop(front, "source", edited.source.strip())
    _put_or_drop(front, "draft", True if edited.draft else None)
    for key in ("publish_on", "expires_on"):
        typed = getattr(edited, key).strip()
        if _as_text(front.get(key)) != typed:
            _put_or_drop(front, key, _date_or_text(typed))
    body = _typed(edited.body)
    if body.strip() and not body.endswith("\n"):
        body += "\n"  # as an editor saves a file
    if body != document.body:
        document.body = body
    return document.text()


def _put_keywords(front, keywords: list[str]) -> None:
    old = front.get("keywords")
    if isinstance(old, list) and [str(k) for k in old] == keywords:
        return
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(keywords)
    if not (isinstance(old, list) and old and old.fa.flow_style() is False):
        seq.fa.set_flow_style()  # the usual keywords: [a, b, c]; a list written one a line stays so
    front["keywords"] = seq


def _put_or_drop(front, key: str, value) -> None:
    if value in (None, ""):
        front.pop(key, None)
    elif front.get(key) != value:
        front[key] = value


def _date_or_text(typed: str):
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return typed  # written as typed: the check reports it at its line


# -- checking ---------------------------------------------------------------------------------


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


# -- saving, moving, archiving -------------------------------------------------------------


def save_file(
    history: ContentHistory, path: str, text: str, author: Author, expected: str, message: str = ""
) -> Change:
    """Write one file and commit it; EditConflict when it changed since ``expected`` was read."""
    return history.save({path: text}, author, message or f"Edit {path}", {path: expected})


def check_new_address(root: Path, content: ContentSet, address: ArticleAddress) -> None:
    """StudioError unless a new article may go at ``address``: a known topic, nothing there yet."""
    if content.topic(address.topic) is None:
        raise StudioError(f"no topic {address.topic!r}", "unknown_topic", topic=address.topic)
    if (Path(root) / address.topic / address.slug).exists() or content.article(address.topic, address.slug):
        raise StudioError(f"{address.key} exists already", "taken", address=address.key)


def move_article(
    history: ContentHistory, content: ContentSet, old: ArticleAddress, new: ArticleAddress, author: Author
) -> list[Change]:
    """Rename or move an article's folder, and send visitors from the old address to the new one."""
    if old == new:
        raise StudioError("the new address is the old one", "same")
    if not (history.root / old.topic / old.slug).is_dir():
        raise StudioError(f"no article {old.key}", "missing", address=old.key)
    check_new_address(history.root, content, new)
    moved = history.move(f"{old.topic}/{old.slug}", f"{new.topic}/{new.slug}", author, f"Move {old.key} to {new.key}")
    redirects = _redirects(history)
    table = _mapping(redirects.data, "moved")
    for earlier, target in list(table.items()):
        if target == old.key:
            table[earlier] = new.key  # one hop for visitors with an older link
    table.pop(new.key, None)  # the new article lives there now
    table[old.key] = new.key
    _drop_archived(redirects.data, new.key)
    recorded = history.save({REDIRECTS_FILE: redirects.text()}, author, f"Redirect {old.key} to {new.key}")
    return [moved, recorded]


def archive_article(history: ContentHistory, address: ArticleAddress, author: Author) -> Change:
    """Take an article down: its files go (they stay in the history) and its address says
    "removed" to visitors. One commit."""
    folder = history.root / address.topic / address.slug
    if not folder.is_dir():
        raise StudioError(f"no article {address.key}", "missing", address=address.key)
    files: dict[str, str | None] = {
        f"{address.topic}/{address.slug}/{path.name}": None for path in sorted(folder.iterdir()) if path.is_file()
    }
    redirects = _redirects(history)
    archived = redirects.data.get("archived")
    if not archived:
        from ruamel.yaml.comments import CommentedSeq

        archived = redirects.data["archived"] = CommentedSeq()
    if address.key not in archived:
        archived.append(address.key)
    _mapping(redirects.data, "moved").pop(address.key, None)
    files[REDIRECTS_FILE] = redirects.text()
    change = history.save(files, author, f"Archive {address.key}")
    try:
        folder.rmdir()  # empty now; git keeps no folders
    except OSError:
        pass
    return change


def _redirects(history: ContentHistory) -> DataDocument:
    text = history.read(REDIRECTS_FILE)
    document = DataDocument(text if text and text.strip() else REDIRECTS_HEADER + "moved: {}\n")
    if document.data is None:
        document = DataDocument(REDIRECTS_HEADER + "moved: {}\n")
    return document


def _mapping(data, key: str):
    table = data.get(key)
    if not table:
        from ruamel.yaml.comments import CommentedMap

        table = data[key] = CommentedMap()  # block style, one address a line
    return table


def _drop_archived(data, key: str) -> None:
    archived = data.get("archived")
    if archived and key in archived:
        archived.remove(key)


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


def is_translation(content: ContentSet, address: ArticleAddress, lang: str) -> bool:
    """Whether the file in ``lang`` is a translation (translators edit those, not originals)."""
    article = content.article(address.topic, address.slug)
    version = article.versions.get(lang) if article else None
    return version is not None and version.translation is not None
