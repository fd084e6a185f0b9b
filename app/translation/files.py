"""A translation's file made or changed from what a translator (or an engine) wrote: front matter
filled in from the original, the translation block saying where it comes from. Text in, text out,
through the one content writer (app/content/frontmatter.py); the caller saves it through the
content history. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.frontmatter import ContentDocument

# Fields a translation shares with its original: copied when the translation is made.
COPIED_FIELDS = ("source", "places")


@dataclass(frozen=True)
class TranslatedFields:
    """What a translator writes: the text fields and the body (Markdown)."""

    title: str
    summary: str
    keywords: tuple[str, ...]
    body: str

    @staticmethod
    def keywords_from(text: str) -> tuple[str, ...]:
        return tuple(word.strip() for word in text.replace("\n", ",").split(",") if word.strip())


def _flow(value):
    """A list or mapping written on one line, as people write keywords and the translation block."""
    value.fa.set_flow_style()
    return value


def _set_texts(document: ContentDocument, fields: TranslatedFields) -> bool:
    """Put the translated texts in the document; only those that differ, so a value's quotes and
    layout stay as written when it did not change. True when something changed."""
    changed = False
    for name in ("title", "summary"):
        value = " ".join(fields.title.split() if name == "title" else fields.summary.split())
        if " ".join(str(document.fields.get(name) or "").split()) != value:
            document.fields[name], changed = value, True
    existing = document.fields.get("keywords")
    current = [str(k).strip() for k in existing] if isinstance(existing, list) else None
    if current != list(fields.keywords):
        keywords = CommentedSeq(list(fields.keywords))
        block_style = isinstance(existing, list) and existing and not existing.fa.flow_style()
        document.fields["keywords"], changed = keywords if block_style else _flow(keywords), True
    body = fields.body.replace("\r\n", "\n").strip("\n")
    body = body + "\n" if body else ""
    if document.body.strip("\n") + ("\n" if document.body.strip() else "") != body:
        document.body, changed = body, True
    return changed


def new_translation_text(
    original_text: str, source_lang: str, revision: int, fields: TranslatedFields, machine: bool, today: date
) -> str:
    """A new translation's file: the translated fields, the original's source and places, today's
    date and ``translation: {from, revision, machine}``."""
    original = ContentDocument(original_text)
    document = ContentDocument("---\n---\n")
    document.fields["title"] = ""
    document.fields["summary"] = ""
    document.fields["keywords"] = _flow(CommentedSeq())
    for name in COPIED_FIELDS:
        if name in original.fields:
            document.fields[name] = original.fields[name]
    document.fields["updated"] = today
    block = CommentedMap()
    block["from"], block["revision"], block["machine"] = source_lang, revision, machine
    document.fields["translation"] = _flow(block)
    _set_texts(document, fields)
    return document.text()


def updated_translation_text(text: str, fields: TranslatedFields, today: date) -> str:
    """An existing translation with new fields and body; its translation block is left as it was
    (approving is a separate, recorded step). The date moves only when something changed."""
    document = ContentDocument(text)
    if _set_texts(document, fields):
        document.fields["updated"] = today
    return document.text()
