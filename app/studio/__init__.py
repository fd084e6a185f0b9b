"""The staff studio's content work, without Flask: open an article file for editing, check a
save with the rules of `content check`, save it through the content history, create, move and
archive articles, and show what changed between versions. The views in app/views/studio.py
only read forms and call these."""

from .articles import (
    EDITED_FIELDS,
    ArticleAddress,
    EditorFields,
    FieldProblem,
    OpenedFile,
    StudioError,
    archive_article,
    article_with_text,
    check_new_address,
    check_text,
    is_translation,
    move_article,
    open_file,
    save_file,
    with_fields,
)
from .diff import DiffLine, line_diff, word_diff

__all__ = [
    "EDITED_FIELDS",
    "ArticleAddress",
    "DiffLine",
    "EditorFields",
    "FieldProblem",
    "OpenedFile",
    "StudioError",
    "archive_article",
    "article_with_text",
    "check_new_address",
    "check_text",
    "is_translation",
    "line_diff",
    "move_article",
    "open_file",
    "save_file",
    "with_fields",
    "word_diff",
]
