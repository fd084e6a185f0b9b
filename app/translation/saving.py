"""What the translation pages write and show, as texts for one commit: machine drafts of the
missing translations of an article, a translation typed (or approved) in the workspace, the
articles of an XLIFF file coming back, and the workspace of one file. No Flask here."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from ..content.history import Author, Change, ContentHistory, text_token
from ..content.model import Article, ContentSet
from ..content.stamp import stamped_translation_text
from .articles import ArticleFiles, article_files, translation_work
from .engine import Engine, EngineError, machine_draft
from .files import TranslatedFields, new_translation_text, updated_translation_text
from .workspace import ArticleText, Workspace, article_text, build_workspace, recorded_article_text, source_at_revision
from .xliff import ExportedArticle, ImportedDocument, units_of

# The text the database kept of an original at a revision (key, revision), when git has none.
RecordedSource = Callable[[str, int], str | None]


def machine_drafts(
    history: ContentHistory,
    content: ContentSet,
    article: Article,
    languages: Collection[str],
    engine: Engine,
    today: date,
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A machine draft of each missing translation of ``article`` in ``languages``: the texts by
    path, and (language, reason) of those the engine could not make. A translation someone wrote
    is never replaced by a draft."""
    original_text = history.read(article.original.path.relative_to(content.root).as_posix())
    original = article_text(original_text)
    texts, failed = {}, []
    for lang in languages:
        files = article_files(content, article, lang)
        if files is None or files.state != "missing":
            continue
        try:
            fields = machine_draft(engine, original, files.original_lang, lang)
        except EngineError as error:
            failed.append((lang, str(error)))
            continue
        texts[files.path] = new_translation_text(
            original_text, files.original_lang, files.revision, fields, True, today
        )
    return texts, failed


def save_machine_drafts(
    history: ContentHistory,
    content: ContentSet,
    article: Article,
    languages: Collection[str],
    engine: Engine,
    author: Author,
    today: date,
) -> tuple[Change | None, list[str], list[tuple[str, str]]]:
    """Make the machine drafts (see machine_drafts) and commit them at once: the change (None when
    none was made), the languages drafted and those that failed. EditConflict when someone wrote
    one of those translations meanwhile."""
    texts, failed = machine_drafts(history, content, article, languages, engine, today)
    made = [path.rsplit("/", 1)[1].removesuffix(".md") for path in texts]
    if not texts:
        return None, made, failed
    message = f"Machine drafts of {article.key} in {', '.join(sorted(made))}"
    return history.save(texts, author, message, {path: "" for path in texts}), made, failed


def save_typed_translation(
    history: ContentHistory,
    files: ArticleFiles,
    lang: str,
    typed: TranslatedFields,
    expected: str,
    *,
    author: Author,
    today: date,
    reviewer: str | None = None,
) -> Change:
    """Save the workspace's fields as the translation into ``lang`` (approved by ``reviewer``
    when given). Raises what typed_translation_text and ContentHistory.save raise."""
    text = typed_translation_text(history, files, typed, today, reviewer)
    verb = "Approve" if reviewer else "Translate"
    message = f"{verb} {files.key} in {lang} (from {files.original_lang}, revision {files.revision})"
    return history.save({files.path: text}, author, message, {files.path: expected})


def typed_translation_text(
    history: ContentHistory, files: ArticleFiles, typed: TranslatedFields, today: date, reviewer: str | None = None
) -> str:
    """The translation file with the workspace's fields; with ``reviewer``, approved by them.
    FrontMatterError, StampError or ValueError when the file cannot take them."""
    existing = history.read(files.path)
    if existing is None:
        original = history.read(files.original_path)
        text = new_translation_text(original, files.original_lang, files.revision, typed, False, today)
    else:
        text = updated_translation_text(existing, typed, today)
    if reviewer is not None:
        text = stamped_translation_text(text, files.revision, True, reviewed_by=reviewer, today=today)
    return text


def open_workspace(
    history: ContentHistory, files: ArticleFiles, source_revision: int | None, recorded: RecordedSource
) -> tuple[Workspace, str]:
    """The workspace of a translation made from ``source_revision`` of its original (None: not a
    translation yet), and the token of the translation's text as read."""
    current = article_text(history.read(files.original_path))
    translation_text = history.read(files.path)
    translation = article_text(translation_text) if translation_text is not None else None
    old = None
    if source_revision is not None:
        old = current if source_revision >= files.revision else _old_source(history, files, source_revision, recorded)
    return build_workspace(current, old, translation), text_token(translation_text)


def _old_source(history, files: ArticleFiles, revision: int, recorded: RecordedSource) -> ArticleText | None:
    """The original as the translation was made from it: from git, else as the database kept it."""
    found = source_at_revision(history, files.original_path, revision)
    if found is None:
        text = recorded(files.key, revision)
        found = recorded_article_text(text) if text is not None else None
    return found


def xliff_articles(history: ContentHistory, content: ContentSet, lang: str, source_lang: str) -> list[ExportedArticle]:
    """What an XLIFF file into ``lang`` holds: the missing and outdated translations of the
    originals written in ``source_lang``."""
    exported = []
    for files in translation_work(content, lang, states=("missing", "outdated")):
        if files.original_lang != source_lang:
            continue
        translation_text = history.read(files.path)
        translation = article_text(translation_text) if translation_text is not None else None
        units = units_of(article_text(history.read(files.original_path)), translation)
        exported.append(ExportedArticle(files.key, files.revision, units))
    return exported


def xliff_counts(content: ContentSet, lang: str) -> list[tuple[str, int]]:
    """(original language, number of articles) an XLIFF file into ``lang`` would hold."""
    work = translation_work(content, lang, states=("missing", "outdated"))
    sources = sorted({files.original_lang for files in work})
    return [(source, sum(files.original_lang == source for files in work)) for source in sources]


def translatable(content: ContentSet, lang: str) -> dict[str, tuple[str, int]]:
    """Article key → (original language, revision) of the articles that can be translated into ``lang``."""
    known = {}
    for article in content.articles.values():
        files = article_files(content, article, lang)
        if files is not None:
            known[article.key] = (files.original_lang, files.revision)
    return known


def imported_texts(
    history: ContentHistory, content: ContentSet, document: ImportedDocument, lang: str, today: date
) -> tuple[dict[str, str], list[str], list[str]]:
    """The translation files an XLIFF file gives, by path; the keys written and those skipped (a
    new translation whose title or summary the file leaves empty)."""
    texts, written, skipped = {}, [], []
    for imported in document.articles:
        files = article_files(content, content.articles[imported.key], lang)
        existing = history.read(files.path)
        fields = imported.fields(article_text(existing) if existing is not None else None)
        if fields is None:
            skipped.append(imported.key)
            continue
        if existing is None:
            original = history.read(files.original_path)
            texts[files.path] = new_translation_text(
                original, files.original_lang, imported.revision, fields, False, today
            )
        else:
            text = updated_translation_text(existing, fields, today)
            texts[files.path] = stamped_translation_text(text, imported.revision, today=today)
        written.append(imported.key)
    return texts, written, skipped
