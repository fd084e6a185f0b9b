"""Translating articles in the studio: the workspace (blocks aligned, changes word by word),
machine drafts from an engine, XLIFF out and back, and replacing a fact everywhere. No Flask here."""

from .articles import ArticleFiles, article_files, translation_work
from .engine import Engine, EngineError, engine_from_settings, machine_draft
from .files import TranslatedFields, new_translation_text, updated_translation_text
from .replace import Preview, ReplaceError, apply_replacement, preview_replacement
from .saving import (
    imported_texts,
    machine_drafts,
    open_workspace,
    save_machine_drafts,
    save_typed_translation,
    translatable,
    typed_translation_text,
    xliff_articles,
    xliff_counts,
)
from .workspace import (
    ArticleText,
    Workspace,
    article_text,
    build_workspace,
    join_blocks,
    recorded_article_text,
    source_at_revision,
    word_diff,
)
from .xliff import ExportedArticle, XliffError, export_xliff, read_xliff, units_of

__all__ = [
    "ArticleFiles",
    "ArticleText",
    "Engine",
    "EngineError",
    "ExportedArticle",
    "Preview",
    "ReplaceError",
    "TranslatedFields",
    "Workspace",
    "XliffError",
    "apply_replacement",
    "article_files",
    "article_text",
    "build_workspace",
    "engine_from_settings",
    "export_xliff",
    "join_blocks",
    "machine_draft",
    "new_translation_text",
    "preview_replacement",
    "read_xliff",
    "recorded_article_text",
    "source_at_revision",
    "translation_work",
    "units_of",
    "updated_translation_text",
    "word_diff",
    "imported_texts",
    "machine_drafts",
    "open_workspace",
    "save_machine_drafts",
    "save_typed_translation",
    "translatable",
    "typed_translation_text",
    "xliff_articles",
    "xliff_counts",
]
