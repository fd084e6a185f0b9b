"""The staff studio's content work, without Flask: open an article file for editing, check a
save with the rules of `content check`, save it through the content history, create, move and
archive articles, show what changed between versions, and open, name and save the data files the
studio's forms edit. The views in app/web/studio/ and app/web/studio_forms/ only read forms
and call these."""

from .address import ArticleAddress, StudioError
from .articles import (
    OpenedFile,
    archive_article,
    check_new_address,
    is_translation,
    move_article,
    open_file,
    save_file,
)
from .changes import HistoryEntry, conflict_details, history_entries
from .checking import FieldProblem, article_with_text, check_text
from .diff import DiffLine, line_diff, word_diff
from .editor_fields import EDITED_FIELDS, EditorFields, with_fields

__all__ = [
    "EDITED_FIELDS",
    "ArticleAddress",
    "DiffLine",
    "EditorFields",
    "FieldProblem",
    "HistoryEntry",
    "OpenedFile",
    "StudioError",
    "archive_article",
    "article_with_text",
    "check_new_address",
    "check_text",
    "conflict_details",
    "history_entries",
    "is_translation",
    "line_diff",
    "move_article",
    "open_file",
    "save_file",
    "with_fields",
    "word_diff",
]
