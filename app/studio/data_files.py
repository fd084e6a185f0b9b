"""A YAML data file (a place, an event, a pinned notice, the topic list) as a studio form opens,
names and saves it: opened from the content history with the token of the text seen, a new file's
short name checked, the checker's issues grouped by field, saved as one commit. No Flask."""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from ..content.frontmatter import DataDocument
from ..content.history import Author, ContentHistory, EditConflict, text_token
from ..content.model import SHORT_NAME

# Messages per field (None: the file as a whole).
Problems = dict[str | None, list[str]]


@dataclass
class OpenedData:
    """A data file opened in a form; ``token`` goes back with the save (two people at once)."""

    path: str | None  # inside the content folder; None for a new file not named yet
    document: DataDocument
    token: str  # "" for a new file
    exists: bool

    @property
    def data(self):
        """The file's mapping as read (None for a new file)."""
        return self.document.data if self.exists else None

    def text(self) -> str:
        return self.document.text()


def open_path(history: ContentHistory, path: str) -> OpenedData:
    """The file at ``path`` as it is on disk now (an empty mapping when it does not exist)."""
    text = history.read(path)
    document = DataDocument(text or "")
    if document.data is None:
        document.data = CommentedMap()
    return OpenedData(path, document, text_token(text), text is not None)


def new_data() -> OpenedData:
    """A file not written yet: an empty mapping, named when the form is saved."""
    document = DataDocument("")
    document.data = CommentedMap()
    return OpenedData(None, document, "", False)


def open_data_file(history: ContentHistory, folder: str, file_id: str | None) -> OpenedData | None:
    """``folder/<file_id>.yaml``, or a new file when ``file_id`` is None; None when there is no
    such file (or the id is not a short name)."""
    if file_id is None:
        return new_data()
    if not SHORT_NAME.match(file_id):
        return None
    opened = open_path(history, f"{folder}/{file_id}.yaml")
    return opened if opened.exists else None


def name_new_file(history: ContentHistory, opened: OpenedData, folder: str, new_id: str, taken=()) -> str | None:
    """Give a new file its path from the short name typed; why it cannot have it ("format",
    "taken"), else None. ``taken``: ids the loaded content already has."""
    opened.path = f"{folder}/{new_id}.yaml"
    if not SHORT_NAME.match(new_id):
        return "format"
    if new_id in taken or history.read(opened.path) is not None:
        return "taken"
    return None


def problems_by_field(issues, edited: set[str] | None = None) -> Problems:
    """The checker's issues grouped by field. With ``edited``, only those that stop a save: fatal
    ones, the file's own and those in fields the form edits (a problem in a field the form does
    not show was there before, and is left to `content check`)."""
    problems: Problems = {}
    for issue in issues:
        if edited is None or issue.fatal or issue.field is None or issue.field in edited:
            problems.setdefault(issue.field, []).append(issue.message)
    return problems


def save_data(
    history: ContentHistory, opened: OpenedData, author: Author, message: str, token: str
) -> EditConflict | None:
    """Write the file and commit it; the conflict when it changed since ``token`` was read."""
    try:
        history.save({opened.path: opened.text()}, author, message, {opened.path: token})
    except EditConflict as conflict:
        return conflict
    return None
