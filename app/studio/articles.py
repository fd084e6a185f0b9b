"""Article files as the studio saves them: open one for the editor, save it as a commit, and
create, move or archive articles (their old addresses kept in redirects.yaml). No Flask."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.frontmatter import DataDocument, FrontMatterError
from ..content.history import Author, Change, ContentHistory, text_token
from ..content.loader import REDIRECTS_FILE
from ..content.model import ContentSet
from .address import ArticleAddress, StudioError
from .editor_fields import EditorFields

REDIRECTS_HEADER = (
    "# Old addresses of articles, kept by the staff studio. 'moved': a visitor at the old address\n"
    "# is sent to the new one (301). 'archived': the address answers 410 with a link to its topic.\n"
)


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
        table = data[key] = CommentedMap()  # block style, one address a line
    return table


def _drop_archived(data, key: str) -> None:
    archived = data.get("archived")
    if archived and key in archived:
        archived.remove(key)


def is_translation(content: ContentSet, address: ArticleAddress, lang: str) -> bool:
    """Whether the file in ``lang`` is a translation (translators edit those, not originals)."""
    article = content.article(address.topic, address.slug)
    version = article.versions.get(lang) if article else None
    return version is not None and version.translation is not None
